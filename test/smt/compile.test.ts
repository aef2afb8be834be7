/**
 * The Z3 compiler against the evaluator (spike: the guards of D_R_S and D_R_F, Eqs. 31–32).
 *
 * - agreement: on random markings of a small universe, Z3's verdict on each compiled guard equals
 *   `evaluate`'s for every binding (one solver query per marking covers all bindings of both guards);
 * - Eqs. 31–32: over a fully symbolic marking and symbolic parameters, D_R_S and D_R_F are mutually
 *   exclusive, exhaustive under the shared request precondition, and each satisfiable;
 * - `compileUpdates` against `applyUpdates`: for an enabled binding of every transition (and of random
 *   ones), Z3 confirms the compiled guard and refutes any post-marking other than the evaluator's;
 * - seeded fault: D_R_S without its ACL conjunct breaks exclusivity, with a counterexample the evaluator
 *   confirms, and the agreement check flags the faulty guard on it;
 * - every operator: random well-sorted expressions and random effects (colliding inserts and deletes,
 *   repeated assignments) agree with `evaluate` and `applyUpdates`.
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  Expr,
  Marking,
  ModelConfig,
  Net,
  Sort,
  TransitionSpec,
  Update,
  Value,
  VarDecl,
} from '../../model/index.ts';
import {
  and,
  applyUpdates,
  assignments,
  buildNet,
  DOMAINS,
  enabledBindingsOf,
  evaluate,
  grantConditions,
  holds,
  requestPending,
  TRUE,
  transitionNamed,
  tupleKey,
  variable,
} from '../../model/index.ts';
import { tinyConfig } from '../../model/universes.ts';
import {
  bindingTerms,
  compileExpr,
  compileFormula,
  compileUpdates,
  decodeBinding,
  freeBinding,
} from '../../src/smt/compile.ts';
import {
  ConcreteMarking,
  decodeMarking,
  type MarkingTerms,
  markingIs,
  SymbolicMarking,
} from '../../src/smt/marking.ts';
import { Universe } from '../../src/smt/universe.ts';
import {
  type Formula,
  loadZ3,
  newSolver,
  type Term,
  type Z3,
  type Z3Model,
  type Z3Solver,
} from '../../src/smt/z3.ts';
import { FAST, runs } from '../helpers/effort.ts';
import { exprArbitrary, SORTS } from '../helpers/expressions.ts';

const TIMEOUT_MS = 20_000;

/** 1 owner, 2 users with different roles, 2 partitions at different levels, time 0..3. */
/** Both layers × both variants; the two extended nets take the two past-data policies between them. */
const CONFIGS = [
  tinyConfig('paper', 'paper', 'from-join-date'),
  tinyConfig('paper', 'hardened', 'from-join-date'),
  tinyConfig('extended', 'paper', 'from-join-date'),
  tinyConfig('extended', 'hardened', 'all-past'),
];

/** What a transition's compilation depends on: its parameters, guard and effect. */
const transitionText = (t: TransitionSpec) => JSON.stringify([t.params, t.guard, t.effect]);

/**
 * The transitions whose compilation each configuration checks: all of them, except in the fast suite for
 * the second extended net, where those it shares with the first (the same parameters, guard and effect)
 * are already checked there — it checks those the extended paper net lacks or builds differently.
 */
function transitionsToCheck(config: ModelConfig, net: Net): Set<string> {
  const all = new Set(net.transitions.map((t) => t.name));
  if (!FAST || config !== CONFIGS[3]) return all;
  const first = new Map(
    buildNet(CONFIGS[2] as ModelConfig).transitions.map((t) => [t.name, transitionText(t)]),
  );
  return new Set(net.transitions.filter((t) => first.get(t.name) !== transitionText(t)).map((t) => t.name));
}

let z3: Z3;
beforeAll(async () => {
  z3 = await loadZ3();
});

