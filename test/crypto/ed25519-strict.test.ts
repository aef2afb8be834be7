/**
 * Strict Ed25519 (docs/security-notes.md, "Small-order Ed25519 public keys"). A public key of small
 * order A (8·A = identity) makes R = identity, S = 0 a valid signature of every message under the
 * cofactored equation [8][S]B = [8]R + [8][k]A, since [8][k]A = identity — a universal forgery. We refuse
 * every key encoding that decodes to one of the eight torsion points, every non-canonical encoding and
 * every key with a torsion component, and verify with the cofactorless equation [S]B = R + [k]A on the
 * canonical encodings of R and A, S < L.
 *
 * The torsion points and the special signatures are built here with noble's point arithmetic, never
 * through the code under test; only the public API of the base version is used where that suffices,
 * so this file also records what the code before the fix accepted.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend, type PairingBackend } from '../../src/crypto/backend/index.ts';
import { bytesToHex, concatBytes, utf8 } from '../../src/crypto/bytes.ts';
import { DST } from '../../src/crypto/constants.ts';
import { DecodeError, IntegrityError, SesphrError } from '../../src/crypto/errors.ts';
import { buildManifest, signManifest, verifyManifest } from '../../src/crypto/manifest.ts';
import { HardenedOwner, openVerified } from '../../src/crypto/parties.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { signTimeToken, verifyTimeToken } from '../../src/crypto/time-token.ts';
import type { SignedManifest, SigningKeyPair, TimeToken } from '../../src/crypto/types.ts';
import { SigningSecretKey } from '../../src/crypto/types.ts';
import {
  decodeEncryptedFile,
  decodeSigningPublicKey,
  encodeManifestBody,
  encodeSignedManifest,
  encodeSigningPublicKey,
  encodeTimeTokenBody,
} from '../../src/crypto/wire/formats.ts';
import { torsionPoints } from '../helpers/ed25519-torsion.ts';
import { le32, leToNumber } from '../helpers/little-endian.ts';

type Point = typeof ed25519.Point.BASE;
const { Point } = ed25519;
const P = Point.Fp.ORDER;
const L = Point.Fn.ORDER;

/** Every 32-byte string that RFC 8032's permissive (ZIP-215) decoding maps to `point`. */
function encodingsOf(point: Point): Uint8Array[] {
  const { y } = point.toAffine();
  const out: Uint8Array[] = [];
  for (const yy of y + P < 1n << 255n ? [y, y + P] : [y]) {
    for (const sign of [0, 0x80]) {
      const bytes = le32(yy);
      bytes[31] = (bytes[31] as number) | sign;
      try {
        if (Point.fromBytes(bytes, true).equals(point)) out.push(bytes);
      } catch {
        // not an encoding of any point
      }
    }
  }
  return out;
}

const TORSION = torsionPoints();
const SMALL_ORDER_ENCODINGS = TORSION.flatMap(encodingsOf);
/** R = identity, S = 0: valid for every message under a small-order key (cofactored equation). */
const FORGERY = concatBytes(Point.ZERO.toBytes(), new Uint8Array(32));

/** An honest signer, with its secret scalar a, to build signatures that only the strict rule refuses. */
const SEED = deterministicRng('ed25519-strict/alice')(32).slice();
const { scalar: a, point: A } = ed25519.utils.getExtendedPublicKey(SEED);
const challenge = (rBytes: Uint8Array, message: Uint8Array) =>
  leToNumber(sha512(concatBytes(rBytes, A.toBytes(), message))) % L;
/** S = r + k·a for an R chosen by the signer (any point, any encoding of it). */
function signWithR(rBytes: Uint8Array, r: bigint, message: Uint8Array): Uint8Array {
  const k = challenge(rBytes, message);
  return concatBytes(rBytes, le32((r + k * a) % L));
}

const signer: SigningKeyPair = {
  principal: 'alice',
  secretKey: new SigningSecretKey(SEED),
  publicKey: A.toBytes(),
};
const manifestMessage = (signed: SignedManifest) =>
  concatBytes(utf8(DST.manifestSignature), encodeManifestBody(signed.manifest));
const tokenMessage = (token: TimeToken) =>
  concatBytes(utf8(DST.timeTokenSignature), encodeTimeTokenBody(token));

