/**
 * Invalid curve points and target-group elements are rejected by both pairing backends, with a
 * `DecodeError` whose reason names the problem, and by the wire decoders of the public values that
 * carry them, with a field path naming the point field.
 *
 * Every invalid input is built here from first principles with noble's field arithmetic (never with the
 * decoder under test): the ZCash compressed encoding is written by hand, so that points noble's own
 * `toBytes` refuses to serialize (outside the subgroup, x ≥ p) can be fed to the decoders.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_NAMES, loadBackend, type PairingBackend } from '../../src/crypto/backend/index.ts';
import {
  CURVE_ORDER,
  FIELD_MODULUS,
  FP_BYTES,
  G1_BYTES,
  G2_BYTES,
  GT_BYTES,
} from '../../src/crypto/constants.ts';
import { DecodeError } from '../../src/crypto/errors.ts';
import type { Scalar } from '../../src/crypto/scalar.ts';
import {
  decodeOwnerParameters,
  decodePrePublicKey,
  decodeReEncryptedParameter,
  decodeReKey,
  encodeOwnerParameters,
  encodePrePublicKey,
  encodeReEncryptedParameter,
  encodeReKey,
} from '../../src/crypto/wire/formats.ts';
import { runs } from '../helpers/effort.ts';

const { Fp, Fp2, Fp12 } = bls12_381.fields;
type Fp2Element = ReturnType<typeof Fp2.fromBigTuple>;
type Fp12Element = ReturnType<typeof Fp12.mul>;

const P = FIELD_MODULUS;
const X_BITS_MASK = (1n << 381n) - 1n;
const FLAG_COMPRESSED = 0x80;
const FLAG_INFINITY = 0x40;
const FLAG_SORT = 0x20;

// ── hand-written encodings and field predicates ─────────────────────────────────────────────────────

function toBytesBE(value: bigint, length = FP_BYTES): Uint8Array {
  const out = new Uint8Array(length);
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  if (rest !== 0n) throw new Error(`${value} does not fit in ${length} bytes`);
  return out;
}

function fromBytesBE(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** The ZCash "lexicographically largest" rule for one Fp coordinate: y > (p − 1) / 2. */
const isLarger = (y: bigint) => y > (P - 1n) / 2n;

/** Compressed encoding of the 381-bit value `x` (need not be < p) with explicit flags. */
function rawCompressedG1(x: bigint, flags: number): Uint8Array {
  if (x > X_BITS_MASK) throw new Error('x does not leave room for the flag bits');
  const out = toBytesBE(x);
  out[0] = (out[0] as number) | flags;
  return out;
}

function encodeG1(x: bigint, y: bigint): Uint8Array {
  return rawCompressedG1(x, FLAG_COMPRESSED | (isLarger(y) ? FLAG_SORT : 0));
}

/** G2: x.c1 ‖ x.c0, flags in the top bits of x.c1; the sort bit compares y.c1, or y.c0 when y.c1 = 0. */
function rawCompressedG2(c0: bigint, c1: bigint, flags: number): Uint8Array {
  const out = new Uint8Array(G2_BYTES);
  out.set(rawCompressedG1(c1, flags), 0);
  out.set(toBytesBE(c0), FP_BYTES);
  return out;
}

function encodeG2(x: Fp2Element, y: Fp2Element): Uint8Array {
  const larger = y.c1 !== 0n ? isLarger(y.c1) : isLarger(y.c0);
  return rawCompressedG2(x.c0, x.c1, FLAG_COMPRESSED | (larger ? FLAG_SORT : 0));
}

const isSquareFp = (v: bigint) => Fp.is0(v) || Fp.eql(Fp.pow(v, (P - 1n) / 2n), Fp.ONE);
/** a ∈ Fp2 is a square iff its norm a0² + a1² is a square in Fp (i² = −1). */
const isSquareFp2 = (v: Fp2Element) => isSquareFp(Fp.add(Fp.sqr(v.c0), Fp.sqr(v.c1)));