/**
 * One query on a fresh solver, released when `use` is done (and every model read from it, by `withModel`).
 * Released at once rather than left to the garbage collector, whose finalizers free Z3 objects only
 * later (queued while a check runs: src/smt/z3.ts, test/smt/z3-gc.test.ts), so the WASM heap stays small.
 */
async function withSolver<T>(use: (solver: Z3Solver) => Promise<T>): Promise<T> {
  const solver = newSolver(z3, TIMEOUT_MS);
  try {
    return await use(solver);
  } finally {
    solver.release();
  }
}

/** Reads the model of the solver's last (sat) check, then releases it. */
function withModel<T>(solver: Z3Solver, read: (model: Z3Model) => T): T {
  const model = solver.model();
  try {
    return read(model);
  } finally {
    model.release();
  }
}

interface Fixture {
  readonly net: Net;
  readonly universe: Universe;
  readonly drs: TransitionSpec;
  readonly drf: TransitionSpec;
}

function fixture(config: ModelConfig): Fixture {
  const net = buildNet(config);
  const drs = transitionNamed(net, 'D_R_S');
  const drf = transitionNamed(net, 'D_R_F');
  expect(drf.params).toEqual(drs.params);
  return { net, universe: Universe.ofNet(z3, net), drs, drf };
}

/** Random subsets of every relation's tuples over the universe, and a random clock. */
function markingArbitrary(net: Net, universe: Universe): fc.Arbitrary<Marking> {
  const relations = net.relations.map((r) => ({
    name: r.name,
    keys: [...universe.tuples(r.columns)].map(tupleKey),
  }));
  return fc
    .record({
      sets: fc.tuple(...relations.map((r) => fc.subarray(r.keys))),
      now: fc.constantFrom(...net.interpretation.domains.Time),
    })
    .map(({ sets, now }) => ({
      relations: new Map(relations.map((r, k) => [r.name, new Set(sets[k])])),
      scalars: new Map<string, Value>([['now', now]]),
    }));
}

/** A marking with a few tuples toggled and a random clock: random markings near a given one. */
function nearArbitrary(net: Net, universe: Universe, base: Marking): fc.Arbitrary<Marking> {
  const tuples = net.relations.flatMap((r) =>
    [...universe.tuples(r.columns)].map((t) => [r.name, tupleKey(t)] as const),
  );
  return fc
    .record({
      flips: fc.uniqueArray(fc.nat({ max: tuples.length - 1 }), { maxLength: 8 }),
      now: fc.oneof(
        fc.constant(base.scalars.get('now') as Value),
        fc.constantFrom(...net.interpretation.domains.Time),
      ),
    })
    .map(({ flips, now }) => {
      const relations = new Map([...base.relations].map(([name, set]) => [name, new Set(set)]));
      for (const k of flips) {
        const [name, key] = tuples[k] as (typeof tuples)[number];
        const set = relations.get(name) ?? new Set<string>();
        if (!set.delete(key)) set.add(key);
        relations.set(name, set);
      }
      return { relations, scalars: new Map<string, Value>([['now', now]]) };
    });
}

function requestVars(params: readonly VarDecl[]) {
  const v = Object.fromEntries(params.map((p) => [p.name, variable(p)])) as Record<string, Expr>;
  const base = { u: v.u as Expr, f: v.f as Expr, i: v.i as Expr };
  return v.t ? { ...base, t: v.t } : base;
}

/** D_R_S with a conjunct dropped: the seeded fault. */
function drsWithout(config: ModelConfig, params: readonly VarDecl[], reason: string): Expr {
  const v = requestVars(params);
  const conditions = grantConditions(config, v).filter((c) => c.reason !== reason);
  return and(requestPending(config, v), ...conditions.map((c) => c.holds));
}

interface GuardCase {
  readonly name: string;
  /** The expression compiled to Z3. */
  readonly compiled: Expr;
  /** The expression the evaluator runs (the same one, except in the seeded-fault check). */
  readonly reference: Expr;
  readonly params: readonly VarDecl[];
}