let backend: PairingBackend;
let upload: { file: Uint8Array; manifest: Uint8Array };
let signed: SignedManifest;
beforeAll(async () => {
  backend = await loadBackend('noble');
  const owner = HardenedOwner.generate(backend, 'alice', deterministicRng('ed25519-strict/owner'));
  const u = owner.upload(
    {
      fileId: 'record',
      version: 1,
      window: { notBefore: 0, notAfter: 10 },
      partitions: [{ label: 'medical', accessLevel: 0, data: utf8('diagnosis') }],
    },
    { rng: deterministicRng('ed25519-strict/upload'), createdAt: 1 },
  );
  upload = { file: u.file, manifest: u.manifest };
  signed = signManifest(buildManifest(decodeEncryptedFile(u.file)), signer);
});

const keyMessage = (publicKey: Uint8Array) => encodeSigningPublicKey({ principal: 'alice', publicKey });
const forgedManifest = (): SignedManifest => ({ ...signed, signature: FORGERY });

describe('the test constructions (noble arithmetic, independent of the code under test)', () => {
  it('E[8] has eight distinct points of small order, one of them of order 8', () => {
    const hexes = new Set(TORSION.map((t) => bytesToHex(t.toBytes())));
    expect(hexes.size).toBe(8);
    for (const t of TORSION) expect(t.isSmallOrder()).toBe(true);
    expect(TORSION.some((t) => !t.double().double().is0())).toBe(true);
  });

  it('14 encodings decode to them: 8 canonical, plus x = 0 with the sign bit set and y + p < 2^255', () => {
    expect(SMALL_ORDER_ENCODINGS).toHaveLength(14);
    expect(new Set(SMALL_ORDER_ENCODINGS.map(bytesToHex)).size).toBe(14);
    for (const bytes of SMALL_ORDER_ENCODINGS) expect(Point.fromBytes(bytes, true).isSmallOrder()).toBe(true);
  });

  it('R = identity, S = 0 satisfies the cofactored equation under every small-order key', () => {
    for (const bytes of SMALL_ORDER_ENCODINGS) {
      const key = Point.fromBytes(bytes, true);
      const k = leToNumber(sha512(concatBytes(Point.ZERO.toBytes(), bytes, manifestMessage(signed)))) % L;
      expect(Point.ZERO.add(key.multiplyUnsafe(k)).clearCofactor().is0()).toBe(true);
    }
  });
});

describe('signing public keys: every small-order, non-canonical or mixed-order key is refused', () => {
  it('control: an honest key decodes', () => {
    expect(decodeSigningPublicKey(keyMessage(A.toBytes())).publicKey).toEqual(A.toBytes());
  });

  it('all 14 encodings of the eight torsion points → DecodeError on signingPublicKey.publicKey', () => {
    const accepted = SMALL_ORDER_ENCODINGS.filter((bytes) => {
      try {
        decodeSigningPublicKey(keyMessage(bytes));
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError);
        expect((error as DecodeError).field).toBe('signingPublicKey.publicKey');
        return false;
      }
    });
    expect(accepted.map(bytesToHex), 'small-order keys accepted').toEqual([]);
  });

  it('non-canonical encodings (y + p) of ordinary points → DecodeError', () => {
    let tried = 0;
    for (let y = 2n; y + P < 1n << 255n; y++) {
      let point: Point;
      try {
        point = Point.fromBytes(le32(y));
      } catch {
        continue;
      }
      if (point.isSmallOrder()) continue;
      const nonCanonical = le32(y + P);
      nonCanonical[31] = (nonCanonical[31] as number) | ((point.toBytes()[31] as number) & 0x80);
      expect(Point.fromBytes(nonCanonical, true).equals(point)).toBe(true);
      expect(() => decodeSigningPublicKey(keyMessage(nonCanonical))).toThrow(DecodeError);
      tried++;
    }
    expect(tried).toBeGreaterThan(0);
  });

  it('an honest key plus a torsion point (mixed order) → DecodeError', () => {
    for (const t of TORSION.slice(1)) {
      const mixed = A.add(t).toBytes();
      expect(() => decodeSigningPublicKey(keyMessage(mixed)), bytesToHex(mixed)).toThrow(DecodeError);
    }
  });
});

