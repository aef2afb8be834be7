/**
 * Ed25519 (RFC 8032), the one signature scheme of sesphr: manifests, time tokens and SRS messages all
 * sign and verify through this module, so the verification rule is stated once.
 *
 * Verification is strict (docs/security-notes.md, "Small-order Ed25519 public keys"): the public key A
 * and R must be canonical encodings, A must lie in the prime-order subgroup (so neither small nor mixed
 * order), S < L, and the cofactorless equation [S]B = R + [k]A must hold exactly. noble's
 * `ed25519.verify` with `zip215: false` gives canonical encodings, S < L and refuses small-order A, but
 * checks the cofactored equation [8][S]B = [8]R + [8][k]A and accepts mixed-order keys; so the equation
 * is checked here, on noble's point arithmetic.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, bytesToNumberLE, concatBytes, equalBytes } from './bytes.ts';
import { ED25519_PUBLIC_KEY_BYTES, ED25519_SIGNATURE_BYTES } from './constants.ts';

type EdPoint = typeof ed25519.Point.BASE;
const { Point } = ed25519;
/** The prime order L of the base point B. */
const L = Point.Fn.ORDER;
const HALF = ED25519_SIGNATURE_BYTES / 2;

/** RFC 8032 §5.1.5: the public key A of a 32-byte seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/** RFC 8032 §5.1.6 (deterministic). */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed);
}

/** The point, if `bytes` is its canonical encoding (y < p, no sign bit on x = 0); else undefined. */
function decodeCanonical(bytes: Uint8Array): EdPoint | undefined {
  let point: EdPoint;
  try {
    point = Point.fromBytes(bytes, false);
  } catch {
    return undefined;
  }
  return equalBytes(point.toBytes(), bytes) ? point : undefined;
}

/**
 * Keys that passed the checks, by hex: a protocol has few signers and verifies their keys often, and the
 * subgroup check (one multiplication by L) is half the cost of a verification. Bounded; points are immutable.
 */
const acceptedKeys = new Map<string, EdPoint>();
const ACCEPTED_KEYS_MAX = 1024;

function decodePublicKey(bytes: Uint8Array): EdPoint | string {
  if (bytes.length !== ED25519_PUBLIC_KEY_BYTES) return `expected ${ED25519_PUBLIC_KEY_BYTES} bytes`;
  const id = bytesToHex(bytes);
  const known = acceptedKeys.get(id);
  if (known) return known;
  const point = decodeCanonical(bytes);
  if (!point) return 'not the canonical encoding of an Ed25519 point';
  // With A of small order, R = identity and S = 0 verify for every message under the cofactored rule.
  if (point.isSmallOrder()) return 'a point of small order';
  if (!point.isTorsionFree()) return 'not in the prime-order subgroup (has a small-order component)';
  if (acceptedKeys.size >= ACCEPTED_KEYS_MAX) acceptedKeys.clear();
  acceptedKeys.set(id, point);
  return point;
}

/** Why `bytes` is not an acceptable public key (non-canonical, small or mixed order), or `undefined`. */
export function ed25519PublicKeyProblem(bytes: Uint8Array): string | undefined {
  const key = decodePublicKey(bytes);
  return typeof key === 'string' ? key : undefined;
}

/**
 * True exactly when `signature` = R ‖ S is a strict RFC 8032 signature of `message` under `publicKey`:
 * an acceptable key, canonical R, S < L and [S]B = R + [k]A with k = SHA-512(R ‖ A ‖ M) mod L.
 * Never throws.
 */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  const a = decodePublicKey(publicKey);
  if (typeof a === 'string') return false;
  const rBytes = signature.subarray(0, HALF);
  const r = decodeCanonical(rBytes);
  if (!r) return false;
  const s = bytesToNumberLE(signature.subarray(HALF));
  if (s >= L) return false;
  const k = bytesToNumberLE(sha512(concatBytes(rBytes, publicKey, message))) % L;
  return Point.BASE.multiplyUnsafe(s).equals(r.add(a.multiplyUnsafe(k)));
}
