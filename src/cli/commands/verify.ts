/**
 * `sesphr verify`: the security properties proved or refuted on the model (docs/cli/verify.md).
 *
 *   verify [options]            check the properties, print a table (or --json), exit 0 when every
 *                               result is as expected
 *   verify merge FILE…          merge the --json reports of the shards of one run (--shard I/N)
 *   verify check-smt DIR        run exported queries (--smt-out DIR) through z3 / cvc5 and compare their
 *                               answers with the in-process ones
 *
 * Every option is checked before the first query; every file written is checked before the run.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import type { Argv } from 'yargs';
import { formatTable } from '../../format/table.ts';
import { plural } from '../../format/words.ts';
import type { SolverName } from '../../smt/solvers.ts';
import type { UniverseSize } from '../../verify/universe.ts';
import type { Engine, VerifyOptions, VerifyReport } from '../../verify/verify.ts';
import { type Args, optionFlag, optionText, parseChoice, parseWholeNumber, UsageError } from '../args.ts';
import type { ExitCode } from '../command.ts';
import { describeWriteError, prepareWritableDirectory } from '../files.ts';
import type { CliIO } from '../io.ts';
import { flagOption, numberOption, valueOption } from '../options.ts';
import { suggest } from '../suggest.ts';
import { textStyle } from '../terminal.ts';
import { toolInfo } from '../version.ts';
import { countProgress } from './count-progress.ts';
import {
  configurationFlags,
  type DimensionDefaults,
  parseDimensions,
  parsePropertyIds,
  parseUniverseSize,
  universeFlags,
} from './model-flags.ts';

/** Every configuration the property can tell apart, unless narrowed. */
const VERIFY_DEFAULTS: DimensionDefaults = { variant: 'all', policy: 'all', mode: 'all', layer: 'all' };

import {
  configurationOf,
  MergeError,
  mergeReports,
  passed,
  REPORT_SCHEMA,
  type ReportJson,
  type ResultJson,
  type RunOptionsJson,
  reachabilityJson,
  resultJson,
  shortUniverse,
} from './verify-report.ts';

const ACTIONS = ['merge', 'check-smt'] as const;
const ENGINE_CHOICES = ['all', 'auto', 'bmc', 'induction', 'chc', 'explore'] as const;
const CLI_SOLVERS = ['wasm', 'native', 'cvc5'] as const;
const MAX_BOUND = 64;
const MAX_JOBS = 16;
/** One worker per core by default: the jobs are independent and each worker has its own solver. */
const DEFAULT_JOBS = Math.min(MAX_JOBS, availableParallelism());
const CHECK_SOLVERS = ['z3', 'cvc5'] as const;

