/**
 * Body layouts of every wire kind (format version 1) and the semantic checks that turn a decoded
 * structure into a checked domain value. Layout tables in docs/wire-format.md mirror these coders.
 */

import * as P from 'micro-packed';
import { AEAD_TAG_BYTES, AEADS } from '../aead.ts';
import type { PairingBackend } from '../backend/types.ts';
import { utf8 } from '../bytes.ts';
import {
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SECRET_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  G1_BYTES,
  G2_BYTES,
  GT_BYTES,
  LITERAL_CHUNK_BYTES,
  SCALAR_BYTES,
  SHA256_BYTES,
} from '../constants.ts';
import { ed25519PublicKeyProblem } from '../ed25519.ts';
import { ArgumentError, DecodeError } from '../errors.ts';
import { decodeScalar, encodeScalar } from '../scalar.ts';
import {
  AEAD_ALGORITHMS,
  type AeadAlgorithm,
  CIPHER_MODES,
  type CipherMode,
  type EncryptedFile,
  type EncryptedPartition,
  type FileHeader,
  type Manifest,
  type ManifestPartition,
  type OwnerParameters,
  type PrePublicKey,
  PreSecretKey,
  type ReEncryptedParameter,
  type ReKey,
  type SignedManifest,
  type SignedOwnerParameters,
  type SignedReEncryptedParameter,
  type SignedReKey,
  type SignedTimeToken,
  type SigningPublicKey,
  SigningSecretKey,
  type StorageCommitment,
  type TimeToken,
  VARIANTS,
  type Variant,
} from '../types.ts';
import {
  accessLevelProblem,
  duplicateLabel,
  identifierProblem,
  integerProblem,
  PARTITION_PLAINTEXT_MAX,
  timestampProblem,
  versionProblem,
  windowProblem,
} from '../validate.ts';
import { decodeEnvelope, decodeText, encodeEnvelope, kindByte, WIRE_KINDS } from './envelope.ts';

// ── primitive layouts ────────────────────────────────────────────────────────────────────────────────

/** Identifiers: u8 length ‖ UTF-8 bytes. */
const identifier = P.bytes(P.U8);
/** Enumerations are one byte: the index into the tuple of names (VARIANTS, CIPHER_MODES, …). */
const enumByte = P.U8;
/** AEAD byte: 0 = none (literal mode), 1 + index into AEAD_ALGORITHMS. */
const AEAD_NONE = 0;

const headerLayout = P.struct({
  ownerId: identifier,
  fileId: identifier,
  version: P.U32BE,
  variant: enumByte,
  mode: enumByte,
  aead: enumByte,
  notBefore: P.U64BE,
  notAfter: P.U64BE,
  createdAt: P.U64BE,
});

const partitionLayout = P.struct({
  label: identifier,
  accessLevel: P.U16BE,
  nonce: P.bytes(P.U8),
  plaintextLength: P.U32BE,
  ciphertext: P.bytes(P.U32BE),
});

const encryptedFileLayout = P.struct({ header: headerLayout, partitions: P.array(P.U8, partitionLayout) });

const manifestPartitionLayout = P.struct({
  label: identifier,
  accessLevel: P.U16BE,
  nonce: P.bytes(P.U8),
  plaintextLength: P.U32BE,
  ciphertextLength: P.U32BE,
  ciphertextSha256: P.bytes(SHA256_BYTES),
});

/** Manifest format 2's storage commitment (docs/wire-format.md, "storageCommitment"). */
const storageCommitmentLayout = P.struct({
  blockSize: P.U32BE,
  objectLength: P.U64BE,
  blocksRoot: P.bytes(SHA256_BYTES),
});

export const manifestBodyLayout = P.struct({
  header: headerLayout,
  partitions: P.array(P.U8, manifestPartitionLayout),
  storage: storageCommitmentLayout,
});

const signedManifestLayout = P.struct({
  manifest: manifestBodyLayout,
  signature: P.bytes(ED25519_SIGNATURE_BYTES),
});

/** The context bound into every partition's AAD and AEAD key (§ "Hybrid mode" in docs/wire-format.md). */
const partitionContextLayout = P.struct({
  ownerId: identifier,
  fileId: identifier,
  version: P.U32BE,
  label: identifier,
  accessLevel: P.U16BE,
  variant: enumByte,
  mode: enumByte,
  aead: enumByte,
  notBefore: P.U64BE,
  notAfter: P.U64BE,
});

