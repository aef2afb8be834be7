/**
 * The ground compiler (src/ground) and what is built on it — the explorer's compiled closures and the
 * SMT-LIB unrolling (src/smt/ground-smt.ts) — held to the model's evaluator, which is the semantics:
 *
 * - random well-sorted formulas, random markings, random bindings: the ground formula's truth value (as a
 *   compiled closure, and as SMT-LIB text solved by Z3) equals `holds`;
 * - every live ground transition, on states the walks reach and on random states: its compiled guard equals
 *   the model's guard, and its successor equals `fire` — in the explorer and in the SMT step relation;
 * - a ground transition the static pass left out is never enabled.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Marking, Net, Value, VarDecl } from '../../model/index.ts';
import { buildNet, fire, holds, isEnabled } from '../../model/index.ts';
import { enabledBindings } from '../../model/semantics.ts';
import { compileGround, GroundNet } from '../../src/explore/explorer.ts';
import { search } from '../../src/explore/walks.ts';
import { type Ground, Grounder, StateLayout } from '../../src/ground/ground.ts';
import { Cone, GroundSystem, SmtUnrolling } from '../../src/smt/ground-smt.ts';
import { solverNamed } from '../../src/smt/solvers.ts';
import { type ConfigChoice, verificationConfig } from '../../src/verify/universe.ts';
import { FAST, runs } from '../helpers/effort.ts';
import { exprArbitrary } from '../helpers/expressions.ts';

const CHOICES: readonly ConfigChoice[] = [
  { layer: 'extended', variant: 'paper', pastData: 'from-join-date', mode: 'hybrid' },
  { layer: 'extended', variant: 'hardened', pastData: 'all-past', mode: 'literal' },
  { layer: 'paper', variant: 'hardened', pastData: 'from-join-date', mode: 'hybrid' },
];
const SIZE = { users: 2, files: 1, partitions: 2, times: 3 };
const PARAMS: readonly VarDecl[] = [
  { name: 'u', sort: 'Principal' },
  { name: 'f', sort: 'File' },
  { name: 'i', sort: 'Partition' },
  { name: 't', sort: 'Time' },
  { name: 'l', sort: 'Level' },
];
const solver = solverNamed('wasm');
/** Reached states the closures are compared on, and those the SMT step relation is (fewer in the fast suite). */
const CLOSURE_STATES = FAST ? 24 : 60;
const STEP_STATES = FAST ? 4 : 8;

/** A random state vector: each bit set with one of a few densities, so sparse and dense states both occur. */
function bitsArbitrary(layout: StateLayout): fc.Arbitrary<Uint32Array> {
  return fc
    .tuple(
      fc.constantFrom(0.02, 0.1, 0.5),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: layout.bits,
        maxLength: layout.bits,
      }),
    )
    .map(([density, draws]) => {
      const bits = new Uint32Array(layout.words);
      draws.forEach((d, i) => {
        if (d < density) bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
      });
      return bits;
    });
}

function bindingArbitrary(net: Net): fc.Arbitrary<Map<string, Value>> {
  const domains = net.interpretation.domains;
  return fc
    .tuple(...PARAMS.map((p) => fc.constantFrom(...domains[p.sort])))
    .map((values) => new Map(PARAMS.map((p, k) => [p.name, values[k] as Value])));
}

const sameRelations = (layout: StateLayout, a: Marking, b: Marking) =>
  layout.relations.every((r) => {
    const x = a.relations.get(r) ?? new Set();
    const y = b.relations.get(r) ?? new Set();
    return x.size === y.size && [...x].every((k) => y.has(k));
  });

