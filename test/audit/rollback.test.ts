/**
 * Rollback detection through the log (docs/audit.md, "Rollback"): a reader holding only a signed tree
 * head and the log's public key checks that the manifest it was served is the latest upload logged for
 * its file. The cloud serves version 1 after version 2 was logged: refused. Proofs travel as wire bytes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/log.ts';
import { checkLatestManifest, ProofError, RollbackError } from '../../src/audit/proofs.ts';
import { sha256Native } from '../../src/crypto/manifest.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import {
  decodeLatestVersionProof,
  decodeSignedTreeHead,
  encodeLatestVersionProof,
  encodeSignedTreeHead,
  type LatestVersionProof,
} from '../../src/crypto/wire/audit.ts';
import {
  decodeSignedManifest,
  decodeSigningPublicKey,
  encodeSigningPublicKey,
} from '../../src/crypto/wire/formats.ts';
import { owner, syntheticUpload } from '../tpa/helpers.ts';
import { sampleEntries, scratch } from './helpers.ts';

const alice = owner('alice');
const v1 = syntheticUpload(alice, 'phr', 1, 500, 64);
const v2 = syntheticUpload(alice, 'phr', 2, 600, 64);
const other = syntheticUpload(alice, 'labs', 1, 400, 64);

/** The log as the storage keeps it, and what it hands a reader: head, proof and key, as bytes. */
function logWithUploads() {
  const log = AuditLog.create(join(scratch(), 'log'), { name: 'hospital-audit' });
  const up = (fileId: string, version: number, manifest: Uint8Array, time: number) => ({
    type: 'upload' as const,
    ownerId: 'alice',
    fileId,
    version,
    manifestSha256: sha256Native(manifest),
    time,
    actor: 'alice',
  });
  log.append([...sampleEntries(3).filter((e) => e.type !== 'upload'), up('phr', 1, v1.manifest, 3)]);
  log.append([up('labs', 1, other.manifest, 4), ...sampleEntries(2, 10).filter((e) => e.type !== 'upload')]);
  log.append([up('phr', 2, v2.manifest, 5)]);
  const handout = {
    head: encodeSignedTreeHead(log.latestHead()),
    proof: encodeLatestVersionProof(log.latestVersionProof('alice', 'phr') as LatestVersionProof),
    key: encodeSigningPublicKey(log.key),
  };
  log.close();
  return handout;
}

/** The reader: it holds the bytes it was handed and nothing else. */
function read(
  served: { manifest: Uint8Array },
  handout: ReturnType<typeof logWithUploads>,
  requested = { ownerId: 'alice', fileId: 'phr' },
) {
  checkLatestManifest(
    { bytes: served.manifest, manifest: decodeSignedManifest(served.manifest) },
    decodeLatestVersionProof(handout.proof),
    decodeSignedTreeHead(handout.head),
    decodeSigningPublicKey(handout.key),
    requested,
  );
}

describe('rollback detection through the log', () => {
  it('the latest version passes; version 1 served after version 2 was logged is refused as a rollback', () => {
    const handout = logWithUploads();
    expect(() => read(v2, handout)).not.toThrow();
    expect(() => read(v1, handout)).toThrow(RollbackError);
    expect(() => read(v1, handout)).toThrow(
      "alice/phr: served version 1, but the log's latest is version 2 (entry 6): a rollback",
    );
    expect(() => read(other, handout)).toThrow(/served the manifest of alice\/labs instead/);
  });

  it('a manifest of the right version that the log never recorded is refused', () => {
    const handout = logWithUploads();
    const forgedV2 = syntheticUpload(alice, 'phr', 2, 600, 64, deterministicRng('another version 2'));
    expect(() => read(forgedV2, handout)).toThrow(/a manifest of version 2 that the log never recorded/);
  });

  it('a proof altered to make version 1 look latest, or checked against another log’s head, is refused', () => {
    const handout = logWithUploads();
    const proof = decodeLatestVersionProof(handout.proof);
    const bent = encodeLatestVersionProof({
      ...proof,
      leaf: { ...proof.leaf, version: 1, manifestSha256: sha256Native(v1.manifest) },
    });
    expect(() => read(v1, { ...handout, proof: bent })).toThrow(ProofError);
    expect(() => read(v1, { ...handout, proof: bent })).toThrow(/not in the head's map of latest versions/);
    const elsewhere = logWithUploads();
    expect(() => read(v2, { ...handout, head: elsewhere.head })).toThrow(/signature does not verify/);
  });

  it('a stale head is not enough: version 1 was the latest under the first head, and only a newer head refuses it', () => {
    const log = AuditLog.create(join(scratch(), 'log'), { name: 'hospital-audit' });
    log.append([
      {
        type: 'upload',
        ownerId: 'alice',
        fileId: 'phr',
        version: 1,
        manifestSha256: sha256Native(v1.manifest),
        time: 0,
        actor: 'alice',
      },
    ]);
    const early = {
      head: encodeSignedTreeHead(log.latestHead()),
      proof: encodeLatestVersionProof(log.latestVersionProof('alice', 'phr') as LatestVersionProof),
      key: encodeSigningPublicKey(log.key),
    };
    log.append([
      {
        type: 'upload',
        ownerId: 'alice',
        fileId: 'phr',
        version: 2,
        manifestSha256: sha256Native(v2.manifest),
        time: 1,
        actor: 'alice',
      },
    ]);
    const late = {
      ...early,
      head: encodeSignedTreeHead(log.latestHead()),
      proof: encodeLatestVersionProof(log.latestVersionProof('alice', 'phr') as LatestVersionProof),
    };
    log.close();
    expect(() => read(v1, early)).not.toThrow();
    expect(() => read(v1, late)).toThrow(RollbackError);
    // the early proof does not pass against the late head
    expect(() => read(v1, { ...late, proof: early.proof })).toThrow(ProofError);
  });
});
