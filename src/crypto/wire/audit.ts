/**
 * Wire kinds of the audit log (docs/audit.md; layouts in docs/wire-format.md, "Audit log objects"):
 * signed tree heads (15), inclusion proofs (16), consistency proofs (17) and latest-version proofs (18).
 * These decoders check structure and field ranges; what a proof proves is checked in src/audit/proofs.ts
 * against a tree head, whose signature is checked there with the log's key.
 */
import * as P from 'micro-packed';
import { ED25519_SIGNATURE_BYTES, SHA256_BYTES } from '../constants.ts';
import { ArgumentError, DecodeError } from '../errors.ts';
import { identifierProblem, versionProblem } from '../validate.ts';
import { decodeEnvelope, decodeText, encodeEnvelope } from './envelope.ts';

const identifier = P.bytes(P.U8);
const hashList = P.array(P.U8, P.bytes(SHA256_BYTES));
/** The longest path a tree of ≤ 2^53 − 1 leaves has, plus one for a consistency proof. */
export const PROOF_HASHES_MAX = 54;
/** Entries are a few hundred bytes; a proof carrying more than this is refused unread. */
export const ENTRY_BYTES_MAX = 1 << 16;

export interface TreeHead {
  /** The log's name (its signing identity's principal). */
  readonly log: string;
  readonly size: number;
  /** When the head was signed: Unix milliseconds. */
  readonly timestamp: number;
  readonly root: Uint8Array;
  /** The map of latest file versions (docs/audit.md, "Rollback"): its leaf count and root. */
  readonly latestSize: number;
  readonly latestRoot: Uint8Array;
}

export interface SignedTreeHead {
  readonly head: TreeHead;
  /** Ed25519 over DST.treeHeadSignature ‖ encodeTreeHeadBody(head). */
  readonly signature: Uint8Array;
}

export interface InclusionProof {
  readonly log: string;
  readonly index: number;
  readonly size: number;
  /** The entry's bytes: its leaf is SHA-256(0x00 ‖ entry). */
  readonly entry: Uint8Array;
  readonly path: readonly Uint8Array[];
}

export interface ConsistencyProof {
  readonly log: string;
  readonly first: number;
  readonly second: number;
  readonly path: readonly Uint8Array[];
}

/** One leaf of the map of latest versions: the newest upload logged for (owner, file). */
export interface LatestLeaf {
  readonly ownerId: string;
  readonly fileId: string;
  readonly version: number;
  /** SHA-256 of the signed manifest's wire bytes, as logged in the upload entry. */
  readonly manifestSha256: Uint8Array;
  /** The index of that upload entry in the log. */
  readonly entryIndex: number;
}

/** "The manifest of (owner, file) that the log holds as latest is this one", for the head of `size`. */
export interface LatestVersionProof {
  readonly log: string;
  readonly size: number;
  readonly mapIndex: number;
  readonly leaf: LatestLeaf;
  readonly mapPath: readonly Uint8Array[];
  /** The upload entry the leaf names, and its inclusion path in the tree of `size` entries. */
  readonly entry: Uint8Array;
  readonly entryPath: readonly Uint8Array[];
}

export const treeHeadBodyLayout = P.struct({
  log: identifier,
  size: P.U64BE,
  timestamp: P.U64BE,
  root: P.bytes(SHA256_BYTES),
  latestSize: P.U64BE,
  latestRoot: P.bytes(SHA256_BYTES),
});
const signedTreeHeadLayout = P.struct({
  body: treeHeadBodyLayout,
  signature: P.bytes(ED25519_SIGNATURE_BYTES),
});
const inclusionProofLayout = P.struct({
  log: identifier,
  index: P.U64BE,
  size: P.U64BE,
  entry: P.bytes(P.U32BE),
  path: hashList,
});
const consistencyProofLayout = P.struct({
  log: identifier,
  first: P.U64BE,
  second: P.U64BE,
  path: hashList,
});
export const latestLeafLayout = P.struct({
  ownerId: identifier,
  fileId: identifier,
  version: P.U32BE,
  manifestSha256: P.bytes(SHA256_BYTES),
  entryIndex: P.U64BE,
});
const latestVersionProofLayout = P.struct({
  log: identifier,
  size: P.U64BE,
  mapIndex: P.U64BE,
  leaf: latestLeafLayout,
  mapPath: hashList,
  entry: P.bytes(P.U32BE),
  entryPath: hashList,
});

