/**
 * `sesphr verify`: every property (properties/) in every configuration asked for, with the strongest
 * result the engines reach and the scope it holds in:
 *
 *   structural  checked on the rules themselves                          → holds for every run
 *   step        valid in every state (one SMT query, reachable or not)   → unbounded
 *               else a reachable violation (walks, then BMC to the bound) → fails, with a counterexample
 *               else k-induction of "the guard implies the condition"     → unbounded, or bounded
 *   invariant   a violation (walks, then BMC to the bound)               → fails, with a counterexample
 *               else k-induction with the property's lemmas              → unbounded, or bounded
 *   reachable   a witness (walks, then BMC)                              → reachable
 *               else k-induction of its negation                         → unreachable (unbounded/bounded)
 *
 * Every property's premises are searched for too (vacuity): a "holds" whose premise no run reaches is
 * reported as not as expected. Every trace is replayed on the model's evaluator and minimised before it
 * is reported.
 *
 * That is the default engine (`auto`). The others (`--engine`) run one step of the same decision path
 * (`decide`) and give up the rest (docs/verification.md, "Engines"):
 *   bmc        BMC to the bound only                    → fails, or holds/unreachable *bounded*
 *   induction  Houdini / k-induction only               → holds/unreachable unbounded, else unknown
 *   chc        walks, Spacer (CHC) as the proof, BMC    → as auto; Spacer without an answer → unknown
 *   explore    breadth-first explicit search to the bound → fails with a shortest run, else holds
 *              *unbounded* (space exhausted) or *explored* (cut at the bound); a limit hit → unknown
 */
import type { CipherMode } from '../../common/modes.ts';
import type { Variant } from '../../common/variants.ts';
import { buildNet } from '../../model/build.ts';
import type { PastDataPolicy } from '../../model/config.ts';
import type { DomainName, Expr } from '../../model/expr/ast.ts';
import { and, implies, not } from '../../model/expr/build.ts';
import { holds } from '../../model/expr/evaluate.ts';
import { children } from '../../model/expr/traverse.ts';
import type { Net } from '../../model/net.ts';
import type { Layer } from '../../model/vocabulary.ts';
import { PROPERTIES } from '../../properties/index.ts';
import type { Expected, NamedFormula, Property, PropertyContext } from '../../properties/property.ts';
import { enabledSomewhere, existsVars, forallVars } from '../../properties/terms.ts';
import { type ExploreResult, explore, GroundNet } from '../explore/explorer.ts';
import { search } from '../explore/walks.ts';
import type { Ground } from '../ground/ground.ts';
import { Cone, GroundSystem } from '../smt/ground-smt.ts';
import { type SmtSolver, type SolverName, solverNamed } from '../smt/solvers.ts';
import { chcProve } from './chc.ts';
import {
  bmc,
  houdini,
  induction,
  type LoggedQuery,
  minimise,
  type QueryLog,
  reachesGoal,
  stepConditions,
  stepValidity,
  type TraceStep,
  violatesInvariant,
  violatesStep,
} from './engine.ts';
import { mutantNamed } from './mutants.ts';
import {
  type ConfigChoice,
  DEFAULT_SIZE,
  describeUniverse,
  type UniverseSize,
  verificationConfig,
} from './universe.ts';

export type Verdict = 'holds' | 'fails' | 'reachable' | 'unreachable' | 'unknown';
export type ProofKind = 'unbounded' | 'bounded' | 'explored';

/** The engines a result can come from (see the module comment); `auto` is the default decision path. */
export const ENGINES = ['auto', 'bmc', 'induction', 'chc', 'explore'] as const;
export type Engine = (typeof ENGINES)[number];

/** The default BMC bound, the default per-query timeout, and the explorer's default state limit. */
export const DEFAULT_BOUND = 12;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_STATES = 2_000_000;

export interface VacuityResult {
  readonly premise: string;
  readonly reached: boolean;
  /** The witness run's length (steps from M0), when reached. */
  readonly steps?: number;
  readonly trace?: readonly TraceStep[];
}

export interface CheckResult {
  readonly property: string;
  readonly title: string;
  readonly layer: Layer;
  readonly variant: Variant;
  readonly policy: PastDataPolicy;
  readonly mode: CipherMode;
  readonly verdict: Verdict;
  readonly expected: Expected;
  readonly asExpected: boolean;
  readonly proof: ProofKind;
  /** How the result was obtained, in words: "valid in every state", "2-induction with 3 lemmas", … */
  readonly method: string;
  /** The BMC bound used (for bounded results and searches). */
  readonly bound: number;
  readonly universe: string;
  readonly ms: number;
  /** For fails and reachable: the minimised run that shows it. */
  readonly trace?: readonly TraceStep[];
  readonly vacuity: readonly VacuityResult[];
  /** Why a result is weaker than unbounded, a lemma that failed, a counterexample to induction… */
  readonly notes: readonly string[];
}