export function builder(yargs: Argv): Argv {
  let y: Argv = yargs
    .usage(
      '$0 verify [options]\n$0 verify merge FILE…\n$0 verify check-smt DIR [--solvers z3,cvc5]\n\n' +
        'Prove or refute every security property on the model, per configuration, with the scope of each\n' +
        'result (unbounded on the universe, bounded to K steps, or explored), vacuity witnesses, and a\n' +
        'counterexample for every failure. merge: one report from the --json reports of a --shard run.\n' +
        'check-smt: run queries exported with --smt-out through other solvers and compare the answers.',
    )
    .positional('action', { type: 'string', describe: `${ACTIONS.join(' | ')} (none: verify)` })
    .positional('paths', { type: 'string', array: true, describe: 'merge: shard reports; check-smt: DIR' });
  const g = 'Configurations:';
  y = configurationFlags(y, VERIFY_DEFAULTS, g);
  const u = 'Universe and engine:';
  y = valueOption(y, 'engine', {
    describe: 'all (= auto: walks, then a proof, then BMC) | bmc | induction | chc | explore',
    defaultDescription: 'all',
    group: u,
  });
  y = numberOption(y, 'bound', {
    describe: 'BMC / explorer bound K (steps)',
    defaultDescription: '12',
    group: u,
  });
  y = universeFlags(y, u);
  y = valueOption(y, 'solver', {
    describe: 'wasm (in-process z3) | native (z3 on the PATH) | cvc5 (cvc5 on the PATH)',
    defaultDescription: 'wasm',
    group: u,
  });
  y = numberOption(y, 'timeout', {
    describe: 'seconds per solver query (and per explorer search)',
    defaultDescription: '60',
    group: u,
  });
  y = numberOption(y, 'max-states', {
    describe: 'explorer state limit (--engine explore)',
    defaultDescription: '2000000',
    group: u,
  });
  const o = 'Output:';
  y = flagOption(y, 'json', 'print one JSON report (docs/cli/verify.md)');
  y = valueOption(y, 'smt-out', {
    describe: 'write every solver query into this directory as .smt2',
    group: o,
  });
  y = valueOption(y, 'counterexamples', {
    describe: 'write a scenario (YAML) and an ITF trace for every failure and witness into this directory',
    group: o,
  });
  y = flagOption(y, 'mutants', 'also verify every seeded faulty model; each must be refuted');
  y = y.option('mutant', {
    type: 'string',
    array: true,
    requiresArg: true,
    describe: 'with --mutants: only these mutants (names, space- or comma-separated)',
    group: o,
  });
  y = numberOption(y, 'jobs', {
    describe: `worker threads (1–${MAX_JOBS})`,
    defaultDescription: `one per core (${DEFAULT_JOBS} here)`,
    group: o,
  });
  y = valueOption(y, 'shard', {
    describe: 'run only share I of N of the jobs (a CI matrix), as I/N',
    group: o,
  });
  y = valueOption(y, 'solvers', {
    describe: 'check-smt: the solvers to run, comma-separated (z3, cvc5)',
    defaultDescription: 'z3,cvc5',
    group: o,
  });
  y = flagOption(y, 'quiet', 'no progress bar (it is shown only when standard error is a terminal)', 'q');
  y = flagOption(y, 'ascii', 'plain ASCII text (the default when the locale is not UTF-8)');
  return y
    .example('$0 verify', 'every property, every configuration, the default universe')
    .example(
      '$0 verify --property SRS+cloud --variant paper --counterexamples cx/',
      'and the runs that break it',
    )
    .example('$0 verify --json --shard 1/2 > s1.json', 'half of the jobs (a CI matrix)')
    .example('$0 verify merge s1.json s2.json', 'the whole run')
    .example('$0 verify --smt-out q/ && $0 verify check-smt q/', 'the same answers from z3 and cvc5');
}

export async function run(args: Args, io: CliIO): Promise<ExitCode> {
  const action = args.action === undefined ? undefined : String(args.action);
  const files = ((args.paths as unknown[] | undefined) ?? []).map(String);
  if (action === undefined) return runVerify(args, io);
  if (action === 'merge') {
    refuseVerifyFlags(args, 'merge', ['json', 'quiet', 'ascii']);
    return runMerge(files, args, io);
  }
  if (action === 'check-smt') {
    refuseVerifyFlags(args, 'check-smt', ['json', 'quiet', 'ascii', 'solvers', 'timeout', 'jobs']);
    return runCheckSmt(files, args, io);
  }
  const guess = suggest(action, ACTIONS);
  throw new UsageError(
    `unknown verify action "${action}"${guess ? ` (did you mean "${guess}"?)` : ''}; use sesphr verify [options], sesphr verify merge FILE…, or sesphr verify check-smt DIR`,
  );
}

const VERIFY_FLAGS = [
  'variant',
  'policy',
  'mode',
  'layer',
  'property',
  'engine',
  'bound',
  'users',
  'files',
  'partitions',
  'times',
  'solver',
  'timeout',
  'max-states',
  'json',
  'smt-out',
  'counterexamples',
  'mutants',
  'mutant',
  'jobs',
  'shard',
  'solvers',
  'quiet',
  'ascii',
] as const;

function refuseVerifyFlags(args: Args, action: string, allowed: readonly string[]): void {
  for (const flag of VERIFY_FLAGS)
    if (!allowed.includes(flag) && args[flag] !== undefined && args[flag] !== false)
      throw new UsageError(`--${flag} does not apply to verify ${action}`);
}