const G1_B = 4n;
const G2_B = Fp2.fromBigTuple([4n, 4n]);
const g1Rhs = (x: bigint) => Fp.add(Fp.mul(Fp.sqr(x), x), G1_B);
const g2Rhs = (x: Fp2Element) => Fp2.add(Fp2.mul(Fp2.sqr(x), x), G2_B);

/** The first x ≥ start on y² = x³ + 4 whose point is outside the order-q subgroup. */
function nonSubgroupG1(start: bigint): { x: bigint; y: bigint } {
  for (let x = start % P; ; x = (x + 1n) % P) {
    const rhs = g1Rhs(x);
    if (!isSquareFp(rhs)) continue;
    const y = Fp.sqrt(rhs);
    if (!new bls12_381.G1.Point(x, y, Fp.ONE).isTorsionFree()) return { x, y };
  }
}

/** The first x = (start + j, c1) on y² = x³ + 4(1 + i) whose point is outside the order-q subgroup. */
function nonSubgroupG2(start: bigint, c1: bigint): { x: Fp2Element; y: Fp2Element } {
  for (let c0 = start % P; ; c0 = (c0 + 1n) % P) {
    const x = Fp2.fromBigTuple([c0, c1 % P]);
    const rhs = g2Rhs(x);
    if (!isSquareFp2(rhs)) continue;
    const y = Fp2.sqrt(rhs);
    if (!new bls12_381.G2.Point(x, y, Fp2.ONE).isTorsionFree()) return { x, y };
  }
}

/** Flips the given bits of x (bit 0 = least significant) one after another until x < p is off the curve. */
function flipUntilOffCurveG1(valid: Uint8Array, bits: readonly number[]): Uint8Array | undefined {
  const bytes = valid.slice();
  for (const bit of bits) {
    const index = G1_BYTES - 1 - (bit >> 3);
    bytes[index] = (bytes[index] as number) ^ (1 << (bit & 7));
    const x = fromBytesBE(bytes) & X_BITS_MASK;
    if (x < P && !isSquareFp(g1Rhs(x))) return bytes;
  }
  return undefined;
}

/** Bits 0–380 address x.c1 (after the flags), bits 381–764 address x.c0; flipped until x is off the curve. */
function flipUntilOffCurveG2(valid: Uint8Array, bits: readonly number[]): Uint8Array | undefined {
  const bytes = valid.slice();
  for (const bit of bits) {
    const index = bit < 381 ? FP_BYTES - 1 - (bit >> 3) : G2_BYTES - 1 - ((bit - 381) >> 3);
    const shift = bit < 381 ? bit & 7 : (bit - 381) & 7;
    bytes[index] = (bytes[index] as number) ^ (1 << shift);
    const c1 = fromBytesBE(bytes.subarray(0, FP_BYTES)) & X_BITS_MASK;
    const c0 = fromBytesBE(bytes.subarray(FP_BYTES));
    if (c0 < P && c1 < P && !isSquareFp2(g2Rhs(Fp2.fromBigTuple([c0, c1])))) return bytes;
  }
  return undefined;
}

function fp12FromLimbs(limbs: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(GT_BYTES);
  limbs.forEach((limb, i) => {
    out.set(toBytesBE(limb), i * FP_BYTES);
  });
  return out;
}

/** The embedding of an integer n ∈ Fp into Fp12 (limb 0 = c0.c0.c0, the rest zero). */
const embedInteger = (n: bigint) => fp12FromLimbs([((n % P) + P) % P]);

// ── fixtures ────────────────────────────────────────────────────────────────────────────────────────

const nobleG1 = (k: bigint) => bls12_381.G1.Point.BASE.multiply(k);
const nobleG2 = (k: bigint) => bls12_381.G2.Point.BASE.multiply(k);

