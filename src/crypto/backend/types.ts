/**
 * The pairing backend interface: the only place the scheme touches a curve library.
 *
 * Elements are opaque branded handles owned by the backend that made them; they never cross backends.
 * Parties on different backends interoperate through the canonical encodings (constants.ts), which both
 * backends produce byte-for-byte identically for the same scalars.
 */
import type { Scalar } from '../scalar.ts';

declare const g1Brand: unique symbol;
declare const g2Brand: unique symbol;
declare const fp12Brand: unique symbol;
declare const gtBrand: unique symbol;

/** A point of the prime-order subgroup G1, never the identity. */
export type G1 = { readonly [g1Brand]: true };
/** A point of the prime-order subgroup G2, never the identity. */
export type G2 = { readonly [g2Brand]: true };
/** A non-zero element of the target field Fp12 (paper-literal ciphertext blocks live here). */
export type Fp12 = { readonly [fp12Brand]: true };
/** An element of the order-q target group GT ⊂ Fp12*, never 1 (every GT value in SeSPHR is Z^{nonzero}). */
export type GT = Fp12 & { readonly [gtBrand]: true };

export const BACKEND_NAMES = ['noble', 'mcl'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface PairingBackend {
  readonly name: BackendName;

  /** g1^k, from a fixed-base table built once per process. */
  g1MulBase(k: Scalar): G1;
  g1Mul(point: G1, k: Scalar): G1;
  g1Equals(a: G1, b: G1): boolean;
  /** Compressed encoding, `G1_BYTES` long. */
  g1Encode(point: G1): Uint8Array;
  /** Rejects wrong length, non-canonical or off-curve encodings, points outside the subgroup and the identity. */
  g1Decode(bytes: Uint8Array, field: string): G1;

  g2MulBase(k: Scalar): G2;
  g2Mul(point: G2, k: Scalar): G2;
  g2Equals(a: G2, b: G2): boolean;
  g2Encode(point: G2): Uint8Array;
  g2Decode(bytes: Uint8Array, field: string): G2;

  /** e(P, Q) ∈ GT. */
  pairing(p: G1, q: G2): GT;
  /** Z^k with Z = e(g1, g2), from a fixed-base table built once per process. */
  gtPowBase(k: Scalar): GT;
  gtPow(x: GT, k: Scalar): GT;
  gtEquals(a: Fp12, b: Fp12): boolean;

  fp12Mul(a: Fp12, b: Fp12): Fp12;
  fp12Inv(a: Fp12): Fp12;
  /** Canonical encoding (`GT_BYTES`), identical across backends. */
  fp12Encode(x: Fp12): Uint8Array;
  /** Any non-zero Fp12 element with canonical limbs (every limb < p). */
  fp12Decode(bytes: Uint8Array, field: string): Fp12;
  /** Like `fp12Decode`, and additionally checks x ∈ GT (the fast test, shared.ts `isInGt`) and x ≠ 1 (`decodeGt`). */
  gtDecode(bytes: Uint8Array, field: string): GT;
}
