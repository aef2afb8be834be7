import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';

const DIR = new URL('../../scenarios/', import.meta.url).pathname;
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

describe('every scenario in scenarios/ passes on the real cryptography', () => {
  it('there are at least 10 scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    it(file, async () => {
      const { result } = await runScenario(loadScenarioFile(join(DIR, file)), { backend: 'mcl' });
      expect(result.conformance).toEqual([]);
      expect(result.failedExpectations).toEqual([]);
      expect(result.outcomes.flatMap((o) => o.expectations).length).toBeGreaterThan(0);
      expect(result.passed).toBe(true);
    });
  }
});
