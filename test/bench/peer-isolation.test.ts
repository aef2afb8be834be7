/**
 * The GPL-3.0 benchmark peer (@nucypher/umbral-pre) is a devDependency used only by bench/peers.ts, run
 * in its own process: no file under src/ (what the package ships) may import it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the GPL peer stays out of what ships', () => {
  it('no src/ file mentions @nucypher/umbral-pre in an import', () => {
    const importers = files('src').filter((f) =>
      /from\s+'@nucypher\/umbral-pre'|import\(\s*'@nucypher/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(importers).toEqual([]);
  });

  it('it is a devDependency, pinned, and bench/peers.ts uses it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@nucypher/umbral-pre']).toBeUndefined();
    expect(pkg.devDependencies['@nucypher/umbral-pre']).toBe('0.10.0');
    expect(readFileSync(join(ROOT, 'bench/peers.ts'), 'utf8')).toContain("from '@nucypher/umbral-pre'");
  });
});