/** `--mutant` names, each a registered mutant; undefined when not given. */
async function mutantSelection(args: Args): Promise<string[] | undefined> {
  const raw = args.mutant;
  if (raw === undefined) return undefined;
  const { MUTANTS } = await import('../../verify/mutants.ts');
  const known = MUTANTS.map((m) => m.name);
  const names = (Array.isArray(raw) ? raw : [raw]).flatMap((x) => String(x).split(',')).map((x) => x.trim());
  if (names.length === 0 || names.some((x) => x === ''))
    throw new UsageError('--mutant: expected mutant names, got an empty value');
  for (const name of names)
    if (!known.includes(name)) {
      const guess = suggest(name, known);
      throw new UsageError(
        `--mutant: unknown mutant "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; the mutants are ${known.join(', ')}`,
      );
    }
  return [...new Set(names)];
}

function parseShard(text: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--shard: expected I/N such as 1/4, got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard: expected 1 ≤ I ≤ N, got "${text}"`);
  return { index, count };
}

/** A directory for written files: created if needed; refused when it already holds files of this kind. */
function outputDirectory(dir: string, option: string, pattern: RegExp): void {
  prepareWritableDirectory(dir, option);
  const clash = readdirSync(dir).find((name) => pattern.test(name));
  if (clash)
    throw new UsageError(
      `--${option}: "${dir}" already holds ${clash} (an earlier run's?); choose an empty directory`,
    );
}

interface Parsed {
  readonly options: VerifyOptions & { readonly engine: Engine; readonly size: UniverseSize };
  readonly runOptions: RunOptionsJson;
  readonly json: boolean;
  readonly smtOut: string | undefined;
  readonly counterexamples: string | undefined;
  readonly mutants: boolean;
  /** `--mutant`: only these (all when undefined). */
  readonly mutantNames: readonly string[] | undefined;
  readonly quiet: boolean;
  readonly ascii: boolean;
}

async function parseVerifyArgs(args: Args): Promise<Parsed> {
  const files = args.paths as unknown[] | undefined;
  if (files && files.length > 0)
    throw new UsageError(
      `verify takes no file arguments (got "${String(files[0])}"); see sesphr help verify`,
    );
  const [{ PROPERTIES }, verifyModule, solvers] = await Promise.all([
    import('../../../properties/index.ts'),
    import('../../verify/verify.ts'),
    import('../../smt/solvers.ts'),
  ]);
  const { variants, policies, modes, layers } = parseDimensions(args, VERIFY_DEFAULTS);
  const properties = parsePropertyIds(
    args,
    PROPERTIES.map((p) => p.id),
  );
  const engineText = parseChoice(optionText(args, 'engine') ?? 'all', ENGINE_CHOICES, 'engine');
  const engine: Engine = engineText === 'all' ? 'auto' : engineText;
  const whole = (name: string, min: number, max: number, fallback: number) => {
    const text = optionText(args, name);
    return text === undefined ? fallback : parseWholeNumber(text, name, min, max);
  };
  const bound = whole('bound', 1, MAX_BOUND, verifyModule.DEFAULT_BOUND);
  const size = parseUniverseSize(args);
  const solver = parseChoice<SolverName>(optionText(args, 'solver') ?? 'wasm', CLI_SOLVERS, 'solver');
  if (!solvers.available(solver))
    throw new UsageError(
      `--solver ${solver}: ${solver === 'native' ? 'z3' : 'cvc5'} is not on the PATH (install it, e.g. apt-get install ${solver === 'native' ? 'z3' : 'cvc5'}, or use --solver wasm)`,
    );
  const timeoutMs = whole('timeout', 1, 86_400, verifyModule.DEFAULT_TIMEOUT_MS / 1000) * 1000;
  const maxStates = whole('max-states', 1, 50_000_000, verifyModule.DEFAULT_MAX_STATES);
  const jobs = whole('jobs', 1, MAX_JOBS, DEFAULT_JOBS);
  const shardText = optionText(args, 'shard');
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  const smtOut = optionText(args, 'smt-out');
  const counterexamples = optionText(args, 'counterexamples');
  if (args.solvers !== undefined) throw new UsageError('--solvers applies to verify check-smt only');
  const mutantNames = await mutantSelection(args);
  const mutants = optionFlag(args, 'mutants') || mutantNames !== undefined;
  if (smtOut !== undefined) outputDirectory(smtOut, 'smt-out', /\.smt2$/);
  if (counterexamples !== undefined)
    outputDirectory(counterexamples, 'counterexamples', /^cx-.*\.(yaml|itf\.json)$/);
  const options = {
    layers,
    variants,
    policies,
    modes,
    ...(properties ? { properties } : {}),
    bound,
    size,
    solver,
    timeoutMs,
    maxStates,
    engine,
    jobs,
    ...(shard ? { shard } : {}),
    keepQueries: smtOut !== undefined,
    retryUnknown: true,
  };
  if (verifyModule.planJobs(withoutShard(options)).length === 0)
    throw new UsageError(
      `no property applies to the configurations asked for (${[layers, variants, policies, modes].map((d) => d.join('|')).join(', ')}${properties ? `; properties ${properties.join(', ')}` : ''})`,
    );
  return {
    options,
    runOptions: {
      layers,
      variants,
      policies,
      modes,
      properties: properties ?? null,
      engine,
      bound,
      size,
      solver,
      timeoutMs,
      maxStates,
      mutants,
    },
    json: optionFlag(args, 'json'),
    smtOut,
    counterexamples,
    mutants,
    mutantNames,
    quiet: optionFlag(args, 'quiet'),
    ascii: optionFlag(args, 'ascii'),
  };
}

