/**
 * Running a scenario on the simulator: each action expands to transitions of the net, fired through the
 * xstate machine on the real cryptography; after every step the conformance checks run (bytes vs model,
 * guards vs bytes, oracle vs knowledge), and expectations are checked against the agreed verdicts.
 */
import type { Value } from '../../model/expr/ast.ts';
import { formatBinding } from '../../model/semantics.ts';
import type { BackendChoice } from '../crypto/backend/index.ts';
import {
  DivergenceError,
  NotEnabledError,
  type ReadabilityRow,
  Simulation,
  type StepRecord,
} from '../sim/simulation.ts';
import type { Scenario, ScenarioStep } from './load.ts';
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
  /** done | granted | refused: <reason> | ok | integrity-failure | not-enabled: <binding> */
  readonly outcome: string;
  /** `who: file/partition` entries that became readable (or stopped being readable) at this step. */
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  readonly expectations: readonly ExpectationResult[];
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly file: string;
  readonly passed: boolean;
  readonly steps: number;
  readonly transitionsFired: number;
  readonly outcomes: readonly StepOutcome[];
  readonly failedExpectations: readonly ExpectationResult[];
  /** Disagreements between the model and the bytes (empty when the run conforms). */
  readonly conformance: readonly string[];
  /** Final "who can read what", per principal and coalition (model and oracle agreed where not listed above). */
  readonly readers: Readonly<Record<string, readonly string[]>>;
}

export interface RunOptions {
  readonly backend?: BackendChoice;
  readonly seed?: string;
  /** Called as step `index` (1-based) of `total` starts (the CLI's progress bar and step timings). */
  readonly onStep?: (index: number, total: number) => void;
}

type Values = Readonly<Record<string, Value>>;

class StepAborted extends Error {}

/** Fires transitions for one step, remembering them, stopping the step at the first one not enabled. */
class StepContext {
  readonly fired: StepRecord[] = [];
  notEnabled: string | undefined;
  constructor(readonly sim: Simulation) {}

  fire(transition: string, values: Values): StepRecord {
    try {
      const record = this.sim.fire(transition, values);
      this.fired.push(record);
      return record;
    } catch (error) {
      if (error instanceof NotEnabledError) {
        this.notEnabled = formatBinding(error.binding);
        throw new StepAborted();
      }
      throw error;
    }
  }

  enabled(transition: string, values: Values): boolean {
    return this.sim.enabled().some((b) => b.transition === transition && sameValues(b.values, values));
  }
}

const sameValues = (a: Values, b: Values) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

const variantIs = (sim: Simulation, variant: string) => sim.options.config.variant === variant;

function levelsOf(sim: Simulation, file: string): number[] {
  return [
    ...new Set((sim.net.interpretation.domains.Partition as string[]).map((i) => sim.world.levelOf(file, i))),
  ].sort((a, b) => a - b);
}

