/**
 * Domain types of the cryptographic core: what the owner, the SRS, the cloud and users exchange.
 * Every value here is either produced locally or parsed from bytes by `wire/` (which checks it).
 */
import { inspect } from 'node:util';
import type { CipherMode } from '../../common/modes.ts';
import type { Variant } from '../../common/variants.ts';
import type { G1, G2, GT } from './backend/types.ts';
import type { Scalar } from './scalar.ts';

export { CIPHER_MODES, type CipherMode } from '../../common/modes.ts';
export { VARIANTS, type Variant } from '../../common/variants.ts';

export const AEAD_ALGORITHMS = ['aes-256-gcm', 'xchacha20-poly1305'] as const;
export type AeadAlgorithm = (typeof AEAD_ALGORITHMS)[number];

/** Principal, file and partition names: 1–128 bytes of UTF-8 without control characters. */
export type Identifier = string;

/** Inclusive validity window of a file, in Unix seconds (the seed paper's time server, docs/model.md "Time"). */
export interface TimeWindow {
  readonly notBefore: number;
  readonly notAfter: number;
}

/** Identifies one uploaded version of one owner's file. */
export interface FileRef {
  readonly ownerId: Identifier;
  readonly fileId: Identifier;
  readonly version: number;
}

export interface FileHeader extends FileRef {
  readonly variant: Variant;
  readonly mode: CipherMode;
  /** The AEAD of hybrid mode; `null` in literal mode. */
  readonly aead: AeadAlgorithm | null;
  readonly window: TimeWindow;
  /** Unix seconds. */
  readonly createdAt: number;
}

/** One partition of a PHR as stored in the cloud. */
export interface EncryptedPartition {
  readonly label: Identifier;
  /** Partitions sharing an access level share r_i, hence K_i and R_{i-P} (Eqs. 6–13). */
  readonly accessLevel: number;
  /** Hybrid: the AEAD nonce. Literal: empty. */
  readonly nonce: Uint8Array;
  readonly plaintextLength: number;
  /** Hybrid: AEAD ciphertext ‖ tag. Literal: one canonical Fp12 element per 64-byte chunk. */
  readonly ciphertext: Uint8Array;
}

/** C: what the owner uploads to the cloud (Eq. 28). */
export interface EncryptedFile {
  readonly header: FileHeader;
  readonly partitions: readonly EncryptedPartition[];
}

export interface ManifestPartition {
  readonly label: Identifier;
  readonly accessLevel: number;
  /** Hybrid: the AEAD nonce (signed, so a changed nonce is caught before decryption). Literal: empty. */
  readonly nonce: Uint8Array;
  readonly plaintextLength: number;
  readonly ciphertextLength: number;
  readonly ciphertextSha256: Uint8Array;
}

/**
 * The owner's commitment to the stored object — the encryptedFile wire bytes the cloud keeps — for the
 * third-party auditor (docs/tpa.md): the RFC 6962 Merkle root over its blocks of `blockSize` bytes (the
 * last one shorter), so single blocks can be checked against the signed manifest without the rest.
 */
export interface StorageCommitment {
  /** A power of two from 64 bytes to 1 MiB. */
  readonly blockSize: number;
  /** Length of the stored object in bytes (≥ 1); the block count is ⌈objectLength / blockSize⌉. */
  readonly objectLength: number;
  /** MTH over the blocks: leaf i = SHA-256(0x00 ‖ block i). */
  readonly blocksRoot: Uint8Array;
}

/**
 * What the owner signs (manifest format 2): the header and, per partition in order, its label, level,
 * nonce, lengths and digest, then the storage commitment.
 */
export interface Manifest {
  readonly header: FileHeader;
  readonly partitions: readonly ManifestPartition[];
  readonly storage: StorageCommitment;
}

export interface SignedManifest {
  readonly manifest: Manifest;
  /** Ed25519 over DST.manifestSignatureV2 ‖ encodeManifestBody(manifest). */
  readonly signature: Uint8Array;
}