// ── field rules ─────────────────────────────────────────────────────────────────────────────────────

function readId(bytes: Uint8Array, field: string): string {
  const text = decodeText(bytes, field);
  const problem = identifierProblem(text);
  if (problem !== undefined) throw new DecodeError(field, problem);
  return text;
}

function writeId(text: string, field: string): Uint8Array {
  const problem = identifierProblem(text);
  if (problem !== undefined) throw new ArgumentError(field, problem);
  return new TextEncoder().encode(text);
}

function readCount(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new DecodeError(field, 'exceeds 2^53 - 1');
  return Number(value);
}

function writeCount(value: number, field: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new ArgumentError(field, 'expected a whole number ≥ 0');
  return BigInt(value);
}

function readPath(path: Uint8Array[], field: string): Uint8Array[] {
  if (path.length > PROOF_HASHES_MAX) throw new DecodeError(field, `more than ${PROOF_HASHES_MAX} hashes`);
  return path;
}

function readEntry(entry: Uint8Array, field: string): Uint8Array {
  if (entry.length === 0) throw new DecodeError(field, 'an entry has at least one byte');
  if (entry.length > ENTRY_BYTES_MAX) throw new DecodeError(field, `longer than ${ENTRY_BYTES_MAX} bytes`);
  return entry;
}

function checkHash(hash: Uint8Array, field: string): Uint8Array {
  if (hash.length !== SHA256_BYTES) throw new ArgumentError(field, `expected ${SHA256_BYTES} bytes`);
  return hash;
}

// ── tree heads ──────────────────────────────────────────────────────────────────────────────────────

function writeTreeHead(head: TreeHead): P.UnwrapCoder<typeof treeHeadBodyLayout> {
  return {
    log: writeId(head.log, 'log'),
    size: writeCount(head.size, 'size'),
    timestamp: writeCount(head.timestamp, 'timestamp'),
    root: checkHash(head.root, 'root'),
    latestSize: writeCount(head.latestSize, 'latestSize'),
    latestRoot: checkHash(head.latestRoot, 'latestRoot'),
  };
}

/** The bytes a log signs (without envelope; the signature context is prepended by src/audit/head.ts). */
export function encodeTreeHeadBody(head: TreeHead): Uint8Array {
  return treeHeadBodyLayout.encode(writeTreeHead(head));
}

export function encodeSignedTreeHead(signed: SignedTreeHead): Uint8Array {
  return encodeEnvelope('signedTreeHead', signedTreeHeadLayout, {
    body: writeTreeHead(signed.head),
    signature: signed.signature,
  });
}

export function decodeSignedTreeHead(bytes: Uint8Array): SignedTreeHead {
  const root = 'signedTreeHead';
  const raw = decodeEnvelope('signedTreeHead', signedTreeHeadLayout, bytes, root);
  const head: TreeHead = {
    log: readId(raw.body.log, `${root}.log`),
    size: readCount(raw.body.size, `${root}.size`),
    timestamp: readCount(raw.body.timestamp, `${root}.timestamp`),
    root: raw.body.root,
    latestSize: readCount(raw.body.latestSize, `${root}.latestSize`),
    latestRoot: raw.body.latestRoot,
  };
  if (head.latestSize > head.size)
    throw new DecodeError(`${root}.latestSize`, 'more latest versions than entries in the log');
  return { head, signature: raw.signature };
}

// ── proofs ──────────────────────────────────────────────────────────────────────────────────────────

export function encodeInclusionProof(proof: InclusionProof): Uint8Array {
  return encodeEnvelope('inclusionProof', inclusionProofLayout, {
    log: writeId(proof.log, 'log'),
    index: writeCount(proof.index, 'index'),
    size: writeCount(proof.size, 'size'),
    entry: proof.entry,
    path: proof.path.map((h, i) => checkHash(h, `path[${i}]`)),
  });
}

export function decodeInclusionProof(bytes: Uint8Array): InclusionProof {
  const root = 'inclusionProof';
  const raw = decodeEnvelope('inclusionProof', inclusionProofLayout, bytes, root);
  const proof: InclusionProof = {
    log: readId(raw.log, `${root}.log`),
    index: readCount(raw.index, `${root}.index`),
    size: readCount(raw.size, `${root}.size`),
    entry: readEntry(raw.entry, `${root}.entry`),
    path: readPath(raw.path, `${root}.path`),
  };
  if (proof.index >= proof.size)
    throw new DecodeError(`${root}.index`, `entry ${proof.index} is not below the tree size ${proof.size}`);
  return proof;
}

