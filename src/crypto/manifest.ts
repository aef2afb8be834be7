/**
 * Signed manifests: the owner signs (Ed25519) the header of each uploaded file and, per partition in
 * order, its label, access level, nonce, plaintext and ciphertext lengths and the ciphertext's SHA-256. A reader verifies the signature with the
 * owner's key and the file against the manifest before decrypting, so the cloud cannot swap, truncate,
 * reorder or alter partitions — or whole files — unnoticed.
 *
 * Manifest format 2 (docs/wire-format.md) adds the storage commitment: the RFC 6962 Merkle root over
 * fixed-size blocks of the stored object (the encryptedFile wire bytes), so a third-party auditor holding
 * only the owner's public key can check single blocks the cloud returns (docs/tpa.md).
 */
import { createHash } from 'node:crypto';
import { concatBytes, equalBytes, utf8 } from './bytes.ts';
import { DST } from './constants.ts';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.ts';
import { ArgumentError, IntegrityError } from './errors.ts';
import type { Rng } from './rng.ts';
import {
  type EncryptedFile,
  type Manifest,
  type SignedManifest,
  type SigningKeyPair,
  type SigningPublicKey,
  SigningSecretKey,
  type StorageCommitment,
} from './types.ts';
import {
  blockSizeProblem,
  encodeEncryptedFile,
  encodeFileHeader,
  encodeManifestBody,
} from './wire/formats.ts';
import { leafHash, rootOfLeafHashes } from './wire/merkle.ts';

const SIGNATURE_CONTEXT = utf8(DST.manifestSignatureV2);

/** The block size of a storage commitment unless the owner chooses another (docs/tpa.md). */
export const DEFAULT_BLOCK_SIZE = 4096;

/** ⌈length / blockSize⌉: how many blocks an object of `length` bytes has (the last may be shorter). */
export function blockCount(length: number, blockSize: number): number {
  return Math.ceil(length / blockSize);
}

/** Block `index` of `object` (a view, not a copy). */
export function blockOf(object: Uint8Array, index: number, blockSize: number): Uint8Array {
  return object.subarray(index * blockSize, Math.min(object.length, (index + 1) * blockSize));
}

/** The leaf hashes of every block of `object`. */
export function blockLeafHashes(object: Uint8Array, blockSize: number): Uint8Array[] {
  return Array.from({ length: blockCount(object.length, blockSize) }, (_, i) =>
    leafHash(blockOf(object, i, blockSize)),
  );
}

/** The owner's commitment to the stored object's blocks. */
export function storageCommitment(object: Uint8Array, blockSize = DEFAULT_BLOCK_SIZE): StorageCommitment {
  const problem = blockSizeProblem(blockSize);
  if (problem !== undefined) throw new ArgumentError('blockSize', problem);
  if (object.length === 0) throw new ArgumentError('object', 'a stored object has at least 1 byte');
  return {
    blockSize,
    objectLength: object.length,
    blocksRoot: rootOfLeafHashes(blockLeafHashes(object, blockSize)),
  };
}

/** Checks that `object` is exactly what `storage` commits to (the cloud does, before it accepts an upload). */
export function checkStorageCommitment(
  object: Uint8Array,
  storage: StorageCommitment,
  subject: string,
): void {
  if (object.length !== storage.objectLength) {
    throw new IntegrityError(
      subject,
      `the stored object has ${object.length} bytes, the commitment ${storage.objectLength}`,
    );
  }
  if (!equalBytes(rootOfLeafHashes(blockLeafHashes(object, storage.blockSize)), storage.blocksRoot))
    throw new IntegrityError(subject, 'the blocks do not match the commitment’s root');
}

export function sha256Native(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

/** A principal's signing key pair: the secret key and the public key derived from it (RFC 8032 §5.1.5). */
export function signingKeyPair(principal: string, secretKey: SigningSecretKey): SigningKeyPair {
  return { principal, secretKey, publicKey: ed25519PublicKey(secretKey) };
}

export function generateSigningKeyPair(principal: string, rng: Rng): SigningKeyPair {
  return signingKeyPair(principal, new SigningSecretKey(rng(32)));
}

/** The manifest of `file`, with the commitment to its wire encoding in blocks of `blockSize` bytes. */
export function buildManifest(file: EncryptedFile, options: { blockSize?: number } = {}): Manifest {
  return {
    storage: storageCommitment(encodeEncryptedFile(file), options.blockSize ?? DEFAULT_BLOCK_SIZE),
    header: file.header,
    partitions: file.partitions.map((p) => ({
      label: p.label,
      accessLevel: p.accessLevel,
      nonce: p.nonce,
      plaintextLength: p.plaintextLength,
      ciphertextLength: p.ciphertext.length,
      ciphertextSha256: sha256Native(p.ciphertext),
    })),
  };
}

function signedMessage(manifest: Manifest): Uint8Array {
  return concatBytes(SIGNATURE_CONTEXT, encodeManifestBody(manifest));
}

export function signManifest(manifest: Manifest, signer: SigningKeyPair): SignedManifest {
  return { manifest, signature: ed25519Sign(signedMessage(manifest), signer.secretKey) };
}

/** Checks the owner's signature; the signer must be the owner the manifest names. */
export function verifyManifest(signed: SignedManifest, owner: SigningPublicKey): Manifest {
  const { manifest } = signed;
  const subject = `manifest of ${manifest.header.ownerId}/${manifest.header.fileId}@${manifest.header.version}`;
  if (owner.principal !== manifest.header.ownerId) {
    throw new IntegrityError(
      subject,
      `names owner "${manifest.header.ownerId}", but the key is "${owner.principal}"'s`,
    );
  }
  if (!ed25519Verify(signed.signature, signedMessage(manifest), owner.publicKey))
    throw new IntegrityError(subject, 'owner signature does not verify');
  return manifest;
}

/** Checks that a downloaded file is exactly the one the (verified) manifest describes. */
export function checkFileAgainstManifest(file: EncryptedFile, manifest: Manifest): void {
  const subject = `file ${file.header.ownerId}/${file.header.fileId}@${file.header.version}`;
  if (!equalBytes(encodeFileHeader(file.header), encodeFileHeader(manifest.header))) {
    throw new IntegrityError(subject, 'header differs from the signed manifest');
  }
  if (file.partitions.length !== manifest.partitions.length) {
    throw new IntegrityError(
      subject,
      `has ${file.partitions.length} partitions, the manifest ${manifest.partitions.length}`,
    );
  }
  file.partitions.forEach((partition, i) => {
    const expected = manifest.partitions[i];
    if (!expected) return;
    const where = `${subject} partition ${i}`;
    if (partition.label !== expected.label) {
      throw new IntegrityError(
        where,
        `label "${partition.label}" where the manifest has "${expected.label}"`,
      );
    }
    if (partition.accessLevel !== expected.accessLevel)
      throw new IntegrityError(where, 'access level differs from the manifest');
    if (!equalBytes(partition.nonce, expected.nonce))
      throw new IntegrityError(where, 'nonce differs from the manifest');
    if (partition.plaintextLength !== expected.plaintextLength)
      throw new IntegrityError(where, 'plaintext length differs from the manifest');
    if (partition.ciphertext.length !== expected.ciphertextLength)
      throw new IntegrityError(where, 'ciphertext length differs from the manifest');
    if (!equalBytes(sha256Native(partition.ciphertext), expected.ciphertextSha256)) {
      throw new IntegrityError(where, 'ciphertext SHA-256 differs from the manifest');
    }
  });
}
