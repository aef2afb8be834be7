/**
 * The `mcl` backend: mcl-wasm (herumi/mcl compiled to WebAssembly), several times faster than noble.
 * Encodings are made identical to noble's: ETH serialization for G1/G2, and the canonical Fp12 limb
 * order for GT (see `swapFp2Halves`). Generators come from the standard compressed encodings, so both
 * backends agree on g1, g2 and Z by construction; the test vectors check it.
 */

import * as mcl from 'mcl-wasm';
import { hexToBytes } from '../bytes.ts';
import { G1_BYTES, G1_GENERATOR_HEX, G2_BYTES, G2_GENERATOR_HEX } from '../constants.ts';
import { BackendError } from '../errors.ts';
import type { Scalar } from '../scalar.ts';
import { frobeniusMcl } from './mcl-frobenius.ts';
import {
  decodeCanonicalPoint,
  decodeFp12,
  decodeGt,
  FixedBaseTable,
  type Fp12Ops,
  powGeneric,
  swapFp2Halves,
} from './shared.ts';
import type { Fp12, G1, G2, GT, PairingBackend } from './types.ts';

const toFr = (k: bigint): mcl.Fr => {
  const fr = new mcl.Fr();
  fr.setStr(k.toString(16), 16);
  return fr;
};

const g1Lib = {
  decode: (bytes: Uint8Array) => {
    const p = new mcl.G1();
    p.deserialize(bytes);
    return p;
  },
  classifyFailure: () => 'not-on-curve' as const,
  isIdentity: (p: mcl.G1) => p.isZero(),
  inSubgroup: (p: mcl.G1) => p.isValid() && p.isValidOrder(),
  encode: (p: mcl.G1) => p.serialize(),
};
const g2Lib = {
  decode: (bytes: Uint8Array) => {
    const p = new mcl.G2();
    p.deserialize(bytes);
    return p;
  },
  classifyFailure: () => 'not-on-curve' as const,
  isIdentity: (p: mcl.G2) => p.isZero(),
  inSubgroup: (p: mcl.G2) => p.isValid() && p.isValidOrder(),
  encode: (p: mcl.G2) => p.serialize(),
};

const fromCanonical = (bytes: Uint8Array): mcl.GT => {
  const x = new mcl.GT();
  x.deserialize(swapFp2Halves(bytes));
  return x;
};

/**
 * mcl-wasm's Fp12 arithmetic for the decoders and GT membership tests (exported for the tests' reference;
 * usable once the backend is loaded). mcl-wasm exposes neither the Frobenius map nor cyclotomic squaring,
 * and its `pow` on GT decomposes the exponent with the Frobenius (right only inside GT, so useless for a
 * membership test). Hence: the Frobenius written out on mcl's Fp2 arithmetic (mcl-frobenius.ts), and
 * the exponentiation by generic square-and-multiply with mcl's own squaring and multiplication.
 */
export const mclFp12Ops: Fp12Ops<mcl.GT> = {
  fromCanonical,
  mul: (a, b) => mcl.mul(a, b),
  sqr: (a) => mcl.sqr(a),
  isOne: (a) => a.isOne(),
  equals: (a, b) => a.isEqual(b),
  frobenius: frobeniusMcl,
  cyclotomicPow: (x, k) => powGeneric(x, k, mclFp12Ops),
};

const p1 = (p: G1) => p as unknown as mcl.G1;
const p2 = (p: G2) => p as unknown as mcl.G2;
const f12 = (x: Fp12) => x as unknown as mcl.GT;
const asG1 = (p: mcl.G1) => p as unknown as G1;
const asG2 = (p: mcl.G2) => p as unknown as G2;
const asGT = (x: mcl.GT) => x as unknown as GT;
const asFp12 = (x: mcl.GT) => x as unknown as Fp12;

let ready: Promise<PairingBackend> | undefined;

/** Initializes the WASM module once per process and returns the backend. */
export function loadMclBackend(): Promise<PairingBackend> {
  ready ??= initialize();
  return ready;
}

async function initialize(): Promise<PairingBackend> {
  try {
    await mcl.init(mcl.BLS12_381);
  } catch (error) {
    throw new BackendError('mcl-wasm failed to initialize', { cause: error });
  }
  mcl.setETHserialization(true);
  // Subgroup membership is enforced by `inSubgroup` (isValidOrder), which decodeCanonicalPoint runs on
  // every decoded point. With mcl's own order check on, deserialize would throw instead and a point on
  // the curve but outside G1/G2 could not be told apart from an off-curve one (noble reports it as such).
  mcl.verifyOrderG1(false);
  mcl.verifyOrderG2(false);

  const g1 = g1Lib.decode(hexToBytes(G1_GENERATOR_HEX));
  const g2 = g2Lib.decode(hexToBytes(G2_GENERATOR_HEX));
  const z = mcl.pairing(g1, g2);
  const fp12One = new mcl.GT();
  fp12One.setInt(1);
  // Fixed-base tables, built on first use. bench/crypto.bench.ts ("Fixed-base comb vs native on mcl")
  // measured the comb against mcl's GLV multiplication: faster for Z (≈0.6–0.7×) and for g1 (≈0.8×), a
  // tie for g2 — so g2 keeps mcl's own multiplication.
  const g1Table = new FixedBaseTable<mcl.G1>(g1, (a, b) => mcl.add(a, b));
  const zTable = new FixedBaseTable<mcl.GT>(z, (a, b) => mcl.mul(a, b));

  return {
    name: 'mcl',

    g1MulBase: (k: Scalar) => asG1(g1Table.pow(k)),
    g1Mul: (point, k) => asG1(mcl.mul(p1(point), toFr(k))),
    g1Equals: (a, b) => p1(a).isEqual(p1(b)),
    g1Encode: (point) => p1(point).serialize(),
    g1Decode: (bytes, field) => asG1(decodeCanonicalPoint(bytes, field, 'G1', G1_BYTES, g1Lib)),

    g2MulBase: (k) => asG2(mcl.mul(g2, toFr(k))),
    g2Mul: (point, k) => asG2(mcl.mul(p2(point), toFr(k))),
    g2Equals: (a, b) => p2(a).isEqual(p2(b)),
    g2Encode: (point) => p2(point).serialize(),
    g2Decode: (bytes, field) => asG2(decodeCanonicalPoint(bytes, field, 'G2', G2_BYTES, g2Lib)),

    pairing: (p, q) => asGT(mcl.pairing(p1(p), p2(q))),
    gtPowBase: (k) => asGT(zTable.pow(k)),
    gtPow: (x, k) => asGT(mcl.pow(f12(x), toFr(k))),
    gtEquals: (a, b) => f12(a).isEqual(f12(b)),

    fp12Mul: (a, b) => asFp12(mcl.mul(f12(a), f12(b))),
    // mcl.inv on a GT value is the unitary inverse (conjugation), right only inside GT; fp12Inv takes any
    // Fp12 element (the literal-mode attack inverts embedded chunks), so divide 1 by it instead.
    fp12Inv: (a) => asFp12(mcl.div(fp12One, f12(a))),
    fp12Encode: (x) => swapFp2Halves(f12(x).serialize()),
    fp12Decode: (bytes, field) => asFp12(decodeFp12(bytes, field, mclFp12Ops)),
    gtDecode: (bytes, field) => asGT(decodeGt(bytes, field, mclFp12Ops)),
  };
}
