/**
 * A simulated cloud storage for the TPA's tests and benchmarks (docs/tpa.md, "Cloud misbehaviour"): it
 * accepts an upload only if the owner's signed commitment matches the bytes (so an owner cannot frame it),
 * keeps every version, answers challenges from the bytes it holds — and can misbehave: flip bits, delete
 * a block, truncate, serve another valid file of the same owner, or serve an older version.
 *
 * Paths come from the tree it built at upload, as a real store would cache it; after a deliberate
 * substitution (another file, a cut, a deletion) it rebuilds the tree over what it now serves, so its
 * answers look as valid as they can be made.
 */

import { MerkleTree } from '../audit/tree.ts';
import { blockLeafHashes, blockOf, checkStorageCommitment, verifyManifest } from '../crypto/manifest.ts';
import type { Rng } from '../crypto/rng.ts';
import { decodeSignedManifest, decodeSigningPublicKey } from '../crypto/wire/formats.ts';
import type { Challenge, ChallengeResponse } from './challenge.ts';
import { drawIndices } from './challenge.ts';

interface Stored {
  object: Uint8Array;
  readonly manifest: Uint8Array;
  readonly blockSize: number;
  tree: MerkleTree;
}

const key = (ownerId: string, fileId: string) => JSON.stringify([ownerId, fileId]);

function treeOf(object: Uint8Array, blockSize: number): MerkleTree {
  const tree = new MerkleTree();
  for (const h of blockLeafHashes(object, blockSize)) tree.append(h);
  return tree;
}

export class CloudStore {
  /** owner/file → version → stored upload. */
  readonly #files = new Map<string, Map<number, Stored>>();
  /** What is served for a file when the cloud misbehaves: another stored upload. */
  readonly #servedInstead = new Map<string, Stored>();

  /** Stores an upload after checking the owner's signature and that the commitment matches the bytes. */
  accept(object: Uint8Array, manifestBytes: Uint8Array, ownerKey: Uint8Array): void {
    const manifest = verifyManifest(decodeSignedManifest(manifestBytes), decodeSigningPublicKey(ownerKey));
    const { ownerId, fileId, version } = manifest.header;
    checkStorageCommitment(object, manifest.storage, `upload of ${ownerId}/${fileId}@${version}`);
    const versions = this.#files.get(key(ownerId, fileId)) ?? new Map<number, Stored>();
    versions.set(version, {
      object: object.slice(),
      manifest: manifestBytes.slice(),
      blockSize: manifest.storage.blockSize,
      tree: treeOf(object, manifest.storage.blockSize),
    });
    this.#files.set(key(ownerId, fileId), versions);
    this.#servedInstead.delete(key(ownerId, fileId));
  }

  #latest(ownerId: string, fileId: string): Stored {
    const versions = this.#files.get(key(ownerId, fileId));
    if (!versions || versions.size === 0) throw new RangeError(`the cloud stores no ${ownerId}/${fileId}`);
    return versions.get(Math.max(...versions.keys())) as Stored;
  }

  #served(ownerId: string, fileId: string): Stored | undefined {
    const instead = this.#servedInstead.get(key(ownerId, fileId));
    if (instead) return instead;
    const versions = this.#files.get(key(ownerId, fileId));
    return versions && versions.size > 0 ? this.#latest(ownerId, fileId) : undefined;
  }

  manifest(ownerId: string, fileId: string): Uint8Array | undefined {
    return this.#served(ownerId, fileId)?.manifest;
  }

  /** The object the cloud serves for a file (a reader's full download). */
  object(ownerId: string, fileId: string): Uint8Array | undefined {
    return this.#served(ownerId, fileId)?.object;
  }

  respond(challenge: Challenge): ChallengeResponse {
    const stored = this.#served(challenge.ownerId, challenge.fileId);
    if (!stored) return { blocks: [] };
    const n = stored.tree.size;
    const blocks = challenge.indices
      .filter((index) => index >= 0 && index * stored.blockSize < stored.object.length && index < n)
      .map((index) => ({
        index,
        block: blockOf(stored.object, index, stored.blockSize).slice(),
        path: stored.tree.inclusionProof(index),
      }));
    return { blocks };
  }

  // ── misbehaviour ────────────────────────────────────────────────────────────────────────────────

  /** Bit rot or an insider: one bit flipped in each of `count` random blocks (or the blocks given). */
  flipBits(
    ownerId: string,
    fileId: string,
    which: { readonly blocks: readonly number[] } | { readonly count: number; readonly rng: Rng },
  ): number[] {
    const stored = this.#latest(ownerId, fileId);
    const n = stored.tree.size;
    const blocks = 'blocks' in which ? [...which.blocks] : drawIndices(which.rng, n, which.count, 'distinct');
    for (const b of blocks) {
      const start = b * stored.blockSize;
      const length = Math.min(stored.blockSize, stored.object.length - start);
      const at = start + ((b * 7919) % length);
      stored.object[at] = (stored.object[at] as number) ^ 0x10;
    }
    return blocks.sort((a, b) => a - b);
  }

  /** Deletes block `index`: the bytes after it move up, the object is one block shorter. */
  deleteBlock(ownerId: string, fileId: string, index: number): void {
    const stored = this.#latest(ownerId, fileId);
    const start = index * stored.blockSize;
    const end = Math.min(stored.object.length, start + stored.blockSize);
    const object = new Uint8Array(stored.object.length - (end - start));
    object.set(stored.object.subarray(0, start));
    object.set(stored.object.subarray(end), start);
    stored.object = object;
    stored.tree = treeOf(object, stored.blockSize);
  }

  /** Cuts the object to `length` bytes. */
  truncate(ownerId: string, fileId: string, length: number): void {
    const stored = this.#latest(ownerId, fileId);
    stored.object = stored.object.slice(0, length);
    stored.tree = treeOf(stored.object, stored.blockSize);
  }

  /**
   * Serves another stored file of the same owner for this one: with its own (valid) manifest, or with
   * this file's manifest and the other's blocks (and paths in the other's tree).
   */
  serveOtherFile(
    ownerId: string,
    fileId: string,
    otherFileId: string,
    manifest: 'its own' | 'this file’s',
  ): void {
    const other = this.#latest(ownerId, otherFileId);
    const mine = this.#latest(ownerId, fileId);
    this.#servedInstead.set(
      key(ownerId, fileId),
      manifest === 'its own' ? other : { ...other, manifest: mine.manifest },
    );
  }

  /** Serves an older stored version (its manifest, blocks and paths, all genuine) as the current one. */
  serveVersion(ownerId: string, fileId: string, version: number): void {
    const stored = this.#files.get(key(ownerId, fileId))?.get(version);
    if (!stored) throw new RangeError(`the cloud stores no ${ownerId}/${fileId}@${version}`);
    this.#servedInstead.set(key(ownerId, fileId), stored);
  }
}