/** The same options for the whole run (every shard's plan). */
function withoutShard(options: VerifyOptions): VerifyOptions {
  const { shard: _shard, ...rest } = options;
  return rest;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

async function runVerify(args: Args, io: CliIO): Promise<ExitCode> {
  const parsed = await parseVerifyArgs(args);
  const { options } = parsed;
  const style = textStyle(io, { ascii: parsed.ascii });
  const [{ verify, planJobs }, { PROPERTIES }, { verificationConfig, describeUniverse }] = await Promise.all([
    import('../../verify/verify.ts'),
    import('../../../properties/index.ts'),
    import('../../verify/universe.ts'),
  ]);
  const plan = planJobs(withoutShard(options));
  const mine = planJobs(options);
  const checks = mine.reduce((n, j) => n + j.properties.length, 0);
  const progress = countProgress(io, {
    quiet: parsed.quiet,
    unicode: !style.ascii,
    label: 'verify',
    total: checks,
  });
  let report: VerifyReport;
  let mutation: Awaited<ReturnType<typeof import('../../verify/mutation.ts').checkMutants>> | undefined;
  try {
    report = await verify({
      ...options,
      onResult: (r) => progress.tick(`${r.property} ${configurationOf(r)}`),
    });
    if (parsed.mutants) {
      const { checkMutants } = await import('../../verify/mutation.ts');
      const { MUTANTS } = await import('../../verify/mutants.ts');
      progress.restart('mutants', parsed.mutantNames?.length ?? MUTANTS.length);
      const { retryUnknown: _r, keepQueries: _k, ...same } = options;
      mutation = await checkMutants({
        ...same,
        ...(parsed.mutantNames ? { mutants: parsed.mutantNames } : {}),
        onMutant: (m) => progress.tick(m.name),
      });
    }
  } finally {
    progress.stop();
  }
  if (io.closed()) return 0;

  // ── files ──────────────────────────────────────────────────────────────────────────────────────
  const files = new Map<string, { scenario: string; itf: string }>();
  if (parsed.counterexamples !== undefined) {
    const { counterexampleFiles } = await import('../../verify/counterexample.ts');
    for (const r of report.results) {
      if (!r.trace || (r.verdict !== 'fails' && r.verdict !== 'reachable')) continue;
      const config = verificationConfig(
        { layer: r.layer, variant: r.variant, pastData: r.policy, mode: r.mode },
        options.size,
      );
      const written = counterexampleFiles(r, config);
      const scenario = join(parsed.counterexamples, `${written.name}.yaml`);
      const itf = join(parsed.counterexamples, `${written.name}.itf.json`);
      write(scenario, written.scenario, 'counterexamples');
      write(itf, written.itf, 'counterexamples');
      files.set(`${r.property}@${configurationOf(r)}`, { scenario, itf });
    }
  }
  if (parsed.smtOut !== undefined) {
    const { queryFileName, queryFileText } = await import('../../verify/smt-files.ts');
    const context = {
      universe: report.universe,
      bound: report.bound,
      engine: options.engine,
      solver: report.solver,
      shard: report.shard,
    };
    const dir = parsed.smtOut;
    report.queries.forEach((q, k) => {
      write(join(dir, queryFileName(q, k, report.shard)), queryFileText(q, k, context), 'smt-out');
    });
  }

  const kindOf = new Map(PROPERTIES.map((p) => [p.id, p.kind]));
  const results = report.results.map((r) =>
    resultJson(r, kindOf.get(r.property) ?? 'invariant', files.get(`${r.property}@${configurationOf(r)}`)),
  );
  const { mutantsJson } = await import('./verify-report.ts');
  const body: Omit<ReportJson, 'passed'> = {
    tool: { ...toolInfo() },
    results,
    reachability: report.reachability.map(reachabilityJson),
    ...(mutation ? { mutants: mutantsJson(mutation), score: mutation.score } : {}),
    solver: report.solver,
    engine: options.engine,
    universe: report.universe,
    bound: report.bound,
    shard: report.shard,
    jobs: report.jobs,
    plan: plan.map((j) => configurationOf({ ...j.choice, policy: j.choice.pastData })),
    options: parsed.runOptions,
    ms: Math.round(report.ms + (mutation?.mutants.reduce((n, m) => n + m.ms, 0) ?? 0)),
  };
  const full: ReportJson = { ...body, passed: passed(body) };
  if (parsed.json) io.stdout.write(`${JSON.stringify(full, null, 2)}\n`);
  else
    io.stdout.write(
      humanReport(full, {
        universe: describeUniverse(options.size),
        short: shortUniverse(options.size),
        queries:
          parsed.smtOut === undefined ? undefined : { dir: parsed.smtOut, count: report.queries.length },
        check: style.ascii ? ['ok', 'x'] : ['✓', '✗'],
      }),
    );
  return full.passed ? 0 : 1;
}

function write(path: string, text: string, option: string): void {
  try {
    writeFileSync(path, text, 'utf8');
  } catch (error) {
    throw new UsageError(`--${option}: cannot write "${path}": ${describeWriteError(error)}`);
  }
}

function proofText(r: ResultJson): string {
  if (r.outcome === 'unknown') return `unknown: ${r.method}`;
  const scope =
    r.proof === 'unbounded'
      ? 'unbounded'
      : r.proof === 'explored'
        ? `explored to ${r.bound}`
        : `bounded to ${r.bound}`;
  if (r.trace) return `${r.outcome === 'reachable' ? 'witness' : 'counterexample'}: ${r.method}`;
  return `${scope}: ${r.method}`;
}

/** The table, the reachability and mutant sections, and the summary line. */
export function humanReport(
  report: ReportJson,
  context: {
    universe: string;
    short: string;
    queries?: { dir: string; count: number } | undefined;
    check: readonly [string, string];
  },
): string {
  const [yes, no] = context.check;
  const rows = report.results.map((r) => [
    r.property,
    configurationOf(r),
    r.outcome,
    r.expectedOutcome,
    r.asExpected ? yes : no,
    proofText(r),
    context.short,
    String(r.bound),
    seconds(r.ms),
    r.counterexample ?? '',
  ]);
  const out: string[] = [
    `sesphr verify: ${context.universe}; engine ${report.engine}, bound ${report.bound}, solver ${report.solver}${report.shard === '1/1' ? '' : `, shard ${report.shard}`}`,
    '',
    formatTable(
      [
        'property',
        'configuration',
        'verdict',
        'expected',
        '',
        'proof',
        'universe',
        'bound',
        'time',
        'counterexample',
      ],
      rows,
    ),
    '',
  ];
  const wrong = report.results.filter((r) => !r.asExpected);
  for (const r of wrong)
    out.push(
      `${no} ${r.property} ${configurationOf(r)}: ${r.outcome} (expected ${r.expectedOutcome})${r.notes.length ? ` — ${r.notes.join('; ')}` : ''}`,
    );
  const unreached = report.reachability.filter((r) => r.unreached.length > 0);
  for (const r of unreached) out.push(`${no} ${configurationOf(r)}: never fires: ${r.unreached.join(', ')}`);
  if (unreached.length === 0 && report.reachability.length > 0)
    out.push(
      `every transition fires in some run of each of the ${plural(report.reachability.length, 'configuration')}`,
    );
  if (report.mutants) {
    out.push('');
    if (report.mutants.length === 0)
      out.push(`${no} no mutants registered (src/verify/mutants.ts): an empty harness is not a pass`);
    else {
      out.push(
        formatTable(
          ['mutant', 'killed', 'by'],
          report.mutants.map((m) => [
            m.name,
            m.killed ? yes : no,
            m.by.length
              ? `${m.by[0]?.by}: ${m.by[0]?.detail}${m.by.length > 1 ? ` (+${m.by.length - 1} more)` : ''}`
              : 'nothing: a missing property',
          ]),
        ),
      );
      out.push(
        `mutation score: ${report.mutants.filter((m) => m.killed).length}/${report.mutants.length} killed (${Math.round((report.score ?? 0) * 100)}%)`,
      );
    }
  }
  if (context.queries)
    out.push(`${plural(context.queries.count, 'query', 'queries')} written to ${context.queries.dir}`);
  const asExpected = report.results.filter((r) => r.asExpected).length;
  const unknown = report.results.filter((r) => r.verdict === 'unknown').length;
  out.push(
    `${asExpected} of ${plural(report.results.length, 'check')} as expected${unknown ? ` (${unknown} unknown)` : ''} in ${plural(report.reachability.length, 'configuration')}; ${seconds(report.ms)}${report.passed ? '' : ' — FAILED'}`,
  );
  return `${out.join('\n')}\n`;
}

// ── merge ─────────────────────────────────────────────────────────────────────────────────────────

async function runMerge(files: readonly string[], args: Args, io: CliIO): Promise<ExitCode> {
  if (files.length === 0)
    throw new UsageError('merge: name the shard reports (--json output of verify --shard I/N)');
  const reports = files.map((file) => ({ file, report: readReport(file) }));
  let merged: ReportJson;
  try {
    merged = mergeReports(reports);
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(`merge: ${error.message}`);
    throw error;
  }
  if (optionFlag(args, 'json')) io.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
  else {
    const style = textStyle(io, { ascii: optionFlag(args, 'ascii') });
    const size = merged.options.size;
    io.stdout.write(
      humanReport(merged, {
        universe: merged.universe,
        short: shortUniverse(size),
        check: style.ascii ? ['ok', 'x'] : ['✓', '✗'],
      }),
    );
  }
  return merged.passed ? 0 : 1;
}

const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** A shard report read back: JSON of the report's schema, or a UsageError naming the file and field. */
export function parseReport(text: string, file: string): ReportJson {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `merge: ${file}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = REPORT_SCHEMA.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || '(top level)';
    throw new UsageError(`merge: ${file}: ${path}: ${issue?.message ?? 'not a verify report'}`);
  }
  return parsed.data;
}

function readReport(file: string): ReportJson {
  let text: string;
  try {
    const buffer = readFileSync(file);
    if (buffer.length > MAX_REPORT_BYTES) throw new UsageError(`merge: ${file}: larger than 256 MiB`);
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `merge: cannot read "${file}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeWriteError(error)}`,
    );
  }
  return parseReport(text, file);
}