interface Agreement {
  readonly result: 'sat' | 'unsat' | 'unknown';
  readonly disagreements: readonly string[];
  /** Bindings the evaluator found enabled, per case. */
  readonly enabled: ReadonlyMap<string, number>;
}

/**
 * One query for all bindings of all cases: each guard is compiled once with its parameters as free
 * constants, every binding is substituted in, and Z3 must refute that any instance differs from the
 * evaluator's verdict. `view` chooses how the marking reaches Z3: finite disjunctions of tuples
 * (`concrete`), or free relations constrained to the marking (`symbolic`).
 */
async function guardsAgree(
  f: Fixture,
  marking: Marking,
  cases: readonly GuardCase[],
  view: 'concrete' | 'symbolic',
): Promise<Agreement> {
  const u = f.universe;
  const ctx = u.ctx;
  return withSolver(async (solver) => {
    let state: MarkingTerms;
    if (view === 'symbolic') {
      const symbolic = new SymbolicMarking(u, 'agree');
      solver.add(markingIs(u, symbolic, marking));
      state = symbolic;
    } else {
      state = new ConcreteMarking(u, marking);
    }
    const claims: { label: string; claim: Formula }[] = [];
    const enabled = new Map<string, number>();
    for (const c of cases) {
      const binding = freeBinding(u, c.params, 'agree');
      const guard = compileFormula(c.compiled, { universe: u, marking: state, vars: binding.vars });
      for (const values of assignments(c.params, f.net.interpretation)) {
        const expected = holds(c.reference, f.net.interpretation, marking, values);
        if (expected) enabled.set(c.name, (enabled.get(c.name) ?? 0) + 1);
        const pairs = c.params.map(
          (p) =>
            [binding.vars.get(p.name) as Term, u.term(p.sort, values.get(p.name) as Value)] as [Term, Term],
        );
        const instance = ctx.substitute(guard, ...pairs) as Formula;
        claims.push({
          label: `${c.name}(${[...values.values()].join(', ')}) = ${expected}`,
          claim: ctx.Eq(instance, ctx.Bool.val(expected)),
        });
      }
    }
    solver.add(ctx.Not(ctx.And(...claims.map((c) => c.claim))));
    const result = await solver.check();
    const disagreements =
      result === 'sat'
        ? withModel(solver, (model) =>
            claims.filter((c) => ctx.isFalse(model.eval(c.claim, true))).map((c) => c.label),
          )
        : [];
    return { result, disagreements, enabled };
  });
}

/** A marking and binding under which a transition's guard holds, found by Z3. */
async function guardWitness(f: Fixture, t: TransitionSpec) {
  const u = f.universe;
  const state = new SymbolicMarking(u, `witness-${t.name}`);
  const binding = freeBinding(u, t.params, `witness-${t.name}`);
  return withSolver(async (solver) => {
    solver.add(
      state.wellFormed(),
      binding.inDomain,
      compileFormula(t.guard, { universe: u, marking: state, vars: binding.vars }),
    );
    expect(await solver.check(), `${t.name} is satisfiable`).toBe('sat');
    return withModel(solver, (model) => ({
      marking: decodeMarking(model, u, state),
      values: decodeBinding(model, u, t.params, binding.vars),
    }));
  });
}

