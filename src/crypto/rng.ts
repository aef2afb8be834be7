/**
 * Randomness. Every function that draws randomness takes an `Rng`, so that test vectors and seeded
 * simulations are reproducible, and production code uses the operating system's CSPRNG.
 */
import { randomBytes as osRandomBytes } from 'node:crypto';
import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from './bytes.ts';
import { DST } from './constants.ts';

/** Returns `length` fresh random bytes. */
export type Rng = (length: number) => Uint8Array;

/** The operating system's CSPRNG (node:crypto, no 64 KiB cap). */
export const systemRng: Rng = (length) => new Uint8Array(osRandomBytes(length));

const CHACHA_BLOCK_BYTES = 64;
const ZERO_NONCE = new Uint8Array(12);

/**
 * A deterministic RNG: the ChaCha20 keystream under SHA-256(DST ‖ seed). For test vectors and seeded
 * replays only — a seed is not a secret-key source.
 */
export function deterministicRng(seed: string | Uint8Array): Rng {
  const seedBytes = typeof seed === 'string' ? utf8(seed) : seed;
  const key = sha256(concatBytes(utf8(DST.deterministicRng), seedBytes));
  let nextBlock = 0;
  return (length) => {
    const blocks = Math.ceil(length / CHACHA_BLOCK_BYTES);
    const stream = chacha20(
      key,
      ZERO_NONCE,
      new Uint8Array(blocks * CHACHA_BLOCK_BYTES),
      undefined,
      nextBlock,
    );
    nextBlock += blocks;
    return stream.subarray(0, length);
  };
}
