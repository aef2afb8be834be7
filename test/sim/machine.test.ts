import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import { smallConfig } from '../../model/universes.ts';
import { CONCRETE_EFFECTS, POLICY_ONLY } from '../../src/sim/effects.ts';
import { DivergenceError, NotEnabledError, Simulation } from '../../src/sim/simulation.ts';

describe('the simulator', () => {
  it('has an entry for every transition of every net: a concrete effect, or null for policy-only', () => {
    for (const layer of ['paper', 'extended'] as const) {
      for (const variant of ['paper', 'hardened'] as const) {
        for (const t of buildNet(smallConfig(layer, variant)).transitions) {
          expect(Object.hasOwn(CONCRETE_EFFECTS, t.name), `${t.name} has an entry`).toBe(true);
          expect(POLICY_ONLY.has(t.name), t.name).toBe(CONCRETE_EFFECTS[t.name] === null);
        }
      }
    }
    // Policy-only transitions change no bytes: the ones that carry cryptography are not among them.
    for (const name of ['D_R_S', 'Decrypt_C', 'Send_C', 'Depart', 'Tamper_C'] as const)
      expect(POLICY_ONLY.has(name)).toBe(false);
  });

  it('refuses a disabled binding without changing the marking or the bytes', async () => {
    const sim = await Simulation.create({ config: smallConfig('paper', 'paper'), backend: 'mcl' });
    const before = sim.marking;
    expect(() => sim.fire('Send_Keys', { u: 'bob' })).toThrow(NotEnabledError);
    expect(sim.marking).toBe(before);
    expect(sim.world.holdings.itemsOf(['bob'])).toEqual([]);
  });

  it('reports a divergence when the bytes cannot follow the model, and stops', async () => {
    const sim = await Simulation.create({ config: smallConfig('paper', 'paper'), backend: 'mcl' });
    sim.fire('Gen_Keys', { u: 'bob' });
    // Corrupt the world behind the model's back: the SRS loses the key the model says it holds.
    sim.world.holdings.delete('srs', 'SK', ['bob']);
    expect(() => sim.fire('Send_Keys', { u: 'bob' })).toThrow(DivergenceError);
    expect(() => sim.fire('Gen_Keys', { u: 'erin' })).toThrow(/already diverged/);
  });

  it('catches a model/bytes mismatch in the conformance check', async () => {
    const sim = await Simulation.create({ config: smallConfig('paper', 'paper'), backend: 'mcl' });
    sim.fire('Gen_Keys', { u: 'bob' });
    expect(sim.conformance().ok).toBe(true);
    sim.world.holdings.delete('srs', 'SK', ['bob']);
    const report = sim.conformance();
    expect(report.ok).toBe(false);
    expect(report.relations).toEqual([
      { relation: 'srsKeyPair', onlyAbstract: ['["bob"]'], onlyConcrete: [] },
    ]);
    expect(report.enabledOnlyAbstract).toContain('Send_Keys(u=bob)');
  });
});
