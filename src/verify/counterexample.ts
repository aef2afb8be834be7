/**
 * A verification result's trace as files (docs/counterexamples.md):
 *
 * - `scenario`: a scenario file (docs/scenarios.md) — the universe the result was found on, the trace as
 *   `fire` steps, then, for a property about reading, a `collude` step when the reader is a coalition and a
 *   `check` that the group reads the partition the violation (or witness) is about, and last a `property`
 *   step expecting the verdict. `sesphr simulate` replays it on the real cryptography: the property step
 *   shows the violation with the bytes the group decrypted.
 * - `itf`: the same run in Apalache's Informal Trace Format (ADR-015): one ITF state per marking, every
 *   relation of the net as a set of tuples, the clock as an integer, and the transition that led to the
 *   state as the variable `action`.
 *
 * The trace is replayed on the model's evaluator first: a trace that does not fire, or does not end in a
 * state that shows the result, is an error here rather than a file that fails later.
 */
import { buildNet } from '../../model/build.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { Value } from '../../model/expr/ast.ts';
import { type Marking, parseTupleKey } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { fire } from '../../model/semantics.ts';
import { PROPERTIES } from '../../properties/index.ts';
import type { Property, PropertyContext } from '../../properties/property.ts';
import { modelReads, type ReadInstance, readClaimOf } from '../../properties/reads.ts';
import { scenarioFromRun } from '../scenario/emit.ts';
import type { TraceStep } from './engine.ts';
import type { CheckResult } from './verify.ts';

const ITF_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';
/** The seed the scenario names, so that a replay is the same run byte for byte. */
const SEED = 'counterexample';

/** A file-name stem: `cx-srs-cloud-extended-paper-from-join-date-hybrid`. */
function stemOf(result: CheckResult): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return ['cx', slug(result.property), result.layer, result.variant, result.policy, result.mode].join('-');
}

function replay(net: Net, trace: readonly TraceStep[]): Marking[] {
  const markings = [net.initialMarking];
  for (const step of trace)
    markings.push(
      fire(net, markings.at(-1) as Marking, { transition: step.transition, values: step.binding }),
    );
  return markings;
}

const target = (x: ReadInstance) =>
  x.file.includes('/') || x.partition.includes('/')
    ? { file: x.file, partition: x.partition }
    : `${x.file}/${x.partition}`;

function describe(result: CheckResult, property: Property, read: ReadInstance | undefined): string {
  const shown =
    result.verdict === 'reachable' ? 'reaches it' : result.verdict === 'fails' ? 'violates it' : 'shows it';
  const reader = read
    ? ` At the end ${read.group.join(' + ')} ${read.group.length > 1 ? 'read' : 'reads'} ${read.file}/${read.partition}; the property step shows it with the bytes real decryption recovers.`
    : '';
  return (
    `Counterexample from sesphr verify: ${property.id} ${result.verdict} (expected ${result.expected}) — ` +
    `${property.title}. Found on the verification universe (${result.universe}) in the ${result.layer} layer, ` +
    `${result.variant} variant, ${result.policy}, ${result.mode} mode (${result.method}); the minimised ` +
    `${result.trace?.length ?? 0}-transition run below ${shown}.${reader}`
  );
}

// ── ITF ──────────────────────────────────────────────────────────────────────────────────────────────

type Itf = boolean | string | { '#bigint': string } | { '#tup': Itf[] } | { '#set': Itf[] } | ItfRecord;
interface ItfRecord {
  [field: string]: Itf;
}

/** Model values in ITF: strings as strings, integers (Time, Level) as big integers, booleans as booleans. */
function itfValue(value: Value): Itf {
  return typeof value === 'number' ? { '#bigint': String(value) } : value;
}

function itfState(net: Net, marking: Marking, index: number, action: Itf): Record<string, unknown> {
  const state: Record<string, unknown> = { '#meta': { index } };
  for (const relation of net.relations) {
    const keys = [...(marking.relations.get(relation.name) ?? [])].sort();
    state[relation.name] = { '#set': keys.map((k) => ({ '#tup': parseTupleKey(k).map(itfValue) })) };
  }
  for (const scalar of net.scalars) {
    const value = marking.scalars.get(scalar.name);
    if (value !== undefined) state[scalar.name] = itfValue(value);
  }
  state.action = action;
  return state;
}

