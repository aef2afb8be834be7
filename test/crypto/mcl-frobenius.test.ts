/**
 * The mcl backend's Frobenius map (backend/mcl-frobenius.ts, on mcl's Fp2 arithmetic) against noble's
 * `Fp12.frobeniusMap`, for the powers the GT membership test uses (1, 2, 4): random Fp12 elements (any,
 * not only GT ones), GT elements, and elements with most coefficients zero; and its one constant γ
 * against its definition ξ^((p − 1)/6), ξ = 1 + u. Inputs are built with noble and moved into mcl through
 * the canonical encoding, never with the code under test.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/crypto/backend/index.ts';
import { mclFp12Ops } from '../../src/crypto/backend/mcl.ts';
import { type FrobeniusPower, frobeniusGamma, frobeniusMcl } from '../../src/crypto/backend/mcl-frobenius.ts';
import { swapFp2Halves } from '../../src/crypto/backend/shared.ts';
import { FIELD_MODULUS } from '../../src/crypto/constants.ts';
import { runs } from '../helpers/effort.ts';

const { Fp2, Fp12 } = bls12_381.fields;
type Element = ReturnType<typeof Fp12.mul>;

const P = FIELD_MODULUS;
const POWERS: readonly FrobeniusPower[] = [1, 2, 4];
const Z = bls12_381.pairing(bls12_381.G1.Point.BASE, bls12_381.G2.Point.BASE);

const limb = fc.bigInt({ min: 0n, max: P - 1n });
const limbs = fc.array(limb, { minLength: 12, maxLength: 12 });
/** Limbs with most of them zero: single coefficients of the basis w^m show each γ_{k,m} alone. */
const sparseLimbs = fc
  .tuple(fc.nat(11), limb, fc.nat(11), limb)
  .map(([i, a, j, b]) => Array.from({ length: 12 }, (_, n) => (n === i ? a : n === j ? b : 0n)));

const fromLimbs = (l: readonly bigint[]): Element =>
  Fp12.fromBigTwelve(l as Parameters<typeof Fp12.fromBigTwelve>[0]);

/** noble's Frobenius and mcl's on the same element, both as canonical bytes. */
function both(x: Element, power: FrobeniusPower): { noble: Uint8Array; mcl: Uint8Array } {
  const inMcl = mclFp12Ops.fromCanonical(Fp12.toBytes(x));
  return {
    noble: Fp12.toBytes(Fp12.frobeniusMap(x, power)),
    mcl: swapFp2Halves(frobeniusMcl(inMcl, power).serialize()),
  };
}

beforeAll(async () => {
  // mcl's field operations need the WASM module initialized.
  await loadBackend('mcl');
});

describe('the Frobenius map on mcl’s arithmetic', () => {
  it('γ is ξ^((p − 1)/6) with ξ = 1 + u', () => {
    const expected = Fp2.pow(Fp2.create({ c0: 1n, c1: 1n }), (P - 1n) / 6n);
    const gamma = frobeniusGamma();
    expect(BigInt(`0x${gamma.get_a().getStr(16)}`)).toBe(expected.c0);
    expect(BigInt(`0x${gamma.get_b().getStr(16)}`)).toBe(expected.c1);
  });

  for (const power of POWERS) {
    it(`x^(p^${power}) equals noble’s frobeniusMap on random Fp12 elements`, () => {
      fc.assert(
        fc.property(limbs, (l) => {
          const { noble, mcl } = both(fromLimbs(l), power);
          expect(mcl).toEqual(noble);
        }),
        { numRuns: runs(100) },
      );
    });

    it(`x^(p^${power}) equals noble’s on sparse elements, GT elements, 0 and 1`, () => {
      fc.assert(
        fc.property(sparseLimbs, (l) => {
          const { noble, mcl } = both(fromLimbs(l), power);
          expect(mcl).toEqual(noble);
        }),
        { numRuns: runs(50) },
      );
      for (const x of [Fp12.ONE, Fp12.ZERO, Z, Fp12.pow(Z, 0xabcdef12345n)]) {
        const { noble, mcl } = both(x, power);
        expect(mcl).toEqual(noble);
      }
    });
  }

  it('the backend’s Fp12 ops map as noble does, and leave their argument unchanged', () => {
    const x = Fp12.pow(Z, 987654321n);
    const bytes = Fp12.toBytes(x);
    const inMcl = mclFp12Ops.fromCanonical(bytes);
    for (const power of POWERS) {
      const mapped = mclFp12Ops.frobenius(inMcl, power);
      expect(swapFp2Halves(mapped.serialize())).toEqual(Fp12.toBytes(Fp12.frobeniusMap(x, power)));
    }
    expect(swapFp2Halves(inMcl.serialize())).toEqual(bytes);
  });
});
