/**
 * The audit log's entries: typed, versioned, one binary encoding each (docs/audit.md, "Entries"). An
 * entry's bytes are what the Merkle tree hashes (leaf = SHA-256(0x00 ‖ bytes)), so the encoding is
 * canonical: decode(bytes) re-encodes to exactly `bytes`, and anything else is a DecodeError naming the
 * field (`entry.fileId`, `entry.blocks[3]`).
 *
 * Every entry starts with format (u8 = 1) ‖ type (u8) ‖ index (u64, its position in the log) ‖
 * time (u64) ‖ actor (id). `time` is the SRS's trusted clock: model time in a simulation, Unix seconds
 * otherwise; the log itself adds the wall clock only to its tree heads.
 */
import * as P from 'micro-packed';
import { SHA256_BYTES } from '../crypto/constants.ts';
import { ArgumentError, DecodeError } from '../crypto/errors.ts';
import { identifierProblem, versionProblem } from '../crypto/validate.ts';
import { decodeStructure, decodeText } from '../crypto/wire/envelope.ts';

export const ENTRY_FORMAT = 1;

/** The entry types and their type bytes; a number is never reused. */
export const ENTRY_TYPES = {
  keyIssued: 1,
  request: 2,
  grant: 3,
  refusal: 4,
  join: 5,
  depart: 6,
  aclChange: 7,
  upload: 8,
  timeTokenUsed: 9,
  forgeryRefused: 10,
  auditVerdict: 11,
  corruption: 12,
} as const;
export type EntryType = keyof typeof ENTRY_TYPES;
export const ENTRY_TYPE_NAMES = Object.keys(ENTRY_TYPES) as EntryType[];

export const ACL_CHANGES = ['grantPartition', 'limitPartition', 'allowPastData'] as const;
export type AclChange = (typeof ACL_CHANGES)[number];
export const FORGED_MESSAGES = ['ownerParameters', 'reKey', 'timeToken'] as const;
export type ForgedMessage = (typeof FORGED_MESSAGES)[number];
export const VERDICTS = ['intact', 'failed'] as const;
export type VerdictResult = (typeof VERDICTS)[number];
/** What a corruption entry says was wrong (docs/tpa.md, "What is detected"). */
export const CORRUPTIONS = [
  'blockMismatch',
  'missingBlock',
  'lengthMismatch',
  'staleVersion',
  'wrongFile',
  'badManifest',
  'readerCheck',
] as const;
export type CorruptionKind = (typeof CORRUPTIONS)[number];

/** At most this many block numbers in one corruption entry (the rest are counted, not listed). */
export const BLOCKS_LISTED_MAX = 1024;

interface FileVersion {
  readonly ownerId: string;
  readonly fileId: string;
  readonly version: number;
}
interface Request extends FileVersion {
  readonly user: string;
  readonly partition: string;
}

/** What an entry says, without its place in the log. */
export type EntryBody =
  | { readonly type: 'keyIssued'; readonly user: string }
  | ({ readonly type: 'request' } & Request)
  | ({ readonly type: 'grant' } & Request)
  | ({ readonly type: 'refusal'; readonly reason: string } & Request)
  | { readonly type: 'join'; readonly ownerId: string; readonly user: string }
  | { readonly type: 'depart'; readonly ownerId: string; readonly user: string }
  | {
      readonly type: 'aclChange';
      readonly ownerId: string;
      readonly user: string;
      readonly change: AclChange;
      /** The partition granted or limited; `null` for allowPastData. */
      readonly partition: string | null;
    }
  | ({ readonly type: 'upload'; readonly manifestSha256: Uint8Array } & FileVersion)
  | { readonly type: 'timeTokenUsed'; readonly user: string; readonly tokenTime: number }
  | { readonly type: 'forgeryRefused'; readonly sender: string; readonly message: ForgedMessage }
  | ({
      readonly type: 'auditVerdict';
      readonly result: VerdictResult;
      /** Blocks in the stored object, blocks challenged, challenged blocks that failed. */
      readonly blocks: number;
      readonly challenged: number;
      readonly failed: number;
    } & FileVersion)
  | ({
      readonly type: 'corruption';
      readonly kind: CorruptionKind;
      /** The blocks found bad (at most BLOCKS_LISTED_MAX listed), empty when not about blocks. */
      readonly blocks: readonly number[];
    } & FileVersion);

/** An entry to append: its body, when it happened and who did it; the log gives it its index. */
export type EntryInput = EntryBody & { readonly time: number; readonly actor: string };
/** An entry as logged. */
export type Entry = EntryInput & { readonly index: number };

