/**
 * The TPA's transitions in the simulator (docs/tpa.md, "In the model and the simulator"): the verdict is
 * the real audit of what the cloud serves for the version audited, and it must be the model's — a verdict
 * the model allows but the bytes contradict (the model's "may miss" for an altered file, which the
 * simulator's every-block audit cannot reproduce) is a divergence, never accepted; a simulation without
 * a TPA attached fails the step naming what is missing; the TPA's bytes read nothing.
 */
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../model/config.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { readableBy } from '../../src/sim/oracle.ts';
import { DivergenceError, Simulation } from '../../src/sim/simulation.ts';
import { simulationAuditor } from '../../src/tpa/from-sim.ts';

const SCENARIO = `variant: hardened
principals: { alice: owner, bob: family }
access:
  alice: { family: [medical] }
files:
  phr: { owner: alice, versions: 2 }
steps:
  - onboard: [alice, bob]
  - upload: phr
  - upload: phr
`;

async function uploaded(auditor = true): Promise<Simulation> {
  const scenario = parseScenario(SCENARIO, 'tpa.yaml');
  const { result, simulation } = await runScenario(scenario, { backend: 'mcl', seed: 'tpa-sim' });
  expect(result.passed).toBe(true);
  if (auditor) return simulation;
  const config: ModelConfig = scenario.config;
  const bare = await Simulation.create({ config, backend: 'mcl', seed: 'tpa-sim' });
  for (const r of simulation.records) bare.fire(r.transition, r.binding, r.detail);
  return bare;
}

describe('the TPA transitions on the real bytes', () => {
  it('an intact upload audits intact, every block challenged against the signed commitment', async () => {
    const sim = await uploaded();
    sim.fire('TPA_Challenge', { f: 'phr@2' });
    expect(sim.observe(['TPA_Verdict_Corrupt', 'TPA_Verdict_Intact'], { f: 'phr@2' })).toBe(
      'TPA_Verdict_Intact',
    );
    const record = sim.fire('TPA_Verdict_Intact', { f: 'phr@2' });
    const evidence = sim.world.evidenceOf(record.index);
    expect(evidence).toMatchObject({ fileId: 'phr', version: 2, result: 'intact', failed: 0, problems: [] });
    expect(evidence?.challenged).toBe(evidence?.blocks);
    expect(sim.conformance().ok).toBe(true);
  });

  it('the model’s "may miss" on an altered file is not what the every-block audit saw: firing it diverges', async () => {
    const sim = await uploaded();
    sim.fire('Tamper_C', { f: 'phr@2' }, 'flip');
    sim.fire('TPA_Challenge', { f: 'phr@2' });
    // Both verdicts are enabled in the model (a sampled audit could miss every damaged block) …
    const enabled = sim.enabled().map((b) => b.transition);
    expect(enabled).toContain('TPA_Verdict_Intact');
    expect(enabled).toContain('TPA_Verdict_Corrupt');
    // … but the real audit failed, so only the corruption verdict can be taken …
    expect(sim.concreteAllows({ transition: 'TPA_Verdict_Intact', values: { f: 'phr@2' } })).toBe(false);
    expect(sim.observe(['TPA_Verdict_Intact', 'TPA_Verdict_Corrupt'], { f: 'phr@2' })).toBe(
      'TPA_Verdict_Corrupt',
    );
    // … and forcing the other one is a divergence, not a pass.
    expect(() => sim.fire('TPA_Verdict_Intact', { f: 'phr@2' })).toThrow(DivergenceError);
  });

  it('a substituted older version is a staleVersion corruption, filed under the version audited', async () => {
    const sim = await uploaded();
    sim.fire('Substitute_C', { f: 'phr@2', g: 'phr@1' });
    sim.fire('TPA_Challenge', { f: 'phr@2' });
    expect(sim.enabled().map((b) => b.transition)).not.toContain('TPA_Verdict_Intact');
    const record = sim.fire('TPA_Verdict_Corrupt', { f: 'phr@2' });
    expect(sim.world.evidenceOf(record.index)).toMatchObject({
      version: 2,
      result: 'failed',
      problems: [{ kind: 'staleVersion', blocks: [] }],
    });
  });

  it('the TPA holds only its challenges: real decryption with its bytes reads nothing', async () => {
    const sim = await uploaded();
    sim.fire('TPA_Challenge', { f: 'phr@1' });
    sim.fire('TPA_Challenge', { f: 'phr@2' });
    expect(sim.world.holdings.itemsOf(['tpa']).map((i) => i.kind)).toEqual(['Challenge', 'Challenge']);
    expect([...readableBy(sim.world, ['tpa'])]).toEqual([]);
    expect([...readableBy(sim.world, ['tpa', 'cloud'])]).toEqual([]);
  });

  it('without a TPA attached, the challenge fails naming what is missing', async () => {
    const sim = await uploaded(false);
    expect(() => sim.fire('TPA_Challenge', { f: 'phr@1' })).toThrow(/no TPA attached/);
    expect(simulationAuditor.challenge(sim.world, 'phr@1')).toHaveLength(32);
  });
});
