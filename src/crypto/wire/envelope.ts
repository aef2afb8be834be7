/**
 * The SeSPHR wire format, version 1. Every serialized object is
 *
 *   magic "SPHR" (4 bytes) ‖ format version (u8 = 1) ‖ kind (u8) ‖ body
 *
 * where the body is a big-endian micro-packed struct defined per kind in `formats.ts` (documented in
 * docs/wire-format.md). Decoding is two-layered: micro-packed checks the structure (lengths, truncation,
 * trailing bytes, UTF-8), then `formats.ts` checks the meaning (ranges, enums, curve points). Both layers
 * report a `DecodeError` naming the field path; neither ever echoes input bytes.
 */
import type * as P from 'micro-packed';
import { concatBytes, fromUtf8, utf8 } from '../bytes.ts';
import { DecodeError } from '../errors.ts';

export const WIRE_MAGIC = 'SPHR';
export const WIRE_FORMAT_VERSION = 1;
const MAGIC_BYTES = utf8(WIRE_MAGIC);
const ENVELOPE_BYTES = MAGIC_BYTES.length + 2;

/** The kind byte of each object type; a number is never reused for another kind. */
export const WIRE_KINDS = {
  preSecretKey: 1,
  prePublicKey: 2,
  signingSecretKey: 3,
  signingPublicKey: 4,
  ownerParameters: 5,
  reKey: 6,
  reEncryptedParameter: 7,
  encryptedFile: 8,
  /** Manifest format 1, retired: decoders name it and refuse it (docs/wire-format.md, "Manifest formats"). */
  signedManifestV1: 9,
  timeToken: 10,
  signedOwnerParameters: 11,
  signedReKey: 12,
  signedReEncryptedParameter: 13,
  /** Manifest format 2: format 1 plus the owner's commitment to the stored object's blocks (docs/tpa.md). */
  signedManifest: 14,
  /** The audit log's objects (src/crypto/wire/audit.ts, docs/audit.md). */
  signedTreeHead: 15,
  inclusionProof: 16,
  consistencyProof: 17,
  latestVersionProof: 18,
} as const;
export type WireKind = keyof typeof WIRE_KINDS;

const KIND_NAMES = new Map<number, WireKind>(
  Object.entries(WIRE_KINDS).map(([name, value]) => [value, name as WireKind]),
);

/** The kind byte of an object with a valid envelope; `undefined` when the envelope itself is bad. */
export function kindByte(bytes: Uint8Array): number | undefined {
  try {
    checkEnvelope(bytes, 'object');
  } catch {
    return undefined;
  }
  return bytes[MAGIC_BYTES.length + 1];
}

/** Reads the kind of a serialized object without decoding its body. */
export function peekKind(bytes: Uint8Array): WireKind {
  checkEnvelope(bytes, 'object');
  const kind = KIND_NAMES.get(bytes[MAGIC_BYTES.length + 1] as number);
  if (!kind) throw new DecodeError('object.kind', `unknown kind ${bytes[MAGIC_BYTES.length + 1]}`);
  return kind;
}

function checkEnvelope(bytes: Uint8Array, root: string): void {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError(root, 'expected bytes');
  if (bytes.length < ENVELOPE_BYTES)
    throw new DecodeError(root, `truncated: ${bytes.length} bytes is shorter than the envelope`);
  for (let i = 0; i < MAGIC_BYTES.length; i++) {
    if (bytes[i] !== MAGIC_BYTES[i])
      throw new DecodeError(`${root}.magic`, `not a SeSPHR object (expected "${WIRE_MAGIC}")`);
  }
  const version = bytes[MAGIC_BYTES.length] as number;
  if (version !== WIRE_FORMAT_VERSION) {
    throw new DecodeError(
      `${root}.formatVersion`,
      `unsupported format version ${version} (this build reads ${WIRE_FORMAT_VERSION})`,
    );
  }
}

export function encodeEnvelope<T>(kind: WireKind, coder: P.CoderType<T>, body: T): Uint8Array {
  return concatBytes(MAGIC_BYTES, Uint8Array.of(WIRE_FORMAT_VERSION, WIRE_KINDS[kind]), coder.encode(body));
}

/** Checks the envelope and the kind, then decodes the body structurally. `root` names the object in errors. */
export function decodeEnvelope<T>(kind: WireKind, coder: P.CoderType<T>, bytes: Uint8Array, root: string): T {
  checkEnvelope(bytes, root);
  const actual = bytes[MAGIC_BYTES.length + 1] as number;
  if (actual !== WIRE_KINDS[kind]) {
    const actualName = KIND_NAMES.get(actual) ?? `unknown kind ${actual}`;
    throw new DecodeError(`${root}.kind`, `expected ${kind}, got ${actualName}`);
  }
  return decodeStructure(coder, bytes.subarray(ENVELOPE_BYTES), root);
}

/** Structural decode with micro-packed; its errors become DecodeErrors with a readable field path. */
export function decodeStructure<T>(coder: P.CoderType<T>, bytes: Uint8Array, root: string): T {
  try {
    return coder.decode(bytes);
  } catch (error) {
    throw translateStructureError(error, root);
  }
}

/** micro-packed reports `Reader(a/0/b): message`; keep the path, classify the message, drop any data. */
function translateStructureError(error: unknown, root: string): DecodeError {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^Reader\(([^)]*)\)/.exec(message);
  const path = (match?.[1] ?? '')
    .split('/')
    .filter((segment) => segment.length > 0)
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join('');
  return new DecodeError(`${root}${path}`, classifyStructureFailure(message));
}

function classifyStructureFailure(message: string): string {
  if (/end of buffer|Unexpected end/i.test(message)) return 'truncated';
  if (/left after unpack/i.test(message)) return 'trailing bytes after the object';
  if (/utf-?8/i.test(message)) return 'invalid UTF-8';
  return 'malformed structure';
}

/** Strict UTF-8 for string fields decoded as raw bytes. */
export function decodeText(bytes: Uint8Array, field: string): string {
  try {
    return fromUtf8(bytes);
  } catch {
    throw new DecodeError(field, 'invalid UTF-8');
  }
}