/** A valid subgroup point whose x leaves room for x + p below 2^381 (about one point in five). */
function g1WithSmallX(): { x: bigint; y: bigint } {
  for (let k = 2n; ; k++) {
    const { x, y } = nobleG1(k).toAffine();
    if (x + P <= X_BITS_MASK) return { x, y };
  }
}
function g2WithSmallC1(): { x: Fp2Element; y: Fp2Element } {
  for (let k = 2n; ; k++) {
    const { x, y } = nobleG2(k).toAffine();
    if (x.c1 + P <= X_BITS_MASK) return { x, y };
  }
}

const REASON = {
  g1Length: /expected 48 bytes for a compressed G1 point/,
  g2Length: /expected 96 bytes for a compressed G2 point/,
  offCurve: (group: string) => new RegExp(`not a valid compressed ${group} point \\(not on the curve`),
  subgroup: (group: string) => new RegExp(`point is not in the prime-order subgroup ${group}`),
  identity: (group: string) => new RegExp(`identity point of ${group} is not allowed`),
  /** x ≥ p and impossible flag combinations: the libraries reject them while decoding ("malformed"). */
  malformed: (group: string) =>
    new RegExp(`non-canonical ${group} encoding|not a valid compressed ${group} point \\(.*malformed\\)`),
  identityOrMalformed: (group: string) =>
    new RegExp(
      `identity point of ${group} is not allowed|non-canonical ${group} encoding|not a valid compressed ${group} point \\(.*malformed\\)`,
    ),
  gtLength: /expected 576 bytes, got/,
  limb: (i: number) => new RegExp(`limb ${i} is not reduced mod p`),
  zero: /zero is not an element of Fp12\*/,
  gtIdentity: /identity element of GT is not allowed/,
  gtSubgroup: /not in the order-q subgroup GT/,
};

interface BadInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly reason: RegExp;
}

