#!/usr/bin/env node
/**
 * `npm run build` (and `npm ci`, through the `prepare` script): compiles common/, model/, properties/ and src/ to
 * JavaScript in dist/ with tsc (tsconfig.build.json) and records what was compiled in
 * dist/build-info.json, so that bin/sesphr.js never runs a stale build (docs/cli/build.md).
 *
 *   node bin/build.js            build unless dist/ is already the build of the sources as they are
 *   node bin/build.js --force    build anyway
 *
 * The new build is made beside dist/ and moved into place with renames, so concurrent builds (two test
 * files finding dist/ stale at once) neither mix files nor fail: the last to finish wins, and both
 * results are builds of the same sources.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BUILD_INFO, BUILD_INFO_FORMAT, checkBuild, DIST, describeInputs, ROOT } from './build-info.js';

const force = process.argv.includes('--force');
if (!force && checkBuild().fresh) process.exit(0);

let tsc;
let typescriptVersion;
try {
  const require = createRequire(join(ROOT, 'package.json'));
  const manifest = require.resolve('typescript/package.json');
  const pkg = require(manifest);
  tsc = join(dirname(manifest), pkg.bin.tsc);
  typescriptVersion = pkg.version;
} catch {
  // An install without devDependencies: bin/sesphr.js then runs the sources through tsx.
  process.stderr.write(
    'sesphr build: TypeScript is not installed; skipping the build (bin/sesphr.js runs the sources)\n',
  );
  process.exit(0);
}

const inputs = describeInputs();
const staging = join(ROOT, `${DIST}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
const compiled = spawnSync(
  process.execPath,
  [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', staging],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
if (compiled.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write(
    `sesphr build: tsc failed (exit ${compiled.status ?? compiled.signal}); dist/ is unchanged\n`,
  );
  process.exit(1);
}
writeFileSync(
  join(staging, BUILD_INFO),
  `${JSON.stringify({ format: BUILD_INFO_FORMAT, typescript: typescriptVersion, node: process.version, inputs }, null, 1)}\n`,
);
// A package.json saying "module" keeps dist/ ESM even if the root's `type` ever changes.
writeFileSync(join(staging, 'package.json'), '{ "type": "module" }\n');

const previous = join(ROOT, `${DIST}.old-${process.pid}-${randomBytes(4).toString('hex')}`);
const target = join(ROOT, DIST);
try {
  renameSync(target, previous);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
try {
  renameSync(staging, target);
} catch (error) {
  // Another build moved its result into place between our two renames; its build-info.json says what
  // it compiled, so the next check still tells whether that is the sources as they are.
  if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  rmSync(staging, { recursive: true, force: true });
}
rmSync(previous, { recursive: true, force: true });
