import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  KAT_DIGEST_HEX,
  knownAnswerDigest,
  loadBackend,
  type PairingBackend,
  resolveBackend,
} from '../../src/crypto/backend/index.ts';
import { bytesToHex, numberToBytesBE } from '../../src/crypto/bytes.ts';
import { CURVE_ORDER, FIELD_MODULUS, FP_BYTES, GT_BYTES } from '../../src/crypto/constants.ts';
import type { Scalar } from '../../src/crypto/scalar.ts';
import { runs } from '../helpers/effort.ts';

let noble: PairingBackend;
let mcl: PairingBackend;
beforeAll(async () => {
  noble = await loadBackend('noble');
  mcl = await loadBackend('mcl');
});

/** The canonical encoding of 1 ∈ Fp12: limb c0.c0.c0 = 1. */
const ONE = (() => {
  const bytes = new Uint8Array(GT_BYTES);
  bytes[FP_BYTES - 1] = 1;
  return bytes;
})();

const scalar = fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }).map((k) => k as Scalar);

describe('pairing backends', () => {
  it('both reproduce the known-answer digest', () => {
    expect(knownAnswerDigest(noble)).toBe(KAT_DIGEST_HEX);
    expect(knownAnswerDigest(mcl)).toBe(KAT_DIGEST_HEX);
  });

  it('auto selects mcl, the fastest backend that passes the self-test', async () => {
    expect((await resolveBackend('auto')).name).toBe('mcl');
  });

  it('produce byte-identical encodings of g1^k, g2^k and Z^k', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        expect(bytesToHex(mcl.g1Encode(mcl.g1MulBase(k)))).toBe(
          bytesToHex(noble.g1Encode(noble.g1MulBase(k))),
        );
        expect(bytesToHex(mcl.g2Encode(mcl.g2MulBase(k)))).toBe(
          bytesToHex(noble.g2Encode(noble.g2MulBase(k))),
        );
        expect(bytesToHex(mcl.fp12Encode(mcl.gtPowBase(k)))).toBe(
          bytesToHex(noble.fp12Encode(noble.gtPowBase(k))),
        );
      }),
      { numRuns: runs(8) },
    );
  });

  it('agree on pairings of decoded points and on variable-base exponentiation', () => {
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const p = noble.g1Encode(noble.g1MulBase(a));
        const q = noble.g2Encode(noble.g2MulBase(b));
        const viaNoble = noble.fp12Encode(noble.pairing(noble.g1Decode(p, 'p'), noble.g2Decode(q, 'q')));
        const viaMcl = mcl.fp12Encode(mcl.pairing(mcl.g1Decode(p, 'p'), mcl.g2Decode(q, 'q')));
        expect(bytesToHex(viaMcl)).toBe(bytesToHex(viaNoble));
        const x = mcl.gtDecode(viaMcl, 'x');
        expect(bytesToHex(mcl.fp12Encode(mcl.gtPow(x, a)))).toBe(
          bytesToHex(noble.fp12Encode(noble.gtPow(noble.gtDecode(viaNoble, 'x'), a))),
        );
      }),
      { numRuns: runs(3) },
    );
  });

  it('agree on Fp12 multiplication and inversion of arbitrary (non-GT) elements, and x · x^-1 = 1', () => {
    // Reduced random limbs: almost surely outside GT, where a unitary inverse (conjugation) would be wrong.
    const limb = fc.bigInt({ min: 0n, max: FIELD_MODULUS - 1n });
    const element = fc.array(limb, { minLength: 12, maxLength: 12 }).map((limbs) => {
      const bytes = new Uint8Array(GT_BYTES);
      limbs.forEach((v, i) => {
        bytes.set(numberToBytesBE(v, FP_BYTES), i * FP_BYTES);
      });
      return bytes;
    });
    fc.assert(
      fc.property(element, element, (a, b) => {
        fc.pre(a.some((x) => x !== 0) && b.some((x) => x !== 0));
        const encodings = [noble, mcl].map((backend) => {
          const x = backend.fp12Decode(a, 'a');
          const y = backend.fp12Decode(b, 'b');
          const inverse = backend.fp12Inv(x);
          expect(
            bytesToHex(backend.fp12Encode(backend.fp12Mul(x, inverse))),
            `${backend.name}: x · x^-1`,
          ).toBe(bytesToHex(ONE));
          return [backend.fp12Encode(backend.fp12Mul(x, y)), backend.fp12Encode(inverse)].map(bytesToHex);
        });
        expect(encodings[1]).toEqual(encodings[0]);
      }),
      { numRuns: runs(8) },
    );
  });

  for (const name of ['noble', 'mcl'] as const) {
    it(`${name}: e(g1^a, g2^b) = Z^(ab) (bilinearity)`, async () => {
      const backend = await loadBackend(name);
      fc.assert(
        fc.property(scalar, scalar, (a, b) => {
          const lhs = backend.pairing(backend.g1MulBase(a), backend.g2MulBase(b));
          const rhs = backend.gtPowBase(((a * b) % CURVE_ORDER) as Scalar);
          expect(backend.gtEquals(lhs, rhs)).toBe(true);
        }),
        { numRuns: runs(3) },
      );
    });
  }
});
