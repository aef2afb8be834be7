/**
 * Regenerates the vector file: `node --import tsx test/vectors/generate.ts`.
 * Writes test/vectors/sesphr.json with the noble backend (the audited reference implementation).
 * test/crypto/vectors.test.ts then requires noble and mcl to reproduce it byte for byte, so a file
 * written by a broken build makes the suite fail rather than silently becoming the new truth.
 */
import { writeFileSync } from 'node:fs';
import { loadBackend } from '../../src/crypto/backend/index.ts';
import { computeVectorFile, VECTOR_GENERATOR } from './vectors.ts';

const backend = await loadBackend(VECTOR_GENERATOR);
const path = new URL('./sesphr.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(computeVectorFile(backend), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