export function encodeConsistencyProof(proof: ConsistencyProof): Uint8Array {
  return encodeEnvelope('consistencyProof', consistencyProofLayout, {
    log: writeId(proof.log, 'log'),
    first: writeCount(proof.first, 'first'),
    second: writeCount(proof.second, 'second'),
    path: proof.path.map((h, i) => checkHash(h, `path[${i}]`)),
  });
}

export function decodeConsistencyProof(bytes: Uint8Array): ConsistencyProof {
  const root = 'consistencyProof';
  const raw = decodeEnvelope('consistencyProof', consistencyProofLayout, bytes, root);
  const proof: ConsistencyProof = {
    log: readId(raw.log, `${root}.log`),
    first: readCount(raw.first, `${root}.first`),
    second: readCount(raw.second, `${root}.second`),
    path: readPath(raw.path, `${root}.path`),
  };
  if (proof.first > proof.second)
    throw new DecodeError(
      `${root}.first`,
      `size ${proof.first} is larger than the second size ${proof.second}`,
    );
  return proof;
}

function writeLatestLeaf(leaf: LatestLeaf): P.UnwrapCoder<typeof latestLeafLayout> {
  const problem = versionProblem(leaf.version);
  if (problem !== undefined) throw new ArgumentError('version', problem);
  return {
    ownerId: writeId(leaf.ownerId, 'ownerId'),
    fileId: writeId(leaf.fileId, 'fileId'),
    version: leaf.version,
    manifestSha256: checkHash(leaf.manifestSha256, 'manifestSha256'),
    entryIndex: writeCount(leaf.entryIndex, 'entryIndex'),
  };
}

function readLatestLeaf(raw: P.UnwrapCoder<typeof latestLeafLayout>, field: string): LatestLeaf {
  const problem = versionProblem(raw.version);
  if (problem !== undefined) throw new DecodeError(`${field}.version`, problem);
  return {
    ownerId: readId(raw.ownerId, `${field}.ownerId`),
    fileId: readId(raw.fileId, `${field}.fileId`),
    version: raw.version,
    manifestSha256: raw.manifestSha256,
    entryIndex: readCount(raw.entryIndex, `${field}.entryIndex`),
  };
}

/** The bytes of one leaf of the map of latest versions (its leaf hash is SHA-256(0x00 ‖ these)). */
export function encodeLatestLeaf(leaf: LatestLeaf): Uint8Array {
  return latestLeafLayout.encode(writeLatestLeaf(leaf));
}

export function encodeLatestVersionProof(proof: LatestVersionProof): Uint8Array {
  return encodeEnvelope('latestVersionProof', latestVersionProofLayout, {
    log: writeId(proof.log, 'log'),
    size: writeCount(proof.size, 'size'),
    mapIndex: writeCount(proof.mapIndex, 'mapIndex'),
    leaf: writeLatestLeaf(proof.leaf),
    mapPath: proof.mapPath.map((h, i) => checkHash(h, `mapPath[${i}]`)),
    entry: proof.entry,
    entryPath: proof.entryPath.map((h, i) => checkHash(h, `entryPath[${i}]`)),
  });
}

export function decodeLatestVersionProof(bytes: Uint8Array): LatestVersionProof {
  const root = 'latestVersionProof';
  const raw = decodeEnvelope('latestVersionProof', latestVersionProofLayout, bytes, root);
  const proof: LatestVersionProof = {
    log: readId(raw.log, `${root}.log`),
    size: readCount(raw.size, `${root}.size`),
    mapIndex: readCount(raw.mapIndex, `${root}.mapIndex`),
    leaf: readLatestLeaf(raw.leaf, `${root}.leaf`),
    mapPath: readPath(raw.mapPath, `${root}.mapPath`),
    entry: readEntry(raw.entry, `${root}.entry`),
    entryPath: readPath(raw.entryPath, `${root}.entryPath`),
  };
  if (proof.leaf.entryIndex >= proof.size)
    throw new DecodeError(
      `${root}.leaf.entryIndex`,
      `entry ${proof.leaf.entryIndex} is not below the size ${proof.size}`,
    );
  return proof;
}