/** D_R_S, D_R_F and the request precondition over a fully symbolic marking and symbolic parameters. */
function symbolicGuards(f: Fixture, config: ModelConfig, suffix: string) {
  const u = f.universe;
  const params = f.drs.params;
  const state = new SymbolicMarking(u, suffix);
  const binding = freeBinding(u, params, suffix);
  const env = { universe: u, marking: state, vars: binding.vars };
  /** Z3's answer on `goal`, and what `read` takes from the model when it is sat. */
  const solve = <T>(goal: readonly Formula[], read?: (model: Z3Model) => T) =>
    withSolver(async (solver) => {
      solver.add(state.wellFormed(), binding.inDomain, ...goal);
      const result = await solver.check();
      return { result, read: result === 'sat' && read ? withModel(solver, read) : undefined };
    });
  const query = async (...goal: Formula[]) => ({ result: (await solve(goal)).result });
  /** A marking and binding satisfying `goal`, decoded from Z3's model. */
  const witness = async (...goal: Formula[]) => {
    const { result, read } = await solve(goal, (model) => {
      const values = decodeBinding(model, u, params, binding.vars);
      return { marking: decodeMarking(model, u, state), bindings: new Map(Object.entries(values)), values };
    });
    expect(result).toBe('sat');
    return read as NonNullable<typeof read>;
  };
  return {
    grant: compileFormula(f.drs.guard, env),
    refuse: compileFormula(f.drf.guard, env),
    pending: compileFormula(requestPending(config, requestVars(params)), env),
    /** The named conditions of Eqs. 31–32 (`grantConditions`), compiled. */
    conditions: grantConditions(config, requestVars(params)).map((c) => ({
      reason: c.reason,
      holds: compileFormula(c.holds, env),
    })),
    env,
    query,
    witness,
  };
}

