/**
 * Scalars of Z_q* (q = the BLS12-381 group order). Backend-independent: both pairing backends consume
 * scalars as bigints, so scalar arithmetic lives here once.
 */
import { bls12_381_Fr } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE, numberToBytesBE } from './bytes.ts';
import { CURVE_ORDER, SCALAR_BYTES } from './constants.ts';
import { DecodeError } from './errors.ts';
import type { Rng } from './rng.ts';

/** A non-zero element of Z_q. The brand marks values that passed `isNonZeroScalar`. */
export type Scalar = bigint & { readonly __scalar: true };

export function isNonZeroScalar(value: bigint): value is Scalar {
  return value > 0n && value < CURVE_ORDER;
}

/**
 * Uniform x ∈ Z_q*: 48 random bytes reduced mod (q − 1), plus one. The 128 surplus bits make the
 * reduction bias negligible (< 2^-128), as in RFC 9380's hash_to_field.
 */
export function randomScalar(rng: Rng): Scalar {
  return ((bytesToNumberBE(rng(SCALAR_BYTES + 16)) % (CURVE_ORDER - 1n)) + 1n) as Scalar;
}

export function scalarInverse(x: Scalar): Scalar {
  return bls12_381_Fr.inv(x) as Scalar;
}

export function scalarMul(a: Scalar, b: Scalar): Scalar {
  return bls12_381_Fr.mul(a, b) as Scalar;
}

export function encodeScalar(x: Scalar): Uint8Array {
  return numberToBytesBE(x, SCALAR_BYTES);
}

/** Decodes a secret or public scalar. The error names the field but never echoes the bytes. */
export function decodeScalar(bytes: Uint8Array, field: string): Scalar {
  if (bytes.length !== SCALAR_BYTES) {
    throw new DecodeError(field, `expected ${SCALAR_BYTES} bytes, got ${bytes.length}`);
  }
  const value = bytesToNumberBE(bytes);
  if (!isNonZeroScalar(value)) throw new DecodeError(field, 'scalar out of range [1, q-1]');
  return value;
}