function badG1Points(): BadInput[] {
  const valid = nobleG1(0x1234567n).toBytes(true);
  const offCurve = flipUntilOffCurveG1(valid, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  if (!offCurve) throw new Error('no off-curve flip found');
  const outside = nonSubgroupG1(1n);
  const small = g1WithSmallX();
  const zeros = new Uint8Array(G1_BYTES);
  const withFlags = (flags: number, base = valid) => {
    const out = base.slice();
    out[0] = ((out[0] as number) & 0x1f) | flags;
    return out;
  };
  const infinityWithPayload = rawCompressedG1(1n, FLAG_COMPRESSED | FLAG_INFINITY);
  return [
    { name: 'off the curve (bits of x flipped)', bytes: offCurve, reason: REASON.offCurve('G1') },
    {
      name: `on the curve, outside the subgroup (x = ${outside.x})`,
      bytes: encodeG1(outside.x, outside.y),
      reason: REASON.subgroup('G1'),
    },
    { name: 'the order-3 point (0, 2)', bytes: encodeG1(0n, 2n), reason: REASON.subgroup('G1') },
    { name: 'the order-3 point (0, −2)', bytes: encodeG1(0n, P - 2n), reason: REASON.subgroup('G1') },
    { name: 'the identity 0xc0‖0…', bytes: withFlags(0xc0, zeros), reason: REASON.identity('G1') },
    {
      name: 'x + p in place of x (x ≥ p)',
      bytes: rawCompressedG1(small.x + P, FLAG_COMPRESSED | (isLarger(small.y) ? FLAG_SORT : 0)),
      reason: REASON.malformed('G1'),
    },
    { name: 'x = p exactly', bytes: rawCompressedG1(P, FLAG_COMPRESSED), reason: REASON.malformed('G1') },
    {
      name: 'compression flag cleared',
      bytes: withFlags((valid[0] as number) & FLAG_SORT),
      reason: REASON.malformed('G1'),
    },
    {
      name: 'infinity flag set on a finite point',
      bytes: withFlags(((valid[0] as number) & 0xe0) | FLAG_INFINITY),
      reason: REASON.malformed('G1'),
    },
    {
      name: 'infinity with the sort flag (0xe0‖0…)',
      bytes: withFlags(0xe0, zeros),
      reason: REASON.malformed('G1'),
    },
    {
      name: 'uncompressed infinity flag (0x40‖0…)',
      bytes: withFlags(0x40, zeros),
      reason: REASON.malformed('G1'),
    },
    { name: 'sort flag without compression (0x20)', bytes: withFlags(0x20), reason: REASON.malformed('G1') },
    // mcl reads any payload under the infinity flag as the identity; noble refuses it as malformed.
    {
      name: 'infinity with a non-zero payload',
      bytes: infinityWithPayload,
      reason: REASON.identityOrMalformed('G1'),
    },
    { name: 'all zero bytes', bytes: zeros, reason: REASON.malformed('G1') },
    { name: 'all 0xff bytes', bytes: new Uint8Array(G1_BYTES).fill(0xff), reason: REASON.malformed('G1') },
  ];
}

function badG2Points(): BadInput[] {
  const valid = nobleG2(0x7654321n).toBytes(true);
  const offCurve = flipUntilOffCurveG2(valid, [0, 1, 2, 3, 4, 5, 6, 7, 400, 401, 402, 403, 404, 405]);
  if (!offCurve) throw new Error('no off-curve flip found');
  const outside = nonSubgroupG2(1n, 1n);
  const small = g2WithSmallC1();
  const sort = (y: Fp2Element) => ((y.c1 !== 0n ? isLarger(y.c1) : isLarger(y.c0)) ? FLAG_SORT : 0);
  const zeros = new Uint8Array(G2_BYTES);
  const withFlags = (flags: number, base = valid) => {
    const out = base.slice();
    out[0] = ((out[0] as number) & 0x1f) | flags;
    return out;
  };
  return [
    { name: 'off the curve (bits of x flipped)', bytes: offCurve, reason: REASON.offCurve('G2') },
    {
      name: 'on the curve, outside the subgroup',
      bytes: encodeG2(outside.x, outside.y),
      reason: REASON.subgroup('G2'),
    },
    { name: 'the identity 0xc0‖0…', bytes: withFlags(0xc0, zeros), reason: REASON.identity('G2') },
    {
      name: 'x.c1 + p in place of x.c1',
      bytes: rawCompressedG2(small.x.c0, small.x.c1 + P, FLAG_COMPRESSED | sort(small.y)),
      reason: REASON.malformed('G2'),
    },
    {
      name: 'x.c0 + p in place of x.c0',
      bytes: rawCompressedG2(small.x.c0 + P, small.x.c1, FLAG_COMPRESSED | sort(small.y)),
      reason: REASON.malformed('G2'),
    },
    {
      name: 'compression flag cleared',
      bytes: withFlags((valid[0] as number) & FLAG_SORT),
      reason: REASON.malformed('G2'),
    },
    {
      name: 'infinity flag set on a finite point',
      bytes: withFlags(((valid[0] as number) & 0xe0) | FLAG_INFINITY),
      reason: REASON.malformed('G2'),
    },
    {
      name: 'infinity with the sort flag (0xe0‖0…)',
      bytes: withFlags(0xe0, zeros),
      reason: REASON.malformed('G2'),
    },
    {
      name: 'infinity with a non-zero payload in x.c0',
      bytes: rawCompressedG2(1n, 0n, FLAG_COMPRESSED | FLAG_INFINITY),
      reason: REASON.identityOrMalformed('G2'),
    },
    { name: 'all zero bytes', bytes: zeros, reason: REASON.malformed('G2') },
  ];
}

/** Z^k as canonical bytes, computed with noble directly (not through a backend). */
function nobleGt(k: bigint): Uint8Array {
  const z = bls12_381.pairing(bls12_381.G1.Point.BASE, bls12_381.G2.Point.BASE);
  return Fp12.toBytes(Fp12.pow(z, k));
}

/** An element of the cyclotomic subgroup (order p⁴ − p² + 1 = q·h) that is not in GT. */
function cyclotomicNotGt(): Uint8Array {
  const x = Fp12.fromBytes(fp12FromLimbs(Array.from({ length: 12 }, (_, i) => BigInt(i * 7919 + 3))));
  const y: Fp12Element = Fp12.mul(Fp12.conjugate(x), Fp12.inv(x)); // x^(p⁶ − 1)
  return Fp12.toBytes(Fp12.mul(Fp12.frobeniusMap(y, 2), y)); // y^(p² + 1)
}

function badGtElements(): BadInput[] {
  const valid = nobleGt(0xabcdefn);
  const limbEqualToP = (i: number) => {
    const out = valid.slice();
    out.set(toBytesBE(P), i * FP_BYTES);
    return out;
  };
  const twoTimesValid = Fp12.toBytes(Fp12.mul(Fp12.fromBytes(valid), Fp12.fromBytes(embedInteger(2n))));
  return [
    ...Array.from({ length: 12 }, (_, i) => ({
      name: `limb ${i} = p`,
      bytes: limbEqualToP(i),
      reason: REASON.limb(i),
    })),
    {
      name: 'limb 11 = 2^384 − 1',
      bytes: (() => {
        const out = valid.slice();
        out.fill(0xff, 11 * FP_BYTES);
        return out;
      })(),
      reason: REASON.limb(11),
    },
    { name: 'zero', bytes: new Uint8Array(GT_BYTES), reason: REASON.zero },
    { name: 'the identity 1', bytes: embedInteger(1n), reason: REASON.gtIdentity },
    { name: 'the embedding of 2', bytes: embedInteger(2n), reason: REASON.gtSubgroup },
    { name: 'the embedding of −1 (order 2)', bytes: embedInteger(-1n), reason: REASON.gtSubgroup },
    { name: '2 · Z^k', bytes: twoTimesValid, reason: REASON.gtSubgroup },
    { name: 'a cyclotomic-subgroup element outside GT', bytes: cyclotomicNotGt(), reason: REASON.gtSubgroup },
  ];
}

// The catalogs are backend-independent bytes, built once.
const BAD_G1 = badG1Points();
const BAD_G2 = badG2Points();
const BAD_GT = badGtElements();

function expectDecodeError(decode: () => unknown, field: string, reason: RegExp): DecodeError {
  let error: unknown;
  let accepted = false;
  try {
    decode();
    accepted = true;
  } catch (caught) {
    error = caught;
  }
  expect(accepted, `the decoder accepted an invalid input for ${field}`).toBe(false);
  expect(error).toBeInstanceOf(DecodeError);
  const decodeError = error as DecodeError;
  expect(decodeError.code).toBe('DECODE');
  expect(decodeError.field).toBe(field);
  expect(decodeError.reason).toMatch(reason);
  expect(decodeError.message).toBe(`invalid ${field}: ${decodeError.reason}`);
  return decodeError;
}

function spliceReplace(bytes: Uint8Array, original: Uint8Array, replacement: Uint8Array): Uint8Array {
  expect(replacement.length).toBe(original.length);
  const at = Buffer.from(bytes).indexOf(Buffer.from(original));
  expect(at, 'the point bytes occur in the encoding').toBeGreaterThanOrEqual(0);
  expect(Buffer.from(bytes).lastIndexOf(Buffer.from(original))).toBe(at);
  const out = bytes.slice();
  out.set(replacement, at);
  return out;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// ── the hand-written constructions are what they claim to be ───────────────────────────────────────

describe('test constructions (checked with noble arithmetic, independently of the decoders)', () => {
  it('the hand-written compressed encodings agree with noble on valid points', () => {
    expect(Fp.ORDER).toBe(P);
    for (const k of [1n, 2n, 3n, 0xdeadbeefn, CURVE_ORDER - 1n]) {
      const p1 = nobleG1(k);
      const a1 = p1.toAffine();
      expect(hex(encodeG1(a1.x, a1.y))).toBe(hex(p1.toBytes(true)));
      const p2 = nobleG2(k);
      const a2 = p2.toAffine();
      expect(hex(encodeG2(a2.x, a2.y))).toBe(hex(p2.toBytes(true)));
    }
  });

  it('the non-subgroup points are on the curve and not torsion-free', () => {
    const g1 = nonSubgroupG1(1n);
    expect(Fp.eql(Fp.sqr(g1.y), g1Rhs(g1.x))).toBe(true);
    expect(new bls12_381.G1.Point(g1.x, g1.y, Fp.ONE).isTorsionFree()).toBe(false);
    const order3 = new bls12_381.G1.Point(0n, 2n, Fp.ONE);
    expect(Fp.eql(Fp.sqr(2n), g1Rhs(0n))).toBe(true);
    expect(order3.double().add(order3).is0()).toBe(true);
    const g2 = nonSubgroupG2(1n, 1n);
    expect(Fp2.eql(Fp2.sqr(g2.y), g2Rhs(g2.x))).toBe(true);
    expect(new bls12_381.G2.Point(g2.x, g2.y, Fp2.ONE).isTorsionFree()).toBe(false);
  });

  it('the GT counterexamples are non-zero, reduced and outside the order-q subgroup', () => {
    for (const bytes of [embedInteger(2n), embedInteger(-1n), cyclotomicNotGt()]) {
      const x = Fp12.fromBytes(bytes);
      expect(Fp12.eql(x, Fp12.ZERO)).toBe(false);
      expect(Fp12.eql(Fp12.pow(x, CURVE_ORDER), Fp12.ONE)).toBe(false);
    }
    // …while the valid element really is in GT
    expect(Fp12.eql(Fp12.pow(Fp12.fromBytes(nobleGt(0xabcdefn)), CURVE_ORDER), Fp12.ONE)).toBe(true);
  });
});

// ── the backends ───────────────────────────────────────────────────────────────────────────────────

describe.each(BACKEND_NAMES)('%s backend rejects invalid elements', (name) => {
  let backend: PairingBackend;
  beforeAll(async () => {
    backend = await loadBackend(name);
  });

  describe('g1Decode', () => {
    it('accepts valid points and their negations, re-encoding them byte for byte (control)', () => {
      for (const k of [1n, 7n, 0x1234567n, CURVE_ORDER - 1n]) {
        const bytes = nobleG1(k).toBytes(true);
        expect(hex(backend.g1Encode(backend.g1Decode(bytes, 'p')))).toBe(hex(bytes));
        const negated = bytes.slice();
        negated[0] = (negated[0] as number) ^ FLAG_SORT;
        expect(hex(backend.g1Encode(backend.g1Decode(negated, 'p')))).toBe(
          hex(nobleG1(k).negate().toBytes(true)),
        );
      }
    });

    it('rejects wrong lengths', () => {
      const valid = nobleG1(5n).toBytes(true);
      for (const length of [0, 1, 47, 49, 96, 97]) {
        const bytes = new Uint8Array(length);
        bytes.set(valid.subarray(0, Math.min(length, G1_BYTES)));
        expectDecodeError(() => backend.g1Decode(bytes, 'point'), 'point', REASON.g1Length);
      }
    });

    for (const bad of BAD_G1) {
      it(`rejects ${bad.name}`, () => {
        expectDecodeError(() => backend.g1Decode(bad.bytes, 'some.field'), 'some.field', bad.reason);
      });
    }

    it('rejects points off the curve reached by flipping random bits of x (property)', () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }),
          fc.array(fc.integer({ min: 0, max: 380 }), { minLength: 64, maxLength: 64 }),
          (k, bits) => {
            const bytes = flipUntilOffCurveG1(nobleG1(k).toBytes(true), bits);
            fc.pre(bytes !== undefined);
            expectDecodeError(() => backend.g1Decode(bytes as Uint8Array, 'p'), 'p', REASON.offCurve('G1'));
          },
        ),
        { numRuns: runs(25) },
      );
    });

    it('rejects random on-curve points outside the subgroup (property)', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: P - 1n }), (start) => {
          const { x, y } = nonSubgroupG1(start);
          expectDecodeError(() => backend.g1Decode(encodeG1(x, y), 'p'), 'p', REASON.subgroup('G1'));
        }),
        { numRuns: runs(15) },
      );
    });
  });

  describe('g2Decode', () => {
    it('accepts valid points and their negations, re-encoding them byte for byte (control)', () => {
      for (const k of [1n, 7n, 0x7654321n, CURVE_ORDER - 1n]) {
        const bytes = nobleG2(k).toBytes(true);
        expect(hex(backend.g2Encode(backend.g2Decode(bytes, 'p')))).toBe(hex(bytes));
        const negated = bytes.slice();
        negated[0] = (negated[0] as number) ^ FLAG_SORT;
        expect(hex(backend.g2Encode(backend.g2Decode(negated, 'p')))).toBe(
          hex(nobleG2(k).negate().toBytes(true)),
        );
      }
    });

    it('rejects wrong lengths', () => {
      const valid = nobleG2(5n).toBytes(true);
      for (const length of [0, 48, 95, 97, 192]) {
        const bytes = new Uint8Array(length);
        bytes.set(valid.subarray(0, Math.min(length, G2_BYTES)));
        expectDecodeError(() => backend.g2Decode(bytes, 'point'), 'point', REASON.g2Length);
      }
    });

    for (const bad of BAD_G2) {
      it(`rejects ${bad.name}`, () => {
        expectDecodeError(() => backend.g2Decode(bad.bytes, 'some.field'), 'some.field', bad.reason);
      });
    }

    it('rejects points off the curve reached by flipping random bits of x (property)', () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }),
          fc.array(fc.integer({ min: 0, max: 764 }), { minLength: 64, maxLength: 64 }),
          (k, bits) => {
            const bytes = flipUntilOffCurveG2(nobleG2(k).toBytes(true), bits);
            fc.pre(bytes !== undefined);
            expectDecodeError(() => backend.g2Decode(bytes as Uint8Array, 'p'), 'p', REASON.offCurve('G2'));
          },
        ),
        { numRuns: runs(15) },
      );
    });

    it('rejects random on-curve points outside the subgroup (property)', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: P - 1n }), fc.bigInt({ min: 0n, max: P - 1n }), (c0, c1) => {
          const { x, y } = nonSubgroupG2(c0, c1);
          expectDecodeError(() => backend.g2Decode(encodeG2(x, y), 'p'), 'p', REASON.subgroup('G2'));
        }),
        { numRuns: runs(10) },
      );
    });
  });

  describe('gtDecode', () => {
    it('accepts Z^k and re-encodes it byte for byte (control)', () => {
      for (const k of [1n, 0xabcdefn, CURVE_ORDER - 1n]) {
        const bytes = nobleGt(k);
        expect(hex(backend.fp12Encode(backend.gtDecode(bytes, 'x')))).toBe(hex(bytes));
      }
    });

    it('rejects wrong lengths', () => {
      for (const length of [0, 48, 575, 577, 2 * GT_BYTES]) {
        expectDecodeError(() => backend.gtDecode(new Uint8Array(length).fill(1), 'x'), 'x', REASON.gtLength);
      }
    });

    for (const bad of BAD_GT) {
      it(`rejects ${bad.name}`, () => {
        expectDecodeError(() => backend.gtDecode(bad.bytes, 'x.rU'), 'x.rU', bad.reason);
      });
    }

    it('rejects random reduced Fp12 elements (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.bigInt({ min: 0n, max: P - 1n }), { minLength: 12, maxLength: 12 }),
          (limbs) => {
            fc.pre(limbs.some((limb) => limb !== 0n));
            expectDecodeError(() => backend.gtDecode(fp12FromLimbs(limbs), 'x'), 'x', REASON.gtSubgroup);
          },
        ),
        { numRuns: runs(5) },
      );
    });
  });

  describe('fp12Decode', () => {
    it('rejects wrong lengths, non-reduced limbs and zero', () => {
      for (const length of [0, 575, 577]) {
        expectDecodeError(
          () => backend.fp12Decode(new Uint8Array(length).fill(1), 'c'),
          'c',
          REASON.gtLength,
        );
      }
      for (const bad of BAD_GT.filter((b) => b.reason === REASON.zero || /^limb/.test(b.name))) {
        expectDecodeError(() => backend.fp12Decode(bad.bytes, 'c'), 'c', bad.reason);
      }
    });

    it('accepts every other non-zero canonical element, as documented (literal mode needs them)', () => {
      for (const bytes of [embedInteger(1n), embedInteger(2n), embedInteger(-1n), cyclotomicNotGt()]) {
        expect(hex(backend.fp12Encode(backend.fp12Decode(bytes, 'c')))).toBe(hex(bytes));
      }
    });
  });
});

