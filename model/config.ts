/**
 * A model configuration: which layer and variant, which past-data policy and cipher mode, and the finite
 * universe (principals, roles, partitions, files and their versions, the clock). Like a TLA+ .cfg it is
 * separate from the model: `buildNet(config)` instantiates the one model for it. `checkConfig` is the one
 * place a configuration's values are validated — identifiers with the wire format's rule, numbers against
 * the wire format's limits, cross-references — whatever the configuration came from (a scenario, a trace).
 */
import { identifierProblem } from '../common/identifiers.ts';
import { ACCESS_LEVEL_MAX, CLOCK_MAX, PARTITIONS_MAX } from '../common/limits.ts';
import type { CipherMode } from '../common/modes.ts';
import type { Variant } from '../common/variants.ts';
import type { DomainName, Value } from './expr/ast.ts';
import { type Interpretation, type Marking, tupleKey } from './expr/evaluate.ts';
import { AUDITOR, type Layer, R, REASONS, S, SYSTEM } from './vocabulary.ts';

export const LAYERS = ['paper', 'extended'] as const satisfies readonly Layer[];
export const PAST_DATA_POLICIES = ['from-join-date', 'all-past'] as const;
export type PastDataPolicy = (typeof PAST_DATA_POLICIES)[number];
/** Whether the SRS serves R for a version that a later version of the same file superseded. */
export const OLD_VERSION_POLICIES = ['refuse', 'allow'] as const;
export type OldVersionPolicy = (typeof OLD_VERSION_POLICIES)[number];

/** The clock a configuration gets when it names none: time 0..8, tokens fresh for 2 ticks. */
export const CLOCK_DEFAULTS = { start: 0, max: 8, tokenMaxAge: 2 } as const;
/** Most versions one file may have in a universe (each version is an element of the File domain). */
export const VERSIONS_MAX = 64;

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
  /** How many versions the owner may upload (default 1). */
  readonly versions?: number;
  /** Default `refuse`: R is refused (`superseded`) for a version once a later one is at the SRS. */
  readonly oldVersions?: OldVersionPolicy;
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
  readonly mode: CipherMode;
  readonly principals: readonly PrincipalConfig[];
  readonly partitions: readonly string[];
  readonly files: readonly FileConfig[];
  readonly roleAccess: readonly RoleAccess[];
  readonly time: { readonly start: number; readonly max: number; readonly tokenMaxAge: number };
}

/** Where in a configuration a problem is, in its own terms; a loader maps it to the user's file. */
export type ConfigLocation =
  | { readonly section: 'principals'; readonly id?: string; readonly field?: 'role' }
  | { readonly section: 'partitions'; readonly label?: string }
  | {
      readonly section: 'files';
      readonly id: string;
      readonly field?: 'owner' | 'window' | 'levels' | 'versions';
      readonly partition?: string;
    }
  | { readonly section: 'access'; readonly owner: string; readonly role?: string; readonly index?: number }
  | { readonly section: 'time'; readonly field?: 'start' | 'max' | 'tokenMaxAge' };

/** The location as a path through a ModelConfig-shaped object (used where no better map exists). */
export function describeLocation(location: ConfigLocation): string {
  switch (location.section) {
    case 'principals':
      return ['principals', location.id, location.field].filter(Boolean).join('.');
    case 'partitions':
      return location.label === undefined ? 'partitions' : `partitions.${location.label}`;
    case 'files':
      return ['files', location.id, location.field, location.partition].filter(Boolean).join('.');
    case 'access': {
      const path = ['access', location.owner, location.role].filter(Boolean).join('.');
      return location.index === undefined ? path : `${path}[${location.index}]`;
    }
    case 'time':
      return location.field ? `time.${location.field}` : 'time';
  }
}

export class ConfigError extends Error {
  readonly location: ConfigLocation;
  readonly reason: string;
  constructor(location: ConfigLocation, reason: string) {
    super(`${describeLocation(location)}: ${reason}`);
    this.name = 'ConfigError';
    this.location = location;
    this.reason = reason;
  }
}

export const OWNER_ROLE = 'owner';
export const SYSTEM_ROLE = 'system';

/** One version of one file: the element of the File domain that the model's relations talk about. */
export interface FileInstance {
  /** The File domain value: the file's id for a single-version file, `id@v` otherwise. */
  readonly name: string;
  readonly file: FileConfig;
  readonly version: number;
}

export function versionsOf(file: FileConfig): number {
  return file.versions ?? 1;
}