// ── check-smt ─────────────────────────────────────────────────────────────────────────────────────

interface SolverAnswer {
  readonly answer: string;
  readonly ms: number;
}

/** Runs one file through a solver executable; the first line of its output is the answer. */
function runSolver(command: string, file: string, timeoutMs: number): Promise<SolverAnswer> {
  const name = basename(command);
  const args =
    name === 'cvc5'
      ? ['--lang', 'smt2', `--tlimit=${timeoutMs}`, file]
      : ['-smt2', `-T:${Math.ceil(timeoutMs / 1000)}`, file];
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => resolve({ answer: `error: ${e.message}`, ms: performance.now() - start }));
    child.on('close', () => {
      const text = Buffer.concat(out).toString('utf8').trim();
      const first = text.split(/\s+/, 1)[0] ?? '';
      const answer =
        first === 'sat' || first === 'unsat' || first === 'unknown' || first === 'timeout'
          ? first
          : `error: ${(text || Buffer.concat(err).toString('utf8')).replace(/\s+/g, ' ').slice(0, 200)}`;
      resolve({ answer, ms: performance.now() - start });
    });
  });
}

function solverOnPath(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, ['--version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

async function runCheckSmt(files: readonly string[], args: Args, io: CliIO): Promise<ExitCode> {
  const [dir, ...extra] = files;
  if (dir === undefined)
    throw new UsageError('check-smt: name the directory of .smt2 files (from --smt-out)');
  if (extra.length) throw new UsageError(`check-smt: one directory, got also "${extra[0]}"`);
  const solvers = (optionText(args, 'solvers') ?? 'z3,cvc5').split(',').map((s) => s.trim());
  for (const s of solvers)
    if (!(CHECK_SOLVERS as readonly string[]).includes(basename(s)))
      throw new UsageError(
        `--solvers: "${s}" is not z3 or cvc5 (the solvers whose command lines this knows)`,
      );
  const timeoutText = optionText(args, 'timeout');
  const timeoutMs =
    (timeoutText === undefined ? 120 : parseWholeNumber(timeoutText, 'timeout', 1, 86_400)) * 1000;
  const jobsText = optionText(args, 'jobs');
  const parallel = jobsText === undefined ? DEFAULT_JOBS : parseWholeNumber(jobsText, 'jobs', 1, MAX_JOBS);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.smt2'))
      .sort();
  } catch (error) {
    throw new UsageError(
      `check-smt: cannot read "${dir}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : describeWriteError(error)}`,
    );
  }
  if (names.length === 0) throw new UsageError(`check-smt: "${dir}" holds no .smt2 file`);
  const { parseQueryFile, QueryFileError } = await import('../../verify/smt-files.ts');
  const queries = names.map((name) => {
    const path = join(dir, name);
    try {
      return { name, path, ...parseQueryFile(readFileSync(path, 'utf8')) };
    } catch (error) {
      if (error instanceof QueryFileError) throw new UsageError(`check-smt: ${path}: ${error.message}`);
      throw error;
    }
  });
  const json = optionFlag(args, 'json');
  const present = new Map<string, boolean>();
  for (const s of solvers) present.set(s, await solverOnPath(s));
  type Row = { file: string; expected: string; answers: Record<string, string>; agree: boolean };
  const rows: Row[] = new Array(queries.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const k = next++;
      const q = queries[k];
      if (!q) return;
      const answers: Record<string, string> = {};
      let agree = q.expected !== 'unknown';
      for (const s of solvers) {
        if (!present.get(s)) {
          answers[s] = 'missing';
          agree = false;
        } else if (q.logic === 'HORN' && basename(s) === 'cvc5') {
          answers[s] = 'skipped (cvc5 solves no Horn clauses)';
        } else {
          const a = await runSolver(s, q.path, timeoutMs);
          answers[s] = a.answer;
          if (a.answer !== q.expected) agree = false;
        }
      }
      rows[k] = { file: q.name, expected: q.expected, answers, agree };
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queries.length) }, worker));
  const disagree = rows.filter((r) => !r.agree);
  if (json)
    io.stdout.write(
      `${JSON.stringify({ tool: toolInfo(), dir, solvers, files: rows, agree: disagree.length === 0 }, null, 2)}\n`,
    );
  else {
    const style = textStyle(io);
    const [yes, no] = style.ascii ? ['ok', 'x'] : ['✓', '✗'];
    const missing = solvers.filter((s) => !present.get(s));
    const lines = [
      formatTable(
        ['file', 'expected', ...solvers, ''],
        rows.map((r) => [r.file, r.expected, ...solvers.map((s) => r.answers[s] ?? ''), r.agree ? yes : no]),
      ),
      '',
      ...missing.map((s) => `${no} ${s} is not on the PATH`),
      disagree.length === 0
        ? `${yes} ${plural(rows.length, 'query', 'queries')}: every answer of ${solvers.join(' and ')} equals the in-process one`
        : `${no} ${disagree.length} of ${plural(rows.length, 'query', 'queries')} got another answer (or none): ${disagree
            .slice(0, 5)
            .map((r) => r.file)
            .join(', ')}${disagree.length > 5 ? ', …' : ''}`,
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return disagree.length === 0 ? 0 : 1;
}
