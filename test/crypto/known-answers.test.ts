/**
 * Known answers from outside the project (test/vectors/external/, provenance beside every value), run
 * through our own code paths: the pairing backends (both), the HKDF of the key schedule, the Ed25519
 * helpers and the signing-key decoder, the AEADs of hybrid mode, and the manifest digest.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AEADS } from '../../src/crypto/aead.ts';
import { BACKEND_NAMES, loadBackend, type PairingBackend } from '../../src/crypto/backend/index.ts';
import { bytesToHex, bytesToNumberBE, hexToBytes, numberToBytesBE, utf8 } from '../../src/crypto/bytes.ts';
import { FIELD_MODULUS, FP_BYTES } from '../../src/crypto/constants.ts';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from '../../src/crypto/ed25519.ts';
import { DecodeError, IntegrityError } from '../../src/crypto/errors.ts';
import { hkdfSha256 } from '../../src/crypto/kdf.ts';
import { generateSigningKeyPair, sha256Native } from '../../src/crypto/manifest.ts';
import type { Scalar } from '../../src/crypto/scalar.ts';
import type { AeadAlgorithm } from '../../src/crypto/types.ts';
import { decodeSigningPublicKey, encodeSigningPublicKey } from '../../src/crypto/wire/formats.ts';

const load = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../vectors/external/${name}`, import.meta.url), 'utf8')) as T;

const hex = (text: string) => hexToBytes(text.startsWith('0x') ? text.slice(2) : text);

interface Bls {
  compressedMultiples: {
    g1: { k: number; compressed: string }[];
    g2: { k: number; compressed: string }[];
  };
  publicKeys: { g1: { privkey: string; pubkey: string }[] };
  pairing: {
    relic: { lines: string[] };
    zkcryptoGtGenerator: {
      montgomery: { coefficient: string; limbs: string[] }[];
      conversionCheck: { x: string[] };
    };
  };
}
const bls = load<Bls>('bls12-381.json');

/** zkcrypto's Fp::from_raw_unchecked: six little-endian u64 limbs of a·R mod p, R = 2^384. */
function fromMontgomery(limbs: readonly string[]): bigint {
  const raw = limbs.reduce((acc, limb, i) => acc + (BigInt(limb) << BigInt(64 * i)), 0n);
  const rInverse = modPow(1n << 384n, FIELD_MODULUS - 2n, FIELD_MODULUS);
  return (raw * rInverse) % FIELD_MODULUS;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

const relicEncoding = () => hex(bls.pairing.relic.lines.map((line) => line.replaceAll(' ', '')).join(''));

describe('BLS12-381 (both backends)', () => {
  const backends = new Map<string, PairingBackend>();
  beforeAll(async () => {
    for (const name of BACKEND_NAMES) backends.set(name, await loadBackend(name));
  });

  for (const name of BACKEND_NAMES) {
    const backend = () => backends.get(name) as PairingBackend;

    it(`${name}: k·g1 for published k encodes to the published compressed point, and decodes back`, () => {
      const cases = bls.compressedMultiples.g1.filter((v) => v.k > 0);
      expect(cases.map((v) => v.k)).toEqual([1, 2, 3, 999]);
      for (const { k, compressed } of cases) {
        const point = backend().g1MulBase(BigInt(k) as Scalar);
        expect(bytesToHex(backend().g1Encode(point)), `k = ${k}`).toBe(compressed);
        expect(backend().g1Equals(backend().g1Decode(hex(compressed), 'g1'), point)).toBe(true);
      }
    });

    it(`${name}: k·g2 for published k encodes to the published compressed point, and decodes back`, () => {
      const cases = bls.compressedMultiples.g2.filter((v) => v.k > 0);
      expect(cases.map((v) => v.k)).toEqual([1, 2, 999]);
      for (const { k, compressed } of cases) {
        const point = backend().g2MulBase(BigInt(k) as Scalar);
        expect(bytesToHex(backend().g2Encode(point)), `k = ${k}`).toBe(compressed);
        expect(backend().g2Equals(backend().g2Decode(hex(compressed), 'g2'), point)).toBe(true);
      }
    });

    it(`${name}: the published encodings of the point at infinity are refused`, () => {
      const g1Zero = bls.compressedMultiples.g1.find((v) => v.k === 0)?.compressed as string;
      const g2Zero = bls.compressedMultiples.g2.find((v) => v.k === 0)?.compressed as string;
      expect(() => backend().g1Decode(hex(g1Zero), 'g1')).toThrow(DecodeError);
      expect(() => backend().g2Decode(hex(g2Zero), 'g2')).toThrow(DecodeError);
    });

    it(`${name}: published public keys are sk·g1`, () => {
      expect(bls.publicKeys.g1).toHaveLength(3);
      for (const { privkey, pubkey } of bls.publicKeys.g1) {
        const point = backend().g1MulBase(BigInt(privkey) as Scalar);
        expect(`0x${bytesToHex(backend().g1Encode(point))}`).toBe(pubkey);
        expect(backend().g1Equals(backend().g1Decode(hex(pubkey), 'pk'), point)).toBe(true);
      }
    });

    it(`${name}: e(g1, g2) and Z = gtPowBase(1) encode to RELIC's published value, which gtDecode accepts`, () => {
      const expected = relicEncoding();
      const g1 = backend().g1MulBase(1n as Scalar);
      const g2 = backend().g2MulBase(1n as Scalar);
      expect(bytesToHex(backend().fp12Encode(backend().pairing(g1, g2)))).toBe(bytesToHex(expected));
      expect(bytesToHex(backend().fp12Encode(backend().gtPowBase(1n as Scalar)))).toBe(bytesToHex(expected));
      const decoded = backend().gtDecode(expected, 'Z');
      expect(backend().gtEquals(decoded, backend().gtPowBase(1n as Scalar))).toBe(true);
    });
  }

  it("zkcrypto's Gt::generator(), converted from Montgomery form, is RELIC's value limb for limb", () => {
    const { montgomery, conversionCheck } = bls.pairing.zkcryptoGtGenerator;
    // The conversion itself, checked on a second published value: g1's x inside its compressed encoding.
    const g1Compressed = hex(bls.compressedMultiples.g1.find((v) => v.k === 1)?.compressed as string);
    const x = g1Compressed.slice();
    x[0] = (x[0] as number) & 0x1f;
    expect(fromMontgomery(conversionCheck.x)).toBe(bytesToNumberBE(x));

    expect(montgomery.map((c) => c.coefficient)).toEqual([
      'c0.c0.c0',
      'c0.c0.c1',
      'c0.c1.c0',
      'c0.c1.c1',
      'c0.c2.c0',
      'c0.c2.c1',
      'c1.c0.c0',
      'c1.c0.c1',
      'c1.c1.c0',
      'c1.c1.c1',
      'c1.c2.c0',
      'c1.c2.c1',
    ]);
    const converted = montgomery.map((c) => bytesToHex(numberToBytesBE(fromMontgomery(c.limbs), FP_BYTES)));
    expect(converted.join('')).toBe(bytesToHex(relicEncoding()));
  });
});

describe('HKDF-SHA256: RFC 5869 Appendix A through hkdfSha256 (the key schedule’s KDF)', () => {
  const { cases } = load<{
    cases: { name: string; ikm: string; salt: string; info: string; length: number; okm: string }[];
  }>('hkdf-sha256.json');
  it('covers test cases 1–3', () => expect(cases).toHaveLength(3));
  for (const c of cases) {
    it(c.name, () => {
      expect(bytesToHex(hkdfSha256(hex(c.ikm), hex(c.salt), hex(c.info), c.length))).toBe(c.okm);
    });
  }
});

describe('Ed25519: RFC 8032 §7.1 through src/crypto/ed25519.ts and the signing-key decoder', () => {
  const { cases } = load<{
    cases: { name: string; secretKey: string; publicKey: string; message: string; signature: string }[];
  }>('ed25519.json');
  it('covers TEST 1, 2, 3 and SHA(abc)', () => {
    expect(cases.map((c) => c.name)).toEqual(['TEST 1', 'TEST 2', 'TEST 3', 'TEST SHA(abc)']);
  });
  for (const c of cases) {
    it(`${c.name}: public key, signature, verification, decoder`, () => {
      const seed = hex(c.secretKey);
      const message = hex(c.message);
      const signature = hex(c.signature);
      expect(bytesToHex(ed25519PublicKey(seed))).toBe(c.publicKey);
      // The owner's key pair from the same seed (generateSigningKeyPair draws the seed from the RNG).
      const pair = generateSigningKeyPair('owner', () => seed.slice());
      expect(bytesToHex(pair.publicKey)).toBe(c.publicKey);
      expect(bytesToHex(ed25519Sign(message, seed))).toBe(c.signature);
      expect(ed25519Verify(signature, message, hex(c.publicKey))).toBe(true);
      const flipped = signature.slice();
      flipped[0] = (flipped[0] as number) ^ 1;
      expect(ed25519Verify(flipped, message, hex(c.publicKey))).toBe(false);
      const other = Uint8Array.of(...message, 0);
      expect(ed25519Verify(signature, other, hex(c.publicKey))).toBe(false);
      const wire = encodeSigningPublicKey({ principal: 'owner', publicKey: hex(c.publicKey) });
      expect(bytesToHex(decodeSigningPublicKey(wire).publicKey)).toBe(c.publicKey);
    });
  }
});

describe('AEADs of hybrid mode: one published vector each through AEADS', () => {
  const vectors =
    load<
      Record<
        AeadAlgorithm,
        { key: string; nonce: string; aad: string; plaintext: string; ciphertext: string; tag: string }
      >
    >('aead.json');
  for (const algorithm of ['aes-256-gcm', 'xchacha20-poly1305'] as const) {
    it(`${algorithm}: seal gives ciphertext ‖ tag, open gives the plaintext, a changed tag fails`, () => {
      const v = vectors[algorithm];
      const aead = AEADS[algorithm];
      expect(hex(v.nonce)).toHaveLength(aead.nonceBytes);
      const sealed = aead.seal(hex(v.key), hex(v.nonce), hex(v.aad), hex(v.plaintext));
      expect(bytesToHex(sealed)).toBe(v.ciphertext + v.tag);
      const opened = aead.open(hex(v.key), hex(v.nonce), hex(v.aad), hex(v.ciphertext + v.tag), 'kat');
      expect(bytesToHex(opened)).toBe(v.plaintext);
      const forged = hex(v.ciphertext + v.tag);
      forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 0x80;
      expect(() => aead.open(hex(v.key), hex(v.nonce), hex(v.aad), forged, 'kat')).toThrow(IntegrityError);
    });
  }
});

describe('SHA-256: FIPS 180-2 Appendix B.1 through sha256Native', () => {
  const { cases } = load<{ cases: { messageUtf8: string; digest: string }[] }>('sha256.json');
  it('"abc"', () => {
    expect(cases).toHaveLength(1);
    for (const c of cases) expect(bytesToHex(sha256Native(utf8(c.messageUtf8)))).toBe(c.digest);
  });
});