export interface ReachabilityResult {
  readonly layer: Layer;
  readonly variant: Variant;
  readonly policy: PastDataPolicy;
  readonly mode: CipherMode;
  /** Transitions no run within the searches reached (empty when every transition fired). */
  readonly unreached: readonly string[];
}

export interface VerifyOptions {
  readonly layers?: readonly Layer[];
  readonly variants?: readonly Variant[];
  readonly policies?: readonly PastDataPolicy[];
  readonly modes?: readonly CipherMode[];
  readonly properties?: readonly string[];
  readonly bound?: number;
  readonly inductionDepth?: number;
  readonly size?: UniverseSize;
  readonly solver?: SolverName;
  readonly timeoutMs?: number;
  readonly walks?: { readonly walks: number; readonly depth: number };
  /** Which engine decides (default `auto`: walks, then a proof, then BMC). */
  readonly engine?: Engine;
  /** The explorer's state limit (`--engine explore`); a search cut by it is inconclusive. */
  readonly maxStates?: number;
  /** Run every job with an unknown result once more, with the timeout and state limit doubled. */
  readonly retryUnknown?: boolean;
  /** Keep every SMT-LIB query (for --smt-out). */
  readonly keepQueries?: boolean;
  /** Check a seeded faulty model instead (src/verify/mutants.ts, by name). */
  readonly mutant?: string;
  /** Worker threads to run the jobs on (1: in this thread). */
  readonly jobs?: number;
  /** Run only this share of the jobs (1-based index of count), for a CI matrix. */
  readonly shard?: { readonly index: number; readonly count: number };
  readonly onResult?: (result: CheckResult) => void;
}

/** The options a job needs (what crosses to a worker thread). */
export type JobOptions = Omit<
  VerifyOptions,
  'onResult' | 'jobs' | 'shard' | 'properties' | 'layers' | 'variants' | 'policies' | 'modes' | 'retryUnknown'
>;

/** One independent unit of work: the properties checked in one configuration. */
export interface VerifyJob {
  readonly choice: ConfigChoice;
  readonly properties: readonly string[];
}

export interface JobReport {
  readonly job: VerifyJob;
  readonly results: readonly CheckResult[];
  readonly reachability: ReachabilityResult;
  readonly queries: QueryLog['queries'];
  readonly ms: number;
}

export interface VerifyReport {
  readonly results: readonly CheckResult[];
  readonly reachability: readonly ReachabilityResult[];
  readonly queries: QueryLog['queries'];
  readonly solver: SolverName;
  readonly universe: string;
  readonly bound: number;
  /** Which share of the jobs this report covers ("1/1": all). */
  readonly shard: string;
  readonly jobs: number;
  readonly ms: number;
}

/** The paper's own properties are checked on the paper layer too; everything else on the extended net. */
const PAPER_LAYER_PROPERTIES = new Set([
  'P1',
  'P1-held',
  'P2',
  'P3',
  'P3-R',
  'CLOUD',
  'SRS',
  'SRS+cloud',
  'SRS+cloud+user',
  'COAL',
]);

function readsConstant(expr: Expr, name: string): boolean {
  if (expr.op === 'const' && expr.name === name) return true;
  return children(expr).some((c) => readsConstant(c, name));
}

/** The formulas of a property (for deciding which configuration dimensions matter). */
function formulasOf(p: Property, ctx: PropertyContext): Expr[] {
  if (p.kind === 'structural') return [];
  return [p.kind === 'step' ? p.condition(ctx) : p.formula(ctx), ...p.premises(ctx).map((x) => x.formula)];
}

/** The configurations a property is checked in: modes only where the property can tell them apart. */
export function configurationsFor(p: Property, options: VerifyOptions): ConfigChoice[] {
  const layers = options.layers ?? ['paper', 'extended'];
  const variants = options.variants ?? ['paper', 'hardened'];
  const policies = options.policies ?? ['from-join-date', 'all-past'];
  const modes = options.modes ?? ['hybrid', 'literal'];
  const out: ConfigChoice[] = [];
  for (const layer of layers) {
    if (layer === 'paper' && !PAPER_LAYER_PROPERTIES.has(p.id)) continue;
    for (const variant of variants) {
      for (const pastData of layer === 'paper' ? (['from-join-date'] as const) : policies) {
        const probe = { layer, variant, pastData, mode: 'hybrid' as const };
        const net = buildNet(verificationConfig(probe));
        const ctx: PropertyContext = { net, ...probe };
        if (p.appliesTo && !p.appliesTo(ctx)) continue;
        const modeMatters =
          formulasOf(p, ctx).some((f) => readsConstant(f, 'literalMode')) ||
          p.expected(ctx) !== p.expected({ ...ctx, mode: 'literal' });
        for (const mode of modeMatters ? modes : (['hybrid'] as const))
          out.push({ layer, variant, pastData, mode });
      }
    }
  }
  return out;
}

