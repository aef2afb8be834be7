#!/usr/bin/env node
// The `sesphr` command (docs/cli/README.md). It runs the JavaScript build in dist/, which `npm ci` makes
// through the `prepare` script (docs/cli/build.md). A build that is missing or older than the sources is
// never run: the command says so on standard error and runs the TypeScript sources through tsx instead.
import { checkBuild } from './build-info.js';

const build = checkBuild();
let main;
if (build.fresh) {
  ({ main } = await import('../dist/src/cli/main.js'));
} else {
  process.stderr.write(
    `sesphr: ${build.reason}; running the TypeScript sources instead (slower to start; \`npm run build\` fixes it)\n`,
  );
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
// main resolves once standard output and standard error have been handed to the operating system, so
// exiting here loses nothing; exiting explicitly ends the process even if a WASM runtime (z3) would
// keep it alive.
process.exit(await main(process.argv.slice(2)));
