/**
 * Encoders validate what they write, with the decoders' identifier rule: a name the wire format cannot
 * carry (over 128 bytes of UTF-8, a control character, a lone surrogate, empty) is an ArgumentError naming
 * the field when it is encoded — never bytes that the other side rejects, or an untyped crash.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend, type PairingBackend } from '../../src/crypto/backend/index.ts';
import { ArgumentError } from '../../src/crypto/errors.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { randomScalar } from '../../src/crypto/scalar.ts';
import { PreSecretKey } from '../../src/crypto/types.ts';
import {
  decodeSigningPublicKey,
  encodeOwnerParameters,
  encodePrePublicKey,
  encodePreSecretKey,
  encodeReKey,
  encodeSigningPublicKey,
  encodeTimeTokenBody,
} from '../../src/crypto/wire/formats.ts';

const BAD_NAMES = [
  ['over 128 bytes of UTF-8 (70 × "é")', 'é'.repeat(70), /longer than 128 bytes/],
  ['a control character', 'bo\u0007b', /control character/],
  ['a lone surrogate', 'bo\ud800b', /lone surrogate/],
  ['empty', '', /must not be empty/],
] as const;

let backend: PairingBackend;
beforeAll(async () => {
  backend = await loadBackend('mcl');
});

describe('encoders reject names the wire format cannot carry', () => {
  const rng = deterministicRng('encoders');
  const encoders: readonly [string, string, (name: string) => Uint8Array][] = [
    ['preSecretKey', 'principal', (name) => encodePreSecretKey(name, new PreSecretKey(randomScalar(rng)))],
    [
      'prePublicKey',
      'principal',
      (name) =>
        encodePrePublicKey(backend, { principal: name, publicKey: backend.g2MulBase(randomScalar(rng)) }),
    ],
    [
      'signingPublicKey',
      'principal',
      (name) => encodeSigningPublicKey({ principal: name, publicKey: new Uint8Array(32) }),
    ],
    [
      'ownerParameters',
      'fileId',
      (name) =>
        encodeOwnerParameters(backend, {
          ownerId: 'alice',
          fileId: name,
          version: 1,
          levels: [{ accessLevel: 0, rP: backend.g1MulBase(randomScalar(rng)) }],
        }),
    ],
    [
      'reKey',
      'userId',
      (name) =>
        encodeReKey(backend, { ownerId: 'alice', userId: name, rk: backend.g2MulBase(randomScalar(rng)) }),
    ],
    ['timeToken', 'subject', (name) => encodeTimeTokenBody({ issuer: 'timeserver', subject: name, time: 1 })],
  ];

  for (const [kind, field, encode] of encoders) {
    for (const [what, name, reason] of BAD_NAMES) {
      it(`${kind}: ${what}`, () => {
        let error: unknown;
        try {
          encode(name);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ArgumentError);
        expect((error as ArgumentError).argument).toBe(field);
        expect((error as ArgumentError).reason).toMatch(reason);
      });
    }
    it(`${kind}: a valid name at the 128-byte limit round-trips`, () => {
      expect(() => encode('é'.repeat(64))).not.toThrow();
    });
  }

  it('what an encoder accepts, the decoder accepts', () => {
    const name = `${'é'.repeat(63)}ab`;
    const bytes = encodeSigningPublicKey({ principal: name, publicKey: backendKey() });
    expect(decodeSigningPublicKey(bytes).principal).toBe(name);
  });
});

/** A valid (prime-order, canonical) Ed25519 public key. */
function backendKey(): Uint8Array {
  return Uint8Array.from(
    Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex'),
  );
}