const key = (c: ConfigChoice) => `${c.layer}|${c.variant}|${c.pastData}|${c.mode}`;

/** One configuration's ground net, shared by all its checks. */
interface Prepared {
  readonly choice: ConfigChoice;
  readonly net: Net;
  readonly ctx: PropertyContext;
  readonly system: GroundSystem;
  readonly walks: ReturnType<typeof search>;
  readonly names: Map<string, Expr>;
  readonly ground: GroundNet;
  /** The breadth-first search of `--engine explore`, run once per configuration when first needed. */
  explored?: ExploreResult;
}

function stateChecks(
  p: Property,
  ctx: PropertyContext,
): { invariants: NamedFormula[]; goals: NamedFormula[] } {
  const premises = p.premises(ctx).map((x) => ({ name: `${p.id}: ${x.name}`, formula: x.formula }));
  if (p.kind === 'invariant')
    return { invariants: [{ name: p.id, formula: p.formula(ctx) }], goals: premises };
  if (p.kind === 'reachable')
    return { invariants: [], goals: [{ name: p.id, formula: p.formula(ctx) }, ...premises] };
  return { invariants: [], goals: premises };
}

function prepare(choice: ConfigChoice, properties: readonly Property[], options: JobOptions): Prepared {
  const base = buildNet(verificationConfig(choice, options.size ?? DEFAULT_SIZE));
  const net = options.mutant ? mutantNamed(options.mutant).apply(base) : base;
  const ctx: PropertyContext = { net, ...choice };
  const invariants: NamedFormula[] = [];
  const goals: NamedFormula[] = [];
  const steps: {
    name: string;
    transitions: Property extends never ? never : readonly string[];
    condition: Expr;
  }[] = [];
  for (const p of properties) {
    const s = stateChecks(p, ctx);
    invariants.push(...s.invariants);
    goals.push(...s.goals);
    if (p.kind === 'step')
      steps.push({ name: p.id, transitions: p.transitions, condition: p.condition(ctx) });
  }
  for (const t of net.transitions)
    goals.push({ name: `fires ${t.name}`, formula: enabledSomewhere(net, t.name) });
  const formulas = [...invariants, ...goals].map((x) => x.formula);
  const system = new GroundSystem(net, [...formulas, ...steps.map((s) => s.condition)]);
  const ground = new GroundNet(net, {
    invariants,
    goals,
    steps: steps.map((s) => ({ name: s.name, transitions: s.transitions as never, condition: s.condition })),
  });
  const walks = search(ground, { ...(options.walks ?? { walks: 300, depth: 40 }), seed: 0x5e5 });
  const names = new Map<string, Expr>([...invariants, ...goals].map((x) => [x.name, x.formula]));
  return { choice, net, ctx, system, walks, names, ground };
}

/** Every (configuration, properties) job the options ask for, in a stable order (shards split it). */
export function planJobs(options: VerifyOptions = {}): VerifyJob[] {
  const known = new Set(PROPERTIES.map((p) => p.id));
  for (const id of options.properties ?? [])
    if (!known.has(id)) throw new RangeError(`unknown property ${id}`);
  const selected = PROPERTIES.filter((p) => !options.properties || options.properties.includes(p.id));
  const plan = new Map<string, { choice: ConfigChoice; properties: string[] }>();
  for (const p of selected) {
    for (const c of configurationsFor(p, options)) {
      const entry = plan.get(key(c)) ?? { choice: c, properties: [] };
      entry.properties.push(p.id);
      plan.set(key(c), entry);
    }
  }
  const jobs = [...plan.values()];
  if (!options.shard) return jobs;
  const { index, count } = options.shard;
  return jobs.filter((_, k) => k % count === index - 1);
}

