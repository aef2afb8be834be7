/**
 * Is dist/ the build of the sources as they are now? (docs/cli/build.md)
 *
 * `node bin/build.js` records every input of the build (the TypeScript sources under common/, model/, properties/ and
 * src/, and the tsconfig files) in dist/build-info.json with its size, modification time and SHA-256.
 * `checkBuild` compares that record with the working tree: the same set of files, and for each file
 * either the same size and modification time or, when those moved (a checkout, a touch), the same
 * content. Plain JavaScript without dependencies: it runs before anything is compiled.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = 'dist';
export const BUILD_INFO = 'build-info.json';
export const BUILD_INFO_FORMAT = 1;
/** Folders whose TypeScript is compiled, and files that change how it is compiled. */
export const SOURCE_DIRS = ['common', 'model', 'properties', 'src'];
export const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/** Every build input, as paths relative to the root with `/` separators, sorted. */
export function listInputs(root = ROOT) {
  const files = [...CONFIG_FILES];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
        files.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return files.sort();
}

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The record of the inputs as they are now (read before compiling, so an edit during a build shows). */
export function describeInputs(root = ROOT) {
  const inputs = {};
  for (const file of listInputs(root)) {
    const path = join(root, file);
    const stats = statSync(path);
    inputs[file] = { size: stats.size, mtimeMs: stats.mtimeMs, sha256: sha256(path) };
  }
  return inputs;
}

/**
 * `{ fresh: true }` when dist/ was built from the sources as they are, otherwise `{ fresh: false, reason }`
 * with the reason in words (`src/cli/main.ts changed since the last build`).
 */
export function checkBuild(root = ROOT) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(root, DIST, BUILD_INFO), 'utf8'));
  } catch {
    return { fresh: false, reason: 'there is no build in dist/' };
  }
  if (info?.format !== BUILD_INFO_FORMAT || typeof info.inputs !== 'object' || info.inputs === null) {
    return { fresh: false, reason: 'dist/ was made by another version of the build script' };
  }
  const recorded = info.inputs;
  let current;
  try {
    current = listInputs(root);
  } catch (error) {
    return { fresh: false, reason: `cannot list the sources (${error.message})` };
  }
  for (const file of current) {
    const entry = recorded[file];
    if (!entry) return { fresh: false, reason: `${file} is new since the last build` };
    const path = join(root, file);
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return { fresh: false, reason: `${file} cannot be read` };
    }
    if (stats.size === entry.size && stats.mtimeMs === entry.mtimeMs) continue;
    if (stats.size !== entry.size || sha256(path) !== entry.sha256) {
      return { fresh: false, reason: `${file} changed since the last build` };
    }
  }
  const gone = Object.keys(recorded).filter((file) => !current.includes(file));
  if (gone.length > 0) return { fresh: false, reason: `${gone[0]} was removed since the last build` };
  return { fresh: true };
}
