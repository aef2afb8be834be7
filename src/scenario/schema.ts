/**
 * The scenario file format (YAML, docs/scenarios.md): the shared configuration (src/config) plus a name,
 * the AEAD, an optional seed, explicit plaintexts, coalitions to report, and a list of steps — each one
 * action with an optional expectation. The zod schemas check shapes; names and numbers are checked against
 * the model's universe when the scenario loads (load.ts). Every enumeration comes from its declaration.
 */
import { z } from 'zod';
import { OUTCOMES } from '../../model/net.ts';
import { REASONS } from '../../model/vocabulary.ts';
import { CORRUPTIONS, ENTRY_TYPE_NAMES, type EntryType, VERDICTS } from '../audit/entries.ts';
import { configurationShape } from '../config/configuration.ts';
import { DEFAULT_AEAD } from '../crypto/aead.ts';
import { AEAD_ALGORITHMS } from '../crypto/types.ts';
import { CONCRETE_DETAILS } from '../sim/effects.ts';

const id = z.string();
const ids = z.union([id, z.array(id).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
/** A group: one principal or a coalition pooling what its members hold. */
const group = ids;
/** `file/partition` (`file/*` for every partition), or the same as an object when names contain "/". */
export const targetSchema = z.union([z.string(), z.strictObject({ file: id, partition: id })]);
export type TargetSpec = z.output<typeof targetSchema>;

const ownerUser = z.strictObject({ owner: id, user: id });
const ownerUserPartition = z.strictObject({ owner: id, user: id, partition: id });
const fileWith = <T extends readonly [string, ...string[]]>(kinds: T) =>
  z.union([id, z.strictObject({ file: id, how: z.enum(kinds).optional() })]);

/** The ways a request can present a token that is not the user's own valid one (effects.ts). */
export const BAD_TOKENS = CONCRETE_DETAILS.Request_Bad_Token;

/**
 * What the audit log must hold: entries of a type, optionally about a principal (as user, owner, sender
 * or actor), a file (a version, or every version of a file), a refusal's reason, a corruption's kind or a
 * verdict's result — at least one, or exactly `count`. Evaluated with the rule `sesphr audit show`
 * filters with (src/audit/query.ts).
 */
export const logCheckSchema = z.strictObject({
  type: z.enum(ENTRY_TYPE_NAMES as [EntryType, ...EntryType[]]),
  user: id.optional(),
  file: id.optional(),
  reason: z.enum(REASONS).optional(),
  kind: z.enum(CORRUPTIONS).optional(),
  result: z.enum(VERDICTS).optional(),
  count: z.number().int().min(0).optional(),
});
export type LogCheckSpec = z.output<typeof logCheckSchema>;

/** One check: who can read what (`who` with canRead, cannotRead or readsExactly), or the log (`log`). */
export const readerCheckSchema = z.strictObject({
  who: group.optional(),
  log: logCheckSchema.optional(),
  canRead: z.array(targetSchema).optional(),
  cannotRead: z.array(targetSchema).optional(),
  /** The exact set of readable partitions ("nothing" = none). */
  readsExactly: z.union([z.array(targetSchema), z.literal('nothing')]).optional(),
});

/**
 * What a property step expects of a property (properties/) on the run so far: an invariant or a step
 * property `holds` or `fails`, a reachable property is `reachable` or `unreachable` (a structural one
 * `holds` or `fails` on the rules). Which words fit which property is checked when the file loads.
 */
export const PROPERTY_EXPECTATIONS = ['holds', 'fails', 'reachable', 'unreachable'] as const;
export type PropertyExpectation = (typeof PROPERTY_EXPECTATIONS)[number];

export const propertyStepSchema = z.strictObject({
  /** A property id as `sesphr verify` reports it (P1, FAC, SRS+cloud, BAC-past, …). */
  id,
  expect: z.enum(PROPERTY_EXPECTATIONS),
});

/**
 * Each action's arguments. Every action but check, collude, fire and property is one of the model's
 * procedures.
 */
export const ACTION_SCHEMAS = {
  register: ids,
  authorize: ids,
  keys: ids,
  /** register + authorize + keys (extended layer); keys only in the paper layer. */
  onboard: ids,
  reregister: z.strictObject({ principal: id, role: id }),
  join: ownerUser,
  'deny-join': ownerUser,
  grant: ownerUserPartition,
  limit: ownerUserPartition,
  'allow-past-data': ownerUser,
  depart: ownerUser,
  /** A file version, or a file with several versions: its next version not yet uploaded. */
  upload: id,
  /** A file version, or a file with several versions: the latest version the cloud stores. */
  download: z.strictObject({ user: id, file: id }),
  request: z.strictObject({
    user: id,
    file: id,
    partition: id,
    /** Present the token issued at this time (it must be held), or a bad token of this kind. */
    token: z.union([z.number().int().min(0), z.enum(BAD_TOKENS)]).optional(),
  }),
  decrypt: z.strictObject({ user: id, file: id, partition: id }),
  tick: z.number().int().min(1),
  tamper: fileWith(CONCRETE_DETAILS.Tamper_C),
  'tamper-manifest': fileWith(CONCRETE_DETAILS.Tamper_Manifest),
  substitute: z.strictObject({ file: id, with: id }),
  /** An R_{l-P} for a file and level submitted to the SRS by someone other than the owner. */
  'inject-parameters': z.strictObject({ by: id, file: id, level: z.number().int().min(0) }),
  /** An RK_{o→u} submitted to the SRS that the owner o did not sign (hardened variant). */
  'inject-rekey': z.strictObject({ by: id, owner: id, user: id }),
  /** These principals collude: report what they can read together from this step on. */
  collude: z.array(id).min(2),
  /** Fire one transition with an explicit binding (and, for adversary steps, how it is done). */
  fire: z
    .object({ transition: id, detail: z.string().optional() })
    .catchall(z.union([z.string(), z.number()])),
  /** The TPA audits what the cloud serves for a file version (a file with several versions: the latest stored). */
  audit: id,
  /**
   * Expectations about who can read what, checked against the model and the real decryption oracle, and
   * about what the audit log holds.
   */
  check: z.array(readerCheckSchema).min(1),
  /** A security property evaluated on the run so far, by the model's evaluator and with real decryption. */
  property: propertyStepSchema,
} as const;
export type ActionName = keyof typeof ACTION_SCHEMAS;
export type ActionArgs = { [K in ActionName]: z.output<(typeof ACTION_SCHEMAS)[K]> };
export const ACTION_NAMES = Object.keys(ACTION_SCHEMAS) as ActionName[];

/** What a step may expect: the outcome word of a procedure, or a refusal with its reason. */
export const EXPECTATIONS = [...OUTCOMES, 'not-enabled'] as const;
export const expectationSchema = z.union([
  z.enum(EXPECTATIONS),
  z.strictObject({ refused: z.enum(REASONS) }),
]);
export type Expectation = z.infer<typeof expectationSchema>;

export const stepCommon = z.strictObject({
  expect: expectationSchema.optional(),
  note: z.string().optional(),
});

export const scenarioSchema = z.strictObject({
  name: id.optional(),
  description: z.string().optional(),
  ...configurationShape,
  aead: z.enum(AEAD_ALGORITHMS).default(DEFAULT_AEAD),
  /** Without a seed, every run draws one from the system CSPRNG (and traces never reveal it). */
  seed: z.string().optional(),
  /** Explicit plaintexts by target (`file/partition`), or as a list of { file, partition, text }. */
  plaintexts: z
    .union([
      z.record(z.string(), z.string()),
      z.array(z.strictObject({ file: id, partition: id, text: z.string() })),
    ])
    .optional(),
  /** Groups to show in "who can read what" besides every principal on its own. */
  coalitions: z.array(z.array(id).min(2)).default([]),
  steps: z.array(z.record(z.string(), z.unknown())).min(1),
});
export type ScenarioDocument = z.infer<typeof scenarioSchema>;
