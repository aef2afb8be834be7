/**
 * The fast GT membership test (backend/shared.ts `isInGt`: cyclotomic check plus the Frobenius relation
 * x^p = x^u, Scott 2021) against its reference, the generic x^q = 1 (`isInGtGeneric`), on both backends'
 * field arithmetic: random valid elements, the identity, random Fp12 elements, cyclotomic elements outside
 * GT (random ones, ones of cofactor order, GT·cofactor products) and subfield elements that satisfy the
 * Frobenius relation but not the cyclotomic check.
 *
 * Every input is built with noble's Fp12 arithmetic directly (never with the code under test), and the
 * classes are checked to be what they claim — in particular that each of the two checks alone would
 * accept something outside GT, so the test really needs both.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_NAMES, type BackendName, loadBackend } from '../../src/crypto/backend/index.ts';
import { mclFp12Ops } from '../../src/crypto/backend/mcl.ts';
import { nobleFp12Ops } from '../../src/crypto/backend/noble.ts';
import { type Fp12Ops, isInGt, isInGtGeneric } from '../../src/crypto/backend/shared.ts';
import { BLS_PARAMETER, CURVE_ORDER, FIELD_MODULUS } from '../../src/crypto/constants.ts';
import { DecodeError } from '../../src/crypto/errors.ts';
import { runs } from '../helpers/effort.ts';

const F12 = bls12_381.fields.Fp12;
type Element = ReturnType<typeof F12.mul>;

const P = FIELD_MODULUS;
const Q = CURVE_ORDER;
const U = BLS_PARAMETER;
const Z = bls12_381.pairing(bls12_381.G1.Point.BASE, bls12_381.G2.Point.BASE);

const limb = fc.bigInt({ min: 0n, max: P - 1n });
const limbs = fc.array(limb, { minLength: 12, maxLength: 12 }).filter((l) => l.some((x) => x !== 0n));
const exponent = fc.bigInt({ min: 1n, max: Q - 1n });

const fromLimbs = (l: readonly bigint[]): Element =>
  F12.fromBigTwelve(l as Parameters<typeof F12.fromBigTwelve>[0]);
const isOne = (x: Element) => F12.eql(x, F12.ONE);

/** The two checks, written out independently of src/ (noble's generic pow). */
const isCyclotomic = (x: Element) => F12.eql(F12.mul(F12.frobeniusMap(x, 4), x), F12.frobeniusMap(x, 2));
const frobeniusActsAsU = (x: Element) => F12.eql(F12.frobeniusMap(x, 1), F12.pow(F12.inv(x), -U));
const inGtByDefinition = (x: Element) => isOne(F12.pow(x, Q));

/** x^((p⁶ − 1)(p² + 1)), the easy part of the final exponentiation: lands in the cyclotomic subgroup. */
function toCyclotomic(x: Element): Element {
  const y = F12.mul(F12.conjugate(x), F12.inv(x));
  return F12.mul(F12.frobeniusMap(y, 2), y);
}

/** An element of Fp* ⊂ Fp12 whose order divides |u − 1| (which divides p − 1): t^((p − 1)/|u − 1|). */
function subfieldOfOrderDividingUMinus1(t: bigint): Element {
  const uMinus1 = U < 1n ? 1n - U : U - 1n;
  expect((P - 1n) % uMinus1).toBe(0n);
  return F12.pow(fromLimbs([t, ...Array.from({ length: 11 }, () => 0n)]), (P - 1n) / uMinus1);
}

const OPS: Record<BackendName, Fp12Ops<unknown>> = {
  noble: nobleFp12Ops as Fp12Ops<unknown>,
  mcl: mclFp12Ops as Fp12Ops<unknown>,
};

beforeAll(async () => {
  // mcl's field operations need the WASM module initialized.
  for (const name of BACKEND_NAMES) await loadBackend(name);
});

describe('the curve parameter behind the test', () => {
  it('q = u⁴ − u² + 1 and p = (u − 1)²·q/3 + u, so p ≡ u (mod q)', () => {
    expect(U ** 4n - U ** 2n + 1n).toBe(Q);
    expect(((U - 1n) ** 2n * Q) % 3n).toBe(0n);
    expect(((U - 1n) ** 2n * Q) / 3n + U).toBe(P);
    expect((P - U) % Q).toBe(0n);
  });
});