/** A TPA audit's outcome, as far as the log records it (src/tpa's Verdict, the simulator's evidence). */
export interface VerdictRecord extends FileVersion {
  readonly result: VerdictResult;
  readonly blocks: number;
  readonly challenged: number;
  readonly failed: number;
  readonly problems: readonly { readonly kind: string; readonly blocks: readonly number[] }[];
}

const isCorruptionKind = (kind: string): kind is CorruptionKind =>
  (CORRUPTIONS as readonly string[]).includes(kind);

/** The log entries of a verdict: auditVerdict, and one corruption entry per kind of problem. */
export function verdictEntries(verdict: VerdictRecord, time: number, actor = 'tpa'): EntryInput[] {
  const file = { ownerId: verdict.ownerId, fileId: verdict.fileId, version: verdict.version };
  return [
    {
      type: 'auditVerdict',
      ...file,
      result: verdict.result,
      blocks: verdict.blocks,
      challenged: verdict.challenged,
      failed: verdict.failed,
      time,
      actor,
    },
    ...verdict.problems.map((p): EntryInput => {
      if (!isCorruptionKind(p.kind))
        throw new RangeError(`no corruption entry for a problem of kind ${p.kind}`);
      return {
        type: 'corruption',
        ...file,
        kind: p.kind,
        blocks: p.blocks.slice(0, BLOCKS_LISTED_MAX),
        time,
        actor,
      };
    }),
  ];
}

// ── layouts ─────────────────────────────────────────────────────────────────────────────────────────

const id = P.bytes(P.U8);
const common = { index: P.U64BE, time: P.U64BE, actor: id };
const fileVersion = { ownerId: id, fileId: id, version: P.U32BE };
const request = { user: id, ...fileVersion, partition: id };

const LAYOUTS = {
  keyIssued: P.struct({ ...common, user: id }),
  request: P.struct({ ...common, ...request }),
  grant: P.struct({ ...common, ...request }),
  refusal: P.struct({ ...common, ...request, reason: id }),
  join: P.struct({ ...common, ownerId: id, user: id }),
  depart: P.struct({ ...common, ownerId: id, user: id }),
  aclChange: P.struct({ ...common, ownerId: id, user: id, change: P.U8, partition: P.bytes(P.U8) }),
  upload: P.struct({ ...common, ...fileVersion, manifestSha256: P.bytes(SHA256_BYTES) }),
  timeTokenUsed: P.struct({ ...common, user: id, tokenTime: P.U64BE }),
  forgeryRefused: P.struct({ ...common, sender: id, message: P.U8 }),
  auditVerdict: P.struct({
    ...common,
    ...fileVersion,
    result: P.U8,
    blocks: P.U64BE,
    challenged: P.U64BE,
    failed: P.U64BE,
  }),
  corruption: P.struct({ ...common, ...fileVersion, kind: P.U8, blocks: P.array(P.U16BE, P.U64BE) }),
} as const;

const TYPE_BY_BYTE = new Map<number, EntryType>(
  Object.entries(ENTRY_TYPES).map(([name, value]) => [value, name as EntryType]),
);

const IDENTIFIER_FIELDS = ['actor', 'user', 'ownerId', 'fileId', 'partition', 'reason', 'sender'] as const;
const COUNT_FIELDS = ['index', 'time', 'tokenTime', 'blocks', 'challenged', 'failed'] as const;

// ── encoding ────────────────────────────────────────────────────────────────────────────────────────

function argumentProblem(field: string, problem: string | undefined): void {
  if (problem !== undefined) throw new ArgumentError(field, problem);
}

function enumIndex<T extends string>(names: readonly T[], value: T, field: string): number {
  const index = names.indexOf(value);
  if (index < 0) throw new ArgumentError(field, `expected one of ${names.join(', ')}, got "${value}"`);
  return index;
}

