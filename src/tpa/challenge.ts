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

/** 32-bit words from an RNG, drawn in blocks (an Rng call has a fixed cost). */
class Words {
  #bytes: Uint8Array = new Uint8Array(0);
  #at = 0;
  constructor(
    readonly rng: Rng,
    readonly batch: number,
  ) {}
  next(): number {
    if (this.#at + 4 > this.#bytes.length) {
      this.#bytes = this.rng(4 * this.batch);
      this.#at = 0;
    }
    const b = this.#bytes;
    const i = this.#at;
    this.#at += 4;
    return (
      (((b[i] as number) << 24) |
        ((b[i + 1] as number) << 16) |
        ((b[i + 2] as number) << 8) |
        (b[i + 3] as number)) >>>
      0
    );
  }
}

/** A uniform integer in [0, bound) (rejection sampling on 32-bit words, no modulo bias). */
function uniformFrom(words: Words, bound: number): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32)
    throw new RangeError(`bound ${bound} out of range`);
  const limit = Math.floor(2 ** 32 / bound) * bound;
  for (;;) {
    const x = words.next();
    if (x < limit) return x % bound;
  }
}

/** A uniform integer in [0, bound) from the RNG. */
export function uniformBelow(rng: Rng, bound: number): number {
  return uniformFrom(new Words(rng, 2), bound);
}

/** c block indices of `blocks`: distinct (a partial Fisher–Yates shuffle) or independent draws. */
export function drawIndices(rng: Rng, blocks: number, c: number, sampling: Sampling = 'distinct'): number[] {
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`challenges must be a whole number ≥ 0, got ${c}`);
  const words = new Words(rng, Math.min(c, blocks) + 8);
  if (sampling === 'independent') return Array.from({ length: c }, () => uniformFrom(words, blocks));
  const take = Math.min(c, blocks);
  // Sparse Fisher–Yates: only the swapped positions are stored, so a million blocks cost nothing.
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < take; i++) {
    const j = i + uniformFrom(words, blocks - i);
    const atJ = swapped.get(j) ?? j;
    const atI = swapped.get(i) ?? i;
    swapped.set(j, atI);
    out.push(atJ);
  }
  return out;
}
