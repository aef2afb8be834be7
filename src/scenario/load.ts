/**
 * Loading a scenario: YAML → schema → the model configuration (checked by the model's own rules) → steps
 * whose every name and number is checked against the net's universe. Everything a run could trip over is
 * rejected here, with the file, the field as the user wrote it, and the line and column: an unknown
 * principal, a parameter a transition does not have, a window beyond the clock, a name the wire format
 * cannot encode. Actions are the net's procedures (model/procedures.ts); whether one exists in the chosen
 * layer and variant is the net's answer, not a list kept here.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { ZodType } from 'zod';
import { InputError, type SourcePosition } from '../../common/input-error.ts';
import { buildNet } from '../../model/build.ts';
import { fileInstances, type ModelConfig } from '../../model/config.ts';
import type { Value } from '../../model/expr/ast.ts';
import { tupleKey } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { stepTransitions } from '../../model/procedures.ts';
import { bindingProblems } from '../../model/semantics.ts';
import { TRANSITION_NAMES, type TransitionName } from '../../model/transitions.ts';
import { PROPERTIES, type Property, type PropertyContext } from '../../properties/index.ts';
import type { EntryFilter } from '../audit/query.ts';
import { checkedModelConfig } from '../config/configuration.ts';
import { didYouMean, firstProblem, formatPath, type Path } from '../config/issues.ts';
import type { AeadAlgorithm } from '../crypto/types.ts';
import { CONCRETE_DETAILS } from '../sim/effects.ts';
import type { ExplicitPlaintext } from '../sim/world.ts';
import {
  ACTION_NAMES,
  ACTION_SCHEMAS,
  type ActionArgs,
  type ActionName,
  type Expectation,
  type LogCheckSpec,
  type PropertyExpectation,
  scenarioSchema,
  stepCommon,
  type TargetSpec,
} from './schema.ts';

/** One partition of one file version. */
export interface Target {
  readonly file: string;
  readonly partition: string;
}

export interface ReaderCheck {
  readonly kind?: 'readers';
  readonly who: readonly string[];
  readonly canRead?: readonly Target[];
  readonly cannotRead?: readonly Target[];
  readonly readsExactly?: readonly Target[];
}

/** What the audit log must hold (a scenario's `log` check), as the query the log is asked. */
export interface LogCheck {
  readonly kind: 'log';
  readonly filter: EntryFilter;
  /** Exactly this many entries; without it, at least one. */
  readonly count?: number;
  /** The check in words, for the report. */
  readonly description: string;
}

export type Check = ReaderCheck | LogCheck;

export const isLogCheck = (check: Check): check is LogCheck => check.kind === 'log';

/** One call of a model procedure, with its arguments checked against the universe. */
export interface ProcedureCall {
  readonly procedure: string;
  readonly args: Readonly<Record<string, Value>>;
  /** How an adversary step is done concretely (effects.ts, CONCRETE_DETAILS). */
  readonly detail?: string;
  /** A file argument naming a file with several versions: which version, decided when the step runs. */
  readonly pick?: { readonly param: string; readonly file: string; readonly version: 'next' | 'latest' };
}

export type StepBody =
  | { readonly kind: 'procedure'; readonly calls: readonly ProcedureCall[] }
  | {
      readonly kind: 'fire';
      readonly transition: TransitionName;
      readonly binding: Readonly<Record<string, Value>>;
      readonly detail?: string;
    }
  | { readonly kind: 'check'; readonly checks: readonly Check[] }
  | { readonly kind: 'collude'; readonly group: readonly string[] }
  | { readonly kind: 'property'; readonly property: Property; readonly expect: PropertyExpectation };

/** One step: an action with its arguments as written (for the report) and what it runs. */
export type ScenarioStep = {
  [K in ActionName]: {
    /** 1-based position in the file. */
    readonly index: number;
    readonly action: K;
    readonly args: ActionArgs[K];
    readonly body: StepBody;
    readonly expect?: Expectation;
    readonly note?: string;
  };
}[ActionName];

