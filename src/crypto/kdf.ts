/**
 * Hybrid mode's key schedule: K_i = Z^{r_i} (canonical GT bytes) → HKDF-SHA256 → one AEAD key per
 * partition. The partition context (owner, file, version, label, level, window, variant, mode, AEAD) is
 * both the HKDF info and the AAD, so a ciphertext moved to another slot fails to open.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { AEAD_KEY_BYTES } from './aead.ts';
import type { GT, PairingBackend } from './backend/types.ts';
import { concatBytes, utf8 } from './bytes.ts';
import { DST } from './constants.ts';

const KDF_SALT = utf8(DST.hybridKdfSalt);
const KDF_INFO_PREFIX = utf8(DST.hybridKdfInfo);
const AAD_PREFIX = utf8(DST.partitionAad);

/** HKDF-SHA256 (RFC 5869): extract with `salt`, expand with `info` to `length` bytes. */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return hkdf(sha256, ikm, salt, info, length);
}

export function derivePartitionKey(backend: PairingBackend, dataKey: GT, context: Uint8Array): Uint8Array {
  return hkdfSha256(
    backend.fp12Encode(dataKey),
    KDF_SALT,
    concatBytes(KDF_INFO_PREFIX, context),
    AEAD_KEY_BYTES,
  );
}

export function partitionAad(context: Uint8Array): Uint8Array {
  return concatBytes(AAD_PREFIX, context);
}
