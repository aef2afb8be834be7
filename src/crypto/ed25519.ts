/**
 * Ed25519 (RFC 8032), the one signature scheme of sesphr: manifests, time tokens and SRS messages all
 * sign and verify through this module, so the verification rule is stated once.
 *
 * Verification is strict (docs/security-notes.md, "Small-order Ed25519 public keys"): the public key A
 * and R must be canonical encodings, A must lie in the prime-order subgroup (so neither small nor mixed
 * order), S < L, and the cofactorless equation [S]B = R + [k]A must hold exactly. noble's
 * `ed25519.verify` with `zip215: false` gives canonical encodings, S < L and refuses small-order A, but
 * checks the cofactored equation [8][S]B = [8]R + [8][k]A and accepts mixed-order keys; so the equation
 * is checked here. The checks on the encodings and on A run on noble's point arithmetic; the equation,
 * signing and public-key derivation run on Node's built-in Ed25519 (OpenSSL), ten to twenty times
 * faster: OpenSSL computes R' = [S]B − [k]A and compares its encoding with R's bytes, which, for the
 * canonical R and the prime-order A checked first, is exactly the cofactorless equation
 * (test/crypto/ed25519-native.test.ts checks the two against noble's arithmetic).
 */
import {
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as signNative,
  verify as verifyNative,
} from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, bytesToNumberLE, concatBytes, equalBytes } from './bytes.ts';
import { ED25519_PUBLIC_KEY_BYTES, ED25519_SECRET_KEY_BYTES, ED25519_SIGNATURE_BYTES } from './constants.ts';
import type { SigningSecretKey } from './types.ts';

type EdPoint = typeof ed25519.Point.BASE;
const { Point } = ed25519;
/** The prime order L of the base point B. */
const L = Point.Fn.ORDER;
const HALF = ED25519_SIGNATURE_BYTES / 2;

/** The DER wrappings of a raw key that Node's KeyObject reads and writes (RFC 8410 §4 SubjectPublicKeyInfo, §7 PKCS #8). */
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

function signingKeyOf(seed: Uint8Array): KeyObject {
  if (seed.length !== ED25519_SECRET_KEY_BYTES)
    throw new RangeError(`an Ed25519 seed has ${ED25519_SECRET_KEY_BYTES} bytes, got ${seed.length}`);
  return createPrivateKey({
    key: Buffer.from(concatBytes(PKCS8_PREFIX, seed)),
    format: 'der',
    type: 'pkcs8',
  });
}

/**
 * The KeyObject of each SigningSecretKey, for as long as the key lives: a party signs often with one key,
 * and making the KeyObject costs ten times a signature. A SigningSecretKey never changes its seed.
 */
const signingKeys = new WeakMap<SigningSecretKey, KeyObject>();

function signingKey(secret: SigningSecretKey | Uint8Array): KeyObject {
  if (secret instanceof Uint8Array) return signingKeyOf(secret);
  let key = signingKeys.get(secret);
  if (!key) {
    key = signingKeyOf(secret.seed);
    signingKeys.set(secret, key);
  }
  return key;
}

/**
 * RFC 8032 §5.1.5: the public key A of a signing key or its 32-byte seed, derived by OpenSSL (the key's
 * SPKI encoding less its fixed prefix). noble's getPublicKey would first build its base-point tables,
 * some 45 ms of every process that enrols a signer; test/crypto/ed25519-public-key.test.ts checks the
 * two agree. Passing the SigningSecretKey keeps its KeyObject for the signatures that follow.
 */
export function ed25519PublicKey(secret: SigningSecretKey | Uint8Array): Uint8Array {
  const spki = createPublicKey(signingKey(secret)).export({ format: 'der', type: 'spki' });
  const prefix = spki.subarray(0, SPKI_PREFIX.length);
  if (spki.length !== SPKI_PREFIX.length + ED25519_PUBLIC_KEY_BYTES || !equalBytes(prefix, SPKI_PREFIX))
    throw new Error('OpenSSL exported an Ed25519 public key in an unexpected SPKI encoding');
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

/** RFC 8032 §5.1.6 (deterministic), with a signing key or its 32-byte seed. */
export function ed25519Sign(message: Uint8Array, secret: SigningSecretKey | Uint8Array): Uint8Array {
  return new Uint8Array(signNative(null, message, signingKey(secret)));
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
 * subgroup check (one multiplication by L) costs more than a verification. Bounded; KeyObjects are immutable.
 */
const acceptedKeys = new Map<string, KeyObject>();
const ACCEPTED_KEYS_MAX = 1024;

/** The key as Node's KeyObject, if `bytes` are an acceptable public key; else why not. */
function decodePublicKey(bytes: Uint8Array): KeyObject | string {
  if (bytes.length !== ED25519_PUBLIC_KEY_BYTES) return `expected ${ED25519_PUBLIC_KEY_BYTES} bytes`;
  const id = bytesToHex(bytes);
  const known = acceptedKeys.get(id);
  if (known) return known;
  const point = decodeCanonical(bytes);
  if (!point) return 'not the canonical encoding of an Ed25519 point';
  // With A of small order, R = identity and S = 0 verify for every message under the cofactored rule.
  if (point.isSmallOrder()) return 'a point of small order';
  if (!point.isTorsionFree()) return 'not in the prime-order subgroup (has a small-order component)';
  const key = createPublicKey({
    key: Buffer.from(concatBytes(SPKI_PREFIX, bytes)),
    format: 'der',
    type: 'spki',
  });
  if (acceptedKeys.size >= ACCEPTED_KEYS_MAX) acceptedKeys.clear();
  acceptedKeys.set(id, key);
  return key;
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
  if (!decodeCanonical(signature.subarray(0, HALF))) return false;
  if (bytesToNumberLE(signature.subarray(HALF)) >= L) return false;
  // [S]B = R + [k]A, k = SHA-512(R ‖ A ‖ M) mod L, for the canonical R and prime-order A checked above.
  try {
    return verifyNative(null, message, a, signature);
  } catch {
    return false;
  }
}
