import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import { smallConfig } from '../../model/universes.ts';
import { COUNTEREXAMPLE_FILE } from '../../scripts/counterexamples.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { expectShowsViolation } from '../helpers/counterexamples.ts';

const DIR = new URL('../../scenarios/', import.meta.url).pathname;
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** Transitions fired across all scenarios, per net. */
const fired = new Map<string, Set<string>>();

describe('every scenario in scenarios/ passes on the real cryptography', () => {
  for (const file of files) {
    it(file, async () => {
      const scenario = loadScenarioFile(join(DIR, file));
      const run = await runScenario(scenario, { backend: 'mcl' });
      const { result } = run;
      // A counterexample the verifier found shows its violation, with real bytes for a read.
      if (COUNTEREXAMPLE_FILE.test(file)) expectShowsViolation(run);
      const seen = fired.get(scenario.net.name) ?? new Set<string>();
      for (const o of result.outcomes) for (const r of o.fired) seen.add(r.transition);
      fired.set(scenario.net.name, seen);
      expect(result.conformance).toEqual([]);
      expect(result.failedExpectations).toEqual([]);
      expect(result.outcomes.flatMap((o) => o.expectations).length).toBeGreaterThan(0);
      expect(result.passed).toBe(true);
    });
  }

  it('together they fire every transition of every net, in each variant', () => {
    for (const layer of ['paper', 'extended'] as const) {
      for (const variant of ['paper', 'hardened'] as const) {
        const net = buildNet(smallConfig(layer, variant));
        // The paper layer's hardened net has no scenario of its own; the other three must be covered.
        if (layer === 'paper' && variant === 'hardened') continue;
        const seen = fired.get(net.name) ?? new Set<string>();
        expect(
          net.transitions.map((t) => t.name).filter((t) => !seen.has(t)),
          net.name,
        ).toEqual([]);
      }
    }
  });
});
