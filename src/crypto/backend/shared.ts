/**
 * Backend-independent pieces of the two pairing backends, written once: fixed-base tables, the
 * canonical Fp12 limb check, the GT membership tests (fast, and the generic reference), and the
 * canonical-decode wrapper that turns library exceptions into typed, secret-free errors.
 */
import { equalBytes } from '../bytes.ts';
import { BLS_PARAMETER, CURVE_ORDER, FIELD_MODULUS, FP_BYTES, GT_BYTES } from '../constants.ts';
import { DecodeError } from '../errors.ts';

/** Bits covered by a fixed-base table: every scalar of Z_q fits (q < 2^255). */
const SCALAR_BITS = 256;

/**
 * Fixed-base exponentiation by a windowed comb: rows[i][j − 1] = base^(j · 2^(w·i)).
 * base^k is then the product of one table entry per w-bit digit of k — no squarings at all.
 * Built lazily on first use, once per process per base.
 */
export class FixedBaseTable<E> {
  readonly #base: E;
  readonly #mul: (a: E, b: E) => E;
  readonly #windowBits: number;
  #rows: E[][] | undefined;

  constructor(base: E, mul: (a: E, b: E) => E, windowBits = 4) {
    this.#base = base;
    this.#mul = mul;
    this.#windowBits = windowBits;
  }