/** The time server's signed statement "it is `time` for `subject`" (seed paper, time server). */
export const timeTokenBodyLayout = P.struct({ issuer: identifier, subject: identifier, time: P.U64BE });
const timeTokenLayout = P.struct({ body: timeTokenBodyLayout, signature: P.bytes(ED25519_SIGNATURE_BYTES) });

const preSecretKeyLayout = P.struct({ principal: identifier, secretKey: P.bytes(SCALAR_BYTES) });
const prePublicKeyLayout = P.struct({ principal: identifier, publicKey: P.bytes(G2_BYTES) });
const signingSecretKeyLayout = P.struct({ principal: identifier, seed: P.bytes(ED25519_SECRET_KEY_BYTES) });
const signingPublicKeyLayout = P.struct({
  principal: identifier,
  publicKey: P.bytes(ED25519_PUBLIC_KEY_BYTES),
});
const ownerParametersLayout = P.struct({
  ownerId: identifier,
  fileId: identifier,
  version: P.U32BE,
  levels: P.array(P.U16BE, P.struct({ accessLevel: P.U16BE, rP: P.bytes(G1_BYTES) })),
});
const reKeyLayout = P.struct({ ownerId: identifier, userId: identifier, rk: P.bytes(G2_BYTES) });
const reEncryptedParameterLayout = P.struct({
  ownerId: identifier,
  fileId: identifier,
  version: P.U32BE,
  accessLevel: P.U16BE,
  userId: identifier,
  rU: P.bytes(GT_BYTES),
});
/** The signed kinds: the unsigned body, then the signer's Ed25519 signature over DST ‖ that body. */
const signedOwnerParametersLayout = P.struct({
  body: ownerParametersLayout,
  signature: P.bytes(ED25519_SIGNATURE_BYTES),
});
const signedReKeyLayout = P.struct({ body: reKeyLayout, signature: P.bytes(ED25519_SIGNATURE_BYTES) });
const signedReEncryptedParameterLayout = P.struct({
  body: reEncryptedParameterLayout,
  signature: P.bytes(ED25519_SIGNATURE_BYTES),
});

// ── semantic checks shared by the decoders ──────────────────────────────────────────────────────────

function check(problem: string | undefined, field: string): void {
  if (problem !== undefined) throw new DecodeError(field, problem);
}

function readIdentifier(bytes: Uint8Array, field: string): string {
  const text = decodeText(bytes, field);
  check(identifierProblem(text), field);
  return text;
}

function readSafeInteger(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new DecodeError(field, 'exceeds 2^53 - 1');
  return Number(value);
}

function readEnum<T>(names: readonly T[], index: number, field: string): T {
  const name = names[index];
  if (name === undefined) throw new DecodeError(field, `unknown code ${index}`);
  return name;
}

/** Encoders validate what they write with the decoders' rule: a name that encodes always decodes. */
function writeIdentifier(text: string, field: string): Uint8Array {
  const problem = identifierProblem(text);
  if (problem !== undefined) throw new ArgumentError(field, problem);
  return utf8(text);
}
const variantCode = (variant: Variant) => VARIANTS.indexOf(variant);
const modeCode = (mode: CipherMode) => CIPHER_MODES.indexOf(mode);
const aeadCode = (aead: AeadAlgorithm | null) =>
  aead === null ? AEAD_NONE : AEAD_ALGORITHMS.indexOf(aead) + 1;

type HeaderLayout = P.UnwrapCoder<typeof headerLayout>;

function writeHeader(header: FileHeader): HeaderLayout {
  return {
    ownerId: writeIdentifier(header.ownerId, 'ownerId'),
    fileId: writeIdentifier(header.fileId, 'fileId'),
    version: header.version,
    variant: variantCode(header.variant),
    mode: modeCode(header.mode),
    aead: aeadCode(header.aead),
    notBefore: BigInt(header.window.notBefore),
    notAfter: BigInt(header.window.notAfter),
    createdAt: BigInt(header.createdAt),
  };
}

