/**
 * The mutation harness: every seeded fault of src/verify/mutants.ts is verified like the real model, and
 * a mutant is killed when the verifier's report on it deviates from what the correct model gives — a
 * property with an unexpected verdict (a counterexample where a proof was expected, or a proof where a
 * counterexample was), a premise no longer reachable (vacuity), or a transition that no longer fires.
 * A mutant no evidence kills is a missing property (docs/verification.md, "Mutants").
 *
 * Cost: one verification job per configuration, as `sesphr verify` runs them, on the mutated net. A kill
 * needs one real piece of evidence, so by default the search stops at the first configuration whose
 * properties deviate:
 *   1. the mutant's suspects (the properties it names) in every configuration where the mutant applies;
 *   2. only if they show nothing, every other property in those configurations.
 * A configuration where the mutant is the identity (a depart fault in the paper layer) is skipped: there it
 * is the model. A transition that stops firing is evidence too, but it does not end the search — a property
 * that refutes the mutant is the better answer, and is looked for first. `exhaustive` checks every property
 * in every configuration instead (the masking table of the docs: which configurations hide which fault).
 * Mutants run on worker threads, `jobs` of them at once, each on a fresh worker with its own solver.
 */
import { buildNet } from '../../model/build.ts';
import { MUTANTS, type Mutant, mutantNamed } from './mutants.ts';
import { type ConfigChoice, DEFAULT_SIZE, verificationConfig } from './universe.ts';
import {
  type CheckResult,
  type JobOptions,
  type JobReport,
  planJobs,
  runJob,
  type VerifyJob,
  type VerifyOptions,
} from './verify.ts';

/** One piece of evidence that a mutant is not the model. */
export interface KillEvidence {
  /** `property@layer/variant/policy/mode`, or `fires T@…` for a transition that stopped firing. */
  readonly by: string;
  readonly kind: 'verdict' | 'vacuity' | 'reachability';
  /** What was found, in words (e.g. "fails (expected holds), 4-step counterexample"). */
  readonly detail: string;
  /** The result that deviated (absent for reachability evidence). */
  readonly result?: CheckResult;
}

export interface MutantResult {
  readonly name: string;
  readonly description: string;
  readonly killed: boolean;
  readonly by: readonly KillEvidence[];
  readonly ms: number;
  /** Configurations where the mutant differs from the model (`layer/variant/policy/mode`). */
  readonly configurations?: readonly string[];
  /** Configurations checked with every property that showed no evidence (complete only when exhaustive). */
  readonly clean?: readonly string[];
  /** Property checks run on the mutant. */
  readonly checks?: number;
}

export interface MutationReport {
  readonly mutants: readonly MutantResult[];
  /** Killed / total. */
  readonly score: number;
  /** Wall time of the whole check. */
  readonly ms?: number;
}

const where = (r: CheckResult) => `${r.property}@${r.layer}/${r.variant}/${r.policy}/${r.mode}`;
export const configurationName = (c: ConfigChoice) => `${c.layer}/${c.variant}/${c.pastData}/${c.mode}`;

/** The evidence in one verification report of the mutated model. */
export function killEvidence(results: readonly CheckResult[], unreached: readonly string[]): KillEvidence[] {
  const out: KillEvidence[] = [];
  for (const r of results) {
    if (r.verdict !== r.expected) {
      const trace = r.trace
        ? `, ${r.trace.length}-step ${r.verdict === 'fails' ? 'counterexample' : 'witness'}`
        : '';
      out.push({
        by: where(r),
        kind: 'verdict',
        detail: `${r.verdict} (expected ${r.expected})${trace}`,
        result: r,
      });
    } else if (!r.asExpected) {
      const lost = r.vacuity.filter((v) => !v.reached).map((v) => v.premise);
      out.push({
        by: where(r),
        kind: 'vacuity',
        detail: `premise unreachable: ${lost.join('; ')}`,
        result: r,
      });
    }
  }
  for (const t of unreached) out.push({ by: t, kind: 'reachability', detail: 'transition never fires' });
  return out;
}

/** `shard` splits the mutants (not the configurations) across the machines of a CI matrix. */
export interface MutationOptions extends Omit<VerifyOptions, 'mutant' | 'onResult'> {
  /** Check only these mutants (by name); all by default. */
  readonly mutants?: readonly string[];
  readonly onMutant?: (result: MutantResult) => void;
  /** Every property in every configuration, not only until the first evidence. */
  readonly exhaustive?: boolean;
}

/** What a worker needs to check one mutant (plain data: it crosses to a worker thread). */
export interface MutantTask {
  readonly mutant: string;
  readonly plan: readonly VerifyJob[];
  readonly options: JobOptions;
  readonly exhaustive: boolean;
}