/** The entry's canonical bytes. Throws ArgumentError for a field the decoder would refuse. */
export function encodeEntry(entry: Entry): Uint8Array {
  const type = entry.type;
  const layout = LAYOUTS[type] as unknown as P.CoderType<Record<string, unknown>>;
  if (!layout) throw new ArgumentError('type', `unknown entry type "${String(type)}"`);
  const raw: Record<string, unknown> = {};
  const source = entry as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(source)) {
    if (key === 'type') continue;
    if (key === 'blocks' && type === 'corruption') {
      const blocks = value as readonly number[];
      if (!Array.isArray(blocks)) throw new ArgumentError('blocks', 'expected a list of block numbers');
      if (blocks.length > BLOCKS_LISTED_MAX)
        throw new ArgumentError('blocks', `more than ${BLOCKS_LISTED_MAX}`);
      for (const [i, b] of blocks.entries()) argumentProblem(`blocks[${i}]`, countProblem(b));
      raw[key] = blocks.map(BigInt);
    } else if ((IDENTIFIER_FIELDS as readonly string[]).includes(key)) {
      if (key === 'partition' && value === null) {
        raw[key] = new Uint8Array(0);
        continue;
      }
      argumentProblem(key, identifierProblem(value as string));
      raw[key] = new TextEncoder().encode(value as string);
    } else if ((COUNT_FIELDS as readonly string[]).includes(key)) {
      argumentProblem(key, countProblem(value));
      raw[key] = BigInt(value as number);
    } else if (key === 'version') {
      argumentProblem(key, versionProblem(value));
      raw[key] = value;
    } else if (key === 'manifestSha256') {
      if (!(value instanceof Uint8Array) || value.length !== SHA256_BYTES)
        throw new ArgumentError(key, `expected ${SHA256_BYTES} bytes`);
      raw[key] = value;
    } else if (key === 'change') raw[key] = enumIndex(ACL_CHANGES, value as AclChange, key);
    else if (key === 'message') raw[key] = enumIndex(FORGED_MESSAGES, value as ForgedMessage, key);
    else if (key === 'result') raw[key] = enumIndex(VERDICTS, value as VerdictResult, key);
    else if (key === 'kind') raw[key] = enumIndex(CORRUPTIONS, value as CorruptionKind, key);
    else throw new ArgumentError(key, `not a field of a ${type} entry`);
  }
  if (type === 'aclChange') {
    const change = entry.change;
    if ((change === 'allowPastData') !== (entry.partition === null))
      throw new ArgumentError(
        'partition',
        change === 'allowPastData' ? 'allowPastData names no partition' : `${change} names a partition`,
      );
  }
  if (type === 'auditVerdict') checkVerdictCounts(entry, (f, p) => new ArgumentError(f, p));
  let body: Uint8Array;
  try {
    body = layout.encode(raw);
  } catch (error) {
    throw new ArgumentError(
      'entry',
      `a field is missing or malformed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const out = new Uint8Array(2 + body.length);
  out[0] = ENTRY_FORMAT;
  out[1] = ENTRY_TYPES[type];
  out.set(body, 2);
  return out;
}

function countProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    return 'expected a whole number from 0 to 2^53 - 1';
  return undefined;
}

function checkVerdictCounts(
  v: { result: VerdictResult; blocks: number; challenged: number; failed: number },
  fail: (field: string, problem: string) => Error,
): void {
  if (v.challenged > v.blocks && v.blocks > 0)
    throw fail('challenged', `more blocks challenged (${v.challenged}) than stored (${v.blocks})`);
  if (v.failed > v.challenged)
    throw fail('failed', `more blocks failed (${v.failed}) than challenged (${v.challenged})`);
  if (v.result === 'intact' && v.failed > 0) throw fail('result', 'intact, but blocks failed');
}

// ── decoding ────────────────────────────────────────────────────────────────────────────────────────

const ROOT = 'entry';

function readEnum<T>(names: readonly T[], index: number, field: string): T {
  const value = names[index];
  if (value === undefined) throw new DecodeError(field, `unknown code ${index}`);
  return value;
}

/** Decodes and checks one entry's bytes; a DecodeError names the field under `entry`. */
export function decodeEntry(bytes: Uint8Array): Entry {
  if (!(bytes instanceof Uint8Array) || bytes.length < 2)
    throw new DecodeError(ROOT, 'truncated: shorter than the entry header');
  if (bytes[0] !== ENTRY_FORMAT)
    throw new DecodeError(
      `${ROOT}.format`,
      `unsupported entry format ${bytes[0]} (this build reads ${ENTRY_FORMAT})`,
    );
  const type = TYPE_BY_BYTE.get(bytes[1] as number);
  if (!type) throw new DecodeError(`${ROOT}.type`, `unknown entry type ${bytes[1]}`);
  const layout = LAYOUTS[type] as unknown as P.CoderType<Record<string, unknown>>;
  const raw = decodeStructure(layout, bytes.subarray(2), ROOT);
  const out: Record<string, unknown> = { type };
  for (const [key, value] of Object.entries(raw)) {
    const field = `${ROOT}.${key}`;
    if ((IDENTIFIER_FIELDS as readonly string[]).includes(key)) {
      const text = decodeText(value as Uint8Array, field);
      if (key === 'partition' && type === 'aclChange' && text === '') {
        out[key] = null;
        continue;
      }
      const problem = identifierProblem(text);
      if (problem !== undefined) throw new DecodeError(field, problem);
      out[key] = text;
    } else if (key === 'blocks' && type === 'corruption') {
      const list = value as bigint[];
      if (list.length > BLOCKS_LISTED_MAX)
        throw new DecodeError(field, `more than ${BLOCKS_LISTED_MAX} blocks`);
      out[key] = list.map((b, i) => safe(b, `${field}[${i}]`));
    } else if (typeof value === 'bigint') out[key] = safe(value, field);
    else if (key === 'version') {
      const problem = versionProblem(value);
      if (problem !== undefined) throw new DecodeError(field, problem);
      out[key] = value;
    } else if (key === 'change') out[key] = readEnum(ACL_CHANGES, value as number, field);
    else if (key === 'message') out[key] = readEnum(FORGED_MESSAGES, value as number, field);
    else if (key === 'result') out[key] = readEnum(VERDICTS, value as number, field);
    else if (key === 'kind') out[key] = readEnum(CORRUPTIONS, value as number, field);
    else out[key] = value instanceof Uint8Array ? new Uint8Array(value) : value;
  }
  const entry = out as unknown as Entry;
  if (entry.type === 'aclChange' && (entry.change === 'allowPastData') !== (entry.partition === null)) {
    throw new DecodeError(
      `${ROOT}.partition`,
      entry.partition === null ? `${entry.change} names a partition` : 'allowPastData names no partition',
    );
  }
  if (entry.type === 'auditVerdict') checkVerdictCounts(entry, (f, p) => new DecodeError(`${ROOT}.${f}`, p));
  return entry;
}

function safe(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new DecodeError(field, 'exceeds 2^53 - 1');
  return Number(value);
}

// ── presentation ────────────────────────────────────────────────────────────────────────────────────

const file = (e: FileVersion) => `${e.ownerId}/${e.fileId}@${e.version}`;

/** One line for people: `grant: bob gets R for alice/phr@1/medical`. */
export function describeEntry(entry: EntryBody): string {
  switch (entry.type) {
    case 'keyIssued':
      return `keys issued to ${entry.user}`;
    case 'request':
      return `${entry.user} asks for R of ${file(entry)}/${entry.partition}`;
    case 'grant':
      return `${entry.user} is granted R of ${file(entry)}/${entry.partition}`;
    case 'refusal':
      return `${entry.user} is refused R of ${file(entry)}/${entry.partition}: ${entry.reason}`;
    case 'join':
      return `${entry.user} joins ${entry.ownerId}'s circle`;
    case 'depart':
      return `${entry.user} departs from ${entry.ownerId}'s circle`;
    case 'aclChange':
      return entry.change === 'allowPastData'
        ? `${entry.ownerId} lets ${entry.user} read files from before it joined`
        : `${entry.ownerId} ${entry.change === 'grantPartition' ? 'grants' : 'withdraws'} ${entry.partition} ${entry.change === 'grantPartition' ? 'to' : 'from'} ${entry.user}`;
    case 'upload':
      return `${file(entry)} uploaded, manifest SHA-256 ${Buffer.from(entry.manifestSha256).toString('hex').slice(0, 16)}…`;
    case 'timeTokenUsed':
      return `${entry.user} presents its time token of time ${entry.tokenTime}`;
    case 'forgeryRefused':
      return `the SRS refuses a forged ${entry.message} message from ${entry.sender}`;
    case 'auditVerdict':
      return `TPA audit of ${file(entry)}: ${entry.result} (${entry.challenged} of ${entry.blocks} blocks challenged, ${entry.failed} failed)`;
    case 'corruption':
      return `corruption of ${file(entry)}: ${entry.kind}${entry.blocks.length > 0 ? ` (blocks ${entry.blocks.join(', ')})` : ''}`;
  }
}

/** A JSON-ready view: bytes as hex, every other field as it is. */
export function entryJson(entry: Entry): Record<string, unknown> {
  const out: Record<string, unknown> = { ...entry };
  if (entry.type === 'upload') out.manifestSha256 = Buffer.from(entry.manifestSha256).toString('hex');
  return out;
}

/** The principals an entry is about (for `--user`). */
export function entryUsers(entry: EntryBody & { actor?: string }): string[] {
  const users: string[] = [];
  for (const key of ['user', 'ownerId', 'sender'] as const) {
    const value = (entry as Record<string, unknown>)[key];
    if (typeof value === 'string') users.push(value);
  }
  return users;
}

/** The file an entry is about, as `owner/file`, if any. */
export function entryFile(entry: EntryBody): string | undefined {
  const e = entry as Partial<FileVersion>;
  return e.fileId === undefined ? undefined : `${e.ownerId}/${e.fileId}`;
}
