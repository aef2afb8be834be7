/**
 * The report of `sesphr verify` as data (docs/cli/verify.md, "JSON"): the library's results mapped to
 * the command's schema, the schema itself (zod) for reading shard reports back, and the merge of shard
 * reports into one.
 *
 * Verdicts. The JSON `verdict` is the verdict of the property's *claim*, always holds | fails | unknown:
 * for a safety property (invariant, step, structural) the claim is "in every run …"; for an exists-trace
 * property (kind `reachable`, e.g. BAC-past) the claim is "some run reaches …", so the library's
 * `reachable` is `holds` (with the witness run) and `unreachable` is `fails` (with a proof that no run
 * reaches it). `outcome` keeps the library's word (holds, fails, reachable, unreachable, unknown), and
 * `expected` / `expectedOutcome` are mapped the same way.
 */
import { z } from 'zod';
import type { Expected, Property } from '../../../properties/property.ts';
import type { KillEvidence, MutationReport } from '../../verify/mutation.ts';
import type { UniverseSize } from '../../verify/universe.ts';
import type { CheckResult, Engine, ReachabilityResult, Verdict } from '../../verify/verify.ts';

export type ClaimVerdict = 'holds' | 'fails' | 'unknown';

/** The claim's verdict of a library verdict (see the module comment). */
export function claimVerdict(outcome: Verdict | Expected): ClaimVerdict {
  if (outcome === 'reachable') return 'holds';
  if (outcome === 'unreachable') return 'fails';
  return outcome;
}

