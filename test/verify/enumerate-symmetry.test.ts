/**
 * Symmetry reduction (src/explore/symmetry.ts) on a universe with two interchangeable users (u1 and u3,
 * both `family`): the symmetric search finds exactly one state per orbit — its count equals the number
 * of orbits of the plain search's state set, canonicalised — never more states than the plain search,
 * the same verdicts, and runs that replay on the model's evaluator (the steps renamed back from the
 * representatives). A property that names one of the users blocks the reduction.
 */
import { describe, expect, it } from 'vitest';
import { eq, lit, not } from '../../model/expr/build.ts';
import { buildNet, holds } from '../../model/index.ts';
import { canRead } from '../../model/knowledge.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { explore, GroundNet } from '../../src/explore/explorer.ts';
import { Symmetry } from '../../src/explore/symmetry.ts';
import { replay } from '../../src/verify/engine.ts';
import { exploreConfiguration, SymmetryRefused } from '../../src/verify/explore-run.ts';
import { type ConfigChoice, verificationConfig } from '../../src/verify/universe.ts';
import { FAST } from '../helpers/effort.ts';

const SIZE = { users: 3, files: 1, partitions: 2, times: 2 };
const PAPER: ConfigChoice = { layer: 'paper', variant: 'paper', pastData: 'from-join-date', mode: 'hybrid' };
const EXTENDED: ConfigChoice = {
  layer: 'extended',
  variant: 'hardened',
  pastData: 'all-past',
  mode: 'hybrid',
};

function invariantsOf(choice: ConfigChoice) {
  const net = buildNet(verificationConfig(choice, SIZE));
  const ctx = { net, ...choice };
  const invariants = PROPERTIES.flatMap((p) =>
    p.kind === 'invariant' && (!p.appliesTo || p.appliesTo(ctx))
      ? [{ name: p.id, formula: p.formula(ctx) }]
      : [],
  );
  return { net, invariants };
}

const keyOf = (bits: Uint32Array, now: number) => `${now}:${Array.from(bits).join(',')}`;

describe('symmetry reduction over interchangeable users', () => {
  for (const [choice, depth] of [
    [PAPER, FAST ? 8 : 10],
    [EXTENDED, FAST ? 3 : 5],
  ] as const)
    it(`${choice.layer}/${choice.variant}: one state per orbit, the same verdicts (depth ${depth})`, () => {
      const { net, invariants } = invariantsOf(choice);
      const ground = new GroundNet(net, { invariants });
      const users = net.config.principals.filter((p) => p.kind === 'user').map((p) => p.id);
      const symmetry = Symmetry.of(ground, users);
      // u1 and u3 share a role; u2 (doctor) is alone in its class.
      expect(symmetry.report.classes).toEqual([['u1', 'u3']]);
      expect(symmetry.report.order).toBe(2);
      const options = { invariants, maxDepth: depth, exhaustive: true, keepStates: true };
      const plain = explore(net, options, ground);
      const reduced = explore(net, { ...options, symmetry }, ground);
      const orbits = new Set((plain.states ?? []).map((s) => keyOf(symmetry.canonical(s.bits).bits, s.now)));
      expect(reduced.stats.states).toBe(orbits.size);
      expect(reduced.stats.states).toBeLessThan(plain.stats.states);
      expect(reduced.stats.states * symmetry.report.order).toBeGreaterThanOrEqual(plain.stats.states);
      expect(reduced.stats.depth).toBe(plain.stats.depth);
      expect(reduced.violations.map((v) => v.name).sort()).toEqual(
        plain.violations.map((v) => v.name).sort(),
      );
      for (const v of reduced.violations) {
        // Shortest in both, and the renamed run is a run of the net that ends in the violation.
        expect(v.trace.length).toBe(plain.violations.find((x) => x.name === v.name)?.trace.length);
        const last = replay(net, v.trace).at(-1);
        const formula = invariants.find((x) => x.name === v.name)?.formula;
        expect(formula && last && holds(formula, net.interpretation, last, new Map())).toBe(false);
      }
    }, 120_000);

  it('is refused when a property names one of the interchangeable users', () => {
    const { net, invariants } = invariantsOf(PAPER);
    const file = (net.interpretation.domains.File as string[])[0] as string;
    const partition = (net.interpretation.domains.Partition as string[])[0] as string;
    const namesU1 = {
      name: 'u1 never reads',
      formula: not(
        canRead(
          (x) => eq(x, lit('Principal', 'u1')),
          lit('File', file),
          lit('Partition', partition),
          'paper',
        ),
      ),
    };
    const ground = new GroundNet(net, { invariants: [...invariants, namesU1] });
    const symmetry = Symmetry.of(ground, ['u1', 'u2', 'u3']);
    expect(symmetry.report.classes).toEqual([]);
    expect(symmetry.report.blockedBy).toEqual([{ pair: ['u1', 'u3'], check: 'u1 never reads' }]);
  });

  it('the catalogue is symmetric in users: exploreConfiguration reduces, and a check naming u1 is refused', () => {
    const run = exploreConfiguration(PAPER, { size: SIZE, maxDepth: 4, symmetry: true });
    expect(run.symmetry?.classes).toEqual([['u1', 'u3']]);
    expect(run.result.stats.symmetryOrder).toBe(2);
    const refused = new SymmetryRefused([{ pair: ['u1', 'u3'], check: 'X' }]);
    expect(refused.message).toMatch(/X is not symmetric in u1 and u3/);
  });
});
