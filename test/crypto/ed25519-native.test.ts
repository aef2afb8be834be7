/**
 * src/crypto/ed25519.ts signs and checks the signature equation with Node's built-in Ed25519 (OpenSSL).
 * Here the reference is noble's arithmetic, written out independently of the code under test: signatures
 * byte for byte equal to noble's RFC 8032 ones, and a verdict equal to the strict rule (canonical R and A,
 * A of prime order, S < L, cofactorless [S]B = R + [k]A) on honest signatures, random corruptions and the
 * signatures only the cofactored rule accepts.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, equalBytes } from '../../src/crypto/bytes.ts';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from '../../src/crypto/ed25519.ts';
import { SigningSecretKey } from '../../src/crypto/types.ts';
import { orderEightPoint } from '../helpers/ed25519-torsion.ts';
import { runs } from '../helpers/effort.ts';
import { le32, leToNumber } from '../helpers/little-endian.ts';

type Point = typeof ed25519.Point.BASE;
const { Point } = ed25519;
const L = Point.Fn.ORDER;

/** The point `bytes` canonically encode, if they do. */
function canonical(bytes: Uint8Array): Point | undefined {
  try {
    const p = Point.fromBytes(bytes, false);
    return equalBytes(p.toBytes(), bytes) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** The strict rule, on noble's arithmetic. */
function strictReference(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const a = canonical(publicKey);
  if (!a || a.isSmallOrder() || !a.isTorsionFree()) return false;
  const rBytes = signature.subarray(0, 32);
  const r = canonical(rBytes);
  if (!r) return false;
  const s = leToNumber(signature.subarray(32));
  if (s >= L) return false;
  const k = leToNumber(sha512(concatBytes(rBytes, publicKey, message))) % L;
  return Point.BASE.multiplyUnsafe(s).equals(r.add(a.multiplyUnsafe(k)));
}

/** A point of order 8. */
const T8 = orderEightPoint();

const seed = fc.uint8Array({ minLength: 32, maxLength: 32 });
const message = fc.uint8Array({ maxLength: 80 });

describe('Ed25519 on Node’s built-in implementation', () => {
  it('signs byte for byte as RFC 8032 (noble), and the public key is noble’s', () => {
    fc.assert(
      fc.property(seed, message, (sk, m) => {
        expect(ed25519Sign(m, sk)).toEqual(ed25519.sign(m, sk));
        // A SigningSecretKey signs the same, its KeyObject made once and reused.
        const key = new SigningSecretKey(sk);
        expect(ed25519Sign(m, key)).toEqual(ed25519.sign(m, sk));
        expect(ed25519Sign(m, key)).toEqual(ed25519.sign(m, sk));
        expect(ed25519PublicKey(sk)).toEqual(ed25519.getPublicKey(sk));
      }),
      { numRuns: runs(200) },
    );
  });

  it('a seed array overwritten in place signs with its new bytes', () => {
    const sk = new Uint8Array(32).fill(1);
    const m = new Uint8Array([1, 2, 3]);
    const first = ed25519Sign(m, sk);
    sk.fill(2);
    expect(ed25519Sign(m, sk)).toEqual(ed25519.sign(m, new Uint8Array(32).fill(2)));
    expect(ed25519Sign(m, sk)).not.toEqual(first);
  });

  it('a seed that is not 32 bytes is refused', () => {
    expect(() => ed25519Sign(new Uint8Array(1), new Uint8Array(31))).toThrow(/32 bytes, got 31/);
  });

  it('verifies exactly as the strict rule: honest, corrupted, malleated and cofactored-only signatures', () => {
    const corruption = fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.record({ kind: fc.constant('flip' as const), bit: fc.nat(64 * 8 - 1) }),
      fc.record({ kind: fc.constant('key-flip' as const), bit: fc.nat(32 * 8 - 1) }),
      fc.record({
        kind: fc.constant('message' as const),
        extra: fc.uint8Array({ minLength: 1, maxLength: 4 }),
      }),
      fc.constant({ kind: 'S+L' as const }),
      fc.record({ kind: fc.constant('torsion-R' as const), j: fc.integer({ min: 1, max: 7 }) }),
      fc.record({
        kind: fc.constant('random' as const),
        bytes: fc.uint8Array({ minLength: 64, maxLength: 64 }),
      }),
    );
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(seed, message, corruption, fc.bigInt({ min: 1n, max: L - 1n }), (sk, m, c, nonce) => {
        const publicKey = ed25519.getPublicKey(sk);
        let signature = ed25519.sign(m, sk);
        let key = publicKey;
        let msg = m;
        if (c.kind === 'flip') {
          signature = signature.slice();
          signature[c.bit >> 3] = (signature[c.bit >> 3] as number) ^ (1 << (c.bit & 7));
        } else if (c.kind === 'key-flip') {
          key = publicKey.slice();
          key[c.bit >> 3] = (key[c.bit >> 3] as number) ^ (1 << (c.bit & 7));
        } else if (c.kind === 'message') msg = concatBytes(m, c.extra);
        else if (c.kind === 'S+L') {
          const s = leToNumber(signature.subarray(32)) + L;
          if (s < 1n << 256n) signature = concatBytes(signature.subarray(0, 32), le32(s));
        } else if (c.kind === 'torsion-R') {
          // R = rB + [j]T, S = r + k·a: the cofactored equation holds, the cofactorless one does not.
          const { scalar: a } = ed25519.utils.getExtendedPublicKey(sk);
          let t = Point.ZERO;
          for (let i = 0; i < c.j; i++) t = t.add(T8);
          const rBytes = Point.BASE.multiply(nonce).add(t).toBytes();
          const k = leToNumber(sha512(concatBytes(rBytes, publicKey, m))) % L;
          signature = concatBytes(rBytes, le32((nonce + k * a) % L));
        } else if (c.kind === 'random') signature = c.bytes;
        const expected = strictReference(signature, msg, key);
        expect(ed25519Verify(signature, msg, key), `${c.kind}`).toBe(expected);
        const outcome = `${c.kind}:${expected}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: runs(400) },
    );
    // Not vacuous: honest signatures verified and corruptions were refused.
    expect(outcomes.get('none:true') ?? 0).toBeGreaterThan(0);
    expect([...outcomes.keys()].some((o) => o.endsWith(':false'))).toBe(true);
  });

  it('a signature under a key with a torsion component is refused even where its equation holds', () => {
    const sk = new Uint8Array(32).fill(9);
    const { scalar: a, point: A } = ed25519.utils.getExtendedPublicKey(sk);
    const mixedPoint = A.add(T8);
    const mixed = mixedPoint.toBytes();
    const r = 12345n;
    const rBytes = Point.BASE.multiply(r).toBytes();
    // With k ≡ 0 (mod 8), [k](A + T) = [k]A, so S = r + k·a satisfies [S]B = R + [k](A + T).
    let m = new Uint8Array([0]);
    let k = 0n;
    for (let n = 0; n < 256; n++) {
      m = new Uint8Array([n]);
      k = leToNumber(sha512(concatBytes(rBytes, mixed, m))) % L;
      if (k % 8n === 0n) break;
    }
    expect(k % 8n).toBe(0n);
    const signature = concatBytes(rBytes, le32((r + k * a) % L));
    expect(
      Point.BASE.multiply(leToNumber(signature.subarray(32))).equals(
        Point.fromBytes(rBytes).add(mixedPoint.multiply(k)),
      ),
    ).toBe(true);
    expect(strictReference(signature, m, mixed)).toBe(false);
    expect(ed25519Verify(signature, m, mixed)).toBe(false);
  });
});
