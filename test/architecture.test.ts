/**
 * Dependencies point downward: cli → bench → verify → scenario → sim / smt / export → model, crypto → common;
 * properties/ beside model/ (read by verify, and by scenario for its property steps). The
 * specification (model/) depends on nothing in src/, and common/ on nothing at all. Checked on the import
 * statements of every source file, so a new upward import fails here instead of in a review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The repository folders a file imports from (relative imports only; packages are not layers). */
function importedFolders(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((s) => relative(ROOT, resolve(join(ROOT, dirname(file)), s)));
}

/** Which layer a path is in: `common`, `model`, or `src/<part>`. */
function layerOf(path: string): string {
  const [top, part] = path.split('/');
  return top === 'src' ? `src/${part}` : (top as string);
}

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  common: ['common'],
  model: ['model', 'common'],
  // The properties are a specification beside the model (like a TLA+ module's THEOREMs): model only.
  properties: ['properties', 'model', 'common'],
  'src/crypto': ['src/crypto', 'common'],
  'src/config': ['src/config', 'model', 'common'],
  'src/ground': ['src/ground', 'model', 'common'],
  'src/smt': ['src/smt', 'src/ground', 'model', 'common'],
  'src/explore': ['src/explore', 'src/ground', 'model', 'common'],
  'src/export': ['src/export', 'model', 'common'],
  'src/format': ['src/format', 'common'],
  'src/sim': ['src/sim', 'src/config', 'src/crypto', 'model', 'common'],
  // A scenario's property step checks a property (properties/) on the run; its TPA is src/tpa's, and its
  // log checks query the run's audit log (src/audit).
  'src/scenario': [
    'src/scenario',
    'src/audit',
    'src/tpa',
    'src/sim',
    'src/config',
    'src/crypto',
    'src/format',
    'properties',
    'model',
    'common',
  ],
  // The audit log's adapter reads the simulator's records; the TPA also uses the log.
  'src/audit': ['src/audit', 'src/crypto', 'src/sim', 'model', 'common'],
  'src/tpa': ['src/tpa', 'src/audit', 'src/crypto', 'src/sim', 'model', 'common'],
  // Benchmarks time the library from above: crypto and the verifier (src/bench, `sesphr bench`).
  'src/bench': ['src/bench', 'src/verify', 'src/smt', 'src/crypto', 'properties', 'model', 'common'],
  'src/verify': [
    'src/verify',
    'src/smt',
    'src/explore',
    'src/ground',
    'src/scenario',
    'src/sim',
    'src/config',
    'src/crypto',
    'properties',
    'model',
    'common',
  ],
};

describe('dependencies point downward', () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer} imports only from ${allowed.join(', ')}`, () => {
      const files = sources(layer);
      expect(files.length).toBeGreaterThan(0);
      const upward = files.flatMap((file) =>
        importedFolders(file)
          .filter((target) => !allowed.includes(layerOf(target)))
          .map((target) => `${file} → ${target}`),
      );
      expect(upward).toEqual([]);
    });
  }

  it('the check sees imports: src/scenario/run.ts imports the simulator', () => {
    expect(importedFolders('src/scenario/run.ts').map(layerOf)).toContain('src/sim');
  });
});
