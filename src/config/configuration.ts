/**
 * The one configuration format, shared by scenario files and traces: variant, layer, policies, mode, the
 * clock, partitions, principals by role, the owners' access by role, and the files. Its zod schema is built
 * from the model's declarations (variants, layers, policies, defaults) and checks shapes only; every value
 * rule — identifiers, limits, windows, cross-references — is the model's `checkConfig`, applied once, and
 * its located errors are mapped back to the path the user wrote.
 */
import { z } from 'zod';
import { InputError, type SourcePosition } from '../../common/input-error.ts';
import { CIPHER_MODES } from '../../common/modes.ts';
import { DEFAULT_PARTITIONS } from '../../common/partitions.ts';
import { VARIANTS } from '../../common/variants.ts';
import {
  CLOCK_DEFAULTS,
  ConfigError,
  type ConfigLocation,
  checkConfig,
  LAYERS,
  type ModelConfig,
  OLD_VERSION_POLICIES,
  OWNER_ROLE,
  PAST_DATA_POLICIES,
} from '../../model/config.ts';
import { formatPath, type Path } from './issues.ts';

const whole = z.number().int();

const clockSchema = z.strictObject({
  start: whole.default(CLOCK_DEFAULTS.start),
  max: whole.default(CLOCK_DEFAULTS.max),
  tokenMaxAge: whole.default(CLOCK_DEFAULTS.tokenMaxAge),
});

const fileSchema = z.strictObject({
  owner: z.string(),
  /** [start, end] on the model clock; default: the whole clock. */
  window: z.tuple([whole, whole]).optional(),
  /** Partition → access level; by default every partition has its own level (its index). */
  levels: z.record(z.string(), whole).optional(),
  /** How many versions the owner may upload (versions are named `id@1`, `id@2`, …). */
  versions: whole.optional(),
  oldVersions: z.enum(OLD_VERSION_POLICIES).optional(),
});

export const configurationShape = {
  variant: z.enum(VARIANTS),
  layer: z.enum(LAYERS).default('extended'),
  pastData: z.enum(PAST_DATA_POLICIES).default('from-join-date'),
  mode: z.enum(CIPHER_MODES).default('hybrid'),
  clock: clockSchema.default({ ...CLOCK_DEFAULTS }),
  partitions: z.array(z.string()).default([...DEFAULT_PARTITIONS]),
  /** Principal id → role; the role `owner` makes a PHR owner, any other role a PHR user. */
  principals: z.record(z.string(), z.string()),
  /** Owner → role → the partitions that role reads by default. */
  access: z.record(z.string(), z.record(z.string(), z.array(z.string()))).default({}),
  files: z.record(z.string(), fileSchema),
};

export const configurationSchema = z.strictObject(configurationShape);
export type Configuration = z.output<typeof configurationSchema>;

export function toModelConfig(c: Configuration): ModelConfig {
  return {
    layer: c.layer,
    variant: c.variant,
    pastData: c.pastData,
    mode: c.mode,
    principals: Object.entries(c.principals).map(([id, role]) => ({
      id,
      kind: role === OWNER_ROLE ? ('owner' as const) : ('user' as const),
      role,
    })),
    partitions: c.partitions,
    files: Object.entries(c.files).map(([id, f]) => ({
      id,
      owner: f.owner,
      window: { start: f.window?.[0] ?? c.clock.start, end: f.window?.[1] ?? c.clock.max },
      levels: f.levels ?? Object.fromEntries(c.partitions.map((p, k) => [p, k])),
      ...(f.versions !== undefined ? { versions: f.versions } : {}),
      ...(f.oldVersions !== undefined ? { oldVersions: f.oldVersions } : {}),
    })),
    roleAccess: Object.entries(c.access).flatMap(([owner, roles]) =>
      Object.entries(roles).map(([role, partitions]) => ({ owner, role, partitions })),
    ),
    time: c.clock,
  };
}

/** The configuration with every default written out (what traces record and emitted scenarios hold). */
export function fromModelConfig(m: ModelConfig): Configuration {
  const access: Record<string, Record<string, string[]>> = {};
  for (const entry of m.roleAccess) {
    access[entry.owner] ??= {};
    (access[entry.owner] as Record<string, string[]>)[entry.role] = [...entry.partitions];
  }
  return {
    variant: m.variant,
    layer: m.layer,
    pastData: m.pastData,
    mode: m.mode,
    clock: { ...m.time },
    partitions: [...m.partitions],
    principals: Object.fromEntries(m.principals.map((p) => [p.id, p.role])),
    access,
    files: Object.fromEntries(
      m.files.map((f) => [
        f.id,
        {
          owner: f.owner,
          window: [f.window.start, f.window.end] as [number, number],
          levels: { ...f.levels },
          ...(f.versions !== undefined ? { versions: f.versions } : {}),
          ...(f.oldVersions !== undefined ? { oldVersions: f.oldVersions } : {}),
        },
      ]),
    ),
  };
}

/** Where a checkConfig problem is in the configuration document, as the user wrote it. */
export function configurationPath(location: ConfigLocation, config: ModelConfig): Path {
  switch (location.section) {
    case 'principals':
      return location.id === undefined ? ['principals'] : ['principals', location.id];
    case 'partitions': {
      const index = location.label === undefined ? -1 : config.partitions.lastIndexOf(location.label);
      return index < 0 ? ['partitions'] : ['partitions', index];
    }
    case 'files': {
      const path: PropertyKey[] = ['files', location.id];
      if (location.field) path.push(location.field);
      if (location.partition !== undefined) path.push(location.partition);
      return path;
    }
    case 'access': {
      const path: PropertyKey[] = ['access', location.owner];
      if (location.role !== undefined) path.push(location.role);
      if (location.index !== undefined) path.push(location.index);
      return path;
    }
    case 'time':
      return location.field ? ['clock', location.field] : ['clock'];
  }
}

/**
 * The model configuration of a parsed configuration document, with every value rule of the model
 * checked; a problem becomes an InputError at the path the user wrote (under `prefix`).
 */
export function checkedModelConfig(
  configuration: Configuration,
  source: string,
  prefix: Path = [],
  locate?: (path: Path) => SourcePosition | undefined,
): ModelConfig {
  const config = toModelConfig(configuration);
  try {
    checkConfig(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const path = [...prefix, ...configurationPath(error.location, config)];
    throw new InputError(source, formatPath(path), error.reason, locate?.(path));
  }
  return config;
}