function readHeader(raw: HeaderLayout, field: string): FileHeader {
  const mode = readEnum(CIPHER_MODES, raw.mode, `${field}.mode`);
  const aead = raw.aead === AEAD_NONE ? null : readEnum(AEAD_ALGORITHMS, raw.aead - 1, `${field}.aead`);
  if ((mode === 'hybrid') !== (aead !== null)) {
    throw new DecodeError(
      `${field}.aead`,
      mode === 'hybrid' ? 'hybrid mode needs an AEAD' : 'literal mode has no AEAD',
    );
  }
  const window = {
    notBefore: readSafeInteger(raw.notBefore, `${field}.notBefore`),
    notAfter: readSafeInteger(raw.notAfter, `${field}.notAfter`),
  };
  check(windowProblem(window), `${field}.window`);
  const header: FileHeader = {
    ownerId: readIdentifier(raw.ownerId, `${field}.ownerId`),
    fileId: readIdentifier(raw.fileId, `${field}.fileId`),
    version: raw.version,
    variant: readEnum(VARIANTS, raw.variant, `${field}.variant`),
    mode,
    aead,
    window,
    createdAt: readSafeInteger(raw.createdAt, `${field}.createdAt`),
  };
  check(versionProblem(header.version), `${field}.version`);
  check(timestampProblem(header.createdAt), `${field}.createdAt`);
  return header;
}

function checkLabelsUnique(labels: readonly string[], field: string): void {
  const duplicate = duplicateLabel(labels);
  if (duplicate !== undefined) throw new DecodeError(field, `duplicate partition label "${duplicate}"`);
}

/** Ciphertext length implied by the mode for a given plaintext length. */
export function expectedCiphertextLength(mode: CipherMode, plaintextLength: number): number {
  return mode === 'hybrid'
    ? plaintextLength + AEAD_TAG_BYTES
    : Math.ceil(plaintextLength / LITERAL_CHUNK_BYTES) * GT_BYTES;
}

function readPartition(
  raw: P.UnwrapCoder<typeof partitionLayout>,
  header: FileHeader,
  field: string,
): EncryptedPartition {
  const partition: EncryptedPartition = {
    label: readIdentifier(raw.label, `${field}.label`),
    accessLevel: raw.accessLevel,
    nonce: raw.nonce,
    plaintextLength: raw.plaintextLength,
    ciphertext: raw.ciphertext,
  };
  const nonceBytes = header.aead === null ? 0 : AEADS[header.aead].nonceBytes;
  if (partition.nonce.length !== nonceBytes) {
    throw new DecodeError(`${field}.nonce`, `expected ${nonceBytes} bytes, got ${partition.nonce.length}`);
  }
  if (partition.plaintextLength > PARTITION_PLAINTEXT_MAX) {
    throw new DecodeError(`${field}.plaintextLength`, `exceeds ${PARTITION_PLAINTEXT_MAX}`);
  }
  const expected = expectedCiphertextLength(header.mode, partition.plaintextLength);
  if (partition.ciphertext.length !== expected) {
    throw new DecodeError(
      `${field}.ciphertext`,
      `expected ${expected} bytes for the stated plaintext length, got ${partition.ciphertext.length}`,
    );
  }
  return partition;
}

/** The canonical header bytes (compared by readers against the signed manifest). */
export function encodeFileHeader(header: FileHeader): Uint8Array {
  return headerLayout.encode(writeHeader(header));
}

// ── encrypted files and manifests (backend-independent) ─────────────────────────────────────────────

export function encodeEncryptedFile(file: EncryptedFile): Uint8Array {
  return encodeEnvelope('encryptedFile', encryptedFileLayout, {
    header: writeHeader(file.header),
    partitions: file.partitions.map((p) => ({ ...p, label: writeIdentifier(p.label, 'label') })),
  });
}

export function decodeEncryptedFile(bytes: Uint8Array): EncryptedFile {
  const root = 'encryptedFile';
  const raw = decodeEnvelope('encryptedFile', encryptedFileLayout, bytes, root);
  const header = readHeader(raw.header, `${root}.header`);
  if (raw.partitions.length === 0)
    throw new DecodeError(`${root}.partitions`, 'a file has at least one partition');
  const partitions = raw.partitions.map((p, i) => readPartition(p, header, `${root}.partitions[${i}]`));
  checkLabelsUnique(
    partitions.map((p) => p.label),
    `${root}.partitions`,
  );
  return { header, partitions };
}

/** Block sizes a storage commitment may use: powers of two from 64 bytes to 1 MiB. */
export const STORAGE_BLOCK_MIN = 64;
export const STORAGE_BLOCK_MAX = 1 << 20;

