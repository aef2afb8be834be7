/**
 * Ed25519 (RFC 8032), the one signature scheme of sesphr: manifests, time tokens and SRS messages all
 * sign and verify through this module, so the verification rule is stated once.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ED25519_PUBLIC_KEY_BYTES, ED25519_SIGNATURE_BYTES } from './constants.ts';

/** RFC 8032 §5.1.5: the public key A of a 32-byte seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/** RFC 8032 §5.1.6 (deterministic). */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed);
}

/** Why `bytes` is not an acceptable public key, or `undefined`. */
export function ed25519PublicKeyProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length !== ED25519_PUBLIC_KEY_BYTES) return `expected ${ED25519_PUBLIC_KEY_BYTES} bytes`;
  try {
    ed25519.Point.fromBytes(bytes).assertValidity();
  } catch {
    return 'not a valid Ed25519 public key';
  }
  return undefined;
}

/** True when `signature` is a valid signature of `message` under `publicKey`; never throws. */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES || publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    return false;
  }
  try {
    return ed25519.verify(signature, message, publicKey);
  } catch {
    return false;
  }
}