export interface Scenario {
  readonly name: string;
  readonly file: string;
  readonly description?: string;
  readonly config: ModelConfig;
  readonly net: Net;
  readonly aead: AeadAlgorithm;
  /** The scenario's own seed, if it names one. */
  readonly seed?: string;
  readonly plaintexts?: readonly ExplicitPlaintext[];
  readonly coalitions: readonly (readonly string[])[];
  readonly steps: readonly ScenarioStep[];
}

export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(path, '', `cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseScenario(text, path);
}

type Locate = (path: Path) => SourcePosition | undefined;

function rangeStart(node: unknown, at: (offset: number) => SourcePosition): SourcePosition | undefined {
  const range = (node as { range?: readonly [number, number, number] } | null | undefined)?.range;
  return range ? at(range[0]) : undefined;
}

export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: true, lineCounter });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const yamlError = document.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    const reason =
      yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
    throw new InputError(
      file,
      '',
      `invalid YAML: ${reason}`,
      pos ? { line: pos.line, column: pos.col } : undefined,
    );
  }
  /** Where the deepest element of `path` the document has is written: a map entry's key, a list item. */
  const locate: Locate = (path) => {
    let node: unknown = document.contents;
    let position: SourcePosition | undefined = rangeStart(node, at);
    for (const step of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (!pair) break;
        position = rangeStart(pair.key, at) ?? position;
        node = pair.value;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        position = rangeStart(node, at) ?? position;
      } else break;
    }
    return position;
  };
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // e.g. an alias to an undefined anchor, or an alias bomb
    throw new InputError(file, '', `invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const doc = parseWith(file, [], scenarioSchema, value, locate);
  const name = doc.name ?? basename(file).replace(/\.ya?ml$/, '');
  const config = checkedModelConfig(doc, file, [], locate);
  const net = buildNet(config);
  const universe = new Universe(file, net, locate);

  const steps = doc.steps.map((raw, k) => parseStep(raw, k, universe));
  doc.coalitions.forEach((coalition, k) => {
    coalition.forEach((p, j) => {
      universe.principal(p, ['coalitions', k, j], `coalitions[${k}][${j}]`);
    });
  });
  const plaintexts = doc.plaintexts === undefined ? undefined : universe.plaintexts(doc.plaintexts);
  return {
    name,
    file,
    ...(doc.description ? { description: doc.description.trim() } : {}),
    config,
    net,
    aead: doc.aead,
    ...(doc.seed !== undefined ? { seed: doc.seed } : {}),
    ...(plaintexts ? { plaintexts } : {}),
    coalitions: doc.coalitions,
    steps,
  };
}

function parseWith<T>(
  file: string,
  prefix: Path,
  schema: ZodType<T>,
  value: unknown,
  locate: Locate,
  label?: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problem = firstProblem(schema, result.error);
  const path = [...prefix, ...problem.path];
  const suffix = problem.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  throw new InputError(file, label ? `${label}${suffix}` : formatPath(path), problem.reason, locate(path));
}