export function blockSizeProblem(value: unknown): string | undefined {
  const range = integerProblem(value, STORAGE_BLOCK_MIN, STORAGE_BLOCK_MAX);
  if (range) return range;
  return ((value as number) & ((value as number) - 1)) === 0 ? undefined : 'not a power of two';
}

function writeStorage(storage: StorageCommitment): P.UnwrapCoder<typeof storageCommitmentLayout> {
  const problem =
    blockSizeProblem(storage.blockSize) ?? integerProblem(storage.objectLength, 1, Number.MAX_SAFE_INTEGER);
  if (problem !== undefined) throw new ArgumentError('storage', problem);
  if (storage.blocksRoot.length !== SHA256_BYTES)
    throw new ArgumentError('storage.blocksRoot', `expected ${SHA256_BYTES} bytes`);
  return {
    blockSize: storage.blockSize,
    objectLength: BigInt(storage.objectLength),
    blocksRoot: storage.blocksRoot,
  };
}

function readStorage(raw: P.UnwrapCoder<typeof storageCommitmentLayout>, field: string): StorageCommitment {
  check(blockSizeProblem(raw.blockSize), `${field}.blockSize`);
  const objectLength = readSafeInteger(raw.objectLength, `${field}.objectLength`);
  if (objectLength < 1) throw new DecodeError(`${field}.objectLength`, 'a stored object has at least 1 byte');
  return { blockSize: raw.blockSize, objectLength, blocksRoot: raw.blocksRoot };
}

function writeManifestBody(manifest: Manifest): P.UnwrapCoder<typeof manifestBodyLayout> {
  return {
    header: writeHeader(manifest.header),
    partitions: manifest.partitions.map((p) => ({ ...p, label: writeIdentifier(p.label, 'label') })),
    storage: writeStorage(manifest.storage),
  };
}

/** The exact bytes the owner signs (without envelope; the signature context is prepended by manifest.ts). */
export function encodeManifestBody(manifest: Manifest): Uint8Array {
  return manifestBodyLayout.encode(writeManifestBody(manifest));
}

export function encodeSignedManifest(signed: SignedManifest): Uint8Array {
  return encodeEnvelope('signedManifest', signedManifestLayout, {
    manifest: writeManifestBody(signed.manifest),
    signature: signed.signature,
  });
}

export function decodeSignedManifest(bytes: Uint8Array): SignedManifest {
  const root = 'signedManifest';
  if (kindByte(bytes) === WIRE_KINDS.signedManifestV1) {
    throw new DecodeError(
      `${root}.kind`,
      'manifest format 1 (kind 9) is retired: it carries no storage commitment; the owner signs format 2 (kind 14)',
    );
  }
  const raw = decodeEnvelope('signedManifest', signedManifestLayout, bytes, root);
  const header = readHeader(raw.manifest.header, `${root}.manifest.header`);
  if (raw.manifest.partitions.length === 0) {
    throw new DecodeError(`${root}.manifest.partitions`, 'a file has at least one partition');
  }
  const partitions: ManifestPartition[] = raw.manifest.partitions.map((p, i) => {
    const field = `${root}.manifest.partitions[${i}]`;
    const label = readIdentifier(p.label, `${field}.label`);
    const nonceBytes = header.aead === null ? 0 : AEADS[header.aead].nonceBytes;
    if (p.nonce.length !== nonceBytes) {
      throw new DecodeError(`${field}.nonce`, `expected ${nonceBytes} bytes, got ${p.nonce.length}`);
    }
    return {
      label,
      accessLevel: p.accessLevel,
      nonce: p.nonce,
      plaintextLength: p.plaintextLength,
      ciphertextLength: p.ciphertextLength,
      ciphertextSha256: p.ciphertextSha256,
    };
  });
  checkLabelsUnique(
    partitions.map((p) => p.label),
    `${root}.manifest.partitions`,
  );
  const storage = readStorage(raw.manifest.storage, `${root}.manifest.storage`);
  return { manifest: { header, partitions, storage }, signature: raw.signature };
}

