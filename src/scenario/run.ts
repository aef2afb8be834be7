/**
 * Running a scenario on the simulator. Each action is one of the net's procedures (model/procedures.ts):
 * the runner binds the procedure's steps and fires them through the xstate machine on the real
 * cryptography; which transitions are enabled, which of two alternatives fires, and why a request is
 * refused are the model's answers, read from the fired step. After every step the conformance checks run
 * (bytes vs model, guards vs bytes, oracle vs knowledge) and expectations are checked.
 *
 * No silent pass: a step that is not enabled is reported as such (and fails unless expected); any other
 * error — a divergence of the bytes from the model, a machine failure, a bug — ends the run as a failure
 * that names the step.
 */
import { fileInstances } from '../../model/config.ts';
import type { Value } from '../../model/expr/ast.ts';
import { parseTupleKey, tupleKey } from '../../model/expr/evaluate.ts';
import type { ArgSource, ProcedureStep } from '../../model/procedures.ts';
import { formatBinding, transitionNamed } from '../../model/semantics.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { R } from '../../model/vocabulary.ts';
import type { Entry } from '../audit/entries.ts';
import { entriesOfRun } from '../audit/from-run.ts';
import { count } from '../audit/query.ts';
import type { BackendChoice } from '../crypto/backend/index.ts';
import { CONCRETE_DETAILS } from '../sim/effects.ts';
import type { KeylessRecovery } from '../sim/oracle.ts';
import {
  DivergenceError,
  NotEnabledError,
  type ReadabilityRow,
  Simulation,
  type StepRecord,
} from '../sim/simulation.ts';
import { simulationAuditor } from '../tpa/from-sim.ts';
import {
  isLogCheck,
  type LogCheck,
  type ProcedureCall,
  type ReaderCheck,
  type Scenario,
  type ScenarioStep,
  type Target,
} from './load.ts';
import { describeStatus, PropertyMonitor, type PropertyStatus } from './properties.ts';
import type { Expectation } from './schema.ts';

export interface ExpectationResult {
  readonly step: number;
  readonly expected: string;
  readonly actual: string;
  readonly passed: boolean;
}

export interface StepOutcome {
  readonly index: number;
  readonly action: string;
  /** Who did what, in words: `bob requests R for f1/medical`. */
  readonly summary: string;
  readonly fired: readonly StepRecord[];
  /** done | granted | refused: <reason> | ok | integrity-failure | not-enabled: <binding> | diverged | error */
  readonly outcome: string;
  /** `who: file/partition` entries that became readable (or stopped being readable) at this step. */
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  readonly expectations: readonly ExpectationResult[];
  /** A property step: the property's status on the run so far, and the report lines that show it. */
  readonly property?: PropertyStatus & { readonly expect: string; readonly lines: readonly string[] };
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly file: string;
  readonly passed: boolean;
  readonly steps: number;
  readonly transitionsFired: number;
  readonly outcomes: readonly StepOutcome[];
  readonly failedExpectations: readonly ExpectationResult[];
  /** Disagreements between the model and the bytes, and errors that ended the run (empty when it conforms). */
  readonly conformance: readonly string[];
  /** Final "who can read what", per principal and coalition (model and oracle agreed where not listed above). */
  readonly readers: Readonly<Record<string, readonly string[]>>;
}

export interface RunOptions {
  readonly backend?: BackendChoice;
  /** Overrides the scenario's seed; with neither, the run draws a seed from the system CSPRNG. */
  readonly seed?: string;
  /** Called as step `index` (1-based) of `total` starts (the CLI's progress bar and step timings). */
  readonly onStep?: (index: number, total: number) => void;
  /** The literal-mode keyless recovery the oracle tries (default: the real attack, in literal mode). */
  readonly keyless?: KeylessRecovery;
}

type Values = Readonly<Record<string, Value>>;

/** The step cannot go on: a transition it needs is not enabled. */
class StepNotEnabled extends Error {
  constructor(readonly binding: string) {
    super(`not enabled: ${binding}`);
  }
}