function itfTrace(
  net: Net,
  result: CheckResult,
  trace: readonly TraceStep[],
  markings: readonly Marking[],
): string {
  const constants = [...net.interpretation.constants].sort(([a], [b]) => a.localeCompare(b));
  const states = markings.map((m, k) => {
    const step = trace[k - 1];
    const action: Itf = step
      ? {
          transition: step.transition,
          binding: Object.fromEntries(Object.entries(step.binding).map(([p, v]) => [p, itfValue(v)])),
        }
      : { transition: 'init', binding: {} };
    const state = itfState(net, m, k, action);
    // Parameters are set in the initial state only (ADR-015).
    if (k === 0) for (const [name, value] of constants) state[name] = itfValue(value);
    return state;
  });
  const document = {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_DESCRIPTION,
      source: 'sesphr verify',
      description: `${result.property} ${result.verdict} (expected ${result.expected}): ${result.title}`,
      property: result.property,
      verdict: result.verdict,
      expected: result.expected,
      layer: result.layer,
      variant: result.variant,
      pastData: result.policy,
      mode: result.mode,
      universe: result.universe,
      method: result.method,
      /** Each relation's columns, in tuple order, with their sorts (Time and Level are integers). */
      relations: Object.fromEntries(
        net.relations.map((r) => [r.name, r.columns.map((c) => `${c.name}: ${c.sort}`)]),
      ),
    },
    params: constants.map(([name]) => name),
    vars: [...net.relations.map((r) => r.name), ...net.scalars.map((s) => s.name), 'action'],
    states,
  };
  return formatItf(document);
}

/** JSON with one line per variable of each state: readable in a diff, a fraction of the size indented. */
function formatItf(document: {
  '#meta': unknown;
  params: string[];
  vars: string[];
  states: object[];
}): string {
  const states = document.states.map(
    (state) =>
      `  {\n${Object.entries(state)
        .map(([key, value]) => `   ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
        .join(',\n')}\n  }`,
  );
  return [
    '{',
    ` "#meta": ${JSON.stringify(document['#meta'], null, 1).replace(/\n/g, '\n ')},`,
    ` "params": ${JSON.stringify(document.params)},`,
    ` "vars": ${JSON.stringify(document.vars)},`,
    ` "states": [\n${states.join(',\n')}\n ]`,
    '}',
    '',
  ].join('\n');
}

// ── the files ────────────────────────────────────────────────────────────────────────────────────────

export function counterexampleFiles(
  result: CheckResult,
  config: ModelConfig,
): { name: string; scenario: string; itf: string } {
  const property = PROPERTIES.find((p) => p.id === result.property);
  if (!property) throw new RangeError(`unknown property ${result.property}`);
  const trace = result.trace;
  if (!trace) throw new Error(`${result.property}: the result (${result.verdict}) carries no trace`);
  if (result.verdict === 'unknown')
    throw new Error(`${result.property}: an unknown verdict has nothing to expect`);
  const choice = { layer: config.layer, variant: config.variant, policy: config.pastData, mode: config.mode };
  const wanted = { layer: result.layer, variant: result.variant, policy: result.policy, mode: result.mode };
  if (JSON.stringify(choice) !== JSON.stringify(wanted))
    throw new Error(
      `${result.property}: the configuration (${Object.values(choice).join(', ')}) is not the result's (${Object.values(wanted).join(', ')})`,
    );
  const net = buildNet(config);
  const markings = replay(net, trace);
  const ctx: PropertyContext = {
    net,
    layer: config.layer,
    variant: config.variant,
    pastData: config.pastData,
    mode: config.mode,
  };
  const claim = readClaimOf(property, ctx);
  let read: ReadInstance | undefined;
  if (claim && (result.verdict === 'fails' || result.verdict === 'reachable')) {
    read = modelReads(claim, ctx.layer, net.interpretation, markings.at(-1) as Marking)[0];
    if (!read)
      throw new Error(
        `${result.property}: the trace does not end in a state where the group ${result.verdict === 'fails' ? 'violating' : 'witnessing'} the property reads`,
      );
  }
  const after: Record<string, unknown>[] = [];
  if (read) {
    if (read.group.length > 1) after.push({ collude: [...read.group] });
    after.push({
      check: [{ who: read.group.length === 1 ? read.group[0] : [...read.group], canRead: [target(read)] }],
    });
  }
  after.push({ property: { id: property.id, expect: result.verdict } });
  const name = stemOf(result);
  const scenario = scenarioFromRun(config, trace, {
    name,
    description: describe(result, property, read),
    seed: SEED,
    after,
  });
  return { name, scenario, itf: itfTrace(net, result, trace, markings) };
}
