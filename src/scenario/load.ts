/** Loading a scenario: YAML → schema → cross-references → a model configuration and checked steps. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import type { ZodType } from 'zod';
import { InputError } from '../../common/input-error.ts';
import { buildNet } from '../../model/build.ts';
import { ConfigError, type ModelConfig, OWNER_ROLE } from '../../model/config.ts';
import { SYSTEM } from '../../model/vocabulary.ts';
import type { AeadAlgorithm, CipherMode } from '../crypto/types.ts';
import {
  ACTION_NAMES,
  ACTION_SCHEMAS,
  type ActionArgs,
  type ActionName,
  type Expectation,
  scenarioSchema,
  stepCommon,
} from './schema.ts';

/** One step: an action with its checked arguments (a union over the actions, so `args` narrows). */
export type ScenarioStep = {
  [K in ActionName]: {
    /** 1-based position in the file. */
    readonly index: number;
    readonly action: K;
    readonly args: ActionArgs[K];
    readonly expect?: Expectation;
    readonly note?: string;
  };
}[ActionName];

export interface Scenario {
  readonly name: string;
  readonly file: string;
  readonly description?: string;
  readonly config: ModelConfig;
  readonly mode: CipherMode;
  readonly aead: AeadAlgorithm;
  readonly seed: string;
  readonly plaintexts?: Readonly<Record<string, string>>;
  readonly coalitions: readonly (readonly string[])[];
  readonly steps: readonly ScenarioStep[];
}

/** Actions that need the extended layer's transitions. */
const EXTENDED_ONLY: ReadonlySet<ActionName> = new Set<ActionName>([
  'register',
  'authorize',
  'join',
  'deny-join',
  'grant',
  'limit',
  'allow-past-data',
  'depart',
  'tick',
  'tamper',
]);