describe.each(CONFIGS)('Z3 compilation of the $layer layer, $variant variant ($pastData)', (config) => {
  let f: Fixture;
  beforeAll(() => {
    f = fixture(config);
  });

  it('agrees with the evaluator on the guards of D_R_S and D_R_F, every binding, random markings', async () => {
    const cases: GuardCase[] = [f.drs, f.drf].map((t) => ({
      name: t.name,
      compiled: t.guard,
      reference: t.guard,
      params: t.params,
    }));
    // Uniformly random markings rarely enable D_R_S in the extended layer (eight conjuncts). Markings
    // near Z3 witnesses put the comparison on the decision boundary: one granting, and one refusing
    // for each reason alone (that condition fails, every other holds).
    const sym = symbolicGuards(f, config, 'seed');
    const ctx = f.universe.ctx;
    const witnesses = [(await sym.witness(sym.grant)).marking];
    const soleCauseImpossible: string[] = [];
    for (const c of sym.conditions) {
      const alone = [
        sym.pending,
        ctx.Not(c.holds),
        ...sym.conditions.filter((d) => d !== c).map((d) => d.holds),
      ];
      if ((await sym.query(...alone)).result === 'unsat') soleCauseImpossible.push(c.reason);
      else witnesses.push((await sym.witness(...alone)).marking);
    }
    // Every reason can be the one refusal cause, except past data when the policy allows all past data.
    expect(soleCauseImpossible).toEqual(
      config.pastData === 'all-past' && config.layer === 'extended' ? ['pastData'] : [],
    );
    const markings = fc.oneof(
      markingArbitrary(f.net, f.universe),
      ...witnesses.map((w) => nearArbitrary(f.net, f.universe, w)),
    );
    const enabled = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(markings, fc.boolean(), async (marking, symbolic) => {
        const agreement = await guardsAgree(f, marking, cases, symbolic ? 'symbolic' : 'concrete');
        expect(agreement.disagreements).toEqual([]);
        expect(agreement.result).toBe('unsat');
        for (const [name, n] of agreement.enabled) enabled.set(name, (enabled.get(name) ?? 0) + n);
      }),
      {
        numRuns: runs(config.layer === 'paper' ? 12 : 8),
        examples: witnesses.map((w, k) => [w, k % 2 === 0] as [Marking, boolean]),
      },
    );
    // Both verdicts occurred: the comparison was not vacuously about `false` guards.
    expect(enabled.get('D_R_S') ?? 0).toBeGreaterThan(0);
    expect(enabled.get('D_R_F') ?? 0).toBeGreaterThan(0);
  });

  it('proves D_R_S and D_R_F exclusive, exhaustive under the request precondition, and satisfiable', async () => {
    const ctx = f.universe.ctx;
    const { grant, refuse, pending, query, witness } = symbolicGuards(f, config, 'sym');

    // Exclusive: no marking and binding enable both.
    expect((await query(grant, refuse)).result).toBe('unsat');
    // Exhaustive: a pending request is always answered one way or the other…
    expect((await query(pending, ctx.Not(ctx.Or(grant, refuse)))).result).toBe('unsat');
    // …and only a pending request is.
    expect((await query(ctx.Or(grant, refuse), ctx.Not(pending))).result).toBe('unsat');

    // Not vacuous: each guard holds somewhere, and the witness Z3 finds convinces the evaluator too.
    for (const [t, guard] of [
      [f.drs, grant],
      [f.drf, refuse],
    ] as const) {
      const { marking, bindings } = await witness(guard);
      expect(holds(t.guard, f.net.interpretation, marking, bindings)).toBe(true);
    }
  });

  it('seeded fault: D_R_S without its ACL conjunct is caught by the exclusivity proof', async () => {
    const params = f.drs.params;
    const faulty = drsWithout(config, params, 'notGranted');
    const { refuse, query, witness, env } = symbolicGuards(f, config, 'fault');
    const faultyGuard = compileFormula(faulty, env);
    expect((await query(faultyGuard, refuse)).result).toBe('sat');

    // The counterexample is real: the evaluator enables both, and the owner's ACL lacks (u, i).
    const { marking, bindings, values } = await witness(faultyGuard, refuse);
    const interp = f.net.interpretation;
    expect(holds(faulty, interp, marking, bindings)).toBe(true);
    expect(holds(f.drf.guard, interp, marking, bindings)).toBe(true);
    expect(holds(f.drs.guard, interp, marking, bindings)).toBe(false);
    const owner = interp.functions.get('ownerOf')?.get(tupleKey([values.f as Value]));
    const aclEntry = tupleKey([owner as Value, values.u as Value, values.i as Value]);
    expect(marking.relations.get('acl')?.has(aclEntry)).toBe(false);

    // The agreement check, run on the faulty compilation, flags that very binding.
    const agreement = await guardsAgree(
      f,
      marking,
      [{ name: 'D_R_S', compiled: faulty, reference: f.drs.guard, params }],
      'concrete',
    );
    expect(agreement.result).toBe('sat');
    expect(agreement.disagreements).toContain(
      `D_R_S(${params.map((p) => values[p.name]).join(', ')}) = false`,
    );
  });

  const partial = FAST && config === CONFIGS[3];
  it(`compiles every transition${partial ? ' the extended paper net lacks or builds differently' : ''}: enabled guards hold, effects give the post-state applyUpdates computes`, async () => {
    const required = transitionsToCheck(config, f.net);
    if (partial) expect(required.size).toBeGreaterThan(0);
    const u = f.universe;
    const ctx = u.ctx;
    const interp = f.net.interpretation;
    const post = new SymbolicMarking(u, 'post');
    const pre = new SymbolicMarking(u, 'pre');
    const covered = new Set<string>();

    /**
     * For a binding the evaluator enables, Z3 must refute both a false compiled guard and a post-state
     * other than the evaluator's; the binding is given as equations, so Z3 does the substituting.
     */
    const check = async (
      marking: Marking,
      t: TransitionSpec,
      values: Readonly<Record<string, Value>>,
      symbolic: boolean,
    ) => {
      const expected = applyUpdates(t.effect, interp, marking, new Map(Object.entries(values)));
      const binding = freeBinding(u, t.params, 'upd');
      await withSolver(async (solver) => {
        const literal = bindingTerms(u, t.params, values);
        for (const p of t.params)
          solver.add(ctx.Eq(binding.vars.get(p.name) as Term, literal.get(p.name) as Term));
        let state: MarkingTerms = new ConcreteMarking(u, marking);
        if (symbolic) {
          solver.add(markingIs(u, pre, marking));
          state = pre;
        }
        const env = { universe: u, marking: state, vars: binding.vars };
        solver.add(compileUpdates(t.effect, state, post, env));
        // Refuted at once: the compiled guard fails, or the post-state differs from the evaluator's.
        solver.add(ctx.Or(ctx.Not(compileFormula(t.guard, env)), ctx.Not(markingIs(u, post, expected))));
        expect(await solver.check(), `${t.name}(${JSON.stringify(values)})`).toBe('unsat');
      });
      covered.add(t.name);
    };

    const markings = markingArbitrary(f.net, u);
    await fc.assert(
      fc.asyncProperty(
        markings,
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        async (marking, pick, pickBinding, symbolic) => {
          const candidates = f.net.transitions
            .map((t) => ({ t, bindings: [...enabledBindingsOf(f.net, t, marking)] }))
            .filter((c) => c.bindings.length > 0);
          fc.pre(candidates.length > 0);
          const { t, bindings } = candidates[pick % candidates.length] as (typeof candidates)[number];
          const binding = bindings[pickBinding % bindings.length] as (typeof bindings)[number];
          await check(marking, t, binding.values, symbolic);
        },
      ),
      { numRuns: runs(10) },
    );

    // Every transition's effect at least once: sample markings until one enables it. The samples are cheap
    // (no solver) and each transition no sample enables costs a Z3 witness query, so even the fast suite
    // draws the full suite's 60.
    const samples = fc.sample(markings, { numRuns: Math.max(60, runs(60)), seed: 7 });
    for (const t of f.net.transitions) {
      if (covered.has(t.name) || !required.has(t.name)) continue;
      const hit = samples
        .map((m) => ({ m, b: enabledBindingsOf(f.net, t, m).next() }))
        .find((x) => !x.b.done);
      if (hit && !hit.b.done) {
        await check(hit.m, t, hit.b.value.values, covered.size % 2 === 0);
        continue;
      }
      // Guards with many conjuncts are rarely true on random markings: ask Z3 for a marking where it is.
      const witness = await guardWitness(f, t);
      expect(holds(t.guard, interp, witness.marking, new Map(Object.entries(witness.values))), t.name).toBe(
        true,
      );
      await check(witness.marking, t, witness.values, covered.size % 2 === 0);
    }
    expect([...covered].filter((n) => required.has(n)).sort()).toEqual([...required].sort());
  });
});