/** AAD and KDF context of one partition: every field the issue requires the ciphertext to be bound to. */
export function encodePartitionContext(header: FileHeader, label: string, accessLevel: number): Uint8Array {
  const h = writeHeader(header);
  return partitionContextLayout.encode({
    ownerId: h.ownerId,
    fileId: h.fileId,
    version: h.version,
    label: writeIdentifier(label, 'label'),
    accessLevel,
    variant: h.variant,
    mode: h.mode,
    aead: h.aead,
    notBefore: h.notBefore,
    notAfter: h.notAfter,
  });
}

// ── keys ────────────────────────────────────────────────────────────────────────────────────────────

export function encodePreSecretKey(principal: string, secretKey: PreSecretKey): Uint8Array {
  return encodeEnvelope('preSecretKey', preSecretKeyLayout, {
    principal: writeIdentifier(principal, 'principal'),
    secretKey: encodeScalar(secretKey.scalar),
  });
}

export function decodePreSecretKey(bytes: Uint8Array): { principal: string; secretKey: PreSecretKey } {
  const root = 'preSecretKey';
  const raw = decodeEnvelope('preSecretKey', preSecretKeyLayout, bytes, root);
  return {
    principal: readIdentifier(raw.principal, `${root}.principal`),
    secretKey: new PreSecretKey(decodeScalar(raw.secretKey, `${root}.secretKey`)),
  };
}

export function encodePrePublicKey(backend: PairingBackend, key: PrePublicKey): Uint8Array {
  return encodeEnvelope('prePublicKey', prePublicKeyLayout, {
    principal: writeIdentifier(key.principal, 'principal'),
    publicKey: backend.g2Encode(key.publicKey),
  });
}

export function decodePrePublicKey(backend: PairingBackend, bytes: Uint8Array): PrePublicKey {
  const root = 'prePublicKey';
  const raw = decodeEnvelope('prePublicKey', prePublicKeyLayout, bytes, root);
  return {
    principal: readIdentifier(raw.principal, `${root}.principal`),
    publicKey: backend.g2Decode(raw.publicKey, `${root}.publicKey`),
  };
}

export function encodeSigningSecretKey(principal: string, secretKey: SigningSecretKey): Uint8Array {
  return encodeEnvelope('signingSecretKey', signingSecretKeyLayout, {
    principal: writeIdentifier(principal, 'principal'),
    seed: secretKey.seed,
  });
}

export function decodeSigningSecretKey(bytes: Uint8Array): {
  principal: string;
  secretKey: SigningSecretKey;
} {
  const root = 'signingSecretKey';
  const raw = decodeEnvelope('signingSecretKey', signingSecretKeyLayout, bytes, root);
  return {
    principal: readIdentifier(raw.principal, `${root}.principal`),
    secretKey: new SigningSecretKey(raw.seed),
  };
}

export function encodeSigningPublicKey(key: SigningPublicKey): Uint8Array {
  return encodeEnvelope('signingPublicKey', signingPublicKeyLayout, {
    principal: writeIdentifier(key.principal, 'principal'),
    publicKey: key.publicKey,
  });
}

export function decodeSigningPublicKey(bytes: Uint8Array): SigningPublicKey {
  const root = 'signingPublicKey';
  const raw = decodeEnvelope('signingPublicKey', signingPublicKeyLayout, bytes, root);
  check(ed25519PublicKeyProblem(raw.publicKey), `${root}.publicKey`);
  return { principal: readIdentifier(raw.principal, `${root}.principal`), publicKey: raw.publicKey };
}

// ── protocol parameters ─────────────────────────────────────────────────────────────────────────────
//
// Each of R_{i-P}, RK and R_{i-U} has an unsigned kind (5, 6, 7) and a signed kind (11, 12, 13) whose
// body is the unsigned body followed by a 64-byte Ed25519 signature over DST ‖ unsigned body
// (docs/wire-format.md, "Signed SRS messages"). The writers and readers below serve both.

type OwnerParametersLayout = P.UnwrapCoder<typeof ownerParametersLayout>;
type ReKeyLayout = P.UnwrapCoder<typeof reKeyLayout>;
type ReEncryptedParameterLayout = P.UnwrapCoder<typeof reEncryptedParameterLayout>;

function writeOwnerParameters(backend: PairingBackend, params: OwnerParameters): OwnerParametersLayout {
  return {
    ownerId: writeIdentifier(params.ownerId, 'ownerId'),
    fileId: writeIdentifier(params.fileId, 'fileId'),
    version: params.version,
    levels: params.levels.map((level) => ({
      accessLevel: level.accessLevel,
      rP: backend.g1Encode(level.rP),
    })),
  };
}