/** Every version of every file, in configuration order. */
export function fileInstances(config: Pick<ModelConfig, 'files'>): FileInstance[] {
  return config.files.flatMap((file) => {
    const count = versionsOf(file);
    return Array.from({ length: count }, (_, k) => ({
      name: count === 1 ? file.id : `${file.id}@${k + 1}`,
      file,
      version: k + 1,
    }));
  });
}

const isWhole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

function requireIdentifier(value: string, location: ConfigLocation): void {
  const problem = identifierProblem(value);
  if (problem !== undefined) throw new ConfigError(location, `"${value}" is not a valid name: ${problem}`);
}

/** Checks every value and cross-reference of a configuration; throws a located ConfigError. */
export function checkConfig(config: ModelConfig): void {
  const { start, max, tokenMaxAge } = config.time;
  if (!isWhole(max, 0, CLOCK_MAX))
    throw new ConfigError({ section: 'time', field: 'max' }, `expected a whole number 0..${CLOCK_MAX}`);
  if (!isWhole(start, 0, max))
    throw new ConfigError({ section: 'time', field: 'start' }, `expected a whole number 0..${max} (max)`);
  if (!isWhole(tokenMaxAge, 0, Number.MAX_SAFE_INTEGER))
    throw new ConfigError({ section: 'time', field: 'tokenMaxAge' }, 'expected a whole number ≥ 0');

  const ids = new Set<string>([...Object.values(SYSTEM), AUDITOR]);
  for (const p of config.principals) {
    requireIdentifier(p.id, { section: 'principals', id: p.id });
    if (ids.has(p.id))
      throw new ConfigError({ section: 'principals', id: p.id }, 'used twice or a system principal');
    ids.add(p.id);
    requireIdentifier(p.role, { section: 'principals', id: p.id, field: 'role' });
    if (p.kind === 'owner' && p.role !== OWNER_ROLE)
      throw new ConfigError(
        { section: 'principals', id: p.id, field: 'role' },
        'an owner has the role "owner"',
      );
    if (p.kind === 'user' && (p.role === OWNER_ROLE || p.role === SYSTEM_ROLE))
      throw new ConfigError({ section: 'principals', id: p.id, field: 'role' }, `"${p.role}" is reserved`);
  }
  if (config.principals.length === 0) throw new ConfigError({ section: 'principals' }, 'no principals');
  const owners = new Set(config.principals.filter((p) => p.kind === 'owner').map((p) => p.id));

  if (config.partitions.length === 0 || config.partitions.length > PARTITIONS_MAX)
    throw new ConfigError({ section: 'partitions' }, `expected 1 to ${PARTITIONS_MAX} partitions`);
  const partitions = new Set<string>();
  for (const label of config.partitions) {
    requireIdentifier(label, { section: 'partitions', label });
    if (partitions.has(label)) throw new ConfigError({ section: 'partitions', label }, 'declared twice');
    partitions.add(label);
  }

  const fileIds = new Set<string>();
  for (const file of config.files) {
    const at = (field?: 'owner' | 'window' | 'levels' | 'versions', partition?: string): ConfigLocation => ({
      section: 'files',
      id: file.id,
      ...(field ? { field } : {}),
      ...(partition ? { partition } : {}),
    });
    requireIdentifier(file.id, at());
    if (fileIds.has(file.id)) throw new ConfigError(at(), 'declared twice');
    fileIds.add(file.id);
    if (!owners.has(file.owner)) throw new ConfigError(at('owner'), `"${file.owner}" is not an owner`);
    const { start: from, end: to } = file.window;
    if (!isWhole(from, 0, max) || !isWhole(to, 0, max))
      throw new ConfigError(
        at('window'),
        `[${from}, ${to}] lies outside the clock 0..${max}; widen the clock (max) or narrow the window`,
      );
    if (from > to) throw new ConfigError(at('window'), `start ${from} is after end ${to}`);
    for (const label of config.partitions) {
      const level = file.levels[label];
      if (level === undefined) throw new ConfigError(at('levels', label), 'no access level');
      if (!isWhole(level, 0, ACCESS_LEVEL_MAX))
        throw new ConfigError(at('levels', label), `expected a whole number 0..${ACCESS_LEVEL_MAX}`);
    }
    for (const label of Object.keys(file.levels)) {
      if (!partitions.has(label)) throw new ConfigError(at('levels', label), 'not a declared partition');
    }
    const versions = versionsOf(file);
    if (!isWhole(versions, 1, VERSIONS_MAX))
      throw new ConfigError(at('versions'), `expected a whole number 1..${VERSIONS_MAX}`);
    if (versions > 1 && config.layer === 'paper')
      throw new ConfigError(at('versions'), 'the paper layer has one version per file (no re-upload)');
  }
  // Version names (`id@v`) must not collide with another file's id or versions.
  const names = new Map<string, string>();
  for (const instance of fileInstances(config)) {
    const other = names.get(instance.name);
    if (other !== undefined && other !== instance.file.id)
      throw new ConfigError(
        { section: 'files', id: instance.file.id },
        `version name "${instance.name}" is also a version of file "${other}"`,
      );
    names.set(instance.name, instance.file.id);
  }

  for (const entry of config.roleAccess) {
    const at: ConfigLocation = { section: 'access', owner: entry.owner };
    if (!owners.has(entry.owner)) throw new ConfigError(at, `"${entry.owner}" is not an owner`);
    requireIdentifier(entry.role, { ...at, role: entry.role });
    entry.partitions.forEach((label, index) => {
      if (!partitions.has(label))
        throw new ConfigError({ ...at, role: entry.role, index }, `"${label}" is not a declared partition`);
    });
  }
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
    File: fileInstances(config).map((f) => f.name),
    Time: range(0, config.time.max),
    Reason: [...REASONS],
  };
}

