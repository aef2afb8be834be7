/**
 * The build in dist/ is never run stale (docs/cli/build.md): bin/build-info.js tells a fresh build from
 * a stale one, and bin/sesphr.js, given a stale build, says so and runs the sources instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_INFO_FORMAT,
  CONFIG_FILES,
  checkBuild,
  DIST,
  describeInputs,
  SOURCE_DIRS,
} from '../../bin/build-info.js';
import { FAST } from '../helpers/effort.ts';
import { ensureBuild, ROOT, scratch } from './helpers.ts';

/** A minimal project layout: the build inputs, and a dist/build-info.json recording them. */
function fakeProject(): string {
  const root = scratch('sesphr-build-');
  // Every source folder the build reads (one list: bin/build-info.js), plus the CLI's.
  for (const dir of [...SOURCE_DIRS, 'src/cli']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'tsconfig.build.json'), '{}\n');
  writeFileSync(join(root, 'common/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'model/b.ts'), 'export const b = 2;\n');
  writeFileSync(join(root, 'src/cli/c.ts'), 'export const c = 3;\n');
  writeFileSync(join(root, 'src/cli/notes.md'), 'not a build input\n');
  mkdirSync(join(root, 'dist'));
  const info = { format: BUILD_INFO_FORMAT, inputs: describeInputs(root) };
  writeFileSync(join(root, 'dist/build-info.json'), JSON.stringify(info));
  return root;
}

describe('checkBuild', () => {
  it('a build of the sources as they are is fresh, even after a touch or a checkout that only moves times', () => {
    const root = fakeProject();
    expect(checkBuild(root)).toEqual({ fresh: true });
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'src/cli/c.ts'), later, later);
    expect(checkBuild(root)).toEqual({ fresh: true });
    writeFileSync(join(root, 'src/cli/notes.md'), 'edited, still not an input\n');
    expect(checkBuild(root)).toEqual({ fresh: true });
  });

  it.each([
    [
      'an edited source',
      (root: string) => writeFileSync(join(root, 'model/b.ts'), 'export const b = 3;\n'),
      'model/b.ts changed since the last build',
    ],
    [
      'an edit that keeps the size (found by content, not by size)',
      (root: string) => writeFileSync(join(root, 'common/a.ts'), 'export const a = 9;\n'),
      'common/a.ts changed since the last build',
    ],
    [
      'a new source',
      (root: string) => writeFileSync(join(root, 'src/cli/d.ts'), 'export {};\n'),
      'src/cli/d.ts is new since the last build',
    ],
    [
      'a removed source',
      (root: string) => unlinkSync(join(root, 'src/cli/c.ts')),
      'src/cli/c.ts was removed since the last build',
    ],
    [
      'a changed tsconfig',
      (root: string) => writeFileSync(join(root, 'tsconfig.build.json'), '{ }\n'),
      'tsconfig.build.json changed since the last build',
    ],
    [
      'no build at all',
      (root: string) => rmSync(join(root, 'dist'), { recursive: true }),
      'there is no build in dist/',
    ],
    [
      'a build record of another format',
      (root: string) =>
        writeFileSync(join(root, 'dist/build-info.json'), JSON.stringify({ format: 0, inputs: {} })),
      'dist/ was made by another version of the build script',
    ],
  ])('%s is stale, with the reason', (_what, change, reason) => {
    const root = fakeProject();
    change(root);
    expect(checkBuild(root)).toEqual({ fresh: false, reason });
  });
});

describe('bin/sesphr.js never runs a stale build', () => {
  let copy: string;

  beforeAll(() => {
    // A copy of the project (sources, bin, config, and this project's fresh build of those very sources)
    // sharing this one's node_modules. Copying the build saves a compilation; the copy's own check below
    // says whether it is fresh there.
    ensureBuild();
    copy = scratch('sesphr-copy-');
    for (const entry of ['bin', ...SOURCE_DIRS, 'package.json', ...CONFIG_FILES, DIST]) {
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    expect(checkBuild(copy)).toEqual({ fresh: true });
  });

  const help = () =>
    spawnSync(process.execPath, [join(copy, 'bin/sesphr.js'), '--help'], {
      cwd: copy,
      encoding: 'utf8',
      env: { ...process.env, COLUMNS: '200' },
    });

  it('runs the build when it is fresh, the sources (saying so) when it is not, and the new build after `npm run build`', () => {
    const fresh = help();
    expect(fresh.status).toBe(0);
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toContain('run a trace again and report whether it reproduced byte for byte');

    const main = join(copy, 'src/cli/main.ts');
    writeFileSync(
      main,
      readFileSync(main, 'utf8').replace('run a trace again and report', 'RUN A TRACE AGAIN and report'),
    );
    const stale = help();
    expect(stale.status).toBe(0);
    expect(stale.stderr).toBe(
      'sesphr: src/cli/main.ts changed since the last build; running the TypeScript sources instead (slower to start; `npm run build` fixes it)\n',
    );
    // The edited source ran, not the stale JavaScript.
    expect(stale.stdout).toContain('RUN A TRACE AGAIN and report');

    execFileSync(process.execPath, [join(copy, 'bin/build.js')], { cwd: copy, stdio: 'pipe' });
    const rebuilt = help();
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.stdout).toContain('RUN A TRACE AGAIN and report');
    expect(readFileSync(join(copy, 'dist/src/cli/main.js'), 'utf8')).toContain('RUN A TRACE AGAIN');
  });

  /**
   * How the build is made to fail: a type error in a new source in the full suite (the usual failure: tsc
   * checks the whole program, some 5 s of CPU); in the fast suite a build configuration that names no
   * inputs, which tsc refuses at once. Either way bin/build.js sees tsc exit non-zero.
   */
  const breakBuild = (): (() => void) => {
    if (!FAST) {
      const broken = join(copy, 'src/cli/broken.ts');
      writeFileSync(broken, 'export const x: number = "not a number";\n');
      return () => unlinkSync(broken);
    }
    const config = join(copy, 'tsconfig.build.json');
    const original = readFileSync(config);
    writeFileSync(config, '{ "extends": "./tsconfig.json", "include": ["no-such-folder"] }\n');
    return () => writeFileSync(config, original);
  };

  it(`a build that fails (${FAST ? 'no inputs' : 'a type error'}) leaves the previous dist/ in place and says so`, () => {
    const before = readFileSync(join(copy, 'dist/src/cli/main.js'));
    const repair = breakBuild();
    const build = spawnSync(process.execPath, [join(copy, 'bin/build.js')], { cwd: copy, encoding: 'utf8' });
    repair();
    expect(build.status).toBe(1);
    expect(build.stderr).toMatch(/sesphr build: tsc failed \(exit \d+\); dist\/ is unchanged/);
    expect(readFileSync(join(copy, 'dist/src/cli/main.js')).equals(before)).toBe(true);
    expect(checkBuild(copy)).toEqual({ fresh: true });
  });
});