function parseStep(raw: Record<string, unknown>, k: number, universe: Universe): ScenarioStep {
  const index = k + 1;
  const where = `step ${index}`;
  const path: Path = ['steps', k];
  const keys = Object.keys(raw);
  const actions = keys.filter((key) => (ACTION_NAMES as string[]).includes(key));
  const unknown = keys.filter(
    (key) => !(ACTION_NAMES as string[]).includes(key) && key !== 'expect' && key !== 'note',
  );
  if (unknown.length > 0) {
    const key = unknown[0] as string;
    const hint = didYouMean(key, [...ACTION_NAMES, 'expect', 'note']);
    throw universe.error(
      [...path, key],
      where,
      `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ` (actions: ${ACTION_NAMES.join(', ')})`}`,
    );
  }
  if (actions.length !== 1) {
    throw universe.error(
      path,
      where,
      actions.length === 0
        ? `no action (one of ${ACTION_NAMES.join(', ')})`
        : `several actions (${actions.join(', ')})`,
    );
  }
  const action = actions[0] as ActionName;
  const label = `${where} (${action})`;
  if (action === 'property' && raw.expect !== undefined)
    throw universe.error(
      [...path, 'expect'],
      `${where}.expect`,
      'a property step states its expectation as property.expect (holds, fails, reachable or unreachable)',
    );
  const common = parseWith(
    universe.file,
    path,
    stepCommon,
    { expect: raw.expect, note: raw.note },
    universe.locate,
    where,
  );
  const args = parseWith(
    universe.file,
    [...path, action],
    ACTION_SCHEMAS[action] as ZodType<unknown>,
    raw[action],
    universe.locate,
    label,
  );
  const body = universe.body(action, args as ActionArgs[ActionName], [...path, action], label);
  return {
    index,
    action,
    args,
    body,
    ...(common.expect ? { expect: common.expect } : {}),
    ...(common.note ? { note: common.note } : {}),
  } as ScenarioStep;
}

/** The net's universe, for checking the names a scenario uses and resolving targets. */
class Universe {
  readonly #instances: ReadonlySet<string>;
  /** File id → its version names, for files with more than one version. */
  readonly #versioned: ReadonlyMap<string, readonly string[]>;
  readonly #partitions: ReadonlySet<string>;

  constructor(
    readonly file: string,
    readonly net: Net,
    readonly locate: Locate,
  ) {
    const instances = fileInstances(net.config);
    this.#instances = new Set(instances.map((x) => x.name));
    const versioned = new Map<string, string[]>();
    for (const x of instances)
      if (x.name !== x.file.id) versioned.set(x.file.id, [...(versioned.get(x.file.id) ?? []), x.name]);
    this.#versioned = versioned;
    this.#partitions = new Set(net.config.partitions);
  }

  error(path: Path, field: string, reason: string): InputError {
    return new InputError(this.file, field, reason, this.locate(path));
  }