function jobOptionsOf(options: MutationOptions): JobOptions {
  const {
    mutants: _mutants,
    onMutant: _onMutant,
    exhaustive: _exhaustive,
    jobs: _jobs,
    shard: _shard,
    properties: _p,
    layers: _l,
    variants: _v,
    policies: _po,
    modes: _m,
    ...rest
  } = options;
  return rest;
}

/** The jobs of the plan in which the mutant is not the model (it is the identity elsewhere). */
function applicableJobs(m: Mutant, plan: readonly VerifyJob[], options: JobOptions): VerifyJob[] {
  return plan.filter((job) => {
    const base = buildNet(verificationConfig(job.choice, options.size ?? DEFAULT_SIZE));
    return m.apply(base) !== base;
  });
}

/** Verifies one mutant: suspects first, then the rest, stopping at the first property evidence. */
export async function checkMutant(task: MutantTask): Promise<MutantResult> {
  const start = performance.now();
  const m = mutantNamed(task.mutant);
  const options: JobOptions = {
    ...(m.search ? { walks: m.search } : {}),
    ...task.options,
    mutant: m.name,
  };
  const jobs = applicableJobs(m, task.plan, options);
  const suspects = new Set(m.suspects ?? []);
  const by: KillEvidence[] = [];
  const clean: string[] = [];
  let checks = 0;
  const run = async (job: VerifyJob, properties: readonly string[]): Promise<boolean> => {
    if (properties.length === 0) return false;
    const report: JobReport = await runJob({ choice: job.choice, properties }, options);
    checks += report.results.length;
    const name = configurationName(job.choice);
    const found = killEvidence(
      report.results,
      report.reachability.unreached.map((t) => `fires ${t}@${name}`),
    );
    for (const e of found) if (!by.some((x) => x.by === e.by)) by.push(e);
    if (found.length === 0 && properties.length === job.properties.length) clean.push(name);
    return found.some((e) => e.kind !== 'reachability');
  };
  if (task.exhaustive) {
    for (const job of jobs) await run(job, job.properties);
  } else {
    const phases = [
      (job: VerifyJob) => job.properties.filter((p) => suspects.has(p)),
      (job: VerifyJob) => job.properties.filter((p) => !suspects.has(p)),
    ];
    search: for (const phase of phases) for (const job of jobs) if (await run(job, phase(job))) break search;
  }
  return {
    name: m.name,
    description: m.description,
    killed: by.length > 0,
    by,
    ms: performance.now() - start,
    configurations: jobs.map((j) => configurationName(j.choice)),
    clean,
    checks,
  };
}

/** The mutants the options ask for, in registry order: the named ones (all by default), this shard's share. */
export function selectedMutants(options: Pick<MutationOptions, 'mutants' | 'shard'>): Mutant[] {
  const { mutants: names, shard } = options;
  const known = new Set(MUTANTS.map((m) => m.name));
  for (const n of names ?? []) if (!known.has(n)) throw new RangeError(`unknown mutant ${n}`);
  const named = names ? MUTANTS.filter((m) => names.includes(m.name)) : [...MUTANTS];
  return shard ? named.filter((_, k) => k % shard.count === shard.index - 1) : named;
}

/** Verifies every mutant (or the named ones) and reports which are killed and by what. */
export async function checkMutants(options: MutationOptions = {}): Promise<MutationReport> {
  const start = performance.now();
  const {
    mutants: _names,
    onMutant,
    exhaustive = false,
    jobs: threads = 1,
    shard: _shard,
    ...rest
  } = options;
  const selected = selectedMutants(options);
  const plan = planJobs(rest);
  const tasks: MutantTask[] = selected.map((m) => ({
    mutant: m.name,
    plan,
    options: jobOptionsOf(options),
    exhaustive,
  }));
  let mutants: MutantResult[];
  // Several mutants: each on a fresh worker (its own Z3), even with one thread — the WASM build's memory
  // does not survive mutant after mutant in one thread. One mutant: here.
  if (tasks.length > 1) {
    const { runMutantsOnWorkers } = await import('./mutation-pool.ts');
    mutants = await runMutantsOnWorkers(tasks, Math.max(1, Math.min(threads, tasks.length)), onMutant);
  } else {
    mutants = [];
    for (const task of tasks) {
      const result = await checkMutant(task);
      mutants.push(result);
      onMutant?.(result);
    }
  }
  const order = new Map(selected.map((m, k) => [m.name, k]));
  mutants.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  const killed = mutants.filter((m) => m.killed).length;
  return {
    mutants,
    score: mutants.length === 0 ? 0 : killed / mutants.length,
    ms: performance.now() - start,
  };
}