function readOwnerParameters(
  backend: PairingBackend,
  raw: OwnerParametersLayout,
  root: string,
): OwnerParameters {
  if (raw.levels.length === 0) throw new DecodeError(`${root}.levels`, 'at least one access level');
  const seen = new Set<number>();
  const levels = raw.levels.map((level, i) => {
    if (seen.has(level.accessLevel)) {
      throw new DecodeError(
        `${root}.levels[${i}].accessLevel`,
        `duplicate access level ${level.accessLevel}`,
      );
    }
    seen.add(level.accessLevel);
    return { accessLevel: level.accessLevel, rP: backend.g1Decode(level.rP, `${root}.levels[${i}].rP`) };
  });
  check(versionProblem(raw.version), `${root}.version`);
  return {
    ownerId: readIdentifier(raw.ownerId, `${root}.ownerId`),
    fileId: readIdentifier(raw.fileId, `${root}.fileId`),
    version: raw.version,
    levels,
  };
}

function writeReKey(backend: PairingBackend, reKey: ReKey): ReKeyLayout {
  return {
    ownerId: writeIdentifier(reKey.ownerId, 'ownerId'),
    userId: writeIdentifier(reKey.userId, 'userId'),
    rk: backend.g2Encode(reKey.rk),
  };
}

function readReKey(backend: PairingBackend, raw: ReKeyLayout, root: string): ReKey {
  return {
    ownerId: readIdentifier(raw.ownerId, `${root}.ownerId`),
    userId: readIdentifier(raw.userId, `${root}.userId`),
    rk: backend.g2Decode(raw.rk, `${root}.rk`),
  };
}

function writeReEncryptedParameter(
  backend: PairingBackend,
  param: ReEncryptedParameter,
): ReEncryptedParameterLayout {
  return {
    ownerId: writeIdentifier(param.ownerId, 'ownerId'),
    fileId: writeIdentifier(param.fileId, 'fileId'),
    version: param.version,
    accessLevel: param.accessLevel,
    userId: writeIdentifier(param.userId, 'userId'),
    rU: backend.fp12Encode(param.rU),
  };
}

function readReEncryptedParameter(
  backend: PairingBackend,
  raw: ReEncryptedParameterLayout,
  root: string,
): ReEncryptedParameter {
  check(versionProblem(raw.version), `${root}.version`);
  check(accessLevelProblem(raw.accessLevel), `${root}.accessLevel`);
  return {
    ownerId: readIdentifier(raw.ownerId, `${root}.ownerId`),
    fileId: readIdentifier(raw.fileId, `${root}.fileId`),
    version: raw.version,
    accessLevel: raw.accessLevel,
    userId: readIdentifier(raw.userId, `${root}.userId`),
    rU: backend.gtDecode(raw.rU, `${root}.rU`),
  };
}

export function encodeOwnerParameters(backend: PairingBackend, params: OwnerParameters): Uint8Array {
  return encodeEnvelope('ownerParameters', ownerParametersLayout, writeOwnerParameters(backend, params));
}

export function decodeOwnerParameters(backend: PairingBackend, bytes: Uint8Array): OwnerParameters {
  const root = 'ownerParameters';
  return readOwnerParameters(
    backend,
    decodeEnvelope('ownerParameters', ownerParametersLayout, bytes, root),
    root,
  );
}

/** The bytes an owner signs for Send_Ri: the ownerParameters body, without envelope. */
export function encodeOwnerParametersBody(backend: PairingBackend, params: OwnerParameters): Uint8Array {
  return ownerParametersLayout.encode(writeOwnerParameters(backend, params));
}

export function encodeSignedOwnerParameters(
  backend: PairingBackend,
  signed: SignedOwnerParameters,
): Uint8Array {
  return encodeEnvelope('signedOwnerParameters', signedOwnerParametersLayout, {
    body: writeOwnerParameters(backend, signed.parameters),
    signature: signed.signature,
  });
}

/** Decodes and checks the structure and the points; the signature is checked by srs-messages.ts. */
export function decodeSignedOwnerParameters(
  backend: PairingBackend,
  bytes: Uint8Array,
): SignedOwnerParameters {
  const root = 'signedOwnerParameters';
  const raw = decodeEnvelope('signedOwnerParameters', signedOwnerParametersLayout, bytes, root);
  return { parameters: readOwnerParameters(backend, raw.body, root), signature: raw.signature };
}