describe('manifests: the universal forgery and non-strict signatures are refused', () => {
  it('control: the honest signature verifies, directly and through openVerified', () => {
    expect(verifyManifest(signed, { principal: 'alice', publicKey: A.toBytes() })).toBe(signed.manifest);
    const file = openVerified(upload.file, encodeSignedManifest(signed), keyMessage(A.toBytes()));
    expect(file.header.fileId).toBe('record');
  });

  it('verifyManifest: R = identity, S = 0 under each small-order key → IntegrityError', () => {
    const accepted = SMALL_ORDER_ENCODINGS.filter((publicKey) => {
      try {
        verifyManifest(forgedManifest(), { principal: 'alice', publicKey });
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(IntegrityError);
        return false;
      }
    });
    expect(accepted.map(bytesToHex), 'forged manifests accepted').toEqual([]);
  });

  it('openVerified: a published small-order key and the forged manifest → typed error, never a file', () => {
    const opened = SMALL_ORDER_ENCODINGS.filter((publicKey) => {
      try {
        openVerified(upload.file, encodeSignedManifest(forgedManifest()), keyMessage(publicKey));
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(SesphrError);
        return false;
      }
    });
    expect(opened.map(bytesToHex), 'forged downloads opened').toEqual([]);
  });

  it('cofactorless: R = rB + T (T of order 8) with S = r + k·a → IntegrityError', () => {
    const t8 = TORSION.find((t) => !t.double().double().is0()) as Point;
    const r = 0x1234567n;
    const rBytes = Point.BASE.multiply(r).add(t8).toBytes();
    const signature = signWithR(rBytes, r, manifestMessage(signed));
    // Satisfies the cofactored equation, so only the cofactorless rule refuses it.
    expect(ed25519.verify(signature, manifestMessage(signed), A.toBytes())).toBe(true);
    expect(() =>
      verifyManifest({ ...signed, signature }, { principal: 'alice', publicKey: A.toBytes() }),
    ).toThrow(IntegrityError);
  });

  it('canonical R: a non-canonical encoding of R = identity with S = k·a → IntegrityError', () => {
    const nonCanonical = encodingsOf(Point.ZERO).filter(
      (b) => bytesToHex(b) !== bytesToHex(Point.ZERO.toBytes()),
    );
    expect(nonCanonical).toHaveLength(3);
    for (const rBytes of nonCanonical) {
      const signature = signWithR(rBytes, 0n, manifestMessage(signed));
      // [S]B = R + [k]A holds as points: only the encoding rule refuses it.
      expect(ed25519.verify(signature, manifestMessage(signed), A.toBytes())).toBe(true);
      expect(
        () => verifyManifest({ ...signed, signature }, { principal: 'alice', publicKey: A.toBytes() }),
        bytesToHex(rBytes),
      ).toThrow(IntegrityError);
    }
  });

  it('canonical S: S + L (a malleated copy of the honest signature) → IntegrityError', () => {
    const s = leToNumber(signed.signature.subarray(32));
    expect(s + L < 1n << 256n).toBe(true);
    const signature = concatBytes(signed.signature.subarray(0, 32), le32(s + L));
    expect(() =>
      verifyManifest({ ...signed, signature }, { principal: 'alice', publicKey: A.toBytes() }),
    ).toThrow(IntegrityError);
  });
});

describe('time tokens: the same forgery is refused', () => {
  const token: TimeToken = { issuer: 'time', subject: 'bob', time: 1_700_000_000 };
  const issuer: SigningKeyPair = { ...signer, principal: 'time' };

  it('control: an honest token verifies', () => {
    const honest = signTimeToken(token, issuer);
    expect(verifyTimeToken(honest, { principal: 'time', publicKey: A.toBytes() })).toEqual(token);
  });

  it('verifyTimeToken: R = identity, S = 0 under each small-order key → IntegrityError', () => {
    const accepted = SMALL_ORDER_ENCODINGS.filter((publicKey) => {
      try {
        verifyTimeToken({ token, signature: FORGERY }, { principal: 'time', publicKey });
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(IntegrityError);
        return false;
      }
    });
    expect(accepted.map(bytesToHex), 'forged tokens accepted').toEqual([]);
  });

  it('a time server key published as a small-order point is refused at decode', () => {
    for (const publicKey of SMALL_ORDER_ENCODINGS) {
      expect(() => decodeSigningPublicKey(encodeSigningPublicKey({ principal: 'time', publicKey }))).toThrow(
        DecodeError,
      );
    }
  });

  it('cofactorless and canonical R hold for tokens too', () => {
    const t8 = TORSION.find((t) => !t.double().double().is0()) as Point;
    const r = 0x7654321n;
    const mixed = signWithR(Point.BASE.multiply(r).add(t8).toBytes(), r, tokenMessage(token));
    const rBytes = encodingsOf(Point.ZERO)[1] as Uint8Array;
    const nonCanonical = signWithR(rBytes, 0n, tokenMessage(token));
    for (const signature of [mixed, nonCanonical]) {
      expect(ed25519.verify(signature, tokenMessage(token), A.toBytes())).toBe(true);
      expect(() =>
        verifyTimeToken({ token, signature }, { principal: 'time', publicKey: A.toBytes() }),
      ).toThrow(IntegrityError);
    }
  });
});
