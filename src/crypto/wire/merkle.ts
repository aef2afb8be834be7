/**
 * Merkle tree hashing of RFC 6962 §2.1 (restated as RFC 9162 §2.1), the one tree definition of sesphr:
 * the audit log's tree, its map of latest file versions, and the owner's commitment to a stored file's
 * blocks (docs/wire-format.md, "Merkle trees"; docs/audit.md; docs/tpa.md) all hash this way.
 *
 *   MTH({})        = SHA-256()
 *   MTH({d0})      = SHA-256(0x00 ‖ d0)                              (leaf hash)
 *   MTH(D[n])      = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))        (node hash), k the largest power of
 *                                                                     two smaller than n
 *
 * Proofs are generated from any `RangeHasher` (something that can give MTH of D[start:end] for the
 * ranges the RFC's recursion asks for) and verified with the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms,
 * which need only the tree head's size and root. Sizes and indices are JavaScript numbers (≤ 2^53 − 1),
 * so the bit operations of the RFC are written as division and remainder.
 */
import { createHash } from 'node:crypto';

export const HASH_BYTES = 32;
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** SHA-256 of the empty string: the root of the empty tree. */
export const EMPTY_ROOT: Uint8Array = new Uint8Array(createHash('sha256').digest());

export function leafHash(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(LEAF_PREFIX).update(data).digest());
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest());
}

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH of a list of leaf hashes, from the definition (used for small trees: a file's blocks, tests). */
export function rootOfLeafHashes(leaves: readonly Uint8Array[], start = 0, end = leaves.length): Uint8Array {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return leaves[start] as Uint8Array;
  const k = splitPoint(n);
  return nodeHash(rootOfLeafHashes(leaves, start, start + k), rootOfLeafHashes(leaves, start + k, end));
}

/** Anything that can hash a range D[start:end) of its leaves, as the proof recursion asks. */
export interface RangeHasher {
  rangeHash(start: number, end: number): Uint8Array;
}

/** A RangeHasher over leaf hashes held in memory, by the definition (O(end − start) per call). */
export function listHasher(leaves: readonly Uint8Array[]): RangeHasher {
  return { rangeHash: (start, end) => rootOfLeafHashes(leaves, start, end) };
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1 for the tree D[offset : offset + n). */
function path(tree: RangeHasher, m: number, offset: number, n: number, out: Uint8Array[]): void {
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m < k) {
    path(tree, m, offset, k, out);
    out.push(tree.rangeHash(offset + k, offset + n));
  } else {
    path(tree, m - k, offset + k, n - k, out);
    out.push(tree.rangeHash(offset, offset + k));
  }
}

/** The audit path of leaf `index` in the tree of the first `size` leaves, leaf to root. */
export function inclusionPath(tree: RangeHasher, index: number, size: number): Uint8Array[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size)
    throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const out: Uint8Array[] = [];
  path(tree, index, 0, size, out);
  return out;
}

/** SUBPROOF(m, D[n], b) of RFC 6962 §2.1.2 for the tree D[offset : offset + n). */
function subproof(
  tree: RangeHasher,
  m: number,
  offset: number,
  n: number,
  complete: boolean,
  out: Uint8Array[],
): void {
  if (m === n) {
    if (!complete) out.push(tree.rangeHash(offset, offset + n));
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    subproof(tree, m, offset, k, complete, out);
    out.push(tree.rangeHash(offset + k, offset + n));
  } else {
    subproof(tree, m - k, offset + k, n - k, false, out);
    out.push(tree.rangeHash(offset, offset + k));
  }
}

/** The consistency proof from the tree of the first `first` leaves to that of the first `second`. */
export function consistencyPath(tree: RangeHasher, first: number, second: number): Uint8Array[] {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second)
    throw new RangeError(`no consistency proof from size ${first} to size ${second}`);
  const out: Uint8Array[] = [];
  if (first === 0 || first === second) return out;
  subproof(tree, first, 0, second, true, out);
  return out;
}

const isOdd = (x: number) => x % 2 === 1;
function isPowerOfTwo(x: number): boolean {
  let y = x;
  while (y > 1 && y % 2 === 0) y /= 2;
  return y === 1;
}
const half = (x: number) => Math.floor(x / 2);

function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** Why a proof does not verify; `undefined` when it does. */
export type ProofProblem = string | undefined;

/**
 * RFC 9162 §2.1.3.2: the root that `proof` leads to from `leaf` at `index` in a tree of `size` leaves, or
 * a string saying why the proof cannot belong to such a tree (wrong length, index out of range).
 */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array | string {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size < 1)
    return `no leaf ${index} in a tree of size ${size}`;
  if (index >= size) return `leaf index ${index} is not below the tree size ${size}`;
  if (leaf.length !== HASH_BYTES) return `a leaf hash has ${HASH_BYTES} bytes, got ${leaf.length}`;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const [i, p] of proof.entries()) {
    if (p.length !== HASH_BYTES) return `proof[${i}] has ${p.length} bytes, expected ${HASH_BYTES}`;
    if (sn === 0) return `the proof has ${proof.length} hashes, more than a tree of size ${size} needs`;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return `the proof has ${proof.length} hashes, fewer than a tree of size ${size} needs`;
  return r;
}

/** Inclusion of `leaf` at `index` in the tree of `size` leaves with root `root`. */
export function inclusionProblem(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofProblem {
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  if (typeof computed === 'string') return computed;
  return equalHashes(computed, root) ? undefined : 'the proof leads to another root';
}

/** RFC 9162 §2.1.4.2: the tree of `first` leaves with `root1` is a prefix of that of `second` with `root2`. */
export function consistencyProblem(
  first: number,
  second: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): ProofProblem {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || second < 0)
    return `sizes ${first} and ${second} are not tree sizes`;
  if (first > second) return `the first tree (size ${first}) is larger than the second (size ${second})`;
  for (const [i, p] of proof.entries())
    if (p.length !== HASH_BYTES) return `proof[${i}] has ${p.length} bytes, expected ${HASH_BYTES}`;
  if (first === second) {
    if (proof.length !== 0) return 'trees of equal size need an empty proof';
    return equalHashes(root1, root2) ? undefined : 'trees of equal size with different roots';
  }
  if (first === 0) return proof.length === 0 ? undefined : 'the empty tree needs an empty proof';
  if (proof.length === 0) return 'an empty proof for trees of different sizes';
  let hashes = [...proof];
  // `first` an exact power of two: its root is a node of the second tree and the proof omits it.
  if (isPowerOfTwo(first)) hashes = [root1, ...hashes];
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = hashes[0] as Uint8Array;
  let sr = fr;
  for (const c of hashes.slice(1)) {
    if (sn === 0) return `the proof has more hashes than trees of sizes ${first} and ${second} need`;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return `the proof has fewer hashes than trees of sizes ${first} and ${second} need`;
  if (!equalHashes(fr, root1)) return 'the proof does not lead to the first root';
  if (!equalHashes(sr, root2)) return 'the proof does not lead to the second root';
  return undefined;
}
