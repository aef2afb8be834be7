/**
 * The symbolic checks behind `sesphr verify`, on the ground net (src/smt/ground-smt.ts):
 * - `stepValidity`: a step condition holds whenever its transition is enabled, in every state at all
 *   (reachable or not) — one query, an unbounded result when unsat;
 * - `bmc`: a bad state (or bad step) within k steps of M0 — sat gives a counterexample;
 * - `induction`: k-induction of a conjunction of state formulas (the property and its lemmas) — unsat gives
 *   an unbounded result for the universe, sat a counterexample to induction (a state, not a run).
 * Every trace a solver returns is replayed on the model's own evaluator before it is reported (`replay`), so
 * an encoding error can never turn into a false counterexample.
 */
import type { Expr, Value } from '../../model/expr/ast.ts';
import { holds, type Marking } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { checkBinding, fire } from '../../model/semantics.ts';
import type { TransitionName } from '../../model/transitions.ts';
import type { Ground } from '../ground/ground.ts';
import { Cone, type GroundSystem, SmtUnrolling, traceFromSelectors } from '../smt/ground-smt.ts';
import type { SmtSolver } from '../smt/solvers.ts';

export interface TraceStep {
  readonly transition: TransitionName;
  readonly binding: Readonly<Record<string, Value>>;
}

export interface QueryLog {
  /** The SMT-LIB text of every query, for --smt-out. */
  readonly queries: LoggedQuery[];
}

export interface LoggedQuery {
  readonly name: string;
  readonly text: string;
  /** The in-process answer: sat, unsat or unknown. */
  readonly result: string;
  readonly ms: number;
  /** What the query was asked for (set by the verifier): the property, or `reachability`. */
  readonly property?: string;
  /** `layer/variant/policy/mode` of the configuration. */
  readonly configuration?: string;
}

/** The query's result, with its text kept when asked. */
async function run(
  solver: SmtSolver,
  unrolling: SmtUnrolling,
  wanted: { name: string; width: number }[],
  timeoutMs: number,
  log: QueryLog | undefined,
  name: string,
) {
  const text = unrolling.toString();
  const result = await solver.check(text, wanted, timeoutMs);
  log?.queries.push({ name, text, result: result.result, ms: result.ms });
  return result;
}

/** A step property's condition per ground transition of its transitions. */
export function stepConditions(
  system: GroundSystem,
  transitions: readonly TransitionName[],
  condition: Expr,
): Map<number, Ground> {
  const out = new Map<number, Ground>();
  for (const t of system.transitions) {
    if (!transitions.includes(t.transition)) continue;
    out.set(t.id, system.groundAt(system.nowOf(t), condition, new Map(Object.entries(t.binding))));
  }
  return out;
}

export async function stepValidity(
  system: GroundSystem,
  conditions: ReadonlyMap<number, Ground>,
  solver: SmtSolver,
  timeoutMs: number,
  log?: QueryLog,
): Promise<'valid' | 'invalid' | 'unknown'> {
  const cone = new Cone(system, { state: [], steps: conditions });
  const u = new SmtUnrolling(system, cone);
  u.declareStep(0);
  const cases = cone.transitions
    .filter((t) => conditions.has(t.id))
    .map(
      (t) =>
        `(and (= ${u.now(0)} (_ bv${system.nowOf(t)} ${u.nowWidth})) ${u.text(t.guard, 0)} (not ${u.text(conditions.get(t.id) as Ground, 0)}))`,
    );
  if (cases.length === 0) return 'valid';
  u.assert(`(or ${cases.join(' ')})`);
  const r = await run(solver, u, [], timeoutMs, log, 'step-validity');
  return r.result === 'unsat' ? 'valid' : r.result === 'sat' ? 'invalid' : 'unknown';
}

export interface BmcQuery {
  /** State formulas that must hold at every step (a violation of any is a counterexample). */
  readonly invariants?: readonly ReadonlyMap<number, Ground>[];
  /** A state formula wanted at some step (a witness). */
  readonly goal?: ReadonlyMap<number, Ground>;
  /** Step conditions per ground transition (a step firing with its condition false is a counterexample). */
  readonly steps?: ReadonlyMap<number, Ground>;
}

export interface BmcResult {
  readonly result: 'found' | 'none' | 'unknown';
  readonly trace?: readonly TraceStep[];
  readonly bound: number;
  readonly ms: number;
}