// ── the public-value decoders name the point field ─────────────────────────────────────────────────

describe.each(BACKEND_NAMES)('%s backend: public-value decoders reject invalid points', (name) => {
  let backend: PairingBackend;
  beforeAll(async () => {
    backend = await loadBackend(name);
  });

  const k = (n: bigint) => n as Scalar;

  it('decodePrePublicKey → prePublicKey.publicKey', () => {
    const point = backend.g2MulBase(k(11n));
    const valid = encodePrePublicKey(backend, { principal: 'bob', publicKey: point });
    expect(backend.g2Equals(decodePrePublicKey(backend, valid).publicKey, point)).toBe(true);
    for (const bad of BAD_G2) {
      const bytes = spliceReplace(valid, backend.g2Encode(point), bad.bytes);
      expectDecodeError(() => decodePrePublicKey(backend, bytes), 'prePublicKey.publicKey', bad.reason);
    }
  });

  it('decodeReKey → reKey.rk', () => {
    const point = backend.g2MulBase(k(12n));
    const valid = encodeReKey(backend, { ownerId: 'alice', userId: 'bob', rk: point });
    expect(backend.g2Equals(decodeReKey(backend, valid).rk, point)).toBe(true);
    for (const bad of BAD_G2) {
      const bytes = spliceReplace(valid, backend.g2Encode(point), bad.bytes);
      expectDecodeError(() => decodeReKey(backend, bytes), 'reKey.rk', bad.reason);
    }
  });

  it('decodeOwnerParameters → ownerParameters.levels[i].rP', () => {
    const points = [backend.g1MulBase(k(13n)), backend.g1MulBase(k(14n)), backend.g1MulBase(k(15n))];
    const valid = encodeOwnerParameters(backend, {
      ownerId: 'alice',
      fileId: 'record',
      version: 3,
      levels: points.map((rP, i) => ({ accessLevel: 10 * i, rP })),
    });
    const decoded = decodeOwnerParameters(backend, valid);
    decoded.levels.forEach((level, i) => {
      expect(backend.g1Equals(level.rP, points[i] as (typeof points)[number])).toBe(true);
    });
    points.forEach((point, i) => {
      for (const bad of BAD_G1) {
        const bytes = spliceReplace(valid, backend.g1Encode(point), bad.bytes);
        expectDecodeError(
          () => decodeOwnerParameters(backend, bytes),
          `ownerParameters.levels[${i}].rP`,
          bad.reason,
        );
      }
    });
  });

  it('decodeReEncryptedParameter → reEncryptedParameter.rU', () => {
    const element = backend.gtPowBase(k(16n));
    const valid = encodeReEncryptedParameter(backend, {
      ownerId: 'alice',
      fileId: 'record',
      version: 3,
      accessLevel: 2,
      userId: 'bob',
      rU: element,
    });
    expect(backend.gtEquals(decodeReEncryptedParameter(backend, valid).rU, element)).toBe(true);
    for (const bad of BAD_GT) {
      const bytes = spliceReplace(valid, backend.fp12Encode(element), bad.bytes);
      expectDecodeError(
        () => decodeReEncryptedParameter(backend, bytes),
        'reEncryptedParameter.rU',
        bad.reason,
      );
    }
  });
});
