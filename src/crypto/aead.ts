/**
 * The AEADs of hybrid mode. AES-256-GCM runs on node:crypto (native, ~2 GiB/s here); XChaCha20-Poly1305
 * runs on @noble/ciphers (portable, pure JS). A failed open is an IntegrityError, never plaintext.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { IntegrityError } from './errors.ts';
import type { AeadAlgorithm } from './types.ts';

export const AEAD_KEY_BYTES = 32;
export const AEAD_TAG_BYTES = 16;

export interface Aead {
  readonly nonceBytes: number;
  /** Returns ciphertext ‖ tag. */
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Throws IntegrityError when the tag does not verify. */
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, subject: string): Uint8Array;
}

const aes256gcm: Aead = {
  nonceBytes: 12,
  seal(key, nonce, aad, plaintext) {
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: AEAD_TAG_BYTES });
    cipher.setAAD(aad);
    const body = cipher.update(plaintext);
    const tail = cipher.final();
    const tag = cipher.getAuthTag();
    const out = new Uint8Array(body.length + tail.length + tag.length);
    out.set(body, 0);
    out.set(tail, body.length);
    out.set(tag, body.length + tail.length);
    return out;
  },
  open(key, nonce, aad, sealed, subject) {
    if (sealed.length < AEAD_TAG_BYTES) throw new IntegrityError(subject, 'ciphertext shorter than the tag');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: AEAD_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - AEAD_TAG_BYTES));
    const body = decipher.update(sealed.subarray(0, sealed.length - AEAD_TAG_BYTES));
    try {
      const tail = decipher.final();
      const out = new Uint8Array(body.length + tail.length);
      out.set(body, 0);
      out.set(tail, body.length);
      return out;
    } catch {
      body.fill(0);
      throw new IntegrityError(subject, 'AES-256-GCM authentication failed');
    }
  },
};

const xchacha: Aead = {
  nonceBytes: 24,
  seal: (key, nonce, aad, plaintext) => xchacha20poly1305(key, nonce, aad).encrypt(plaintext),
  open(key, nonce, aad, sealed, subject) {
    try {
      return xchacha20poly1305(key, nonce, aad).decrypt(sealed);
    } catch {
      throw new IntegrityError(subject, 'XChaCha20-Poly1305 authentication failed');
    }
  },
};

export const AEADS: Readonly<Record<AeadAlgorithm, Aead>> = {
  'aes-256-gcm': aes256gcm,
  'xchacha20-poly1305': xchacha,
};

export const DEFAULT_AEAD: AeadAlgorithm = 'aes-256-gcm';
