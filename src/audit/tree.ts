/**
 * An RFC 6962 Merkle tree held as its complete subtrees: level j keeps the hash of every aligned run of
 * 2^j leaves, so MTH of any range the proof recursion asks for (src/crypto/wire/merkle.ts) is at most
 * 2·log2(n) cached nodes combined — roots at any past size, inclusion and consistency proofs in
 * O(log n) hashes, whatever the size. About 2n hashes of memory (64 MiB at a million leaves).
 *
 * `append` grows it (the audit log); `set` replaces a leaf and re-hashes its O(log n) ancestors (the map
 * of latest file versions, whose leaves change when a file gets a new version; docs/audit.md).
 */
import {
  consistencyPath,
  EMPTY_ROOT,
  HASH_BYTES,
  inclusionPath,
  nodeHash,
  type RangeHasher,
  splitPoint,
} from '../crypto/wire/merkle.ts';

/** A growable array of 32-byte hashes in one buffer. */
class HashArray {
  #buffer = new Uint8Array(HASH_BYTES * 16);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  get(i: number): Uint8Array {
    return this.#buffer.subarray(i * HASH_BYTES, (i + 1) * HASH_BYTES);
  }

  set(i: number, hash: Uint8Array): void {
    this.#buffer.set(hash, i * HASH_BYTES);
  }

  push(hash: Uint8Array): void {
    if ((this.#length + 1) * HASH_BYTES > this.#buffer.length) {
      const grown = new Uint8Array(this.#buffer.length * 2);
      grown.set(this.#buffer);
      this.#buffer = grown;
    }
    this.#buffer.set(hash, this.#length * HASH_BYTES);
    this.#length++;
  }

  truncate(length: number): void {
    this.#length = Math.min(this.#length, length);
  }
}

export class MerkleTree implements RangeHasher {
  /** levels[j][i] = MTH(D[i·2^j : (i+1)·2^j)). */
  readonly #levels: HashArray[] = [new HashArray()];

  get size(): number {
    return (this.#levels[0] as HashArray).length;
  }

  leaf(index: number): Uint8Array {
    if (index < 0 || index >= this.size)
      throw new RangeError(`no leaf ${index} in a tree of size ${this.size}`);
    return (this.#levels[0] as HashArray).get(index).slice();
  }

  #level(j: number): HashArray {
    let level = this.#levels[j];
    if (!level) {
      level = new HashArray();
      this.#levels[j] = level;
    }
    return level;
  }

  /** Appends a leaf hash (already H(0x00 ‖ data)); returns its index. */
  append(leafHash: Uint8Array): number {
    if (leafHash.length !== HASH_BYTES) throw new RangeError(`a leaf hash has ${HASH_BYTES} bytes`);
    const index = this.size;
    (this.#levels[0] as HashArray).push(leafHash);
    // Each completed aligned run of 2^j leaves gets its node.
    let count = index + 1;
    for (let j = 1; count % 2 === 0; j++) {
      count /= 2;
      const below = this.#level(j - 1);
      this.#level(j).push(nodeHash(below.get(2 * count - 2), below.get(2 * count - 1)));
    }
    return index;
  }

  /** Replaces leaf `index` and the complete subtrees above it. */
  set(index: number, leafHash: Uint8Array): void {
    if (index < 0 || index >= this.size)
      throw new RangeError(`no leaf ${index} in a tree of size ${this.size}`);
    if (leafHash.length !== HASH_BYTES) throw new RangeError(`a leaf hash has ${HASH_BYTES} bytes`);
    (this.#levels[0] as HashArray).set(index, leafHash);
    let i = index;
    for (let j = 1; j < this.#levels.length; j++) {
      i = Math.floor(i / 2);
      const level = this.#levels[j] as HashArray;
      if (i >= level.length) break;
      const below = this.#levels[j - 1] as HashArray;
      level.set(i, nodeHash(below.get(2 * i), below.get(2 * i + 1)));
    }
  }

  /** Forgets every leaf from `size` on (used when an unfinished append is cut off). */
  truncate(size: number): void {
    let count = size;
    for (const level of this.#levels) {
      level.truncate(count);
      count = Math.floor(count / 2);
    }
  }

  /** MTH(D[start:end)) for ranges whose start is aligned to the power of two that covers them. */
  rangeHash(start: number, end: number): Uint8Array {
    if (!(start >= 0 && start <= end && end <= this.size))
      throw new RangeError(`range [${start}, ${end}) is not within a tree of size ${this.size}`);
    const n = end - start;
    if (n === 0) return EMPTY_ROOT;
    // A power of two aligned at `start`: a cached node.
    let j = 0;
    while (2 ** j < n) j++;
    if (2 ** j === n && start % n === 0) return (this.#levels[j] as HashArray).get(start / n).slice();
    const k = splitPoint(n);
    return nodeHash(this.rangeHash(start, start + k), this.rangeHash(start + k, end));
  }

  /** The root of the tree of the first `size` leaves (default: all). */
  root(size = this.size): Uint8Array {
    return this.rangeHash(0, size);
  }

  inclusionProof(index: number, size = this.size): Uint8Array[] {
    if (size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
    return inclusionPath(this, index, size);
  }

  consistencyProof(first: number, second = this.size): Uint8Array[] {
    if (second > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${second}`);
    return consistencyPath(this, first, second);
  }
}