  #isTrue(fn: string, value: Value): boolean {
    return this.net.interpretation.functions.get(fn)?.get(tupleKey([value])) === true;
  }

  principal(id: string, path: Path, field: string, kind?: 'owner' | 'user' | 'owner-or-user'): void {
    const principals = this.net.interpretation.domains.Principal as string[];
    if (!principals.includes(id)) {
      const hint = didYouMean(id, principals);
      throw this.error(path, field, `unknown principal "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    const isOwner = this.#isTrue('isOwner', id);
    const isUser = this.#isTrue('isUser', id);
    if (kind === 'owner' && !isOwner) throw this.error(path, field, `"${id}" is not an owner`);
    if (kind === 'user' && !isUser) throw this.error(path, field, `"${id}" is not a user`);
    if (kind === 'owner-or-user' && !isOwner && !isUser)
      throw this.error(path, field, `"${id}" is a system principal`);
  }

  /** A file version; a file with several versions only where `pick` says which version is meant. */
  fileRef(id: string, path: Path, field: string, pick?: 'next' | 'latest'): 'instance' | 'versioned' {
    if (this.#instances.has(id)) return 'instance';
    const versions = this.#versioned.get(id);
    if (versions && pick) return 'versioned';
    if (versions)
      throw this.error(
        path,
        field,
        `"${id}" has ${versions.length} versions: name one (${versions.join(', ')})`,
      );
    const hint = didYouMean(id, [...this.#instances, ...this.#versioned.keys()]);
    throw this.error(path, field, `unknown file "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
  }

  partition(id: string, path: Path, field: string): void {
    if (!this.#partitions.has(id)) {
      const hint = didYouMean(id, [...this.#partitions]);
      throw this.error(path, field, `unknown partition "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
  }

  /** `file/partition` or `file/*`; with "/" inside names, the one split that names a file and a partition. */
  targets(spec: TargetSpec, path: Path, field: string): Target[] {
    const expand = (file: string, partition: string): Target[] =>
      partition === '*' ? [...this.#partitions].map((p) => ({ file, partition: p })) : [{ file, partition }];
    if (typeof spec !== 'string') {
      this.fileRef(spec.file, [...path, 'file'], `${field}.file`);
      if (spec.partition !== '*')
        this.partition(spec.partition, [...path, 'partition'], `${field}.partition`);
      return expand(spec.file, spec.partition);
    }
    const splits: [string, string][] = [];
    for (let k = spec.indexOf('/'); k >= 0; k = spec.indexOf('/', k + 1)) {
      const [file, partition] = [spec.slice(0, k), spec.slice(k + 1)];
      if (this.#instances.has(file) && (partition === '*' || this.#partitions.has(partition)))
        splits.push([file, partition]);
    }
    if (splits.length === 1) return expand(...(splits[0] as [string, string]));
    if (splits.length > 1)
      throw this.error(
        path,
        field,
        `"${spec}" can be read ${splits.length} ways; write it as { file: …, partition: … }`,
      );
    const slash = spec.indexOf('/');
    if (slash < 0) throw this.error(path, field, `expected "file/partition" or "file/*", got "${spec}"`);
    this.fileRef(spec.slice(0, spec.lastIndexOf('/')), path, field);
    this.partition(spec.slice(spec.lastIndexOf('/') + 1), path, field);
    throw this.error(path, field, `"${spec}" names no file and partition`);
  }

  plaintexts(
    spec: Record<string, string> | readonly { file: string; partition: string; text: string }[],
  ): ExplicitPlaintext[] {
    const out: ExplicitPlaintext[] = [];
    if (Array.isArray(spec)) {
      spec.forEach((entry, k) => {
        const [target] = this.targets(
          { file: entry.file, partition: entry.partition },
          ['plaintexts', k],
          `plaintexts[${k}]`,
        );
        if (entry.partition === '*')
          throw this.error(['plaintexts', k], `plaintexts[${k}]`, 'name one partition');
        out.push({ ...(target as Target), text: entry.text });
      });
      return out;
    }
    for (const [key, text] of Object.entries(spec)) {
      const field = formatPath(['plaintexts', key]);
      const found = this.targets(key, ['plaintexts', key], field);
      if (found.length !== 1) throw this.error(['plaintexts', key], field, 'name one partition, not "*"');
      out.push({ ...(found[0] as Target), text });
    }
    return out;
  }

  #call(
    procedure: string,
    args: Record<string, Value | undefined>,
    path: Path,
    label: string,
    options: {
      detail?: string;
      argPath?: (param: string) => Path;
      argField?: (param: string) => string;
    } = {},
  ): ProcedureCall {
    const spec = this.net.procedures[procedure];
    if (!spec) {
      throw this.error(
        path,
        label,
        `not available in the ${this.net.layer} layer with the ${this.net.variant} variant (its net lacks the transitions "${procedure}" needs)`,
      );
    }
    const argPath = options.argPath ?? ((param: string) => [...path, param]);
    const argField = options.argField ?? ((param: string) => `${label}.${param}`);
    const values: Record<string, Value> = {};
    let pick: ProcedureCall['pick'];
    for (const param of spec.params) {
      const value = args[param.name];
      if (value === undefined) {
        if (!param.optional) throw this.error(path, label, `needs ${param.name}`);
        continue;
      }
      const [p, f] = [argPath(param.name), argField(param.name)];
      if (param.sort === 'Principal') this.principal(String(value), p, f, param.kind);
      else if (param.sort === 'File') {
        const choice =
          procedure === 'upload'
            ? 'next'
            : procedure === 'download' || procedure === 'audit' || procedure.startsWith('tamper')
              ? 'latest'
              : undefined;
        if (this.fileRef(String(value), p, f, choice) === 'versioned' && choice)
          pick = { param: param.name, file: String(value), version: choice };
      } else if (param.sort === 'Partition') this.partition(String(value), p, f);
      else if (!this.net.interpretation.domains[param.sort].includes(value)) {
        const domain = this.net.interpretation.domains[param.sort];
        const range =
          param.sort === 'Time'
            ? `0..${domain.at(-1)} (the clock)`
            : domain.map((v) => JSON.stringify(v)).join(', ');
        throw this.error(p, f, `${JSON.stringify(value)} is not in ${param.sort}: ${range}`);
      }
      values[param.name] = value;
    }
    return {
      procedure,
      args: values,
      ...(options.detail ? { detail: options.detail } : {}),
      ...(pick ? { pick } : {}),
    };
  }

  body<K extends ActionName>(action: K, args: ActionArgs[K], path: Path, label: string): StepBody {
    const a = args as ActionArgs[ActionName];
    const calls = (list: ProcedureCall[]): StepBody => ({ kind: 'procedure', calls: list });
    switch (action) {
      case 'register':
      case 'authorize':
      case 'keys':
      case 'onboard':
        return calls(
          (a as string[]).map((principal, k) =>
            this.#call(action, { principal }, path, label, {
              argPath: () => [...path, k],
              argField: () => `${label}[${k}]`,
            }),
          ),
        );
      case 'reregister': {
        const { principal, role } = a as ActionArgs['reregister'];
        return calls([this.#call('reregister', { principal, role }, path, label)]);
      }
      case 'join':
      case 'deny-join':
      case 'allow-past-data':
      case 'depart':
      case 'grant':
      case 'limit': {
        const { owner, user, partition } = a as ActionArgs['grant'];
        return calls([this.#call(action, { owner, user, partition }, path, label)]);
      }
      case 'upload':
        return calls([
          this.#call('upload', { file: a as string }, path, label, {
            argPath: () => path,
            argField: () => label,
          }),
        ]);
      case 'audit':
        return calls([
          this.#call('audit', { file: a as string }, path, label, {
            argPath: () => path,
            argField: () => label,
          }),
        ]);
      case 'download': {
        const { user, file } = a as ActionArgs['download'];
        return calls([this.#call('download', { user, file }, path, label)]);
      }
      case 'request': {
        const { user, file, partition, token } = a as ActionArgs['request'];
        if (typeof token === 'string')
          return calls([
            this.#call('request-with-bad-token', { user, file, partition }, path, label, {
              detail: token,
            }),
          ]);
        return calls([this.#call('request', { user, file, partition, token }, path, label)]);
      }
      case 'decrypt': {
        const { user, file, partition } = a as ActionArgs['decrypt'];
        return calls([this.#call('decrypt', { user, file, partition }, path, label)]);
      }
      case 'tick':
        return calls([
          this.#call('tick', { ticks: a as number }, path, label, {
            argPath: () => path,
            argField: () => label,
          }),
        ]);
      case 'tamper':
      case 'tamper-manifest': {
        const spec = a as ActionArgs['tamper'] | ActionArgs['tamper-manifest'];
        const file = typeof spec === 'string' ? spec : spec.file;
        const how: string | undefined = typeof spec === 'string' ? undefined : spec.how;
        const fileAt = typeof spec === 'string' ? { argPath: () => path, argField: () => label } : {};
        if (how === 'reorder' && this.net.config.partitions.length < 2)
          throw this.error([...path, 'how'], `${label}.how`, 'reordering needs two partitions or more');
        return calls([
          this.#call(action, { file }, path, label, { ...fileAt, ...(how ? { detail: how } : {}) }),
        ]);
      }
      case 'substitute': {
        const { file, with: other } = a as ActionArgs['substitute'];
        return calls([this.#call('substitute', { file, with: other }, path, label)]);
      }
      case 'inject-parameters': {
        const { by, file, level } = a as ActionArgs['inject-parameters'];
        return calls([this.#call('inject-parameters', { by, file, level }, path, label)]);
      }
      case 'inject-rekey': {
        const { by, owner, user } = a as ActionArgs['inject-rekey'];
        return calls([this.#call('inject-rekey', { by, owner, user }, path, label)]);
      }
      case 'collude': {
        const group = a as string[];
        group.forEach((p, k) => {
          this.principal(p, [...path, k], `${label}[${k}]`);
        });
        return { kind: 'collude', group };
      }
      case 'fire':
        return this.#fire(a as ActionArgs['fire'], path, label);
      case 'property':
        return this.#property(a as ActionArgs['property'], path, label);
      case 'check':
        return {
          kind: 'check',
          checks: (a as ActionArgs['check']).map((c, k) => this.#check(c, [...path, k], `${label}[${k}]`)),
        };
    }
    throw this.error(path, label, `unknown action ${String(action)}`);
  }

  #fire(args: ActionArgs['fire'], path: Path, label: string): StepBody {
    const { transition, detail, ...binding } = args;
    const spec = this.net.transitions.find((t) => t.name === transition);
    if (!spec) {
      const known = (TRANSITION_NAMES as readonly string[]).includes(transition);
      const hint = known
        ? undefined
        : didYouMean(
            transition,
            this.net.transitions.map((t) => t.name),
          );
      throw this.error(
        [...path, 'transition'],
        `${label}.transition`,
        known
          ? `no transition "${transition}" in the ${this.net.layer} layer with the ${this.net.variant} variant`
          : `no transition "${transition}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      );
    }
    const problem = bindingProblems(spec, binding, this.net)[0];
    if (problem) throw this.error([...path, problem.param], `${label}.${problem.param}`, problem.reason);
    if (detail !== undefined) {
      const kinds = (CONCRETE_DETAILS as Partial<Record<string, readonly string[]>>)[spec.name];
      if (!kinds) throw this.error([...path, 'detail'], `${label}.detail`, `${spec.name} takes no detail`);
      if (!kinds.includes(detail))
        throw this.error([...path, 'detail'], `${label}.detail`, `expected one of ${kinds.join(', ')}`);
    }
    return { kind: 'fire', transition: spec.name, binding, ...(detail !== undefined ? { detail } : {}) };
  }

  /** The property named, applicable to this configuration, with an expectation its kind can have. */
  #property(args: ActionArgs['property'], path: Path, label: string): StepBody {
    const property = PROPERTIES.find((p) => p.id === args.id);
    if (!property) {
      const hint = didYouMean(
        args.id,
        PROPERTIES.map((p) => p.id),
      );
      throw this.error(
        [...path, 'id'],
        `${label}.id`,
        `unknown property "${args.id}"${hint ? ` (did you mean "${hint}"?)` : ` (properties: ${PROPERTIES.map((p) => p.id).join(', ')})`}`,
      );
    }
    const { config } = this.net;
    const ctx: PropertyContext = {
      net: this.net,
      layer: config.layer,
      variant: config.variant,
      pastData: config.pastData,
      mode: config.mode,
    };
    if (property.appliesTo && !property.appliesTo(ctx))
      throw this.error(
        [...path, 'id'],
        `${label}.id`,
        `${property.id} does not apply to this configuration (the ${config.layer} layer, ${config.variant} variant, ${config.pastData}, ${config.mode})`,
      );
    const words: readonly PropertyExpectation[] =
      property.kind === 'reachable' ? ['reachable', 'unreachable'] : ['holds', 'fails'];
    if (!words.includes(args.expect))
      throw this.error(
        [...path, 'expect'],
        `${label}.expect`,
        `${property.id} is ${property.kind === 'invariant' ? 'an' : 'a'} ${property.kind} property: expect ${words.join(' or ')}`,
      );
    return { kind: 'property', property, expect: args.expect };
  }

  #check(c: ActionArgs['check'][number], path: Path, label: string): Check {
    const readerFields = (['who', 'canRead', 'cannotRead', 'readsExactly'] as const).filter(
      (field) => c[field] !== undefined,
    );
    if (c.log !== undefined) {
      const field = readerFields[0];
      if (field)
        throw this.error(
          [...path, field],
          `${label}.${field}`,
          'a log check stands alone: put who can read what in a check of its own',
        );
      return this.#logCheck(c.log, [...path, 'log'], `${label}.log`);
    }
    if (c.who === undefined)
      throw this.error(path, label, 'a check needs who (with canRead, cannotRead or readsExactly) or log');
    const who = c.who;
    who.forEach((p, j) => {
      this.principal(p, [...path, 'who', j], `${label}.who[${j}]`);
    });
    const list = (field: 'canRead' | 'cannotRead' | 'readsExactly') => {
      const value = c[field];
      if (value === undefined) return undefined;
      if (value === 'nothing') return [];
      return value.flatMap((t, j) => this.targets(t, [...path, field, j], `${label}.${field}[${j}]`));
    };
    const canRead = list('canRead');
    const cannotRead = list('cannotRead');
    const readsExactly = list('readsExactly');
    if (!canRead && !cannotRead && !readsExactly)
      throw this.error(path, label, 'a check needs canRead, cannotRead or readsExactly');
    return {
      who,
      ...(canRead ? { canRead } : {}),
      ...(cannotRead ? { cannotRead } : {}),
      ...(readsExactly ? { readsExactly } : {}),
    };
  }

  /** A log check's names checked against the universe, turned into the log's query. */
  #logCheck(spec: LogCheckSpec, path: Path, label: string): LogCheck {
    const words: string[] = [];
    const filter: { -readonly [K in keyof EntryFilter]: EntryFilter[K] } = { types: [spec.type] };
    if (spec.user !== undefined) {
      this.principal(spec.user, [...path, 'user'], `${label}.user`);
      filter.user = spec.user;
      words.push(`about ${spec.user}`);
    }
    if (spec.file !== undefined) {
      const instance = fileInstances(this.net.config).find((x) => x.name === spec.file);
      if (instance) {
        filter.file = `${instance.file.owner}/${instance.file.id}`;
        if (instance.name !== instance.file.id) filter.version = instance.version;
      } else {
        this.fileRef(spec.file, [...path, 'file'], `${label}.file`, 'latest');
        const file = this.net.config.files.find((x) => x.id === spec.file);
        filter.file = `${file?.owner}/${spec.file}`;
      }
      words.push(`for ${spec.file}`);
    }
    const refine = (key: 'reason' | 'kind' | 'result', only: string) => {
      const value = spec[key];
      if (value === undefined) return;
      if (spec.type !== only)
        throw this.error([...path, key], `${label}.${key}`, `only a ${only} entry has a ${key}`);
      filter[key] = value;
      words.push(`${key} ${value}`);
    };
    refine('reason', 'refusal');
    refine('kind', 'corruption');
    refine('result', 'auditVerdict');
    const what = `${spec.type} ${spec.count === 1 ? 'entry' : 'entries'}${words.length ? ` ${words.join(', ')}` : ''}`;
    return {
      kind: 'log',
      filter,
      ...(spec.count !== undefined ? { count: spec.count } : {}),
      description:
        spec.count === undefined
          ? `the log holds a ${what.replace(/ entries/, ' entry')}`
          : `the log holds exactly ${spec.count} ${what}`,
    };
  }
}

/** Every transition a scenario's procedures may fire (for tools that list what a scenario uses). */
export function transitionsOf(scenario: Scenario): Set<TransitionName> {
  const out = new Set<TransitionName>();
  for (const step of scenario.steps) {
    if (step.body.kind === 'fire') out.add(step.body.transition);
    if (step.body.kind === 'procedure')
      for (const call of step.body.calls)
        for (const s of scenario.net.procedures[call.procedure]?.steps ?? [])
          for (const t of stepTransitions(s)) out.add(t);
  }
  return out;
}