  /** base^k for 0 < k < 2^256. */
  pow(k: bigint): E {
    const rows = this.#table();
    const mask = (1n << BigInt(this.#windowBits)) - 1n;
    let acc: E | undefined;
    let rest = k;
    for (let i = 0; rest > 0n; i++, rest >>= BigInt(this.#windowBits)) {
      const digit = Number(rest & mask);
      if (digit === 0) continue;
      const entry = rows[i]?.[digit - 1] as E;
      acc = acc === undefined ? entry : this.#mul(acc, entry);
    }
    if (acc === undefined) throw new RangeError('fixed-base exponent must be positive');
    return acc;
  }

  #table(): E[][] {
    if (this.#rows) return this.#rows;
    const width = (1 << this.#windowBits) - 1;
    const rows: E[][] = [];
    let rowBase = this.#base;
    for (let i = 0; i * this.#windowBits < SCALAR_BITS; i++) {
      const row: E[] = [rowBase];
      for (let j = 1; j < width; j++) row.push(this.#mul(row[j - 1] as E, rowBase));
      rows.push(row);
      // next row base = rowBase^(2^w) = rowBase^(2^w − 1) · rowBase
      rowBase = this.#mul(row[width - 1] as E, rowBase);
    }
    this.#rows = rows;
    return rows;
  }
}

/** Left-to-right square-and-multiply with generic (non-cyclotomic) field operations. */
export function powGeneric<E>(x: E, exponent: bigint, ops: { mul(a: E, b: E): E; sqr(a: E): E }): E {
  let acc = x;
  for (let bit = exponent.toString(2).length - 2; bit >= 0; bit--) {
    acc = ops.sqr(acc);
    if ((exponent >> BigInt(bit)) & 1n) acc = ops.mul(acc, x);
  }
  return acc;
}

/** |u|, the exponent of the Frobenius relation below (u < 0: x^u = (x^|u|)^−1). */
const BLS_PARAMETER_ABS = BLS_PARAMETER < 0n ? -BLS_PARAMETER : BLS_PARAMETER;

/**
 * The reference GT membership test for a non-zero Fp12 element: x^q = 1 (Fp12* is cyclic, so its unique
 * subgroup of order q is GT). Generic multiplication on purpose: cyclotomic shortcuts are only correct
 * for inputs already in the cyclotomic subgroup. About 255 squarings and 128 multiplications; the tests
 * check `isInGt` against it.
 */
export function isInGtGeneric<E>(x: E, ops: Fp12Ops<E>): boolean {
  return ops.isOne(powGeneric(x, CURVE_ORDER, ops));
}

/**
 * The fast GT membership test for BLS12 (M. Scott, "A note on group membership tests for G1, G2 and GT
 * on BLS pairing-friendly curves", ePrint 2021/1130, §5), for a non-zero Fp12 element x:
 *
 *   1. x is in the cyclotomic subgroup G_Φ12(p):   x^(p⁴) · x = x^(p²)   (x^Φ12(p) = 1, Φ12(p) = p⁴ − p² + 1)
 *   2. the Frobenius acts on x as the parameter u:  x^p · x^|u| = 1     (x^(p − u) = 1, u < 0)
 *
 * Why both together are exactly GT. GT ⊂ G_Φ12(p), and p ≡ u (mod q) (p − u = (u − 1)²·q / 3), so every
 * element of GT passes both. Conversely, both together say ord(x) divides gcd(Φ12(p), p − u). Since
 * Φ12(p) − Φ12(u) is a multiple of p − u, that gcd equals gcd(Φ12(u), p − u) = gcd(q, p − u) = q
 * (Φ12(u) = q, prime, dividing p − u): x ∈ GT. Neither check suffices alone: non-GT elements of
 * G_Φ12(p) fail 2, and elements of Fp* of order dividing u − 1 (which divides p − 1) pass 2 but fail 1
 * (test/crypto/gt-membership.test.ts has both). Check 1 comes first because check 2 may then use
 * cyclotomic squarings. Cost: three Frobenius maps and ~64 squarings instead of ~255 squarings and
 * ~128 multiplications.
 */
export function isInGt<E>(x: E, ops: Fp12Ops<E>): boolean {
  const xP2 = ops.frobenius(x, 2);
  if (!ops.equals(ops.mul(ops.frobenius(x, 4), x), xP2)) return false;
  return ops.isOne(ops.mul(ops.frobenius(x, 1), ops.cyclotomicPow(x, BLS_PARAMETER_ABS)));
}

/** GT membership and no identity (no SeSPHR value is 1) for a decoded element. Only `decodeGt` calls it. */
function checkGtMembership<E>(x: E, field: string, ops: Fp12Ops<E>): void {
  if (ops.isOne(x)) throw new DecodeError(field, 'identity element of GT is not allowed');
  if (!isInGt(x, ops)) throw new DecodeError(field, 'not in the order-q subgroup GT');
}

/** What the Fp12 decoders and the GT membership tests need from a backend's field implementation. */
export interface Fp12Ops<E> {
  /** The element with the given canonical encoding (already checked by `checkCanonicalFp12`). */
  fromCanonical(bytes: Uint8Array): E;
  mul(a: E, b: E): E;
  sqr(a: E): E;
  isOne(a: E): boolean;
  equals(a: E, b: E): boolean;
  /** The Frobenius endomorphism x ↦ x^(p^power), for any Fp12 element. */
  frobenius(x: E, power: 1 | 2 | 4): E;
  /** x^k for k > 0 and an x known to lie in the cyclotomic subgroup (cyclotomic squarings are allowed). */
  cyclotomicPow(x: E, k: bigint): E;
}

/** Any non-zero Fp12 element with canonical limbs (literal-mode blocks). */
export function decodeFp12<E>(bytes: Uint8Array, field: string, ops: Fp12Ops<E>): E {
  checkCanonicalFp12(bytes, field);
  return ops.fromCanonical(bytes);
}

/**
 * The one GT decoder of src/crypto: every GT value that arrives as bytes (R_{i-U} in every wire kind, a
 * K recovered from a literal ciphertext) passes here, through each backend's `gtDecode`. The membership
 * test is the fast one (`isInGt`); the generic x^q = 1 (`isInGtGeneric`) is its reference in the tests.
 */
export function decodeGt<E>(bytes: Uint8Array, field: string, ops: Fp12Ops<E>): E {
  const x = decodeFp12(bytes, field, ops);
  checkGtMembership(x, field, ops);
  return x;
}

/** p as one 48-byte big-endian limb, for byte-wise range checks (much faster than bigint parsing). */
const MODULUS_LIMB = Buffer.from(FIELD_MODULUS.toString(16).padStart(2 * FP_BYTES, '0'), 'hex');

/** Checks the canonical Fp12 encoding: exact length, every limb < p, not all zero. */
export function checkCanonicalFp12(bytes: Uint8Array, field: string): void {
  if (bytes.length !== GT_BYTES)
    throw new DecodeError(field, `expected ${GT_BYTES} bytes, got ${bytes.length}`);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset < GT_BYTES; offset += FP_BYTES) {
    if (view.compare(MODULUS_LIMB, 0, FP_BYTES, offset, offset + FP_BYTES) >= 0) {
      throw new DecodeError(field, `limb ${offset / FP_BYTES} is not reduced mod p`);
    }
  }
  if (bytes.every((byte) => byte === 0)) throw new DecodeError(field, 'zero is not an element of Fp12*');
}

/**
 * mcl serializes Fp12 with the two Fp halves of each Fp2 coefficient swapped relative to the canonical
 * order. The swap is an involution: the same function converts in both directions.
 */
export function swapFp2Halves(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let offset = 0; offset < bytes.length; offset += 2 * FP_BYTES) {
    out.set(bytes.subarray(offset + FP_BYTES, offset + 2 * FP_BYTES), offset);
    out.set(bytes.subarray(offset, offset + FP_BYTES), offset + FP_BYTES);
  }
  return out;
}

export type PointDecodeFailure = 'not-on-curve' | 'not-in-subgroup';

/**
 * Decodes a compressed point with a library decoder and enforces what both backends must agree on:
 * exact length, a canonical encoding (re-encoding gives the same bytes), subgroup membership and no
 * identity. Library messages are classified, never echoed.
 */
export function decodeCanonicalPoint<P>(
  bytes: Uint8Array,
  field: string,
  group: 'G1' | 'G2',
  expectedLength: number,
  lib: {
    decode(bytes: Uint8Array): P;
    classifyFailure(error: unknown): PointDecodeFailure;
    isIdentity(point: P): boolean;
    inSubgroup(point: P): boolean;
    encode(point: P): Uint8Array;
  },
): P {
  if (bytes.length !== expectedLength) {
    throw new DecodeError(
      field,
      `expected ${expectedLength} bytes for a compressed ${group} point, got ${bytes.length}`,
    );
  }
  let point: P;
  try {
    point = lib.decode(bytes);
  } catch (error) {
    const failure = lib.classifyFailure(error);
    throw new DecodeError(
      field,
      failure === 'not-in-subgroup'
        ? `point is not in the prime-order subgroup ${group}`
        : `not a valid compressed ${group} point (not on the curve or malformed)`,
    );
  }
  if (lib.isIdentity(point)) throw new DecodeError(field, `identity point of ${group} is not allowed`);
  if (!lib.inSubgroup(point))
    throw new DecodeError(field, `point is not in the prime-order subgroup ${group}`);
  if (!equalBytes(lib.encode(point), bytes)) throw new DecodeError(field, `non-canonical ${group} encoding`);
  return point;
}