/** Runs one job in this thread. */
export async function runJob(
  job: VerifyJob,
  options: JobOptions,
  onResult?: (r: CheckResult) => void,
): Promise<JobReport> {
  const start = performance.now();
  const solver = solverNamed(options.solver ?? 'wasm');
  const bound = options.bound ?? DEFAULT_BOUND;
  const log: QueryLog | undefined = options.keepQueries ? { queries: [] } : undefined;
  const properties = job.properties.map((id) => PROPERTIES.find((p) => p.id === id) as Property);
  const prepared = prepare(job.choice, properties, options);
  const configuration = `${job.choice.layer}/${job.choice.variant}/${job.choice.pastData}/${job.choice.mode}`;
  // Each query is tagged with what it was asked for, so an exported query says where it came from.
  const tag = (from: number, property: string) => {
    if (!log) return;
    for (let k = from; k < log.queries.length; k++)
      log.queries[k] = { ...(log.queries[k] as LoggedQuery), property, configuration };
  };
  const results: CheckResult[] = [];
  for (const p of properties) {
    const from = log?.queries.length ?? 0;
    const result = await check(p, prepared, solver, bound, options, log);
    tag(from, p.id);
    results.push(result);
    onResult?.(result);
  }
  const from = log?.queries.length ?? 0;
  const unreached = await unreachedTransitions(prepared, solver, bound, options, log);
  tag(from, 'reachability');
  return {
    job,
    results,
    reachability: { ...job.choice, policy: job.choice.pastData, unreached },
    queries: log?.queries ?? [],
    ms: performance.now() - start,
  };
}

export async function verify(options: VerifyOptions = {}): Promise<VerifyReport> {
  const start = performance.now();
  const jobs = planJobs(options);
  const {
    onResult,
    jobs: threads = 1,
    shard,
    properties: _p,
    layers: _l,
    variants: _v,
    policies: _po,
    modes: _m,
    retryUnknown,
    ...jobOptions
  } = options;
  let reports: JobReport[];
  if (threads > 1 && jobs.length > 1) {
    const { runOnWorkers } = await import('./pool.ts');
    reports = await runOnWorkers(jobs, jobOptions, Math.min(threads, jobs.length), onResult);
  } else {
    reports = [];
    for (const job of jobs) reports.push(await runJob(job, jobOptions, onResult));
  }
  // The report lists results in plan order, whichever worker finished first.
  const order = new Map(jobs.map((j, k) => [key(j.choice), k]));
  reports.sort((a, b) => (order.get(key(a.job.choice)) ?? 0) - (order.get(key(b.job.choice)) ?? 0));
  if (retryUnknown) reports = await retried(reports, jobOptions, onResult);
  return {
    results: reports.flatMap((r) => r.results),
    reachability: reports.map((r) => r.reachability),
    queries: reports.flatMap((r) => r.queries),
    solver: options.solver ?? 'wasm',
    universe: describeUniverse(options.size ?? DEFAULT_SIZE),
    bound: options.bound ?? DEFAULT_BOUND,
    shard: shard ? `${shard.index}/${shard.count}` : '1/1',
    jobs: jobs.length,
    ms: performance.now() - start,
  };
}

/**
 * `unknown` is inconclusive, never a pass: each job with an unknown result runs once more for just those
 * properties, with the per-query timeout and the explorer's state limit doubled. What is still unknown
 * after that is reported as unknown, with both attempts in its notes.
 */
