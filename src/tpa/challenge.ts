/**
 * Challenges and responses between the TPA and the cloud (docs/tpa.md, "Protocol"). The TPA names c
 * block indices of one stored file version; the cloud answers each with the block's bytes and its RFC
 * 6962 audit path in the tree of the file's blocks. Both sides see only ciphertext.
 */
import type { Rng } from '../crypto/rng.ts';
import type { Sampling } from './probability.ts';

export interface Challenge {
  readonly ownerId: string;
  readonly fileId: string;
  readonly version: number;
  /** Block indices, in the order drawn. */
  readonly indices: readonly number[];
}

export interface BlockAnswer {
  readonly index: number;
  readonly block: Uint8Array;
  readonly path: readonly Uint8Array[];
}

/** The cloud's answer; a block it cannot (or will not) produce is simply absent. */
export interface ChallengeResponse {
  readonly blocks: readonly BlockAnswer[];
}

/** A uniform integer in [0, bound) from the RNG (rejection sampling on 32-bit words, no modulo bias). */
export function uniformBelow(rng: Rng, bound: number): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32)
    throw new RangeError(`bound ${bound} out of range`);
  const limit = Math.floor(2 ** 32 / bound) * bound;
  for (;;) {
    const b = rng(4);
    const x =
      (((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>>
      0;
    if (x < limit) return x % bound;
  }
}

/** c block indices of `blocks`: distinct (a partial Fisher–Yates shuffle) or independent draws. */
export function drawIndices(rng: Rng, blocks: number, c: number, sampling: Sampling = 'distinct'): number[] {
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`challenges must be a whole number ≥ 0, got ${c}`);
  if (sampling === 'independent') return Array.from({ length: c }, () => uniformBelow(rng, blocks));
  const take = Math.min(c, blocks);
  // Sparse Fisher–Yates: only the swapped positions are stored, so a million blocks cost nothing.
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < take; i++) {
    const j = i + uniformBelow(rng, blocks - i);
    const atJ = swapped.get(j) ?? j;
    const atI = swapped.get(i) ?? i;
    swapped.set(j, atI);
    out.push(atJ);
  }
  return out;
}