describe('the input classes are what they claim (noble arithmetic, independent of src/)', () => {
  it('Z^k is in GT, passes both checks', () => {
    const x = F12.pow(Z, 0xabcdef12345n);
    expect(inGtByDefinition(x) && isCyclotomic(x) && frobeniusActsAsU(x)).toBe(true);
  });

  it('a random cyclotomic element is cyclotomic, fails the Frobenius relation, is not in GT', () => {
    fc.assert(
      fc.property(limbs, (l) => {
        const c = toCyclotomic(fromLimbs(l));
        expect(isCyclotomic(c)).toBe(true);
        expect(frobeniusActsAsU(c)).toBe(false);
        expect(inGtByDefinition(c)).toBe(false);
      }),
      { numRuns: runs(3) },
    );
  });

  it('a subfield element of order dividing u − 1 satisfies the Frobenius relation but is not cyclotomic', () => {
    const a = subfieldOfOrderDividingUMinus1(5n);
    expect(isOne(a)).toBe(false);
    expect(frobeniusActsAsU(a)).toBe(true);
    expect(isCyclotomic(a)).toBe(false);
    expect(inGtByDefinition(a)).toBe(false);
  });
});

describe.each(BACKEND_NAMES)('%s: fast GT membership agrees with the generic x^q = 1', (name) => {
  const ops = () => OPS[name];
  const load = (x: Element) => ops().fromCanonical(F12.toBytes(x));
  const agree = (x: Element, expected: boolean, what: string) => {
    const element = load(x);
    expect(isInGtGeneric(element, ops()), `generic test on ${what}`).toBe(expected);
    expect(isInGt(element, ops()), `fast test on ${what}`).toBe(expected);
  };

  it('accepts random valid GT elements Z^k', () => {
    fc.assert(
      fc.property(exponent, (k) => agree(F12.pow(Z, k), true, `Z^${k}`)),
      { numRuns: runs(6) },
    );
  });

  it('accepts the identity (decodeGt rejects it separately, as a value SeSPHR never uses)', async () => {
    agree(F12.ONE, true, '1');
    const backend = await loadBackend(name);
    expect(() => backend.gtDecode(F12.toBytes(F12.ONE), 'x')).toThrow(DecodeError);
  });

  it('rejects random Fp12 elements', () => {
    fc.assert(
      fc.property(limbs, (l) => agree(fromLimbs(l), false, `limbs ${l.join(',')}`)),
      { numRuns: runs(6) },
    );
  });

  it('rejects random cyclotomic elements outside GT', () => {
    fc.assert(
      fc.property(limbs, (l) => agree(toCyclotomic(fromLimbs(l)), false, 'a cyclotomic element')),
      { numRuns: runs(4) },
    );
  });

  it('rejects cyclotomic elements of cofactor order (c^q ≠ 1) and GT · cofactor products', () => {
    const c = F12.pow(toCyclotomic(fromLimbs([3n, 1n, 4n, 1n, 5n, 9n, 2n, 6n, 5n, 3n, 5n, 8n])), Q);
    expect(isOne(c)).toBe(false);
    agree(c, false, 'c^q');
    agree(F12.mul(F12.pow(Z, 0x1234n), c), false, 'Z^k · c^q');
  });

  it('rejects subfield elements that satisfy the Frobenius relation (the cyclotomic check catches them)', () => {
    for (const t of [2n, 5n, 7n]) {
      const a = subfieldOfOrderDividingUMinus1(t);
      if (isOne(a)) continue;
      agree(a, false, `(${t})^((p−1)/|u−1|)`);
    }
    agree(fromLimbs([P - 1n, ...Array.from({ length: 11 }, () => 0n)]), false, '−1');
  });

  it('decodeGt rejects a non-GT cyclotomic element with the GT reason and accepts Z^k', async () => {
    const backend = await loadBackend(name);
    const bad = F12.toBytes(toCyclotomic(fromLimbs([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n])));
    expect(() => backend.gtDecode(bad, 'x.rU')).toThrow(/not in the order-q subgroup GT/);
    const good = F12.toBytes(F12.pow(Z, 0x5eed5n));
    expect(Buffer.from(backend.fp12Encode(backend.gtDecode(good, 'x'))).toString('hex')).toBe(
      Buffer.from(good).toString('hex'),
    );
  });
});