const stepSchema = z.object({
  transition: z.string(),
  binding: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

const resultSchema = z.object({
  property: z.string(),
  title: z.string(),
  kind: z.enum(['invariant', 'step', 'reachable', 'structural']),
  layer: z.enum(['paper', 'extended']),
  variant: z.enum(['paper', 'hardened']),
  policy: z.enum(['from-join-date', 'all-past']),
  mode: z.enum(['hybrid', 'literal']),
  verdict: z.enum(['holds', 'fails', 'unknown']),
  outcome: z.enum(['holds', 'fails', 'reachable', 'unreachable', 'unknown']),
  expected: z.enum(['holds', 'fails']),
  expectedOutcome: z.enum(['holds', 'fails', 'reachable', 'unreachable']),
  asExpected: z.boolean(),
  proof: z.enum(['unbounded', 'bounded', 'explored']),
  method: z.string(),
  bound: z.number().int().min(0),
  universe: z.string(),
  ms: z.number().min(0),
  trace: z.array(stepSchema).optional(),
  counterexample: z.string().optional(),
  itf: z.string().optional(),
  vacuity: z.array(
    z.object({
      premise: z.string(),
      reached: z.boolean(),
      steps: z.number().int().min(0).optional(),
      trace: z.array(stepSchema).optional(),
    }),
  ),
  notes: z.array(z.string()),
});

const reachabilitySchema = z.object({
  layer: z.enum(['paper', 'extended']),
  variant: z.enum(['paper', 'hardened']),
  policy: z.enum(['from-join-date', 'all-past']),
  mode: z.enum(['hybrid', 'literal']),
  unreached: z.array(z.string()),
});

const mutantSchema = z.object({
  name: z.string(),
  description: z.string(),
  killed: z.boolean(),
  by: z.array(z.object({ by: z.string(), kind: z.string(), detail: z.string() })),
  ms: z.number().min(0),
});

/** What must be equal for shard reports to be parts of one run. */
const runOptionsSchema = z.object({
  layers: z.array(z.string()),
  variants: z.array(z.string()),
  policies: z.array(z.string()),
  modes: z.array(z.string()),
  properties: z.array(z.string()).nullable(),
  engine: z.string(),
  bound: z.number(),
  size: z.object({ users: z.number(), files: z.number(), partitions: z.number(), times: z.number() }),
  solver: z.string(),
  timeoutMs: z.number(),
  maxStates: z.number(),
  mutants: z.boolean(),
});

export const REPORT_SCHEMA = z.object({
  tool: z.object({ name: z.string(), version: z.string() }).loose(),
  results: z.array(resultSchema),
  reachability: z.array(reachabilitySchema),
  mutants: z.array(mutantSchema).optional(),
  score: z.number().min(0).max(1).optional(),
  solver: z.string(),
  engine: z.string(),
  universe: z.string(),
  bound: z.number(),
  shard: z.string().regex(/^\d+\/\d+$/),
  /** Jobs (configurations) this report ran, and the whole plan's configurations in order. */
  jobs: z.number().int().min(0),
  plan: z.array(z.string()),
  options: runOptionsSchema,
  passed: z.boolean(),
  ms: z.number().min(0),
});

export type ReportJson = z.infer<typeof REPORT_SCHEMA>;
export type ResultJson = z.infer<typeof resultSchema>;
export type RunOptionsJson = z.infer<typeof runOptionsSchema>;

export const configurationOf = (r: {
  layer: string;
  variant: string;
  policy: string;
  mode: string;
}): string => `${r.layer}/${r.variant}/${r.policy}/${r.mode}`;

export function resultJson(
  r: CheckResult,
  kind: Property['kind'],
  files?: { scenario: string; itf: string },
): ResultJson {
  return {
    property: r.property,
    title: r.title,
    kind,
    layer: r.layer,
    variant: r.variant,
    policy: r.policy,
    mode: r.mode,
    verdict: claimVerdict(r.verdict),
    outcome: r.verdict,
    expected: claimVerdict(r.expected) as 'holds' | 'fails',
    expectedOutcome: r.expected,
    asExpected: r.asExpected,
    proof: r.proof,
    method: r.method,
    bound: r.bound,
    universe: r.universe,
    ms: Math.round(r.ms),
    ...(r.trace
      ? { trace: r.trace.map((s) => ({ transition: s.transition, binding: { ...s.binding } })) }
      : {}),
    ...(files ? { counterexample: files.scenario, itf: files.itf } : {}),
    vacuity: r.vacuity.map((v) => ({
      premise: v.premise,
      reached: v.reached,
      ...(v.steps === undefined ? {} : { steps: v.steps }),
      ...(v.trace
        ? { trace: v.trace.map((s) => ({ transition: s.transition, binding: { ...s.binding } })) }
        : {}),
    })),
    notes: [...r.notes],
  };
}

export const reachabilityJson = (r: ReachabilityResult) => ({
  layer: r.layer,
  variant: r.variant,
  policy: r.policy,
  mode: r.mode,
  unreached: [...r.unreached],
});

const evidenceJson = (e: KillEvidence) => ({ by: e.by, kind: e.kind, detail: e.detail });

export const mutantsJson = (m: MutationReport) =>
  m.mutants.map((x) => ({
    name: x.name,
    description: x.description,
    killed: x.killed,
    by: x.by.map(evidenceJson),
    ms: Math.round(x.ms),
  }));

/** Every result as expected, every transition fired, and (with mutants) at least one, every one killed. */
export function passed(report: Pick<ReportJson, 'results' | 'reachability' | 'mutants'>): boolean {
  return (
    report.results.every((r) => r.asExpected) &&
    report.reachability.every((r) => r.unreached.length === 0) &&
    (report.mutants === undefined || (report.mutants.length > 0 && report.mutants.every((m) => m.killed)))
  );
}

/** A shard report that cannot be merged: the message names the file (exit 2). */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

/**
 * One report from the reports of every shard of one run: the same options, universe and plan; shard
 * indices 1…N each exactly once; no result twice. Results come out in the plan's order (the order of the
 * unsharded run), the mutants' evidence is pooled (a mutant is killed when a shard killed it).
 */
export function mergeReports(reports: readonly { file: string; report: ReportJson }[]): ReportJson {
  const first = reports[0];
  if (!first) throw new MergeError('name at least one shard report');
  const count = Number(first.report.shard.split('/')[1]);
  const seen = new Map<number, string>();
  for (const { file, report } of reports) {
    const [index, n] = report.shard.split('/').map(Number) as [number, number];
    if (!(n >= 1 && index >= 1 && index <= n))
      throw new MergeError(`${file}: shard "${report.shard}" is not I/N with 1 ≤ I ≤ N`);
    if (n !== count)
      throw new MergeError(
        `${file}: shard ${report.shard} is of a run split in ${n}, ${first.file} of one split in ${count}`,
      );
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (!same(report.options, first.report.options))
      throw new MergeError(
        `${file}: shard ${report.shard} was run with other options than ${first.file} (${differences(report.options, first.report.options)})`,
      );
    if (!same(report.plan, first.report.plan))
      throw new MergeError(`${file}: its plan of configurations differs from ${first.file}'s`);
    const earlier = seen.get(index);
    if (earlier)
      throw new MergeError(`${file}: shard ${report.shard} overlaps ${earlier} (the same shard twice)`);
    seen.set(index, file);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
  if (missing.length)
    throw new MergeError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing`,
    );
  const plan = first.report.plan;
  const position = new Map(plan.map((c, k) => [c, k]));
  const results = reports.flatMap((r) => r.report.results.map((x) => ({ x, file: r.file })));
  const keys = new Map<string, string>();
  for (const { x, file } of results) {
    const key = `${x.property}@${configurationOf(x)}`;
    const other = keys.get(key);
    if (other) throw new MergeError(`${file}: result ${key} is also in ${other} (shards overlap)`);
    if (!position.has(configurationOf(x)))
      throw new MergeError(`${file}: result ${key} is of a configuration outside the plan`);
    keys.set(key, file);
  }
  const order = (x: ResultJson) => position.get(configurationOf(x)) ?? 0;
  // Within a configuration the library checks properties in the catalogue's order: keep each shard's order.
  const merged = results.map((r, k) => ({ ...r, k })).sort((a, b) => order(a.x) - order(b.x) || a.k - b.k);
  const reachability = reports
    .flatMap((r) => r.report.reachability)
    .sort((a, b) => (position.get(configurationOf(a)) ?? 0) - (position.get(configurationOf(b)) ?? 0));
  let mutants: ReportJson['mutants'];
  if (first.report.options.mutants) {
    const byName = new Map<string, NonNullable<ReportJson['mutants']>[number]>();
    for (const { report } of reports)
      for (const m of report.mutants ?? []) {
        const known = byName.get(m.name);
        byName.set(
          m.name,
          known
            ? { ...known, killed: known.killed || m.killed, by: [...known.by, ...m.by], ms: known.ms + m.ms }
            : m,
        );
      }
    mutants = [...byName.values()];
  }
  const out: ReportJson = {
    ...first.report,
    results: merged.map((m) => m.x),
    reachability,
    ...(mutants
      ? { mutants, score: mutants.length ? mutants.filter((m) => m.killed).length / mutants.length : 0 }
      : {}),
    shard: '1/1',
    jobs: reports.reduce((n, r) => n + r.report.jobs, 0),
    ms: Math.max(...reports.map((r) => r.report.ms)),
    passed: false,
  };
  return { ...out, passed: passed(out) };
}

function differences(a: RunOptionsJson, b: RunOptionsJson): string {
  return (Object.keys(a) as (keyof RunOptionsJson)[])
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k}: ${JSON.stringify(a[k])} vs ${JSON.stringify(b[k])}`)
    .join('; ');
}

/** `2 users, 1 file…` in the table: `u2 f1 p2 t0..2`. */
export const shortUniverse = (s: UniverseSize) =>
  `u${s.users} f${s.files} p${s.partitions} t0..${s.times - 1}`;

export type { Engine };
