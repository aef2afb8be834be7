/** Uploads for the TPA tests: synthetic ones (random ciphertext, valid structure) and real ones. */
import { buildManifest, generateSigningKeyPair, signManifest } from '../../src/crypto/manifest.ts';
import { deterministicRng, type Rng } from '../../src/crypto/rng.ts';
import type { EncryptedFile, SigningKeyPair } from '../../src/crypto/types.ts';
import {
  encodeEncryptedFile,
  encodeSignedManifest,
  encodeSigningPublicKey,
} from '../../src/crypto/wire/formats.ts';

export interface Owner {
  readonly signer: SigningKeyPair;
  /** Wire kind 4, as the SRS directory publishes it. */
  readonly publicKey: Uint8Array;
}

export function owner(name: string, seed = name): Owner {
  const signer = generateSigningKeyPair(name, deterministicRng(`owner:${seed}`));
  return { signer, publicKey: encodeSigningPublicKey({ principal: name, publicKey: signer.publicKey }) };
}

/**
 * A hybrid-mode encrypted file whose single partition is `bytes` random bytes of "ciphertext" (the TPA
 * never decrypts; the structure is what a real upload has), with its signed manifest.
 */
export function syntheticUpload(
  who: Owner,
  fileId: string,
  version: number,
  bytes: number,
  blockSize: number,
  rng: Rng = deterministicRng(`${fileId}@${version}`),
): { object: Uint8Array; manifest: Uint8Array; file: EncryptedFile } {
  const file: EncryptedFile = {
    header: {
      ownerId: who.signer.principal,
      fileId,
      version,
      variant: 'hardened',
      mode: 'hybrid',
      aead: 'aes-256-gcm',
      window: { notBefore: 0, notAfter: 2_000_000_000 },
      createdAt: 1_750_000_000,
    },
    partitions: [
      {
        label: 'medical',
        accessLevel: 1,
        nonce: rng(12),
        plaintextLength: bytes,
        ciphertext: rng(bytes + 16),
      },
    ],
  };
  const manifest = encodeSignedManifest(signManifest(buildManifest(file, { blockSize }), who.signer));
  return { object: encodeEncryptedFile(file), manifest, file };
}