async function retried(
  reports: readonly JobReport[],
  options: JobOptions,
  onResult?: (r: CheckResult) => void,
): Promise<JobReport[]> {
  const timeoutMs = 2 * (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxStates = 2 * (options.maxStates ?? DEFAULT_MAX_STATES);
  const out: JobReport[] = [];
  for (const report of reports) {
    const unknown = report.results.filter((r) => r.verdict === 'unknown').map((r) => r.property);
    if (unknown.length === 0) {
      out.push(report);
      continue;
    }
    const again = await runJob(
      { choice: report.job.choice, properties: unknown },
      { ...options, timeoutMs, maxStates },
      onResult,
    );
    const first = `inconclusive at first; retried with a ${timeoutMs / 1000} s timeout per query${options.engine === 'explore' ? ` and a ${maxStates}-state limit` : ''}`;
    const results = report.results.map((r) => {
      const retry = again.results.find((x) => x.property === r.property);
      return retry ? { ...retry, ms: r.ms + retry.ms, notes: [first, ...retry.notes] } : r;
    });
    out.push({
      ...report,
      results,
      queries: [...report.queries, ...again.queries],
      ms: report.ms + again.ms,
    });
  }
  return out;
}

async function unreachedTransitions(
  prepared: Prepared,
  solver: SmtSolver,
  bound: number,
  options: JobOptions,
  log?: QueryLog,
): Promise<string[]> {
  const unreached: string[] = [];
  for (const t of prepared.net.transitions) {
    if (prepared.walks.fired.has(t.name)) continue;
    const goal = prepared.system.ground(enabledSomewhere(prepared.net, t.name));
    const r = await bmc(
      prepared.system,
      { goal },
      bound,
      solver,
      options.timeoutMs ?? 60_000,
      log,
      `fires-${t.name}`,
    );
    if (r.result !== 'found') unreached.push(t.name);
  }
  return unreached;
}

/** A search result from the walks, minimised and replayed on the evaluator. */
function fromWalk(
  prepared: Prepared,
  name: string,
  kind: 'violation' | 'witness',
  judge: Parameters<typeof minimise>[2],
) {
  const list = kind === 'violation' ? prepared.walks.violations : prepared.walks.witnesses;
  const found = list.find((x) => x.name === name);
  return found ? minimise(prepared.net, found.trace, judge) : undefined;
}

async function premisesOf(
  p: Property,
  prepared: Prepared,
  solver: SmtSolver,
  bound: number,
  options: JobOptions,
  log?: QueryLog,
): Promise<VacuityResult[]> {
  const out: VacuityResult[] = [];
  for (const premise of p.premises(prepared.ctx)) {
    const name = `${p.id}: ${premise.name}`;
    const judge = reachesGoal(prepared.net, premise.formula);
    let trace = fromWalk(prepared, name, 'witness', judge);
    // A witness may come from any engine: the explorer's, when it ran.
    const explored = prepared.explored?.witnesses.find((x) => x.name === name);
    if (!trace && explored) trace = minimise(prepared.net, explored.trace, judge);
    if (!trace) {
      const r = await bmc(
        prepared.system,
        { goal: prepared.system.ground(premise.formula) },
        bound,
        solver,
        options.timeoutMs ?? 60_000,
        log,
        `premise-${p.id}`,
      );
      if (r.result === 'found' && r.trace) trace = minimise(prepared.net, r.trace, judge);
    }
    out.push(
      trace
        ? { premise: premise.name, reached: true, steps: trace.length, trace }
        : { premise: premise.name, reached: false },
    );
  }
  return out;
}

/**
 * Candidate invariants mined from the states the walks visited, over the bits the formulas' cone reads: a
 * bit never seen set is a candidate "never set", one never seen clear a candidate "always set". Candidates
 * are only guesses; Houdini keeps the ones the solver proves inductive.
 */
function minedCandidates(
  prepared: Prepared,
  formulas: readonly ReadonlyMap<number, Ground>[],
): ReadonlyMap<number, Ground>[] {
  const cone = new Cone(prepared.system, { state: formulas });
  const words = prepared.system.layout.words;
  const seenSet = new Uint32Array(words);
  const seenClear = new Uint32Array(words);
  const states = [
    { bits: prepared.system.layout.encode(prepared.net.initialMarking) },
    ...prepared.walks.states,
  ];
  for (const { bits } of states)
    for (let w = 0; w < words; w++) {
      seenSet[w] = (seenSet[w] as number) | (bits[w] as number);
      seenClear[w] = (seenClear[w] as number) | ~(bits[w] as number);
    }
  const everywhere = (g: Ground) => new Map(prepared.system.times.map((now) => [now, g]));
  const out: ReadonlyMap<number, Ground>[] = [];
  for (const i of cone.bits) {
    const set = ((seenSet[i >>> 5] as number) >>> (i & 31)) & 1;
    const clear = ((seenClear[i >>> 5] as number) >>> (i & 31)) & 1;
    if (!set) out.push(everywhere({ k: 'not', a: { k: 'bit', i } }));
    else if (!clear) out.push(everywhere({ k: 'bit', i }));
  }
  return out;
}

type Proof = { k: number; method: string } | { cti: string; violated?: true };

/**
 * An unbounded proof of the formulas (all state formulas holding in M0) on the universe:
 * 1. Houdini over the formulas, the property's lemmas and the mined candidates — when every formula
 *    survives, the surviving set is an inductive invariant (Init ⇒ Inv, Inv ∧ T ⇒ Inv′) that implies them;
 * 2. otherwise k-induction (k = 2 … depth) of the formulas, assuming the invariants Houdini proved.
 */
async function inductive(
  prepared: Prepared,
  formulas: readonly Expr[],
  named: readonly NamedFormula[],
  solver: SmtSolver,
  options: JobOptions,
  log?: QueryLog,
  notes: string[] = [],
): Promise<Proof> {
  const lemmas = named.map((l) => l.formula);
  const depth = options.inductionDepth ?? 2;
  const timeout = options.timeoutMs ?? 60_000;
  const m0 = prepared.net.initialMarking;
  const own = [...formulas, ...lemmas];
  const failingAtM0 = own.findIndex((f) => !holds(f, prepared.net.interpretation, m0, new Map()));
  if (failingAtM0 >= 0)
    return {
      cti:
        failingAtM0 < formulas.length
          ? 'the formula does not hold in M0'
          : `lemma ${failingAtM0 - formulas.length + 1} does not hold in M0`,
    };
  const ground = own.map((f) => prepared.system.ground(f));
  const mined = minedCandidates(prepared, ground);
  const candidates = [...ground, ...mined];
  const h = await houdini(prepared.system, candidates, solver, timeout, log);
  const keptSet = new Set(h.kept);
  named.forEach((l, k) => {
    const drop = h.dropped.get(formulas.length + k);
    if (drop)
      notes.push(`lemma "${l.name}" is not inductive: ${drop.step.map(stepText).join(' → ')} breaks it`);
  });
  const provedLemmas = lemmas.filter((_, k) => keptSet.has(formulas.length + k)).length;
  const provedMined = h.kept.filter((k) => k >= own.length).length;
  const describe = (what: string) =>
    `${what}${provedLemmas ? `, ${provedLemmas} of ${lemmas.length} lemma(s)` : ''}${provedMined ? `, ${provedMined} mined invariant(s)` : ''}`;
  if (h.result === 'done' && formulas.every((_, k) => keptSet.has(k)))
    return { k: 1, method: describe('inductive invariant (Houdini): the property') };
  const assumed =
    h.result === 'done'
      ? h.kept.filter((k) => k >= formulas.length).map((k) => candidates[k] as ReadonlyMap<number, Ground>)
      : [];
  let lastCti = '';
  const first = formulas.findIndex((_, k) => !keptSet.has(k));
  const drop = h.dropped.get(first);
  if (drop)
    lastCti = `1-induction: a state satisfying every proved invariant where ${drop.step.map(stepText).join(' → ') || 'a step'} breaks the property`;
  for (let k = 2; k <= depth; k++) {
    const base = await bmc(
      prepared.system,
      { invariants: ground.slice(0, formulas.length) },
      k - 1,
      solver,
      timeout,
      log,
      `base-${k}`,
    );
    if (base.result === 'found') return { cti: `a formula fails within ${k - 1} steps of M0` };
    const r = await induction(
      prepared.system,
      [...ground.slice(0, formulas.length), ...assumed],
      k,
      solver,
      timeout,
      log,
    );
    if (r.result === 'inductive') return { k, method: describe(`${k}-induction of the property`) };
    lastCti = r.cti
      ? `${k}-induction: a state where the formulas hold but ${r.cti.trace.map(stepText).join(' → ') || 'a step'} breaks them`
      : `${k}-induction: ${r.result}`;
  }
  return { cti: lastCti || `Houdini: ${h.result}` };
}

const stepText = (s: TraceStep) => `${s.transition}(${Object.values(s.binding).join(', ')})`;

/** How a property that is not settled by the rules alone is searched for and proved, and how it reads. */
interface SearchSpec {
  readonly kind: 'violation' | 'witness';
  readonly judge: Parameters<typeof minimise>[2];
  readonly query: Parameters<typeof bmc>[1];
  /** The state formula whose invariance settles it. */
  readonly toProve: Expr;
  /** Verdict when found, verdict when proved, the finding, the proof's suffix, "nothing found". */
  readonly words: readonly [Verdict, Verdict, string, string, string];
}

/** What deciding one property came to. */
type Decision =
  /** A run that shows the finding (minimised, replayed on the evaluator). */
  | { readonly kind: 'found'; readonly trace: readonly TraceStep[]; readonly by: string }
  /** Proved for every run (`unbounded`), or for every run the explorer covered (`explored`). */
  | { readonly kind: 'proved'; readonly proof: ProofKind; readonly method: string }
  /** Spacer says the finding is reachable, but no run within the bound shows it. */
  | { readonly kind: 'beyond'; readonly method: string }
  /** Nothing found within the bound and no proof: bounded, or unknown when a query was inconclusive. */
  | { readonly kind: 'none'; readonly unknown: boolean };

/**
 * One finding or one proof, cheapest first — the one decision path every engine takes part of:
 *   1. search: a walk that shows the finding (auto, chc); the breadth-first explorer to the bound (explore);
 *   2. proof: Houdini / k-induction (auto, induction) or Spacer (chc) — once proved, no search can find
 *      anything;
 *   3. BMC to the bound for the finding (auto, chc, bmc).
 * An engine without step 3 reports "no proof" as unknown; BMC finding nothing is a bounded result.
 */
async function decide(
  prepared: Prepared,
  how: {
    readonly engine: Engine;
    readonly name: string;
    readonly kind: 'violation' | 'witness';
    readonly judge: Parameters<typeof minimise>[2];
    readonly query: Parameters<typeof bmc>[1];
    readonly toProve: Expr;
    readonly prove: () => Promise<Proof>;
    readonly solver: SmtSolver;
    readonly bound: number;
    readonly timeout: number;
    readonly maxStates: number;
    readonly log?: QueryLog;
  },
  notes: string[],
): Promise<Decision> {
  const { engine } = how;
  if (engine === 'explore') return explored(prepared, how, notes);
  if (engine === 'auto' || engine === 'chc') {
    const walked = fromWalk(prepared, how.name, how.kind, how.judge);
    if (walked) return { kind: 'found', trace: walked, by: 'walk' };
  }
  let proved: Proof | undefined;
  if (engine === 'auto' || engine === 'induction') proved = await how.prove();
  if (engine === 'chc') proved = await spacer(prepared, how);
  if (proved && 'k' in proved) return { kind: 'proved', proof: 'unbounded', method: proved.method };
  if (proved) notes.push(`not proved for every run: ${proved.cti}`);
  if (engine === 'induction') return { kind: 'none', unknown: true };
  const r = await bmc(
    prepared.system,
    how.query,
    how.bound,
    how.solver,
    how.timeout,
    how.log,
    `bmc-${how.name}`,
  );
  if (r.result === 'found' && r.trace)
    return { kind: 'found', trace: minimise(prepared.net, r.trace, how.judge), by: 'bmc' };
  if (r.result === 'unknown') notes.push(`the BMC query to ${how.bound} steps was inconclusive`);
  if (proved && 'violated' in proved && r.result === 'none')
    return { kind: 'beyond', method: `Spacer: reachable, by no run within ${how.bound} steps` };
  // Spacer without an answer leaves the property open: BMC finding nothing is no proof.
  const open = engine === 'chc' && proved !== undefined && !('violated' in proved);
  return { kind: 'none', unknown: r.result === 'unknown' || open };
}

/** Constrained Horn clauses (src/verify/chc.ts) for the formula whose invariance settles the property. */
async function spacer(
  prepared: Prepared,
  how: { name: string; toProve: Expr; solver: SmtSolver; timeout: number; log?: QueryLog },
): Promise<Proof> {
  const r = await chcProve(
    prepared.system,
    [prepared.system.ground(how.toProve)],
    how.solver,
    how.timeout,
    how.log,
    `chc-${how.name}`,
  );
  if (r === 'proved') return { k: 0, method: 'constrained Horn clauses (Spacer): an inductive invariant' };
  if (r === 'violated') return { cti: 'Spacer: a state breaking it is reachable', violated: true };
  return { cti: `Spacer gave no answer within ${how.timeout / 1000} s (timed out or gave up)` };
}

/**
 * `--engine explore`: the explicit-state search of the configuration (run once, shared by its
 * properties): every reachable state within the bound, breadth-first, so a violation found has a shortest
 * run. Nothing found: holds in every reachable state when the space was exhausted (unbounded for the
 * universe), in every state within the bound when the bound cut it (explored); a state or time limit
 * hit first leaves it unknown.
 */
function explored(
  prepared: Prepared,
  how: {
    name: string;
    kind: 'violation' | 'witness';
    judge: Parameters<typeof minimise>[2];
    bound: number;
    timeout: number;
    maxStates: number;
  },
  notes: string[],
): Decision {
  prepared.explored ??= explore(
    prepared.net,
    { maxDepth: how.bound, maxStates: how.maxStates, timeLimitMs: how.timeout },
    prepared.ground,
  );
  const { stats, violations, witnesses } = prepared.explored;
  const found = (how.kind === 'violation' ? violations : witnesses).find((x) => x.name === how.name);
  if (found) return { kind: 'found', trace: minimise(prepared.net, found.trace, how.judge), by: 'explore' };
  const counted = `${stats.states} states, ${stats.transitions} transitions`;
  if (stats.exhausted)
    return {
      kind: 'proved',
      proof: 'unbounded',
      method: `explored every reachable state (${counted}, depth ${stats.depth})`,
    };
  if (stats.stoppedBy === 'depth')
    return {
      kind: 'proved',
      proof: 'explored',
      method: `explored every state within ${how.bound} steps (${counted})`,
    };
  notes.push(
    `the explorer stopped at ${stats.stoppedBy === 'time' ? `its time limit (${how.timeout / 1000} s)` : `its state limit (${how.maxStates})`} after ${counted}, depth ${stats.depth} of ${how.bound}`,
  );
  return { kind: 'none', unknown: true };
}

async function check(
  p: Property,
  prepared: Prepared,
  solver: SmtSolver,
  bound: number,
  options: JobOptions,
  log?: QueryLog,
): Promise<CheckResult> {
  const start = performance.now();
  const { ctx, net, system, choice } = prepared;
  const expected = p.expected(ctx);
  const notes: string[] = [];
  const base = {
    property: p.id,
    title: p.title,
    layer: choice.layer,
    variant: choice.variant,
    policy: choice.pastData,
    mode: choice.mode,
    expected,
    bound,
    universe: describeUniverse(options.size ?? DEFAULT_SIZE),
  };
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const engine = options.engine ?? 'auto';
  const lemmas = p.lemmas?.(ctx) ?? [];
  let verdict: Verdict = 'unknown';
  let proof: ProofKind = 'bounded';
  let method = '';
  let trace: readonly TraceStep[] | undefined;

  if (p.kind === 'structural') {
    const problems = p.check(ctx);
    verdict = problems.length === 0 ? 'holds' : 'fails';
    proof = 'unbounded';
    method = 'checked on the rules (every run)';
    notes.push(...problems);
  } else {
    let spec: SearchSpec | undefined;
    if (p.kind === 'step') {
      const condition = p.condition(ctx);
      const conditions: ReadonlyMap<number, Ground> = stepConditions(system, p.transitions, condition);
      // The validity query is a proof (for every state): engines that only search skip it.
      const proves = engine !== 'bmc' && engine !== 'explore';
      if (proves && (await stepValidity(system, conditions, solver, timeout, log)) === 'valid') {
        verdict = 'holds';
        proof = 'unbounded';
        method = 'valid in every state (the guard implies the condition)';
      } else {
        const guards = p.transitions.flatMap((name) => net.transitions.filter((t) => t.name === name));
        spec = {
          kind: 'violation',
          judge: violatesStep(net, p.transitions, condition),
          query: { steps: conditions },
          toProve: and(
            ...guards.map((t) =>
              forallVars(
                t.params.map((x): [string, DomainName] => [x.name, x.sort]),
                implies(t.guard, condition),
              ),
            ),
          ),
          words: [
            'fails',
            'holds',
            'a run that fires the transition with the condition false',
            ' (of "guard implies condition")',
            'no violation',
          ],
        };
      }
    } else if (p.kind === 'invariant') {
      const formula = p.formula(ctx);
      spec = {
        kind: 'violation',
        judge: violatesInvariant(net, formula),
        query: { invariants: [system.ground(formula)] },
        toProve: formula,
        words: ['fails', 'holds', 'a run that reaches a violating state', '', 'no violation'],
      };
    } else {
      const formula = p.formula(ctx);
      spec = {
        kind: 'witness',
        judge: reachesGoal(net, formula),
        query: { goal: system.ground(formula) },
        toProve: not(formula),
        words: ['reachable', 'unreachable', 'a run that reaches it', ' (of its negation)', 'not reached'],
      };
    }
    if (spec) {
      const toProve = spec.toProve;
      const d = await decide(
        prepared,
        {
          engine,
          name: p.id,
          kind: spec.kind,
          judge: spec.judge,
          query: spec.query,
          toProve,
          prove: () => inductive(prepared, [toProve], lemmas, solver, options, log, notes),
          solver,
          bound,
          timeout,
          maxStates: options.maxStates ?? DEFAULT_MAX_STATES,
          ...(log ? { log } : {}),
        },
        notes,
      );
      const [found, safe, foundWords, provedSuffix, noneWords] = spec.words;
      if (d.kind === 'found') {
        const by = d.by === 'explore' ? ' (shortest, breadth-first)' : '';
        [verdict, proof, method, trace] = [found, 'bounded', `${foundWords}${by}`, d.trace];
      } else if (d.kind === 'proved')
        [verdict, proof, method] = [
          safe,
          d.proof,
          `${d.method}${d.proof === 'unbounded' ? provedSuffix : ''}`,
        ];
      else if (d.kind === 'beyond') [verdict, proof, method] = [found, 'unbounded', d.method];
      else
        [verdict, proof, method] = [
          d.unknown ? 'unknown' : safe,
          'bounded',
          d.unknown && engine === 'induction' ? 'no inductive proof' : `${noneWords} within ${bound} steps`,
        ];
    }
  }
  if (trace) {
    method = `${method} (${trace.length} steps)`;
  }
  const vacuity = await premisesOf(p, prepared, solver, bound, options, log);
  const vacuous = vacuity.filter((v) => !v.reached);
  for (const v of vacuous) notes.push(`premise not reached: ${v.premise}`);
  const asExpected = verdict === expected && (verdict === 'fails' || vacuous.length === 0);
  return {
    ...base,
    verdict,
    asExpected,
    proof,
    method,
    ms: performance.now() - start,
    ...(trace ? { trace } : {}),
    vacuity,
    notes,
  };
}

export { existsVars };
