/**
 * The scenario file format (YAML), validated with zod. A scenario names its principals and their roles,
 * the owners' ACL by role, the files with their windows and access levels, the variant, layer and policy,
 * then a list of steps — each one action (a model transition or a macro of several) with an optional
 * expectation — and checks of who can read what. Every error names the file, the step and the field.
 */
import { z } from 'zod';

const id = z.string().min(1).max(128);
const ids = z.union([id, z.array(id).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
/** A group: one principal or a coalition pooling what its members hold. */
const group = z.union([id, z.array(id).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
/** `file/partition`, or `file/*` for every partition of the file. */
const target = z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected "file/partition" or "file/*"');

const ownerUser = z.strictObject({ owner: id, user: id });
const ownerUserPartition = z.strictObject({ owner: id, user: id, partition: id });

/** Actions: each maps to one or more transitions of the net (see run.ts for the expansion). */
export const ACTION_SCHEMAS = {
  register: ids,
  authorize: ids,
  keys: ids,
  /** register + authorize + keys (extended layer); keys only in the paper layer. */
  onboard: ids,
  join: ownerUser,
  'deny-join': ownerUser,
  grant: ownerUserPartition,
  limit: ownerUserPartition,
  'allow-past-data': ownerUser,
  depart: ownerUser,
  upload: id,
  download: z.strictObject({ user: id, file: id }),
  request: z.strictObject({
    user: id,
    file: id,
    partition: id,
    /** Present a token issued at this time (must be held) instead of fetching a fresh one. */
    token: z.number().int().min(0).optional(),
  }),
  decrypt: z.strictObject({ user: id, file: id, partition: id }),
  tick: z.number().int().min(1).max(1000),
  tamper: id,
  /** These principals collude: report what they can read together (a coalition pools what its members hold). */
  collude: z.array(id).min(2),
  /** Fire one transition with an explicit binding. */
  fire: z.object({ transition: id }).catchall(z.union([z.string(), z.number()])),
  /** Expectations about who can read what, checked against the model and the real decryption oracle. */
  check: z
    .array(
      z.strictObject({
        who: group,
        canRead: z.array(target).optional(),
        cannotRead: z.array(target).optional(),
        /** The exact set of readable partitions ("nothing" = none). */
        readsExactly: z.union([z.array(target), z.literal('nothing')]).optional(),
      }),
    )
    .min(1),
} as const;
export type ActionName = keyof typeof ACTION_SCHEMAS;
export type ActionArgs = { [K in ActionName]: z.output<(typeof ACTION_SCHEMAS)[K]> };
export const ACTION_NAMES = Object.keys(ACTION_SCHEMAS) as ActionName[];

export const EXPECTATIONS = ['granted', 'refused', 'ok', 'integrity-failure', 'not-enabled'] as const;
const expectation = z.union([
  z.enum(EXPECTATIONS),
  z.strictObject({ refused: z.enum(['notGranted', 'noKeys', 'outsideWindow', 'staleToken', 'pastData']) }),
]);
export type Expectation = z.infer<typeof expectation>;

export const stepCommon = z.object({ expect: expectation.optional(), note: z.string().optional() });

const clock = z.strictObject({
  start: z.number().int().min(0).default(0),
  max: z.number().int().min(0).max(1000).default(8),
  tokenMaxAge: z.number().int().min(0).default(2),
});

export const scenarioSchema = z.strictObject({
  name: id.optional(),
  description: z.string().optional(),
  variant: z.enum(['paper', 'hardened']),
  layer: z.enum(['paper', 'extended']).default('extended'),
  pastData: z.enum(['from-join-date', 'all-past']).default('from-join-date'),
  mode: z.enum(['hybrid', 'literal']).default('hybrid'),
  aead: z.enum(['aes-256-gcm', 'xchacha20-poly1305']).default('aes-256-gcm'),
  seed: z.string().optional(),
  clock: clock.default({ start: 0, max: 8, tokenMaxAge: 2 }),
  partitions: z.array(id).min(1).default(['personal', 'medical', 'insurance', 'prescription']),
  /** Principal id → role; the role `owner` makes a PHR owner, any other role a PHR user. */
  principals: z.record(id, id),
  /** Owner → role → the partitions that role reads by default. */
  access: z.record(id, z.record(id, z.array(id))).default({}),
  files: z.record(
    id,
    z.strictObject({
      owner: id,
      window: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
      /** Partition → access level; by default every partition has its own level (its index). */
      levels: z.record(id, z.number().int().min(0).max(0xffff)).optional(),
    }),
  ),
  plaintexts: z.record(z.string(), z.string()).optional(),
  /** Groups to show in "who can read what" besides every principal on its own. */
  coalitions: z.array(z.array(id).min(2)).default([]),
  steps: z.array(z.record(z.string(), z.unknown())).min(1),
});
export type ScenarioDocument = z.infer<typeof scenarioSchema>;
