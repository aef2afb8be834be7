/**
 * The `noble` backend: @noble/curves bls12_381, the audited pure-JS reference implementation.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { G1_BYTES, G2_BYTES } from '../constants.ts';
import type { Scalar } from '../scalar.ts';
import {
  decodeCanonicalPoint,
  decodeFp12,
  decodeGt,
  FixedBaseTable,
  type Fp12Ops,
  type PointDecodeFailure,
} from './shared.ts';
import type { Fp12, G1, G2, GT, PairingBackend } from './types.ts';

type NoblePoint1 = typeof bls12_381.G1.Point.BASE;
type NoblePoint2 = typeof bls12_381.G2.Point.BASE;
type NobleFp12 = ReturnType<typeof bls12_381.fields.Fp12.mul>;

const { G1: nobleG1, G2: nobleG2 } = bls12_381;
const F12 = bls12_381.fields.Fp12;

const G1_BASE = nobleG1.Point.BASE;
const G2_BASE = nobleG2.Point.BASE;

/**
 * Fixed-base tables. noble builds and caches a window table for its BASE points on their first
 * multiplication; Z gets our comb table, built on first use too (not at import: a CLI that never pairs
 * should start fast).
 */
let zTable: FixedBaseTable<NobleFp12> | undefined;
function zPowers(): FixedBaseTable<NobleFp12> {
  zTable ??= new FixedBaseTable<NobleFp12>(bls12_381.pairing(G1_BASE, G2_BASE), (a, b) => F12.mul(a, b));
  return zTable;
}

/** noble's Fp12 arithmetic for the decoders and GT membership tests (exported for the tests' reference). */
export const nobleFp12Ops: Fp12Ops<NobleFp12> = {
  fromCanonical: (bytes) => F12.fromBytes(bytes),
  mul: (a, b) => F12.mul(a, b),
  sqr: (a) => F12.sqr(a),
  isOne: (a) => F12.eql(a, F12.ONE),
  equals: (a, b) => F12.eql(a, b),
  frobenius: (x, power) => F12.frobeniusMap(x, power),
  cyclotomicPow: (x, k) => F12._cyclotomicExp(x, k),
};

/** 4-bit fixed-window exponentiation with cyclotomic squaring: valid for GT elements only. */
function gtPowCyclotomic(x: NobleFp12, k: bigint): NobleFp12 {
  const window: NobleFp12[] = [F12.ONE, x];
  for (let i = 2; i < 16; i++) window.push(F12.mul(window[i - 1] as NobleFp12, x));
  const hexDigits = k.toString(16);
  let acc = F12.ONE;
  for (const digit of hexDigits) {
    for (let s = 0; s < 4; s++) acc = F12._cyclotomicSquare(acc);
    const d = Number.parseInt(digit, 16);
    if (d !== 0) acc = F12.mul(acc, window[d] as NobleFp12);
  }
  return acc;
}

const classifyNobleFailure = (error: unknown): PointDecodeFailure =>
  error instanceof Error && /subgroup/i.test(error.message) ? 'not-in-subgroup' : 'not-on-curve';

// noble's fromBytes runs assertValidity (on curve and torsion-free), so subgroup membership is already
// enforced there; the explicit hook only has to agree.
const g1Lib = {
  decode: (bytes: Uint8Array) => nobleG1.Point.fromBytes(bytes),
  classifyFailure: classifyNobleFailure,
  isIdentity: (p: NoblePoint1) => p.is0(),
  inSubgroup: (_p: NoblePoint1) => true,
  encode: (p: NoblePoint1) => p.toBytes(true),
};
const g2Lib = {
  decode: (bytes: Uint8Array) => nobleG2.Point.fromBytes(bytes),
  classifyFailure: classifyNobleFailure,
  isIdentity: (p: NoblePoint2) => p.is0(),
  inSubgroup: (_p: NoblePoint2) => true,
  encode: (p: NoblePoint2) => p.toBytes(true),
};

const p1 = (p: G1) => p as unknown as NoblePoint1;
const p2 = (p: G2) => p as unknown as NoblePoint2;
const f12 = (x: Fp12) => x as unknown as NobleFp12;
const asG1 = (p: NoblePoint1) => p as unknown as G1;
const asG2 = (p: NoblePoint2) => p as unknown as G2;
const asGT = (x: NobleFp12) => x as unknown as GT;
const asFp12 = (x: NobleFp12) => x as unknown as Fp12;

export const nobleBackend: PairingBackend = {
  name: 'noble',

  g1MulBase: (k: Scalar) => asG1(G1_BASE.multiply(k)),
  g1Mul: (point, k) => asG1(p1(point).multiply(k)),
  g1Equals: (a, b) => p1(a).equals(p1(b)),
  g1Encode: (point) => p1(point).toBytes(true),
  g1Decode: (bytes, field) => asG1(decodeCanonicalPoint(bytes, field, 'G1', G1_BYTES, g1Lib)),

  g2MulBase: (k) => asG2(G2_BASE.multiply(k)),
  g2Mul: (point, k) => asG2(p2(point).multiply(k)),
  g2Equals: (a, b) => p2(a).equals(p2(b)),
  g2Encode: (point) => p2(point).toBytes(true),
  g2Decode: (bytes, field) => asG2(decodeCanonicalPoint(bytes, field, 'G2', G2_BYTES, g2Lib)),

  pairing: (p, q) => asGT(bls12_381.pairing(p1(p), p2(q))),
  gtPowBase: (k) => asGT(zPowers().pow(k)),
  gtPow: (x, k) => asGT(gtPowCyclotomic(f12(x), k)),
  gtEquals: (a, b) => F12.eql(f12(a), f12(b)),

  fp12Mul: (a, b) => asFp12(F12.mul(f12(a), f12(b))),
  fp12Inv: (a) => asFp12(F12.inv(f12(a))),
  fp12Encode: (x) => F12.toBytes(f12(x)),
  fp12Decode: (bytes, field) => asFp12(decodeFp12(bytes, field, nobleFp12Ops)),
  gtDecode: (bytes, field) => asGT(decodeGt(bytes, field, nobleFp12Ops)),
};
