/**
 * Regenerates a vector file: `node --import tsx test/vectors/generate.ts noble|mcl`.
 * Writes test/vectors/sesphr-<backend>.json. The checked-in files are verified by the other backend in
 * test/crypto/vectors.test.ts, so regenerating with a broken backend makes the suite fail.
 */
import { writeFileSync } from 'node:fs';
import { isBackendName, loadBackend } from '../../src/crypto/backend/index.ts';
import { computeVectorFile } from './vectors.ts';

const name = process.argv[2] ?? '';
if (!isBackendName(name)) {
  console.error('usage: generate.ts noble|mcl');
  process.exit(2);
}
const backend = await loadBackend(name);
const path = new URL(`./sesphr-${name}.json`, import.meta.url);
writeFileSync(path, `${JSON.stringify(computeVectorFile(backend), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