/** Runs one action; returns its summary and outcome word. */
function perform(ctx: StepContext, step: ScenarioStep): { summary: string; outcome: string } {
  const sim = ctx.sim;
  const keys = (u: string) => {
    if (variantIs(sim, 'paper')) {
      ctx.fire('Gen_Keys', { u });
      ctx.fire('Send_Keys', { u });
    } else {
      ctx.fire('Gen_Keys_Self', { u });
      ctx.fire('Send_PK', { u });
    }
  };
  const needsReKey = (o: string, u: string) =>
    variantIs(sim, 'hardened') && ctx.enabled('Grant_RK', { o, u });
  switch (step.action) {
    case 'register':
      for (const p of step.args) ctx.fire('Register', { p });
      return { summary: `${step.args.join(', ')} register with the SRS`, outcome: 'done' };
    case 'authorize':
      for (const p of step.args) ctx.fire('Authorize', { p });
      return { summary: `the admin authorizes ${step.args.join(', ')}`, outcome: 'done' };
    case 'keys':
      for (const u of step.args) keys(u);
      return { summary: `key pairs for ${step.args.join(', ')}`, outcome: 'done' };
    case 'onboard':
      for (const p of step.args) {
        if (sim.options.config.layer === 'extended') {
          ctx.fire('Register', { p });
          ctx.fire('Authorize', { p });
        }
        keys(p);
      }
      return { summary: `${step.args.join(', ')} registered, authorized and keyed`, outcome: 'done' };
    case 'join': {
      const { owner: o, user: u } = step.args;
      ctx.fire('Request_Join', { o, u });
      ctx.fire('Approve_Join', { o, u });
      if (needsReKey(o, u)) ctx.fire('Grant_RK', { o, u });
      return { summary: `${u} joins ${o}'s circle (approved)`, outcome: 'done' };
    }
    case 'deny-join': {
      const { owner: o, user: u } = step.args;
      ctx.fire('Request_Join', { o, u });
      ctx.fire('Deny_Join', { o, u });
      return { summary: `${o} refuses ${u}'s join request`, outcome: 'done' };
    }
    case 'grant': {
      const { owner: o, user: u, partition: i } = step.args;
      ctx.fire('Grant_Partition', { o, u, i });
      if (needsReKey(o, u)) ctx.fire('Grant_RK', { o, u });
      return { summary: `${o} grants ${u} ${i}`, outcome: 'done' };
    }
    case 'limit': {
      const { owner: o, user: u, partition: i } = step.args;
      ctx.fire('Limit_Partition', { o, u, i });
      return { summary: `${o} withdraws ${i} from ${u}`, outcome: 'done' };
    }
    case 'allow-past-data': {
      const { owner: o, user: u } = step.args;
      ctx.fire('Allow_Past_Data', { o, u });
      return { summary: `${o} lets ${u} read files from before it joined`, outcome: 'done' };
    }
    case 'depart': {
      const { owner: o, user: u } = step.args;
      ctx.fire('Depart', { o, u });
      return { summary: `${u} departs from ${o}'s circle`, outcome: 'done' };
    }
    case 'upload': {
      const f = step.args;
      const levels = levelsOf(sim, f);
      const partitions = sim.net.interpretation.domains.Partition as string[];
      for (const l of levels) ctx.fire('Gen_ri', { f, l });
      for (const i of partitions) ctx.fire('Encrypt_Pi', { f, i });
      for (const l of levels) ctx.fire('Compt_Ri', { f, l });
      ctx.fire('Send_C', { f });
      for (const l of levels) ctx.fire('Send_Ri', { f, l });
      return { summary: `${sim.world.ownerOf(f)} encrypts and uploads ${f}`, outcome: 'done' };
    }
    case 'download': {
      const { user: u, file: f } = step.args;
      ctx.fire('D_C', { u, f });
      return { summary: `${u} downloads ${f}`, outcome: 'done' };
    }
    case 'request': {
      const { user: u, file: f, partition: i } = step.args;
      const summary = `${u} requests R for ${f}/${i}`;
      let values: Values = { u, f, i };
      if (sim.options.config.layer === 'extended') {
        const now = sim.marking.scalars.get('now') as number;
        const t = step.args.token ?? now;
        if (
          step.args.token === undefined &&
          !sim.marking.relations.get('holdsToken')?.has(JSON.stringify([u, now]))
        ) {
          ctx.fire('Get_Time_Token', { u });
        }
        values = { u, f, i, t };
        ctx.fire('Request_R', values);
      }
      if (ctx.enabled('D_R_S', values)) {
        ctx.fire('D_R_S', values);
        return { summary, outcome: 'granted' };
      }
      const refusal = ctx.fire('D_R_F', values);
      return { summary, outcome: `refused: ${refusal.refusal ?? 'notGranted'}` };
    }
    case 'decrypt': {
      const { user: u, file: f, partition: i } = step.args;
      const summary = `${u} decrypts ${f}/${i}`;
      if (ctx.enabled('Reject_C', { u, f })) {
        ctx.fire('Reject_C', { u, f });
        return { summary, outcome: 'integrity-failure' };
      }
      ctx.fire('Decrypt_C', { u, f, i });
      return { summary, outcome: 'ok' };
    }
    case 'tick':
      for (let k = 0; k < step.args; k++) ctx.fire('Tick', {});
      return {
        summary: `the clock advances by ${step.args} to ${sim.marking.scalars.get('now')}`,
        outcome: 'done',
      };
    case 'tamper':
      ctx.fire('Tamper_C', { f: step.args });
      return { summary: `a cloud insider alters ${step.args}`, outcome: 'done' };
    case 'fire': {
      const { transition, ...binding } = step.args;
      ctx.fire(String(transition), binding);
      return { summary: formatBinding({ transition: String(transition), values: binding }), outcome: 'done' };
    }
    case 'collude':
      return { summary: `${step.args.join(', ')} pool what they hold`, outcome: 'done' };
    case 'check':
      return { summary: 'check who can read what', outcome: 'done' };
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

/** The set of `file/partition` each group reads, per the model; disagreements with the oracle are reported. */
function readableSets(rows: readonly ReadabilityRow[], problems: string[], step: number) {
  const sets = new Map<string, Set<string>>();
  for (const row of rows) {
    const name = groupName(row.group);
    if (!sets.has(name)) sets.set(name, new Set());
    if (row.model) sets.get(name)?.add(`${row.file}/${row.partition}`);
    if (row.model !== row.oracle) {
      problems.push(
        `after step ${step}: the model says ${name} ${row.model ? 'can' : 'cannot'} read ${row.file}/${row.partition}, real decryption says ${row.oracle ? 'it can' : 'it cannot'}`,
      );
    }
  }
  return sets;
}

function checkReaders(
  step: Extract<ScenarioStep, { action: 'check' }>,
  sim: Simulation,
  sets: Map<string, Set<string>>,
): ExpectationResult[] {
  const checks = step.args;
  const expand = (targets: readonly string[]) =>
    targets.flatMap((t) => {
      const [file, partition] = t.split('/') as [string, string];
      return partition === '*'
        ? (sim.net.interpretation.domains.Partition as string[]).map((p) => `${file}/${p}`)
        : [t];
    });
  const results: ExpectationResult[] = [];
  for (const check of checks) {
    const name = groupName(check.who);
    const readable = sets.get(name) ?? new Set<string>();
    for (const t of expand(check.canRead ?? [])) {
      results.push({
        step: step.index,
        expected: `${name} can read ${t}`,
        actual: readable.has(t) ? 'readable' : 'not readable',
        passed: readable.has(t),
      });
    }
    for (const t of expand(check.cannotRead ?? [])) {
      results.push({
        step: step.index,
        expected: `${name} cannot read ${t}`,
        actual: readable.has(t) ? 'readable' : 'not readable',
        passed: !readable.has(t),
      });
    }
    if (check.readsExactly !== undefined) {
      const expected = new Set(check.readsExactly === 'nothing' ? [] : expand(check.readsExactly));
      const passed = expected.size === readable.size && [...expected].every((t) => readable.has(t));
      results.push({
        step: step.index,
        expected: `${name} reads exactly ${[...expected].sort().join(', ') || 'nothing'}`,
        actual: [...readable].sort().join(', ') || 'nothing',
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

export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<ScenarioRun> {
  const sim = await Simulation.create({
    config: scenario.config,
    seed: options.seed ?? scenario.seed,
    backend: options.backend ?? 'auto',
    mode: scenario.mode,
    aead: scenario.aead,
    ...(scenario.plaintexts ? { plaintexts: scenario.plaintexts } : {}),
  });
  // Coalitions formed by a `collude` step join the report at that step; every other group from the start.
  const colluding = new Set(
    scenario.steps.flatMap((s) => (s.action === 'collude' ? [groupName(s.args)] : [])),
  );
  const checkedGroups = scenario.steps
    .flatMap((s) => (s.action === 'check' ? s.args.map((c) => c.who) : []))
    .filter((g) => !colluding.has(groupName(g)));
  const groups = uniqueGroups([...sim.defaultGroups(), ...scenario.coalitions, ...checkedGroups]);
  const problems: string[] = [];
  const outcomes: StepOutcome[] = [];
  let previous = readableSets(sim.readability(groups), problems, 0);

  for (const step of scenario.steps) {
    options.onStep?.(step.index, scenario.steps.length);
    const ctx = new StepContext(sim);
    let summary = step.action as string;
    let outcome: string;
    try {
      ({ summary, outcome } = perform(ctx, step));
    } catch (error) {
      if (error instanceof StepAborted) outcome = `not-enabled: ${ctx.notEnabled}`;
      else if (error instanceof DivergenceError) {
        problems.push(`step ${step.index}: ${error.message}`);
        outcome = 'diverged';
      } else throw error;
    }
    // A coalition formed by a `collude` step joins the report from that step on.
    if (step.action === 'collude') groups.splice(0, groups.length, ...uniqueGroups([...groups, step.args]));
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
    const expectations: ExpectationResult[] = [];
    if (step.expect) {
      expectations.push({
        step: step.index,
        expected: describeExpectation(step.expect),
        actual: outcome,
        passed: expectationMet(step.expect, outcome),
      });
    } else if (outcome.startsWith('not-enabled') || outcome === 'diverged') {
      expectations.push({
        step: step.index,
        expected: 'the step can be carried out',
        actual: outcome,
        passed: false,
      });
    }
    if (step.action === 'check') {
      const missing = step.args.map((c) => c.who).filter((g) => !sets.has(groupName(g)));
      for (const [name, set] of readableSets(sim.readability(missing), problems, step.index))
        sets.set(name, set);
      expectations.push(...checkReaders(step, sim, sets));
    }
    outcomes.push({
      index: step.index,
      action: step.action,
      summary,
      fired: ctx.fired,
      outcome,
      ...diffReaders(previous, sets),
      expectations,
    });
    previous = sets;
    if (outcome === 'diverged') break;
  }

  const failedExpectations = outcomes.flatMap((o) => o.expectations.filter((e) => !e.passed));
  const readers = Object.fromEntries([...previous].map(([name, set]) => [name, [...set].sort()]));
  const result: ScenarioResult = {
    scenario: scenario.name,
    file: scenario.file,
    passed: failedExpectations.length === 0 && problems.length === 0,
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
    for (const t of set) if (!old.has(t)) gained.push(`${name}: ${t}`);
    for (const t of old) if (!set.has(t)) lost.push(`${name}: ${t}`);
  }
  return { gained, lost };
}