describe.each(CHOICES)('ground compiler, $layer layer, $variant variant, $pastData, $mode', (choice) => {
  const net = buildNet(verificationConfig(choice, SIZE));
  const interp = net.interpretation;
  const all = new Set(net.relations.map((r) => r.name));
  const layout = new StateLayout(net, all);
  const times = interp.domains.Time as number[];

  it('ground formulas are true exactly when the evaluator says so (random formulas, states, bindings)', () => {
    fc.assert(
      fc.property(
        exprArbitrary(net, 'Bool', 3, PARAMS),
        bitsArbitrary(layout),
        fc.constantFrom(...times),
        bindingArbitrary(net),
        (expr, bits, now, env) => {
          const marking = layout.decode(bits, now);
          const ground = new Grounder(net, layout, now).formula(expr, env);
          expect(compileGround(ground)(bits)).toBe(holds(expr, interp, marking, env));
        },
      ),
      { numRuns: runs(400) },
    );
  });

  it('the SMT-LIB text of ground formulas has the same truth values (Z3)', async () => {
    const samples = fc.sample(
      fc.tuple(
        fc.array(exprArbitrary(net, 'Bool', 3, PARAMS), { minLength: 1, maxLength: 12 }),
        bitsArbitrary(layout),
        fc.constantFrom(...times),
        bindingArbitrary(net),
      ),
      { numRuns: runs(12), seed: 11 },
    );
    for (const [exprs, bits, now, env] of samples) {
      const marking = layout.decode(bits, now);
      const system = new GroundSystem(net, exprs);
      const formulas = exprs.map((e) => system.ground(e, env));
      const u = new SmtUnrolling(system, new Cone(system, { state: formulas }));
      u.initial(marking);
      // Each formula equals the evaluator's value: the negation of the conjunction must be unsatisfiable.
      const claims = exprs.map((e, k) => {
        const text = u.state(formulas[k] as ReadonlyMap<number, Ground>, 0);
        return holds(e, interp, marking, env) ? text : `(not ${text})`;
      });
      u.assert(`(not (and ${claims.join(' ')}))`);
      expect((await solver.check(u.toString(), [], 30_000)).result).toBe('unsat');
    }
  });

  const ground = new GroundNet(net);
  const reached = search(ground, { walks: 20, depth: 30, seed: 7 }).states;

  it('every live ground transition: guard and successor agree with the model (explorer closures)', () => {
    const picks = reached.filter(
      (_, k) => k % Math.max(1, Math.floor(reached.length / CLOSURE_STATES)) === 0,
    );
    expect(picks.length).toBeGreaterThan(20);
    let enabledSeen = 0;
    for (const state of picks) {
      const marking = layout.decode(state.bits, state.now);
      // The ground net's layout may leave out relations nothing reads: compare on its own layout.
      const m = ground.layout.decode(ground.layout.encode(marking), state.now);
      for (const t of ground.transitionsAt(state.now)) {
        const binding = { transition: t.ground.transition, values: t.ground.binding };
        const expected = isEnabled(net, m, binding);
        expect(
          t.guard(ground.layout.encode(m)),
          `${t.ground.transition} ${JSON.stringify(t.ground.binding)}`,
        ).toBe(expected);
        if (!expected) continue;
        enabledSeen++;
        const next = ground.fire(t, ground.layout.encode(m), state.now);
        const model = fire(net, m, binding);
        expect(sameRelations(ground.layout, ground.layout.decode(next.bits, next.now), model)).toBe(true);
        expect(next.now).toBe(model.scalars.get('now'));
      }
      // Nothing the model enables is missing from the ground net (the static pass dropped only dead bindings).
      const live = new Set(
        ground
          .transitionsAt(state.now)
          .filter((t) => t.guard(ground.layout.encode(m)))
          .map((t) => JSON.stringify([t.ground.transition, t.ground.binding])),
      );
      for (const b of enabledBindings(net, m)) {
        const sorted = Object.fromEntries(Object.entries(b.values).sort(([x], [y]) => x.localeCompare(y)));
        const names = [...live].filter((k) => JSON.parse(k)[0] === b.transition).map((k) => JSON.parse(k)[1]);
        expect(
          names.some(
            (n) =>
              JSON.stringify(Object.fromEntries(Object.entries(n).sort(([x], [y]) => x.localeCompare(y)))) ===
              JSON.stringify(sorted),
          ),
          `${b.transition} ${JSON.stringify(b.values)}`,
        ).toBe(true);
      }
    }
    expect(enabledSeen).toBeGreaterThan(50);
  });

  it('the SMT step relation gives the same successor as the model (Z3)', async () => {
    const system = new GroundSystem(net, []);
    const picks = reached
      .filter((_, k) => k % Math.max(1, Math.floor(reached.length / STEP_STATES)) === 0)
      .slice(0, STEP_STATES);
    for (const state of picks) {
      const marking = system.layout.decode(state.bits, state.now);
      const enabled = system.transitions.filter(
        (t) =>
          system.nowOf(t) === state.now &&
          isEnabled(net, marking, { transition: t.transition, values: t.binding }),
      );
      for (const t of enabled.filter((_, k) => k % 3 === 0)) {
        const written = [...new Set(t.effect.writes.map((w) => w.bit))];
        // A transition that writes nothing the state keeps (only audit records) is a stutter for every query.
        if (written.length === 0 && t.effect.clock.length === 0) continue;
        const seed: Ground = { k: 'or', xs: written.map((i) => ({ k: 'bit', i }) as Ground) };
        const cone = new Cone(system, { state: [new Map(system.times.map((n) => [n, seed]))] });
        const index = cone.transitions.findIndex((x) => x.id === t.id);
        expect(index).toBeGreaterThanOrEqual(0);
        const u = new SmtUnrolling(system, cone);
        u.initial(marking);
        u.step(0);
        u.assert(u.isSel(0, index));
        const next = fire(net, marking, { transition: t.transition, values: t.binding });
        const bits = system.layout.encode(next);
        const claims = cone.bits.map((i) => {
          const set = (((bits[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
          return set ? u.bit(i, 1) : `(not ${u.bit(i, 1)})`;
        });
        u.assert(
          `(not (and ${claims.join(' ')} (= ${u.now(1)} (_ bv${next.scalars.get('now')} ${u.nowWidth}))))`,
        );
        expect(
          (await solver.check(u.toString(), [], 30_000)).result,
          `${t.transition} ${JSON.stringify(t.binding)}`,
        ).toBe('unsat');
      }
    }
  });
});