export function encodeReKey(backend: PairingBackend, reKey: ReKey): Uint8Array {
  return encodeEnvelope('reKey', reKeyLayout, writeReKey(backend, reKey));
}

export function decodeReKey(backend: PairingBackend, bytes: Uint8Array): ReKey {
  const root = 'reKey';
  return readReKey(backend, decodeEnvelope('reKey', reKeyLayout, bytes, root), root);
}

/** The bytes an owner signs when it sends RK to the SRS: the reKey body, without envelope. */
export function encodeReKeyBody(backend: PairingBackend, reKey: ReKey): Uint8Array {
  return reKeyLayout.encode(writeReKey(backend, reKey));
}

export function encodeSignedReKey(backend: PairingBackend, signed: SignedReKey): Uint8Array {
  return encodeEnvelope('signedReKey', signedReKeyLayout, {
    body: writeReKey(backend, signed.reKey),
    signature: signed.signature,
  });
}

export function decodeSignedReKey(backend: PairingBackend, bytes: Uint8Array): SignedReKey {
  const root = 'signedReKey';
  const raw = decodeEnvelope('signedReKey', signedReKeyLayout, bytes, root);
  return { reKey: readReKey(backend, raw.body, root), signature: raw.signature };
}

export function encodeReEncryptedParameter(backend: PairingBackend, param: ReEncryptedParameter): Uint8Array {
  return encodeEnvelope(
    'reEncryptedParameter',
    reEncryptedParameterLayout,
    writeReEncryptedParameter(backend, param),
  );
}

export function decodeReEncryptedParameter(backend: PairingBackend, bytes: Uint8Array): ReEncryptedParameter {
  const root = 'reEncryptedParameter';
  return readReEncryptedParameter(
    backend,
    decodeEnvelope('reEncryptedParameter', reEncryptedParameterLayout, bytes, root),
    root,
  );
}

/** The bytes the SRS signs for D_R_S: the reEncryptedParameter body, without envelope. */
export function encodeReEncryptedParameterBody(
  backend: PairingBackend,
  param: ReEncryptedParameter,
): Uint8Array {
  return reEncryptedParameterLayout.encode(writeReEncryptedParameter(backend, param));
}

export function encodeSignedReEncryptedParameter(
  backend: PairingBackend,
  signed: SignedReEncryptedParameter,
): Uint8Array {
  return encodeEnvelope('signedReEncryptedParameter', signedReEncryptedParameterLayout, {
    body: writeReEncryptedParameter(backend, signed.parameter),
    signature: signed.signature,
  });
}

export function decodeSignedReEncryptedParameter(
  backend: PairingBackend,
  bytes: Uint8Array,
): SignedReEncryptedParameter {
  const root = 'signedReEncryptedParameter';
  const raw = decodeEnvelope('signedReEncryptedParameter', signedReEncryptedParameterLayout, bytes, root);
  return { parameter: readReEncryptedParameter(backend, raw.body, root), signature: raw.signature };
}

// ── time tokens ─────────────────────────────────────────────────────────────────────────────────────

export function encodeTimeTokenBody(token: TimeToken): Uint8Array {
  return timeTokenBodyLayout.encode({
    issuer: writeIdentifier(token.issuer, 'issuer'),
    subject: writeIdentifier(token.subject, 'subject'),
    time: BigInt(token.time),
  });
}

export function encodeSignedTimeToken(signed: SignedTimeToken): Uint8Array {
  return encodeEnvelope('timeToken', timeTokenLayout, {
    body: {
      issuer: writeIdentifier(signed.token.issuer, 'issuer'),
      subject: writeIdentifier(signed.token.subject, 'subject'),
      time: BigInt(signed.token.time),
    },
    signature: signed.signature,
  });
}

export function decodeSignedTimeToken(bytes: Uint8Array): SignedTimeToken {
  const root = 'timeToken';
  const raw = decodeEnvelope('timeToken', timeTokenLayout, bytes, root);
  const time = readSafeInteger(raw.body.time, `${root}.time`);
  return {
    token: {
      issuer: readIdentifier(raw.body.issuer, `${root}.issuer`),
      subject: readIdentifier(raw.body.subject, `${root}.subject`),
      time,
    },
    signature: raw.signature,
  };
}