function zodProblem<T>(file: string, prefix: string, schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  throw new InputError(file, `${prefix}${path}`.replace(/^\./, ''), issue?.message ?? 'invalid');
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

export function parseScenario(text: string, file: string): Scenario {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    const line = error?.linePos?.[0];
    throw new InputError(
      file,
      line ? `line ${line.line}` : '',
      `invalid YAML: ${error?.code ?? 'syntax error'}`,
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // e.g. an alias to an undefined anchor, or an alias bomb
    throw new InputError(file, '', `invalid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const doc = zodProblem(file, '', scenarioSchema, value);
  const name = doc.name ?? basename(file).replace(/\.ya?ml$/, '');

  const principals = Object.entries(doc.principals).map(([id, role]) => ({
    id,
    kind: role === OWNER_ROLE ? ('owner' as const) : ('user' as const),
    role,
  }));
  const config: ModelConfig = {
    layer: doc.layer,
    variant: doc.variant,
    pastData: doc.pastData,
    principals,
    partitions: doc.partitions,
    files: Object.entries(doc.files).map(([id, f]) => ({
      id,
      owner: f.owner,
      window: { start: f.window?.[0] ?? doc.clock.start, end: f.window?.[1] ?? doc.clock.max },
      levels: f.levels ?? Object.fromEntries(doc.partitions.map((p, k) => [p, k])),
    })),
    roleAccess: Object.entries(doc.access).flatMap(([owner, roles]) =>
      Object.entries(roles).map(([role, partitions]) => ({ owner, role, partitions })),
    ),
    time: doc.clock,
  };
  let net: ReturnType<typeof buildNet>;
  try {
    net = buildNet(config);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new InputError(file, error.field, error.message.replace(/^invalid [^:]+: /, ''));
    throw error;
  }

  const refs = new References(
    file,
    config,
    net.transitions.map((t) => t.name),
  );
  const steps = doc.steps.map((raw, k) => parseStep(file, raw, k + 1, config, refs));
  for (const coalition of doc.coalitions) {
    for (const [i, p] of coalition.entries()) refs.principal(p, 'coalitions', `[${i}]`);
  }
  return {
    name,
    file,
    ...(doc.description ? { description: doc.description.trim() } : {}),
    config,
    mode: doc.mode,
    aead: doc.aead,
    seed: doc.seed ?? name,
    ...(doc.plaintexts ? { plaintexts: doc.plaintexts } : {}),
    coalitions: doc.coalitions,
    steps,
  };
}

function parseStep(
  file: string,
  raw: Record<string, unknown>,
  index: number,
  config: ModelConfig,
  refs: References,
): ScenarioStep {
  const where = `step ${index}`;
  const actions = Object.keys(raw).filter((key) => (ACTION_NAMES as string[]).includes(key));
  const unknown = Object.keys(raw).filter(
    (key) => !(ACTION_NAMES as string[]).includes(key) && key !== 'expect' && key !== 'note',
  );
  if (unknown.length > 0)
    throw new InputError(file, where, `unknown key "${unknown[0]}" (actions: ${ACTION_NAMES.join(', ')})`);
  if (actions.length !== 1) {
    throw new InputError(
      file,
      where,
      actions.length === 0
        ? `no action (one of ${ACTION_NAMES.join(', ')})`
        : `several actions (${actions.join(', ')})`,
    );
  }
  const action = actions[0] as ActionName;
  if (config.layer === 'paper' && EXTENDED_ONLY.has(action)) {
    throw new InputError(
      file,
      `${where} (${action})`,
      'not available in the paper layer (it has no such transition)',
    );
  }
  const common = zodProblem(file, `${where}`, stepCommon, { expect: raw.expect, note: raw.note });
  const args: unknown = zodProblem(
    file,
    `${where} (${action})`,
    ACTION_SCHEMAS[action] as ZodType<unknown>,
    raw[action],
  );
  refs.checkAction(action, args, `${where} (${action})`);
  return {
    index,
    action,
    args,
    ...(common.expect ? { expect: common.expect } : {}),
    ...(common.note ? { note: common.note } : {}),
  } as ScenarioStep;
}

/** Cross-reference checks: every name a step uses exists and has the right kind. */
class References {
  readonly #principals: Map<string, 'owner' | 'user' | 'system'>;
  readonly #files: Set<string>;
  readonly #partitions: Set<string>;
  constructor(
    readonly file: string,
    readonly config: ModelConfig,
    readonly transitions: readonly string[],
  ) {
    this.#principals = new Map([
      ...Object.values(SYSTEM).map((s) => [s, 'system'] as const),
      ...config.principals.map((p) => [p.id, p.kind] as const),
    ]);
    this.#files = new Set(config.files.map((f) => f.id));
    this.#partitions = new Set(config.partitions);
  }

  principal(id: string, where: string, field: string, kind?: 'owner' | 'user'): void {
    const actual = this.#principals.get(id);
    if (!actual) throw new InputError(this.file, `${where}${field}`, `unknown principal "${id}"`);
    if (kind && actual !== kind)
      throw new InputError(
        this.file,
        `${where}${field}`,
        `"${id}" is not ${kind === 'owner' ? 'an owner' : 'a user'}`,
      );
  }

  fileRef(id: string, where: string, field: string): void {
    if (!this.#files.has(id)) throw new InputError(this.file, `${where}${field}`, `unknown file "${id}"`);
  }

  partition(id: string, where: string, field: string): void {
    if (!this.#partitions.has(id))
      throw new InputError(this.file, `${where}${field}`, `unknown partition "${id}"`);
  }

  target(text: string, where: string, field: string): void {
    const [file, partition] = text.split('/') as [string, string];
    this.fileRef(file, where, field);
    if (partition !== '*') this.partition(partition, where, field);
  }

  checkAction(action: ActionName, args: unknown, where: string): void {
    const a = args as Record<string, unknown>;
    switch (action) {
      case 'register':
      case 'authorize':
      case 'keys':
      case 'onboard':
        (args as string[]).forEach((p, i) => {
          this.principal(p, where, `[${i}]`);
          if (this.#principals.get(p) === 'system')
            throw new InputError(this.file, `${where}[${i}]`, `"${p}" is a system principal`);
        });
        break;
      case 'join':
      case 'deny-join':
      case 'allow-past-data':
      case 'depart':
      case 'grant':
      case 'limit':
        this.principal(a.owner as string, where, '.owner', 'owner');
        this.principal(a.user as string, where, '.user', 'user');
        if (a.partition !== undefined) this.partition(a.partition as string, where, '.partition');
        break;
      case 'upload':
      case 'tamper':
        this.fileRef(args as string, where, '');
        break;
      case 'download':
      case 'request':
      case 'decrypt':
        this.principal(a.user as string, where, '.user', 'user');
        this.fileRef(a.file as string, where, '.file');
        if (a.partition !== undefined) this.partition(a.partition as string, where, '.partition');
        if (a.token !== undefined && (a.token as number) > this.config.time.max) {
          throw new InputError(
            this.file,
            `${where}.token`,
            `beyond the clock's last time point ${this.config.time.max}`,
          );
        }
        break;
      case 'tick':
        break;
      case 'collude':
        for (const [i, p] of (args as string[]).entries()) this.principal(p, where, `[${i}]`);
        break;
      case 'fire':
        if (!this.transitions.includes(a.transition as string)) {
          throw new InputError(
            this.file,
            `${where}.transition`,
            `no transition "${a.transition}" in this layer and variant`,
          );
        }
        break;
      case 'check':
        (
          args as {
            who: string[];
            canRead?: string[];
            cannotRead?: string[];
            readsExactly?: string[] | 'nothing';
          }[]
        ).forEach((c, i) => {
          for (const [j, p] of c.who.entries()) this.principal(p, where, `[${i}].who[${j}]`);
          for (const field of ['canRead', 'cannotRead', 'readsExactly'] as const) {
            const list = c[field];
            if (Array.isArray(list))
              for (const [j, t] of list.entries()) this.target(t, where, `[${i}].${field}[${j}]`);
          }
          if (!c.canRead && !c.cannotRead && !c.readsExactly) {
            throw new InputError(
              this.file,
              `${where}[${i}]`,
              'a check needs canRead, cannotRead or readsExactly',
            );
          }
        });
        break;
    }
  }
}
