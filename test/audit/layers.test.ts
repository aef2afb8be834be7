/**
 * The new layers keep test/architecture.test.ts's rule (dependencies point downward): src/audit imports
 * only the crypto core, common, the model's vocabulary and (read-only, for the adapter) the simulator's
 * types; src/tpa additionally the audit log. Nothing below imports them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function layersImported(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map((m) => {
    const [top, part] = relative(ROOT, resolve(join(ROOT, dirname(file)), m[1] as string)).split('/');
    return top === 'src' ? `src/${part}` : (top as string);
  });
}

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'src/audit': ['src/audit', 'src/crypto', 'src/sim', 'model', 'common'],
  'src/tpa': ['src/tpa', 'src/audit', 'src/crypto', 'src/sim', 'model', 'common'],
};

describe('the audit and TPA layers', () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer} imports only from ${allowed.join(', ')}`, () => {
      const files = sources(layer);
      expect(files.length).toBeGreaterThan(0);
      const upward = files.flatMap((f) =>
        layersImported(f)
          .filter((l) => !allowed.includes(l))
          .map((l) => `${f} → ${l}`),
      );
      expect(upward).toEqual([]);
    });
  }

  it('nothing in src/crypto, src/sim, src/scenario, model or common imports them', () => {
    const below = ['src/crypto', 'src/sim', 'src/scenario', 'model', 'common'].flatMap(sources);
    const upward = below.flatMap((f) =>
      layersImported(f)
        .filter((l) => l === 'src/audit' || l === 'src/tpa')
        .map((l) => `${f} → ${l}`),
    );
    expect(upward).toEqual([]);
  });
});
