/**
 * Manifest format 2: the owner's storage commitment is the RFC 6962 root over the stored object's blocks,
 * signed with the rest of the manifest; format 1 is refused by name; the cloud refuses an upload whose
 * commitment does not match the bytes (so an owner cannot frame it).
 */
import { describe, expect, it } from 'vitest';
import { loadBackend } from '../../src/crypto/backend/index.ts';
import { IntegrityError } from '../../src/crypto/errors.ts';
import {
  blockCount,
  blockLeafHashes,
  checkStorageCommitment,
  DEFAULT_BLOCK_SIZE,
  storageCommitment,
  verifyManifest,
} from '../../src/crypto/manifest.ts';
import { HardenedOwner, openVerified } from '../../src/crypto/parties.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { peekKind } from '../../src/crypto/wire/envelope.ts';
import {
  decodeSignedManifest,
  decodeSigningPublicKey,
  encodeSignedManifest,
} from '../../src/crypto/wire/formats.ts';
import { leafHash, rootOfLeafHashes } from '../../src/crypto/wire/merkle.ts';
import { CloudStore } from '../../src/tpa/cloud.ts';
import { owner, syntheticUpload } from './helpers.ts';

describe('the storage commitment in the signed manifest (format 2)', () => {
  it('a real upload carries kind 14 with the root over 4 KiB blocks of exactly the bytes the cloud stores', async () => {
    const backend = await loadBackend('noble');
    const rng = deterministicRng('commitment');
    const alice = HardenedOwner.generate(backend, 'alice', rng);
    const upload = alice.upload(
      {
        fileId: 'phr',
        version: 1,
        window: { notBefore: 0, notAfter: 10 },
        partitions: [{ label: 'medical', accessLevel: 0, data: rng(10_000) }],
      },
      { rng },
    );
    expect(peekKind(upload.manifest)).toBe('signedManifest');
    expect(upload.manifest[5]).toBe(14);
    const { manifest } = decodeSignedManifest(upload.manifest);
    expect(manifest.storage.blockSize).toBe(DEFAULT_BLOCK_SIZE);
    expect(manifest.storage.objectLength).toBe(upload.file.length);
    // the root by the RFC's definition over the blocks, computed here block by block
    const blocks = [];
    for (let at = 0; at < upload.file.length; at += 4096)
      blocks.push(leafHash(upload.file.subarray(at, at + 4096)));
    expect(blocks.length).toBe(blockCount(upload.file.length, 4096));
    expect(Buffer.from(manifest.storage.blocksRoot).toString('hex')).toBe(
      Buffer.from(rootOfLeafHashes(blocks)).toString('hex'),
    );
    expect(() => openVerified(upload.file, upload.manifest, alice.signingPublicKey())).not.toThrow();
    expect(() => checkStorageCommitment(upload.file, manifest.storage, 'phr')).not.toThrow();
    const flipped = upload.file.slice();
    flipped[9000] = (flipped[9000] as number) ^ 1;
    expect(() => checkStorageCommitment(flipped, manifest.storage, 'phr')).toThrow(/blocks do not match/);
    expect(() => checkStorageCommitment(upload.file.subarray(1), manifest.storage, 'phr')).toThrow(
      /bytes, the commitment/,
    );
  });

  it('the commitment is signed: changing it breaks the owner signature', () => {
    const alice = owner('alice');
    const { manifest } = syntheticUpload(alice, 'phr', 1, 1000, 64);
    const signed = decodeSignedManifest(manifest);
    const key = decodeSigningPublicKey(alice.publicKey);
    expect(() => verifyManifest(signed, key)).not.toThrow();
    for (const storage of [
      { ...signed.manifest.storage, blockSize: 128 },
      { ...signed.manifest.storage, objectLength: signed.manifest.storage.objectLength - 1 },
      { ...signed.manifest.storage, blocksRoot: new Uint8Array(32) },
    ]) {
      const changed = decodeSignedManifest(
        encodeSignedManifest({ ...signed, manifest: { ...signed.manifest, storage } }),
      );
      expect(() => verifyManifest(changed, key)).toThrow(IntegrityError);
    }
  });

  it('manifest format 1 (kind 9) is refused by name; block sizes must be powers of two from 64 B to 1 MiB', () => {
    const alice = owner('alice');
    const { manifest } = syntheticUpload(alice, 'phr', 1, 100, 64);
    const v1 = manifest.slice();
    v1[5] = 9;
    expect(() => decodeSignedManifest(v1)).toThrow(
      /invalid signedManifest.kind: manifest format 1 \(kind 9\) is retired/,
    );
    for (const size of [0, 32, 100, 3000, 2 ** 21])
      expect(() => storageCommitment(new Uint8Array(10), size)).toThrow(/blockSize/);
    expect(() => storageCommitment(new Uint8Array(0), 64)).toThrow(/at least 1 byte/);
    expect(blockLeafHashes(new Uint8Array(129), 64).length).toBe(3);
  });

  it('the cloud refuses an upload whose commitment does not match, or whose signature is not the owner’s', () => {
    const alice = owner('alice');
    const mallory = owner('alice', 'mallory');
    const cloud = new CloudStore();
    const good = syntheticUpload(alice, 'phr', 1, 1000, 64);
    const other = syntheticUpload(alice, 'phr', 1, 1000, 64, deterministicRng('other bytes'));
    expect(() => cloud.accept(other.object, good.manifest, alice.publicKey)).toThrow(/blocks do not match/);
    expect(() => cloud.accept(good.object, good.manifest, mallory.publicKey)).toThrow(
      /signature does not verify/,
    );
    expect(() => cloud.accept(good.object, good.manifest, alice.publicKey)).not.toThrow();
  });
});
