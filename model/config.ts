/**
 * A model configuration: which layer and variant, which past-data policy, and the finite universe
 * (principals, roles, partitions, files, time bound). Like a TLA+ .cfg, it is separate from the model:
 * `buildNet(config)` instantiates the one model for it.
 */
import type { Variant } from '../common/variants.ts';
import type { DomainName, Value } from './expr/ast.ts';
import { type Interpretation, type Marking, tupleKey } from './expr/evaluate.ts';
import { type Layer, R, REASONS, S, SYSTEM } from './vocabulary.ts';

export const LAYERS = ['paper', 'extended'] as const satisfies readonly Layer[];
export const PAST_DATA_POLICIES = ['from-join-date', 'all-past'] as const;
export type PastDataPolicy = (typeof PAST_DATA_POLICIES)[number];

export interface PrincipalConfig {
  readonly id: string;
  readonly kind: 'owner' | 'user';
  /** Users register under a role (family, doctor, …); owners have the role `owner`. */
  readonly role: string;
}

export interface FileConfig {
  readonly id: string;
  readonly owner: string;
  /** Inclusive access window on the model clock (the seed paper's time server). */
  readonly window: { readonly start: number; readonly end: number };
  /** Access level of every partition; partitions sharing a level share r, R_{i-P} and K. */
  readonly levels: Readonly<Record<string, number>>;
}

export interface RoleAccess {
  readonly owner: string;
  readonly role: string;
  readonly partitions: readonly string[];
}

export interface ModelConfig {
  readonly layer: Layer;
  readonly variant: Variant;
  readonly pastData: PastDataPolicy;
  readonly principals: readonly PrincipalConfig[];
  readonly partitions: readonly string[];
  readonly files: readonly FileConfig[];
  readonly roleAccess: readonly RoleAccess[];
  readonly time: { readonly start: number; readonly max: number; readonly tokenMaxAge: number };
}

