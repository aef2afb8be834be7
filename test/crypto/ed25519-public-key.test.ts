/**
 * src/crypto/ed25519.ts derives public keys with OpenSSL (the SPKI export of the seed's KeyObject); the
 * reference is noble's getPublicKey (RFC 8032 §5.1.5 on its own arithmetic). Both must give the same 32
 * bytes for every seed, from the seed bytes or from a SigningSecretKey, so the two can never drift.
 */
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../src/crypto/bytes.ts';
import { ed25519PublicKey } from '../../src/crypto/ed25519.ts';
import { SigningSecretKey } from '../../src/crypto/types.ts';
import { runs } from '../helpers/effort.ts';

interface Rfc8032Case {
  readonly name: string;
  readonly secretKey: string;
  readonly publicKey: string;
}

/** RFC 8032 §7.1 TEST 1, 2, 3 and SHA(abc), as stored for test/crypto/known-answers.test.ts. */
const VECTORS = new URL('../vectors/external/ed25519.json', import.meta.url);
const RFC8032 = (JSON.parse(readFileSync(VECTORS, 'utf8')) as { cases: readonly Rfc8032Case[] }).cases;

const seed = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('Ed25519 public keys: OpenSSL’s derivation equals noble’s', () => {
  it('has the four RFC 8032 §7.1 vectors', () => {
    expect(RFC8032).toHaveLength(4);
  });

  for (const c of RFC8032) {
    it(`${c.name}: the RFC's public key, from the seed and from a SigningSecretKey`, () => {
      const sk = hexToBytes(c.secretKey);
      expect(bytesToHex(ed25519.getPublicKey(sk))).toBe(c.publicKey);
      expect(bytesToHex(ed25519PublicKey(sk))).toBe(c.publicKey);
      expect(bytesToHex(ed25519PublicKey(new SigningSecretKey(sk)))).toBe(c.publicKey);
    });
  }

  it('random seeds: the same 32 bytes as noble', () => {
    fc.assert(
      fc.property(seed, (sk) => {
        const expected = ed25519.getPublicKey(sk);
        expect(ed25519PublicKey(sk)).toEqual(expected);
        expect(ed25519PublicKey(new SigningSecretKey(sk))).toEqual(expected);
      }),
      { numRuns: runs(300) },
    );
  });

  it('the result is a fresh array: changing it changes no later key', () => {
    const sk = new Uint8Array(32).fill(7);
    const first = ed25519PublicKey(sk);
    first.fill(0);
    expect(ed25519PublicKey(sk)).toEqual(ed25519.getPublicKey(sk));
  });

  it('a seed that is not 32 bytes is refused', () => {
    expect(() => ed25519PublicKey(new Uint8Array(31))).toThrow(/32 bytes, got 31/);
  });
});