/** A PRE secret key x ∈ Z_q*. Redacted in logs, JSON and inspection; read it only through `scalar`. */
export class PreSecretKey {
  readonly #scalar: Scalar;
  constructor(scalar: Scalar) {
    this.#scalar = scalar;
  }
  get scalar(): Scalar {
    return this.#scalar;
  }
  toJSON(): string {
    return '<redacted PRE secret key>';
  }
  toString(): string {
    return 'PreSecretKey(<redacted>)';
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/** SK_u, PK_u = g2^{x_u} (Eq. 5). */
export interface PreKeyPair {
  readonly principal: Identifier;
  readonly secretKey: PreSecretKey;
  readonly publicKey: G2;
}

export interface PrePublicKey {
  readonly principal: Identifier;
  readonly publicKey: G2;
}

/** An owner's Ed25519 manifest-signing identity. The seed is redacted like a PRE secret key. */
export class SigningSecretKey {
  readonly #seed: Uint8Array;
  constructor(seed: Uint8Array) {
    this.#seed = seed.slice();
  }
  get seed(): Uint8Array {
    return this.#seed.slice();
  }
  toJSON(): string {
    return '<redacted signing key>';
  }
  toString(): string {
    return 'SigningSecretKey(<redacted>)';
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

export interface SigningKeyPair {
  readonly principal: Identifier;
  readonly secretKey: SigningSecretKey;
  readonly publicKey: Uint8Array;
}

export interface SigningPublicKey {
  readonly principal: Identifier;
  readonly publicKey: Uint8Array;
}

/** R_{i-P} = g1^{r_i·x_P} for each access level of one file version (Eqs. 10–13), sent to the SRS. */
export interface OwnerParameters extends FileRef {
  readonly levels: readonly { readonly accessLevel: number; readonly rP: G1 }[];
}

/** Send_Ri as the SRS accepts it: R_{i-P} signed by the owner's registered signing key. */
export interface SignedOwnerParameters {
  readonly parameters: OwnerParameters;
  /** Ed25519 over DST.ownerParametersSignature ‖ encodeOwnerParametersBody(parameters). */
  readonly signature: Uint8Array;
}

/** RK_{P→U} = g2^{x_U/x_P} (paper: computed by the SRS; hardened: by the owner as PK_U^{1/x_P}). */
export interface ReKey {
  readonly ownerId: Identifier;
  readonly userId: Identifier;
  readonly rk: G2;
}

/** RK as the hardened SRS accepts it: signed by the owner it names. */
export interface SignedReKey {
  readonly reKey: ReKey;
  /** Ed25519 over DST.reKeySignature ‖ encodeReKeyBody(reKey). */
  readonly signature: Uint8Array;
}

/** R_{i-U} = e(R_{i-P}, RK_{P→U}) = Z^{r_i·x_U} (Eqs. 14–18), what the SRS sends a granted user. */
export interface ReEncryptedParameter extends FileRef {
  readonly accessLevel: number;
  readonly userId: Identifier;
  readonly rU: GT;
}

/** R_{i-U} as the SRS issues it: signed by the SRS, so a relabelled copy is detected. */
export interface SignedReEncryptedParameter {
  readonly parameter: ReEncryptedParameter;
  /** Ed25519 over DST.reEncryptedParameterSignature ‖ encodeReEncryptedParameterBody(parameter). */
  readonly signature: Uint8Array;
}

/**
 * Registered signing public keys: principal → encoded signingPublicKey (wire kind 4). A ReadonlyMap
 * satisfies it (the simulator's `World.signingKeys` is one).
 */
export interface SigningKeyDirectory {
  get(principal: Identifier): Uint8Array | undefined;
}

/** The time server's statement that it is `time` (Unix seconds, or model time in the simulator) for `subject`. */
export interface TimeToken {
  readonly issuer: Identifier;
  readonly subject: Identifier;
  readonly time: number;
}

export interface SignedTimeToken {
  readonly token: TimeToken;
  /** Ed25519 over DST.timeTokenSignature ‖ encodeTimeTokenBody(token). */
  readonly signature: Uint8Array;
}