export class ConfigError extends Error {
  readonly field: string;
  constructor(field: string, reason: string) {
    super(`invalid ${field}: ${reason}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

export const OWNER_ROLE = 'owner';
export const SYSTEM_ROLE = 'system';

/** Checks the cross-references a schema cannot: ids unique, owners exist, levels cover partitions. */
export function checkConfig(config: ModelConfig): void {
  const ids = new Set<string>(Object.values(SYSTEM));
  config.principals.forEach((p, k) => {
    if (ids.has(p.id))
      throw new ConfigError(`principals[${k}].id`, `"${p.id}" is used twice or is a system principal`);
    ids.add(p.id);
    if (p.kind === 'owner' && p.role !== OWNER_ROLE)
      throw new ConfigError(`principals[${k}].role`, 'an owner has the role "owner"');
    if (p.kind === 'user' && (p.role === OWNER_ROLE || p.role === SYSTEM_ROLE)) {
      throw new ConfigError(`principals[${k}].role`, `"${p.role}" is reserved`);
    }
  });
  const owners = new Set(config.principals.filter((p) => p.kind === 'owner').map((p) => p.id));
  const partitions = new Set(config.partitions);
  if (partitions.size !== config.partitions.length)
    throw new ConfigError('partitions', 'labels must be unique');
  const fileIds = new Set<string>();
  config.files.forEach((file, k) => {
    if (fileIds.has(file.id)) throw new ConfigError(`files[${k}].id`, `"${file.id}" is used twice`);
    fileIds.add(file.id);
    if (!owners.has(file.owner))
      throw new ConfigError(`files[${k}].owner`, `"${file.owner}" is not an owner`);
    if (file.window.start > file.window.end)
      throw new ConfigError(`files[${k}].window`, 'start is after end');
    for (const label of config.partitions) {
      if (file.levels[label] === undefined)
        throw new ConfigError(`files[${k}].levels`, `no level for partition "${label}"`);
    }
    for (const label of Object.keys(file.levels)) {
      if (!partitions.has(label))
        throw new ConfigError(`files[${k}].levels.${label}`, 'not a declared partition');
    }
  });
  config.roleAccess.forEach((entry, k) => {
    if (!owners.has(entry.owner))
      throw new ConfigError(`roleAccess[${k}].owner`, `"${entry.owner}" is not an owner`);
    for (const label of entry.partitions) {
      if (!partitions.has(label))
        throw new ConfigError(`roleAccess[${k}].partitions`, `"${label}" is not a declared partition`);
    }
  });
  const { start, max, tokenMaxAge } = config.time;
  if (!(Number.isInteger(start) && Number.isInteger(max) && start >= 0 && start <= max)) {
    throw new ConfigError('time', 'expected whole numbers with 0 ≤ start ≤ max');
  }
  if (!(Number.isInteger(tokenMaxAge) && tokenMaxAge >= 0))
    throw new ConfigError('time.tokenMaxAge', 'expected a whole number ≥ 0');
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

export function domainsOf(config: ModelConfig): Record<DomainName, Value[]> {
  const roles = new Set<string>([OWNER_ROLE, SYSTEM_ROLE]);
  for (const p of config.principals) roles.add(p.role);
  for (const entry of config.roleAccess) roles.add(entry.role);
  const levels = new Set<number>();
  for (const file of config.files) for (const level of Object.values(file.levels)) levels.add(level);
  return {
    Principal: [...Object.values(SYSTEM), ...config.principals.map((p) => p.id)],
    Role: [...roles],
    Partition: [...config.partitions],
    Level: levels.size === 0 ? [0] : range(Math.min(...levels), Math.max(...levels)),
    File: config.files.map((f) => f.id),
    Time: range(0, config.time.max),
    Reason: [...REASONS],
  };
}

type Table = Map<string, Value>;

function table(entries: Iterable<[readonly Value[], Value]>): Table {
  const out: Table = new Map();
  for (const [args, value] of entries) out.set(tupleKey(args), value);
  return out;
}

export function interpretationOf(config: ModelConfig): Interpretation {
  const domains = domainsOf(config);
  const kindOf = new Map(config.principals.map((p) => [p.id, p]));
  const files = config.files;
  const granted = new Set(
    config.roleAccess.flatMap((e) => e.partitions.map((i) => tupleKey([e.owner, e.role, i]))),
  );
  const principals = domains.Principal as string[];
  const functions = new Map<string, Table>([
    ['ownerOf', table(files.map((f) => [[f.id], f.owner]))],
    [
      'levelOf',
      table(files.flatMap((f) => config.partitions.map((i) => [[f.id, i], f.levels[i] as number] as const))),
    ],
    [
      'usesLevel',
      table(
        files.flatMap((f) =>
          domains.Level.map((l) => [[f.id, l], Object.values(f.levels).includes(l as number)] as const),
        ),
      ),
    ],
    ['roleOf', table(principals.map((p) => [[p], kindOf.get(p)?.role ?? SYSTEM_ROLE]))],
    ['isOwner', table(principals.map((p) => [[p], kindOf.get(p)?.kind === 'owner']))],
    ['isUser', table(principals.map((p) => [[p], kindOf.get(p)?.kind === 'user']))],
    [
      'roleAccess',
      table(
        principals.flatMap((o) =>
          domains.Role.flatMap((r) =>
            config.partitions.map((i) => [[o, r, i], granted.has(tupleKey([o, r, i]))] as const),
          ),
        ),
      ),
    ],
    ['windowStart', table(files.map((f) => [[f.id], Math.min(f.window.start, config.time.max)]))],
    ['windowEnd', table(files.map((f) => [[f.id], Math.min(f.window.end, config.time.max)]))],
  ]);
  const constants = new Map<string, Value>([
    ['allPastData', config.pastData === 'all-past'],
    ['tokenMaxAge', Math.min(config.time.tokenMaxAge, config.time.max)],
    ['maxTime', config.time.max],
  ]);
  return { domains, functions, constants };
}

/**
 * M0: every owner holds the plaintext of its files; in the paper layer (no join transitions) the ACL
 * the owner gives the SRS at registration is already in place — every user with its role's access.
 */
export function initialMarkingOf(config: ModelConfig): Marking {
  const holdsPT = new Set<string>();
  for (const file of config.files)
    for (const i of config.partitions) holdsPT.add(tupleKey([file.owner, file.id, i]));
  const acl = new Set<string>();
  if (config.layer === 'paper') {
    const users = config.principals.filter((p) => p.kind === 'user');
    for (const entry of config.roleAccess) {
      for (const user of users.filter((u) => u.role === entry.role)) {
        for (const i of entry.partitions) acl.add(tupleKey([entry.owner, user.id, i]));
      }
    }
  }
  return {
    relations: new Map([
      [R.holdsPT.name, holdsPT],
      [R.acl.name, acl],
    ]),
    scalars: new Map<string, Value>([[S.now.name, config.time.start]]),
  };
}