export async function bmc(
  system: GroundSystem,
  query: BmcQuery,
  bound: number,
  solver: SmtSolver,
  timeoutMs: number,
  log?: QueryLog,
  name = 'bmc',
): Promise<BmcResult> {
  const start = performance.now();
  const cone = new Cone(system, {
    state: [...(query.invariants ?? []), ...(query.goal ? [query.goal] : [])],
    ...(query.steps ? { steps: query.steps } : {}),
  });
  const u = new SmtUnrolling(system, cone);
  u.initial(system.net.initialMarking);
  for (let j = 0; j < bound; j++) u.step(j);
  const bad: string[] = [];
  for (let j = 0; j <= bound; j++) {
    for (const inv of query.invariants ?? []) bad.push(`(not ${u.state(inv, j)})`);
    if (query.goal) bad.push(u.state(query.goal, j));
    if (query.steps && j < bound)
      cone.transitions.forEach((t, index) => {
        const c = query.steps?.get(t.id);
        if (c) bad.push(`(and ${u.isSel(j, index)} (not ${u.text(c, j)}))`);
      });
  }
  u.assert(bad.length ? `(or ${bad.join(' ')})` : 'false');
  const wanted = Array.from({ length: bound }, (_, j) => ({ name: u.sel(j), width: u.selWidth }));
  const r = await run(solver, u, wanted, timeoutMs, log, name);
  const ms = performance.now() - start;
  if (r.result !== 'sat') return { result: r.result === 'unsat' ? 'none' : 'unknown', bound, ms };
  const selectors = wanted.map((w) => Number(r.values.get(w.name)));
  return { result: 'found', trace: traceFromSelectors(cone, selectors), bound, ms };
}

export interface InductionResult {
  readonly result: 'inductive' | 'not-inductive' | 'unknown';
  readonly k: number;
  /** A counterexample to induction: the state it starts from (decoded), and the step. */
  readonly cti?: { readonly marking: Marking; readonly trace: readonly TraceStep[] };
  readonly ms: number;
}

/** k-induction: J on s_0 … s_{k-1} along a path of k steps implies J on s_k (J = every formula). */
export async function induction(
  system: GroundSystem,
  formulas: readonly ReadonlyMap<number, Ground>[],
  k: number,
  solver: SmtSolver,
  timeoutMs: number,
  log?: QueryLog,
): Promise<InductionResult> {
  const start = performance.now();
  const cone = new Cone(system, { state: formulas });
  const u = new SmtUnrolling(system, cone);
  for (let j = 0; j < k; j++) u.step(j);
  for (let j = 0; j < k; j++) for (const f of formulas) u.assert(u.state(f, j));
  u.assert(`(or ${formulas.map((f) => `(not ${u.state(f, k)})`).join(' ')})`);
  const selectors = Array.from({ length: k }, (_, j) => ({ name: u.sel(j), width: u.selWidth }));
  const state = [
    ...cone.bits.map((i) => ({ name: u.bit(i, 0), width: 0 })),
    { name: u.now(0), width: u.nowWidth },
  ];
  const r = await run(solver, u, [...selectors, ...state], timeoutMs, log, `induction-${k}`);
  const ms = performance.now() - start;
  if (r.result === 'unsat') return { result: 'inductive', k, ms };
  if (r.result === 'unknown') return { result: 'unknown', k, ms };
  const bits = new Uint32Array(system.layout.words);
  for (const i of cone.bits)
    if (r.values.get(u.bit(i, 0)) === 1n) bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
  const marking = system.layout.decode(bits, Number(r.values.get(u.now(0))));
  const trace = traceFromSelectors(
    cone,
    selectors.map((w) => Number(r.values.get(w.name))),
  );
  return { result: 'not-inductive', k, cti: { marking, trace }, ms };
}

/** The markings a trace passes through on the model's evaluator; throws if a step is not enabled. */
export function replay(net: Net, trace: readonly TraceStep[]): Marking[] {
  const markings = [net.initialMarking];
  for (const step of trace) {
    const binding = { transition: step.transition, values: step.binding };
    checkBinding(net, binding);
    markings.push(fire(net, markings.at(-1) as Marking, binding));
  }
  return markings;
}

/** Does the trace end in a violation (or reach the goal)? Judged by the evaluator alone. */
export type TraceJudge = (markings: readonly Marking[], trace: readonly TraceStep[]) => boolean;

/** A state formula fails in some marking of the run. */
export const violatesInvariant =
  (net: Net, formula: Expr): TraceJudge =>
  (markings) =>
    markings.some((m) => !holds(formula, net.interpretation, m, new Map()));

/** A state formula holds in some marking of the run. */
export const reachesGoal =
  (net: Net, formula: Expr): TraceJudge =>
  (markings) =>
    markings.some((m) => holds(formula, net.interpretation, m, new Map()));