// ── every operator: random well-sorted expressions over the vocabulary ───────────────────────────────

/** Random effects over a few relations, so that inserts and deletes of the same tuple collide. */
function updatesArbitrary(net: Net, scope: readonly VarDecl[]): fc.Arbitrary<Update[]> {
  const relations = net.relations.filter((r) => ['acl', 'holdsToken'].includes(r.name));
  const single = fc
    .tuple(fc.constantFrom('insert', 'delete' as const), fc.constantFrom(...relations), fc.nat(1))
    .chain(([op, r, depth]) =>
      fc
        .tuple(...r.columns.map((c) => exprArbitrary(net, c.sort, depth, scope)))
        .map((args): Update => ({ op, rel: r.name, args })),
    );
  const bulk = fc
    .tuple(
      fc.constantFrom('insertAll', 'deleteAll' as const),
      fc.constantFrom(...relations),
      fc.array(fc.constantFrom(...DOMAINS), { maxLength: 2 }),
    )
    .chain(([op, r, sorts]) => {
      const vars = sorts.map((sort, k): VarDecl => ({ name: `x${k}`, sort }));
      const inner = [...scope, ...vars];
      return fc
        .tuple(
          fc.tuple(...r.columns.map((c) => exprArbitrary(net, c.sort, 1, inner))),
          fc.oneof(fc.constant(TRUE), exprArbitrary(net, 'Bool', 2, inner)),
        )
        .map(([args, where]): Update => ({ op, rel: r.name, vars, args, where }));
    });
  const assignment = exprArbitrary(net, 'Time', 2, scope).map(
    (value): Update => ({ op: 'assign', name: 'now', value }),
  );
  return fc.array(fc.oneof(single, bulk, assignment), { minLength: 1, maxLength: 5 });
}