type Table = Map<string, Value>;

function table(entries: Iterable<readonly [readonly Value[], Value]>): Table {
  const out: Table = new Map();
  for (const [args, value] of entries) out.set(tupleKey(args), value);
  return out;
}

export function interpretationOf(config: ModelConfig): Interpretation {
  const domains = domainsOf(config);
  const kindOf = new Map(config.principals.map((p) => [p.id, p]));
  const instances = fileInstances(config);
  const nameOf = (file: FileConfig, version: number) =>
    instances.find((x) => x.file === file && x.version === version)?.name as string;
  const granted = new Set(
    config.roleAccess.flatMap((e) => e.partitions.map((i) => tupleKey([e.owner, e.role, i]))),
  );
  const principals = domains.Principal as string[];
  const each = <T>(list: readonly T[], row: (x: T) => readonly [readonly Value[], Value]) =>
    table(list.map(row));
  const functions = new Map<string, Table>([
    ['ownerOf', each(instances, (x) => [[x.name], x.file.owner])],
    [
      'levelOf',
      table(
        instances.flatMap((x) =>
          config.partitions.map((i) => [[x.name, i], x.file.levels[i] as number] as const),
        ),
      ),
    ],
    [
      'usesLevel',
      table(
        instances.flatMap((x) =>
          domains.Level.map(
            (l) => [[x.name, l], Object.values(x.file.levels).includes(l as number)] as const,
          ),
        ),
      ),
    ],
    ['roleOf', each(principals, (p) => [[p], kindOf.get(p)?.role ?? SYSTEM_ROLE])],
    ['isOwner', each(principals, (p) => [[p], kindOf.get(p)?.kind === 'owner'])],
    ['isUser', each(principals, (p) => [[p], kindOf.get(p)?.kind === 'user'])],
    ['isUserRole', each(domains.Role, (r) => [[r], r !== OWNER_ROLE && r !== SYSTEM_ROLE])],
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
    ['windowStart', each(instances, (x) => [[x.name], x.file.window.start])],
    ['windowEnd', each(instances, (x) => [[x.name], x.file.window.end])],
    ['isFirstVersion', each(instances, (x) => [[x.name], x.version === 1])],
    ['previousVersion', each(instances, (x) => [[x.name], nameOf(x.file, Math.max(1, x.version - 1))])],
    [
      'laterVersion',
      table(
        instances.flatMap((x) =>
          instances.map((y) => [[x.name, y.name], y.file === x.file && y.version > x.version] as const),
        ),
      ),
    ],
    ['allowOldVersions', each(instances, (x) => [[x.name], x.file.oldVersions === 'allow'])],
  ]);
  const constants = new Map<string, Value>([
    ['allPastData', config.pastData === 'all-past'],
    // A token older than the whole clock is as stale as one just past the limit; the constant must be a Time.
    ['tokenMaxAge', Math.min(config.time.tokenMaxAge, config.time.max)],
    ['maxTime', config.time.max],
    ['literalMode', config.mode === 'literal'],
  ]);
  return { domains, functions, constants };
}

/**
 * M0: every owner holds the plaintext of every version of its files; in the paper layer (no join
 * transitions) the ACL the owner gives the SRS at registration is already in place — every user with its
 * role's access.
 */
export function initialMarkingOf(config: ModelConfig): Marking {
  const holdsPT = new Set<string>();
  for (const instance of fileInstances(config))
    for (const i of config.partitions) holdsPT.add(tupleKey([instance.file.owner, instance.name, i]));
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
