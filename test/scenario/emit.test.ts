import { describe, expect, it } from 'vitest';
import { smallConfig } from '../../model/universes.ts';
import { scenarioFromRun } from '../../src/scenario/emit.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { Simulation } from '../../src/sim/simulation.ts';
import { chooseBinding } from '../helpers/choice.ts';

describe('emitting a run as a scenario (how property-test failures are reported)', () => {
  it('the emitted file loads, replays the same transitions and reaches the same tokens', async () => {
    const config = smallConfig('extended', 'hardened');
    const sim = await Simulation.create({ config, seed: 'emit', backend: 'mcl', partitionBytes: 8 });
    for (let k = 0; k < 40; k++) {
      const binding = chooseBinding(sim.enabled(), k * 7919, k * 104729);
      if (!binding) break;
      sim.fire(binding.transition, binding.values);
    }
    expect(sim.records.length).toBeGreaterThan(10);
    const text = scenarioFromRun(config, sim.records, { name: 'emitted', seed: 'emit' });
    const scenario = parseScenario(text, 'emitted.yaml');
    expect(scenario.config).toEqual(config);
    const { result, simulation } = await runScenario(scenario, { backend: 'mcl' });
    expect(result.conformance).toEqual([]);
    expect(result.failedExpectations).toEqual([]);
    expect(simulation.records.map((r) => [r.transition, r.binding, r.added, r.removed])).toEqual(
      sim.records.map((r) => [r.transition, r.binding, r.added, r.removed]),
    );
  });
});

describe('the collude step', () => {
  it('adds the coalition to the report at that step and checks it', async () => {
    const text = `
variant: paper
principals: { alice: owner, bob: family }
access: { alice: { family: [medical] } }
files: { f1: { owner: alice } }
steps:
  - onboard: [alice, bob]
  - upload: f1
  - collude: [srs, cloud]
  - check:
      - { who: [srs, cloud], readsExactly: [f1/*] }
`;
    const { result } = await runScenario(parseScenario(text, 'c.yaml'), { backend: 'mcl' });
    expect(result.passed).toBe(true);
    expect(result.outcomes[1]?.gained).toEqual([]);
    expect(result.outcomes[2]?.gained).toContain('srs+cloud: f1/medical');
    expect(result.readers['srs+cloud']).toHaveLength(4);
  });
});