describe('Z3 compilation of every operator (random expressions, extended layer)', () => {
  const config = CONFIGS[2] as ModelConfig;
  const PARAMS: readonly VarDecl[] = [
    { name: 'u', sort: 'Principal' },
    { name: 'f', sort: 'File' },
    { name: 'i', sort: 'Partition' },
    { name: 't', sort: 'Time' },
    { name: 'l', sort: 'Level' },
  ];

  it('agrees with the evaluator on random expressions, markings and bindings', async () => {
    const f = fixture(config);
    const u = f.universe;
    const ctx = u.ctx;
    const interp = f.net.interpretation;
    const binding = freeBinding(u, PARAMS, 'expr');
    const typed = fc
      .oneof({ arbitrary: fc.constant<Sort>('Bool'), weight: 3 }, fc.constantFrom(...SORTS))
      .chain((sort) => exprArbitrary(f.net, sort, 3, PARAMS).map((expr) => ({ sort, expr })));
    const bindings = fc.array(
      fc.record(Object.fromEntries(PARAMS.map((p) => [p.name, fc.constantFrom(...interp.domains[p.sort])]))),
      { minLength: 1, maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(typed, { minLength: 1, maxLength: 8 }),
        markingArbitrary(f.net, u),
        bindings,
        fc.boolean(),
        async (exprs, marking, values, symbolic) => {
          await withSolver(async (solver) => {
            let state: MarkingTerms = new ConcreteMarking(u, marking);
            if (symbolic) {
              const copy = new SymbolicMarking(u, 'expr');
              solver.add(markingIs(u, copy, marking));
              state = copy;
            }
            const claims: Formula[] = [];
            for (const { sort, expr } of exprs) {
              const compiled = compileExpr(expr, { universe: u, marking: state, vars: binding.vars });
              for (const v of values) {
                const expected = evaluate(expr, interp, marking, new Map(Object.entries(v)));
                const pairs = PARAMS.map(
                  (p) =>
                    [binding.vars.get(p.name) as Term, u.term(p.sort, v[p.name] as Value)] as [Term, Term],
                );
                claims.push(ctx.Eq(ctx.substitute(compiled, ...pairs), u.term(sort, expected)));
              }
            }
            solver.add(ctx.Not(ctx.And(...claims)));
            expect(await solver.check()).toBe('unsat');
          });
        },
      ),
      { numRuns: runs(60) },
    );
  });

  it('agrees with applyUpdates on random effects (parallel assignment, insert after delete)', async () => {
    const f = fixture(config);
    const u = f.universe;
    const ctx = u.ctx;
    const interp = f.net.interpretation;
    const binding = freeBinding(u, PARAMS, 'eff');
    const pre = new SymbolicMarking(u, 'eff-pre');
    const post = new SymbolicMarking(u, 'eff-post');
    await fc.assert(
      fc.asyncProperty(
        updatesArbitrary(f.net, PARAMS),
        markingArbitrary(f.net, u),
        fc.record(
          Object.fromEntries(PARAMS.map((p) => [p.name, fc.constantFrom(...interp.domains[p.sort])])),
        ),
        fc.boolean(),
        async (updates, marking, values, symbolic) => {
          const expected = applyUpdates(updates, interp, marking, new Map(Object.entries(values)));
          await withSolver(async (solver) => {
            const literal = bindingTerms(u, PARAMS, values);
            for (const p of PARAMS)
              solver.add(ctx.Eq(binding.vars.get(p.name) as Term, literal.get(p.name) as Term));
            let state: MarkingTerms = new ConcreteMarking(u, marking);
            if (symbolic) {
              solver.add(markingIs(u, pre, marking));
              state = pre;
            }
            solver.add(compileUpdates(updates, state, post, { universe: u, vars: binding.vars }));
            solver.add(ctx.Not(markingIs(u, post, expected)));
            expect(await solver.check()).toBe('unsat');
          });
        },
      ),
      { numRuns: runs(20) },
    );
  });
});