const formatTarget = (t: Target) => `${t.file}/${t.partition}`;
const targetKey = (file: string, partition: string) => tupleKey([file, partition]);
const displayKey = (key: string) => {
  const [file, partition] = parseTupleKey(key) as [string, string];
  return `${file}/${partition}`;
};

/** Fires the transitions of one scenario step and remembers them. */
class StepRun {
  readonly fired: StepRecord[] = [];
  /** The outcome the step's decisive transition declared (granted, refused: …, ok, integrity-failure). */
  outcome: string | undefined;
  constructor(
    readonly sim: Simulation,
    readonly scenario: Scenario,
    /** The properties the scenario's property steps name, watched on every firing. */
    readonly monitors: readonly PropertyMonitor[] = [],
    readonly step?: number,
  ) {}

  #detailFor(transition: TransitionName, detail: string | undefined): string | undefined {
    return detail !== undefined && transition in CONCRETE_DETAILS ? detail : undefined;
  }

  fire(transition: TransitionName, values: Values, detail?: string): StepRecord {
    try {
      const before = this.sim.marking;
      const record = this.sim.fire(transition, values, this.#detailFor(transition, detail));
      this.fired.push(record);
      for (const monitor of this.monitors) monitor.afterFire(record, before, this.step);
      if (record.outcome)
        this.outcome = record.outcome === 'refused' ? `refused: ${record.refusal}` : record.outcome;
      return record;
    } catch (error) {
      if (error instanceof NotEnabledError) throw new StepNotEnabled(formatBinding(error.binding));
      throw error;
    }
  }

  /** Fires when enabled; `undefined` when the guard is false (the machine evaluated it once). */
  tryFire(transition: TransitionName, values: Values, detail?: string): StepRecord | undefined {
    try {
      return this.fire(transition, values, detail);
    } catch (error) {
      if (error instanceof StepNotEnabled) return undefined;
      throw error;
    }
  }

  /** The value of each bound parameter the transition has; unbound optional arguments are left out. */
  #bind(
    transition: TransitionName,
    bind: Readonly<Record<string, ArgSource>>,
    args: Values,
  ): Record<string, Value> {
    const params = new Set(transitionNamed(this.sim.net, transition).params.map((p) => p.name));
    const resolve = (source: ArgSource): Value | undefined =>
      'state' in source
        ? this.sim.marking.scalars.get(source.state)
        : (args[source.arg] ?? (source.otherwise ? resolve(source.otherwise) : undefined));
    const values: Record<string, Value> = {};
    for (const [param, source] of Object.entries(bind)) {
      const value = resolve(source);
      if (params.has(param) && value !== undefined) values[param] = value;
    }
    return values;
  }

  #step(step: ProcedureStep, args: Values, detail: string | undefined): void {
    switch (step.op) {
      case 'fire':
        this.fire(step.transition, this.#bind(step.transition, step.bind, args), detail);
        return;
      case 'fireIfEnabled':
        if (step.unlessGiven !== undefined && args[step.unlessGiven] !== undefined) return;
        this.tryFire(step.transition, this.#bind(step.transition, step.bind, args), detail);
        return;
      case 'fireAll': {
        const fixed = this.#bind(step.transition, step.bind, args);
        const enabled = this.sim.enabledMatching(step.transition, fixed);
        if (enabled.length === 0 && step.atLeastOne)
          throw new StepNotEnabled(formatBinding({ transition: step.transition, values: fixed }));
        for (const binding of enabled) this.fire(step.transition, binding.values, detail);
        return;
      }
      case 'fireOneOf': {
        for (const transition of step.transitions)
          if (this.tryFire(transition, this.#bind(transition, step.bind, args), detail)) return;
        const first = step.transitions[0] as TransitionName;
        throw new StepNotEnabled(
          `${step.transitions.join(' | ')}(${Object.entries(this.#bind(first, step.bind, args))
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')})`,
        );
      }
      case 'fireObserved': {
        const first = step.transitions[0] as TransitionName;
        const values = this.#bind(first, step.bind, args);
        const observed = this.sim.observe(step.transitions, values);
        if (!observed)
          throw new Error(
            `the concrete step is none of ${step.transitions.join(' | ')} (${formatBinding({ transition: first, values })})`,
          );
        const bound = this.#bind(observed, step.bind, args);
        try {
          this.fire(observed, bound, detail);
        } catch (error) {
          if (!(error instanceof StepNotEnabled)) throw error;
          throw new DivergenceError(
            { transition: observed, values: bound },
            'this is what the concrete step observed, and the model does not allow it',
          );
        }
        return;
      }
      case 'repeat':
        for (let k = 0; k < Number(args[step.count]); k++) this.fire(step.transition, {}, detail);
        return;
    }
  }

  /** A multi-version file named by its id: the next version to upload, or the latest the cloud stores. */
  resolve(call: ProcedureCall): Values {
    if (!call.pick) return call.args;
    const { param, file, version } = call.pick;
    const names = fileInstances(this.sim.net.config)
      .filter((x) => x.file.id === file)
      .map((x) => x.name);
    const stored = this.sim.marking.relations.get(R.stored.name) ?? new Set<string>();
    const isStored = (name: string) => stored.has(tupleKey([name]));
    const chosen =
      version === 'next'
        ? (names.find((n) => !isStored(n)) ?? names.at(-1))
        : ([...names].reverse().find(isStored) ?? names[0]);
    return { ...call.args, [param]: chosen as string };
  }

  call(call: ProcedureCall, args: Values): void {
    const procedure = this.sim.net.procedures[call.procedure];
    if (!procedure) throw new Error(`the net has no procedure ${call.procedure}`);
    for (const step of procedure.steps) this.#step(step, args, call.detail);
  }
}

const list = (ids: readonly string[]) => ids.join(', ');

const MANIFEST_TAMPERING: Readonly<Record<string, string>> = {
  strip: 'strips the manifest of',
  replace: 'replaces the manifest of',
  reorder: 'reorders the partitions of',
};

/** Who did what, in words (argument values as resolved for this run). */
function summarize(step: ScenarioStep, sim: Simulation, resolved: readonly Values[]): string {
  const file = (k = 0) => String(resolved[k]?.file ?? '');
  switch (step.action) {
    case 'register':
      return `${list(step.args)} register with the SRS`;
    case 'authorize':
      return `the admin authorizes ${list(step.args)}`;
    case 'keys':
      return `key pairs for ${list(step.args)}`;
    case 'onboard':
      return sim.net.layer === 'extended'
        ? `${list(step.args)} registered, authorized and keyed`
        : `key pairs for ${list(step.args)}`;
    case 'reregister':
      return `${step.args.principal} registers again as ${step.args.role}`;
    case 'join':
      return `${step.args.user} joins ${step.args.owner}'s circle (approved)`;
    case 'deny-join':
      return `${step.args.owner} refuses ${step.args.user}'s join request`;
    case 'grant':
      return `${step.args.owner} grants ${step.args.user} ${step.args.partition}`;
    case 'limit':
      return `${step.args.owner} withdraws ${step.args.partition} from ${step.args.user}`;
    case 'allow-past-data':
      return `${step.args.owner} lets ${step.args.user} read files from before it joined`;
    case 'depart':
      return `${step.args.user} departs from ${step.args.owner}'s circle`;
    case 'upload':
      return `${sim.world.ownerOf(file())} encrypts and uploads ${file()}`;
    case 'download':
      return `${step.args.user} downloads ${file()}`;
    case 'request': {
      const token = step.args.token;
      const how =
        typeof token === 'string'
          ? ` with a ${token} token`
          : token !== undefined
            ? ` with its token of time ${token}`
            : '';
      return `${step.args.user} requests R for ${step.args.file}/${step.args.partition}${how}`;
    }
    case 'decrypt':
      return `${step.args.user} decrypts ${step.args.file}/${step.args.partition}`;
    case 'audit':
      return `the TPA audits what the cloud serves for ${file()}`;
    case 'tick':
      return `the clock advances by ${step.args} to ${sim.marking.scalars.get('now')}`;
    case 'tamper': {
      const how = typeof step.args === 'string' ? 'flip' : (step.args.how ?? 'flip');
      return `a cloud insider ${how === 'truncate' ? 'cuts short' : 'alters every partition of'} ${file()}`;
    }
    case 'tamper-manifest': {
      const how = typeof step.args === 'string' ? 'strip' : (step.args.how ?? 'strip');
      return `a cloud insider ${MANIFEST_TAMPERING[how] ?? how} ${file()}`;
    }
    case 'substitute':
      return `a cloud insider serves ${step.args.with} for ${step.args.file}`;
    case 'inject-parameters':
      return `${step.args.by} submits an R_{l-P} for ${step.args.file} level ${step.args.level} to the SRS`;
    case 'inject-rekey':
      return `${step.args.by} submits an RK ${step.args.owner}→${step.args.user} to the SRS`;
    case 'fire': {
      const { transition, detail, ...binding } = step.args;
      return `${formatBinding({ transition, values: binding })}${detail ? ` (${detail})` : ''}`;
    }
    case 'collude':
      return `${list(step.args)} pool what they hold`;
    case 'check':
      return 'check who can read what';
    case 'property':
      return step.body.kind === 'property'
        ? `property ${step.body.property.id}: ${step.body.property.title}`
        : `property ${step.args.id}`;
  }
}

function describeExpectation(expect: Expectation): string {
  return typeof expect === 'string' ? expect : `refused: ${expect.refused}`;
}

function expectationMet(expect: Expectation, outcome: string): boolean {
  if (typeof expect !== 'string') return outcome === `refused: ${expect.refused}`;
  if (expect === 'refused') return outcome.startsWith('refused');
  if (expect === 'not-enabled') return outcome.startsWith('not-enabled');
  return outcome === expect;
}

const groupName = (group: readonly string[]) => group.join('+');

/** The set of (file, partition) keys each group reads, per the model; disagreements with the oracle are reported. */
function readableSets(rows: readonly ReadabilityRow[], problems: string[], step: number) {
  const sets = new Map<string, Set<string>>();
  for (const row of rows) {
    const name = groupName(row.group);
    if (!sets.has(name)) sets.set(name, new Set());
    if (row.model) sets.get(name)?.add(targetKey(row.file, row.partition));
    if (row.model !== row.oracle) {
      problems.push(
        `after step ${step}: the model says ${name} ${row.model ? 'can' : 'cannot'} read ${row.file}/${row.partition}, real decryption says ${row.oracle ? 'it can' : 'it cannot'}`,
      );
    }
  }
  return sets;
}

/** The run's audit log so far, as the secure auditing storage would hold it (src/audit/from-run.ts). */
function logEntries(sim: Simulation): Entry[] {
  return entriesOfRun(sim).map((entry, index) => ({ ...entry, index }) as Entry);
}

function checkLog(
  index: number,
  checks: readonly LogCheck[],
  entries: readonly Entry[],
): ExpectationResult[] {
  return checks.map((check) => {
    const n = count(entries, check.filter);
    return {
      step: index,
      expected: check.description,
      actual: `${n} ${n === 1 ? 'entry' : 'entries'}`,
      passed: check.count === undefined ? n > 0 : n === check.count,
    };
  });
}

function checkReaders(
  index: number,
  checks: readonly ReaderCheck[],
  sets: Map<string, Set<string>>,
): ExpectationResult[] {
  const results: ExpectationResult[] = [];
  for (const check of checks) {
    const name = groupName(check.who);
    const readable = sets.get(name) ?? new Set<string>();
    const has = (t: Target) => readable.has(targetKey(t.file, t.partition));
    for (const t of check.canRead ?? []) {
      results.push({
        step: index,
        expected: `${name} can read ${formatTarget(t)}`,
        actual: has(t) ? 'readable' : 'not readable',
        passed: has(t),
      });
    }
    for (const t of check.cannotRead ?? []) {
      results.push({
        step: index,
        expected: `${name} cannot read ${formatTarget(t)}`,
        actual: has(t) ? 'readable' : 'not readable',
        passed: !has(t),
      });
    }
    if (check.readsExactly !== undefined) {
      const expected = new Set(check.readsExactly.map((t) => targetKey(t.file, t.partition)));
      const passed = expected.size === readable.size && [...expected].every((t) => readable.has(t));
      const show = (keys: Iterable<string>) => [...keys].map(displayKey).sort().join(', ') || 'nothing';
      results.push({
        step: index,
        expected: `${name} reads exactly ${show(expected)}`,
        actual: show(readable),
        passed,
      });
    }
  }
  return results;
}

export interface ScenarioRun {
  readonly result: ScenarioResult;
  /** The simulation after the last step (for traces). */
  readonly simulation: Simulation;
}

/** Runs the step; returns its outcome word (and the resolved arguments of its calls, for the summary). */
function perform(run: StepRun, step: ScenarioStep): { outcome: string; resolved: Values[] } {
  const body = step.body;
  switch (body.kind) {
    case 'procedure': {
      const resolved: Values[] = [];
      for (const call of body.calls) {
        const args = run.resolve(call);
        resolved.push(args);
        run.call(call, args);
      }
      return { outcome: run.outcome ?? 'done', resolved };
    }
    case 'fire':
      run.fire(body.transition, body.binding, body.detail);
      return { outcome: run.outcome ?? 'done', resolved: [] };
    case 'check':
    case 'collude':
    case 'property':
      return { outcome: 'done', resolved: [] };
  }
}

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<ScenarioRun> {
  const seed = options.seed ?? scenario.seed;
  const sim = await Simulation.create({
    config: scenario.config,
    ...(seed !== undefined ? { seed } : {}),
    backend: options.backend ?? 'auto',
    aead: scenario.aead,
    ...(scenario.plaintexts ? { plaintexts: scenario.plaintexts } : {}),
    ...(options.keyless ? { keyless: options.keyless } : {}),
    auditor: simulationAuditor,
  });
  // Coalitions formed by a `collude` step join the report at that step; every other group from the start.
  const colluding = new Set(
    scenario.steps.flatMap((s) => (s.body.kind === 'collude' ? [groupName(s.body.group)] : [])),
  );
  const checkedGroups = scenario.steps
    .flatMap((s) =>
      s.body.kind === 'check' ? s.body.checks.flatMap((c) => (isLogCheck(c) ? [] : [c.who])) : [],
    )
    .filter((g) => !colluding.has(groupName(g)));
  const groups = uniqueGroups([...sim.defaultGroups(), ...scenario.coalitions, ...checkedGroups]);
  const problems: string[] = [];
  const outcomes: StepOutcome[] = [];
  let previous = readableSets(sim.readability(groups), problems, 0);
  // Every property a property step names is watched from M0 on, on every firing (src/scenario/properties.ts).
  const monitors = new Map<string, PropertyMonitor>();
  for (const s of scenario.steps)
    if (s.body.kind === 'property' && !monitors.has(s.body.property.id))
      monitors.set(s.body.property.id, new PropertyMonitor(sim, s.body.property));
  const drain = (index: number) => {
    for (const monitor of monitors.values())
      for (const d of monitor.takeDisagreements()) problems.push(`after step ${index}: ${d}`);
  };
  drain(0);

  for (const step of scenario.steps) {
    options.onStep?.(step.index, scenario.steps.length);
    const run = new StepRun(sim, scenario, [...monitors.values()], step.index);
    let outcome: string;
    let resolved: Values[] = [];
    let stop = false;
    try {
      ({ outcome, resolved } = perform(run, step));
    } catch (error) {
      if (error instanceof StepNotEnabled) outcome = `not-enabled: ${error.binding}`;
      else {
        stop = true;
        outcome = error instanceof DivergenceError ? 'diverged' : 'error';
        problems.push(
          `step ${step.index} (${step.action}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    let summary: string;
    try {
      summary = summarize(step, sim, resolved);
    } catch {
      summary = step.action;
    }
    if (step.body.kind === 'collude')
      groups.splice(0, groups.length, ...uniqueGroups([...groups, step.body.group]));
    const report = sim.conformance(groups);
    for (const m of report.relations) {
      problems.push(
        `after step ${step.index}: ${m.relation} differs (model only: ${m.onlyAbstract.join(' ') || '-'}; bytes only: ${m.onlyConcrete.join(' ') || '-'})`,
      );
    }
    for (const b of report.enabledOnlyAbstract)
      problems.push(`after step ${step.index}: ${b} enabled in the model but not on the bytes`);
    for (const b of report.enabledOnlyConcrete)
      problems.push(`after step ${step.index}: ${b} enabled on the bytes but not in the model`);
    const sets = readableSets(report.readability, problems, step.index);
    drain(step.index);
    const expectations: ExpectationResult[] = [];
    let property: StepOutcome['property'];
    if (step.body.kind === 'property') {
      const status = (monitors.get(step.body.property.id) as PropertyMonitor).status();
      outcome = status.verdict;
      property = { ...status, expect: step.body.expect, lines: describeStatus(status) };
      expectations.push({
        step: step.index,
        expected: `property ${status.id} ${step.body.expect}`,
        actual: status.verdict,
        passed: status.verdict === step.body.expect,
      });
    }
    if (step.expect) {
      expectations.push({
        step: step.index,
        expected: describeExpectation(step.expect),
        actual: outcome,
        passed: expectationMet(step.expect, outcome),
      });
    } else if (outcome.startsWith('not-enabled') || stop) {
      expectations.push({
        step: step.index,
        expected: 'the step can be carried out',
        actual: outcome,
        passed: false,
      });
    }
    if (step.body.kind === 'check') {
      const checks = step.body.checks;
      expectations.push(
        ...checkReaders(
          step.index,
          checks.filter((c) => !isLogCheck(c)),
          sets,
        ),
      );
      const logChecks = checks.filter(isLogCheck);
      if (logChecks.length > 0) expectations.push(...checkLog(step.index, logChecks, logEntries(sim)));
    }
    outcomes.push({
      index: step.index,
      action: step.action,
      summary,
      fired: run.fired,
      outcome,
      ...diffReaders(previous, sets),
      expectations,
      ...(property ? { property } : {}),
    });
    previous = sets;
    if (stop) break;
  }

  const failedExpectations = outcomes.flatMap((o) => o.expectations.filter((e) => !e.passed));
  const readers = Object.fromEntries(
    [...previous].map(([name, set]) => [name, [...set].map(displayKey).sort()]),
  );
  const result: ScenarioResult = {
    scenario: scenario.name,
    file: scenario.file,
    passed:
      failedExpectations.length === 0 && problems.length === 0 && outcomes.length === scenario.steps.length,
    steps: scenario.steps.length,
    transitionsFired: sim.records.length,
    outcomes,
    failedExpectations,
    conformance: problems,
    readers,
  };
  return { result, simulation: sim };
}

function uniqueGroups(groups: readonly (readonly string[])[]): string[][] {
  const seen = new Map<string, string[]>();
  for (const g of groups) seen.set(groupName(g), [...g]);
  return [...seen.values()];
}

function diffReaders(before: Map<string, Set<string>>, after: Map<string, Set<string>>) {
  const gained: string[] = [];
  const lost: string[] = [];
  for (const [name, set] of after) {
    const old = before.get(name) ?? new Set<string>();
    for (const t of set) if (!old.has(t)) gained.push(`${name}: ${displayKey(t)}`);
    for (const t of old) if (!set.has(t)) lost.push(`${name}: ${displayKey(t)}`);
  }
  return { gained, lost };
}