/** Some step of the run fires one of `transitions` with `condition` false before it. */
export const violatesStep =
  (net: Net, transitions: readonly TransitionName[], condition: Expr): TraceJudge =>
  (markings, trace) =>
    trace.some(
      (step, k) =>
        transitions.includes(step.transition) &&
        !holds(condition, net.interpretation, markings[k] as Marking, new Map(Object.entries(step.binding))),
    );

/**
 * Drops every step the finding does not need (the run must still fire on the model and still end in the
 * finding), then cuts the run right after the first marking or step that shows it. Judges are monotone
 * in the run's length (a finding in a prefix is a finding of the run), so the cut is a binary search;
 * steps are dropped in halving chunks first (as delta debugging does), then one at a time.
 */
export function minimise(net: Net, trace: readonly TraceStep[], judge: TraceJudge): TraceStep[] {
  const works = (t: readonly TraceStep[]) => {
    try {
      return judge(replay(net, t), t);
    } catch {
      return false;
    }
  };
  if (!works(trace))
    throw new Error('the solver’s trace does not show the finding on the model (an encoding error)');
  const cut = (t: readonly TraceStep[]): TraceStep[] => {
    let [lo, hi] = [0, t.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (works(t.slice(0, mid))) hi = mid;
      else lo = mid + 1;
    }
    return t.slice(0, hi);
  };
  let current = cut(trace);
  for (let size = current.length >>> 1; size >= 1; size = size === 1 ? 0 : size >>> 1) {
    for (let k = current.length - size; k >= 0; k -= size) {
      const without = [...current.slice(0, k), ...current.slice(k + size)];
      if (works(without)) current = without;
    }
  }
  return cut(current);
}

export interface HoudiniResult {
  readonly result: 'done' | 'unknown';
  /** Indices (into the candidates) of the greatest inductive subset. */
  readonly kept: readonly number[];
  /** Per dropped candidate, the model that dropped it: the pre-state's clock and the step taken. */
  readonly dropped: ReadonlyMap<number, { readonly step: readonly TraceStep[]; readonly iteration: number }>;
  readonly iterations: number;
  readonly ms: number;
}

/**
 * Houdini: the greatest subset of the candidates that is inductive relative to itself (every candidate
 * holds after any step from a state where all of them hold). Each query asks for a step from a state
 * satisfying every remaining candidate to one violating some; every candidate false after that step can be
 * in no inductive subset and is dropped; unsat ends it. Together with "each holds in M0" (the caller
 * checks) the result is an inductive invariant, proved by the solver — a mined candidate is never assumed.
 */
export async function houdini(
  system: GroundSystem,
  candidates: readonly ReadonlyMap<number, Ground>[],
  solver: SmtSolver,
  timeoutMs: number,
  log?: QueryLog,
  name = 'houdini',
): Promise<HoudiniResult> {
  const start = performance.now();
  const cone = new Cone(system, { state: candidates });
  let alive = candidates.map((_, k) => k);
  const dropped = new Map<number, { step: readonly TraceStep[]; iteration: number }>();
  let iteration = 0;
  for (;;) {
    if (alive.length === 0) break;
    iteration++;
    const u = new SmtUnrolling(system, cone);
    u.step(0);
    for (const k of alive) u.assert(u.state(candidates[k] as ReadonlyMap<number, Ground>, 0));
    const flags = alive.map((k) => `h_${k}`);
    alive.forEach((k, j) => {
      u.lines.push(`(declare-const ${flags[j]} Bool)`);
      u.assert(`(= ${flags[j]} ${u.state(candidates[k] as ReadonlyMap<number, Ground>, 1)})`);
    });
    u.assert(`(or ${flags.map((h) => `(not ${h})`).join(' ')})`);
    const wanted = [{ name: u.sel(0), width: u.selWidth }, ...flags.map((h) => ({ name: h, width: 0 }))];
    const r = await run(solver, u, wanted, timeoutMs, log, `${name}-${iteration}`);
    if (r.result === 'unsat') break;
    if (r.result === 'unknown')
      return {
        result: 'unknown',
        kept: alive,
        dropped,
        iterations: iteration,
        ms: performance.now() - start,
      };
    const step = traceFromSelectors(cone, [Number(r.values.get(u.sel(0)))]);
    const survivors = alive.filter((k, j) => {
      if (r.values.get(flags[j] as string) === 1n) return true;
      dropped.set(k, { step, iteration });
      return false;
    });
    if (survivors.length === alive.length)
      throw new Error('Houdini: the model violates no candidate (an encoding error)');
    alive = survivors;
  }
  return { result: 'done', kept: alive, dropped, iterations: iteration, ms: performance.now() - start };
}
