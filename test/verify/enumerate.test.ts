/**
 * Three engines, one model: on a tiny universe (1 user, paper layer) and a bound k, the explorer's
 * breadth-first count of the distinct markings within k steps equals the count BMC's encoding gives by
 * all-SAT (the same set, state for state), and explorer and BMC agree on every property's verdict at
 * that bound — an invariant or step check violated within k steps by one is violated by the other, a
 * goal reached by one is reached by the other.
 */
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/index.ts';
import { PROPERTIES } from '../../properties/index.ts';
import type { PropertyContext } from '../../properties/property.ts';
import { explore, GroundNet } from '../../src/explore/explorer.ts';
import { GroundSystem } from '../../src/smt/ground-smt.ts';
import { solverNamed } from '../../src/smt/solvers.ts';
import { bmc, stepConditions } from '../../src/verify/engine.ts';
import { enumerateStates, stateKey } from '../../src/verify/enumerate.ts';
import { type ConfigChoice, verificationConfig } from '../../src/verify/universe.ts';
import { FAST } from '../helpers/effort.ts';

/**
 * The full suite's universe has two partitions; the fast suite's one (the all-SAT count costs a query per
 * state: 153 states within 6 steps of the hardened/literal net with two partitions, 24 within 4 with one).
 */
const TINY = { users: 1, files: 1, partitions: FAST ? 1 : 2, times: 2 };
/**
 * Each with bounds below and at the depth of its first violations — two partitions: CLOUD, SRS+cloud at
 * 6, P3 at 7, 9 in the paper variant; one partition (the fast suite): CLOUD, SRS+cloud at 4, P3 at 5.
 */
const CASES: { choice: ConfigChoice; bounds: number[] }[] = [
  {
    choice: { layer: 'paper', variant: 'paper', pastData: 'from-join-date', mode: 'hybrid' },
    bounds: FAST ? [] : [4, 9],
  },
  {
    choice: { layer: 'paper', variant: 'hardened', pastData: 'from-join-date', mode: 'literal' },
    bounds: FAST ? [4] : [3, 7],
  },
];
const outcomes = { found: 0, none: 0 };

function setup(choice: ConfigChoice) {
  const net = buildNet(verificationConfig(choice, TINY));
  const ctx: PropertyContext = { net, ...choice };
  const props = PROPERTIES.filter((p) => !p.appliesTo || p.appliesTo(ctx));
  const invariants = props.flatMap((p) =>
    p.kind === 'invariant' ? [{ name: p.id, formula: p.formula(ctx) }] : [],
  );
  const goals = props.flatMap((p) =>
    p.kind === 'reachable' ? [{ name: p.id, formula: p.formula(ctx) }] : [],
  );
  const steps = props.flatMap((p) =>
    p.kind === 'step' ? [{ name: p.id, transitions: p.transitions, condition: p.condition(ctx) }] : [],
  );
  const formulas = [...invariants, ...goals].map((x) => x.formula);
  const ground = new GroundNet(net, { invariants, goals, steps });
  const system = new GroundSystem(net, [...formulas, ...steps.map((s) => s.condition)]);
  return { net, invariants, goals, steps, ground, system };
}

describe('explorer and BMC agree on a tiny universe (1 user, paper layer)', () => {
  for (const { choice, bounds } of CASES)
    for (const k of bounds)
      it(`${choice.variant}/${choice.mode}: the same states within ${k} steps, and the same verdicts`, async () => {
        const { net, invariants, goals, steps, ground, system } = setup(choice);
        expect(system.layout.bits).toBe(ground.layout.bits);
        const explored = explore(
          net,
          { invariants, goals, steps, maxDepth: k, exhaustive: true, keepStates: true },
          ground,
        );
        const symbolic = await enumerateStates(system, k);
        const keys = (explored.states ?? []).map((s) => stateKey(s.bits, s.now, symbolic.bits)).sort();
        expect(new Set(keys).size).toBe(keys.length);
        expect(symbolic.count).toBe(explored.stats.states);
        expect(symbolic.keys).toEqual(keys);
        // Not a trivial space: the bound cuts something and the count grows with it.
        expect(explored.stats.states).toBeGreaterThan(k);

        const solver = solverNamed('wasm');
        for (const inv of invariants) {
          const r = await bmc(system, { invariants: [system.ground(inv.formula)] }, k, solver, 60_000);
          const seen = explored.violations.some((v) => v.name === inv.name);
          expect(r.result, `${inv.name} at bound ${k}`).toBe(seen ? 'found' : 'none');
          outcomes[seen ? 'found' : 'none']++;
          if (seen)
            expect(r.trace?.length).toBeGreaterThanOrEqual(
              explored.violations.find((v) => v.name === inv.name)?.trace.length ?? 0,
            );
        }
        for (const goal of goals) {
          const r = await bmc(system, { goal: system.ground(goal.formula) }, k, solver, 60_000);
          expect(r.result, `${goal.name} at bound ${k}`).toBe(
            explored.witnesses.some((w) => w.name === goal.name) ? 'found' : 'none',
          );
        }
        for (const s of steps) {
          const r = await bmc(
            system,
            { steps: stepConditions(system, s.transitions, s.condition) },
            k,
            solver,
            60_000,
          );
          expect(r.result, `${s.name} at bound ${k}`).toBe(
            explored.violations.some((v) => v.name === s.name) ? 'found' : 'none',
          );
        }
      }, 120_000);

  it('the agreement covers both outcomes: violations found and none found', () => {
    expect(outcomes.found).toBeGreaterThan(0);
    expect(outcomes.none).toBeGreaterThan(0);
  });
});
