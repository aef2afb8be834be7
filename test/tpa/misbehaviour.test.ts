/**
 * Every kind of cloud misbehaviour the issue names, on real uploads (HardenedOwner, noble), detected by
 * the TPA and recorded in the audit log (a verdict and a corruption entry naming the file and blocks),
 * and refused by a reader's own checks: bit flips, a deleted block, a truncated file, a whole file
 * replaced by another valid file of the same owner, and a stale version served after an update.
 */
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/log.ts';
import { checkLatestManifest, RollbackError } from '../../src/audit/proofs.ts';
import { query } from '../../src/audit/query.ts';
import { loadBackend } from '../../src/crypto/backend/index.ts';
import { SesphrError } from '../../src/crypto/errors.ts';
import { sha256Native } from '../../src/crypto/manifest.ts';
import { HardenedOwner, openVerified, type Upload } from '../../src/crypto/parties.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { decodeSignedManifest } from '../../src/crypto/wire/formats.ts';
import { ThirdPartyAuditor } from '../../src/tpa/auditor.ts';
import { CloudStore } from '../../src/tpa/cloud.ts';
import { scratch } from '../audit/helpers.ts';

const backend = await loadBackend('noble');
const rng = deterministicRng('misbehaviour');
const alice = HardenedOwner.generate(backend, 'alice', rng);
const upload = (fileId: string, version: number, size: number): Upload =>
  alice.upload(
    {
      fileId,
      version,
      window: { notBefore: 0, notAfter: 100 },
      partitions: [
        { label: 'medical', accessLevel: 0, data: rng(size) },
        { label: 'insurance', accessLevel: 1, data: rng(200) },
      ],
    },
    { rng },
  );
const phr1 = upload('phr', 1, 18_000);
const phr2 = upload('phr', 2, 19_000);
const labs = upload('labs', 1, 18_500);

let cloud: CloudStore;
let log: AuditLog;
let tpa: ThirdPartyAuditor;

beforeEach(() => {
  cloud = new CloudStore();
  log = AuditLog.create(join(scratch(), 'log'), { name: 'hospital-audit' });
  let time = 0;
  for (const [fileId, version, u] of [
    ['phr', 1, phr1],
    ['labs', 1, labs],
    ['phr', 2, phr2],
  ] as const) {
    cloud.accept(u.file, u.manifest, alice.signingPublicKey());
    log.append([
      {
        type: 'upload',
        ownerId: 'alice',
        fileId,
        version,
        manifestSha256: sha256Native(u.manifest),
        time: time++,
        actor: 'alice',
      },
    ]);
  }
  tpa = new ThirdPartyAuditor({
    log,
    ownerKeys: new Map([['alice', alice.signingPublicKey()]]),
    rng,
    clock: () => 10,
  });
  return () => log.close();
});

const blocksOf = (u: Upload) => Math.ceil(u.file.length / 4096);
const everyBlock = { challenges: 1_000 };

/** The reader's checks on what the cloud serves for alice/phr: signature and file, then the log. */
function readerCheck(): void {
  const manifest = cloud.manifest('alice', 'phr') as Uint8Array;
  const object = cloud.object('alice', 'phr') as Uint8Array;
  const file = openVerified(object, manifest, alice.signingPublicKey());
  checkLatestManifest(
    { bytes: manifest, manifest: decodeSignedManifest(manifest) },
    log.latestVersionProof('alice', 'phr'),
    log.latestHead(),
    log.key,
    { ownerId: 'alice', fileId: 'phr' },
  );
  expect(file.header.version).toBe(2);
}

function recorded(kind: string) {
  const verdicts = [...query(log.entries(), { types: ['auditVerdict'], file: 'alice/phr' })];
  const corruption = [...query(log.entries(), { types: ['corruption'], kind })];
  return { verdicts, corruption };
}

describe('the TPA and the reader against a misbehaving cloud', () => {
  it('an honest cloud: the audit finds the file intact and logs it; the reader accepts', () => {
    const { verdict } = tpa.audit({ ownerId: 'alice', fileId: 'phr' }, cloud, everyBlock);
    expect(verdict).toMatchObject({
      result: 'intact',
      version: 2,
      blocks: blocksOf(phr2),
      challenged: blocksOf(phr2),
      failed: 0,
    });
    expect(recorded('blockMismatch').verdicts.map((e) => e.type === 'auditVerdict' && e.result)).toEqual([
      'intact',
    ]);
    expect([...query(log.entries(), { types: ['corruption'] })]).toEqual([]);
    expect(() => readerCheck()).not.toThrow();
  });

  it('bit flips: the blocks flipped are named', () => {
    const flipped = cloud.flipBits('alice', 'phr', { blocks: [1, 3] });
    const { verdict } = tpa.audit({ ownerId: 'alice', fileId: 'phr' }, cloud, everyBlock);
    expect(verdict.result).toBe('failed');
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'blockMismatch', blocks: flipped })]);
    const { corruption } = recorded('blockMismatch');
    expect(corruption).toHaveLength(1);
    expect(corruption[0]).toMatchObject({
      ownerId: 'alice',
      fileId: 'phr',
      version: 2,
      blocks: [1, 3],
      actor: 'tpa',
      time: 10,
    });
    expect(() => readerCheck()).toThrow(SesphrError);
  });

  it('a deleted block: the blocks after it no longer match, and the last one is missing', () => {
    cloud.deleteBlock('alice', 'phr', 2);
    const { verdict } = tpa.audit({ ownerId: 'alice', fileId: 'phr' }, cloud, everyBlock);
    const kinds = Object.fromEntries(verdict.problems.map((p) => [p.kind, p.blocks]));
    expect(kinds.missingBlock).toEqual([blocksOf(phr2) - 1]);
    expect(kinds.blockMismatch ?? kinds.lengthMismatch).toContain(2);
    expect(recorded('missingBlock').corruption).toHaveLength(1);
    expect(() => readerCheck()).toThrow(SesphrError);
  });

  it('a truncated file: the missing blocks and the cut one are named', () => {
    cloud.truncate('alice', 'phr', 4096 * 2 + 100);
    const { verdict } = tpa.audit({ ownerId: 'alice', fileId: 'phr' }, cloud, everyBlock);
    const kinds = Object.fromEntries(verdict.problems.map((p) => [p.kind, p.blocks]));
    expect(kinds.lengthMismatch).toEqual([2]);
    expect(kinds.missingBlock).toEqual([...Array(blocksOf(phr2) - 3).keys()].map((k) => k + 3));
    expect(() => readerCheck()).toThrow(SesphrError);
  });

  it('another valid file of the same owner served with its own manifest: the wrong file, before any block', () => {
    cloud.serveOtherFile('alice', 'phr', 'labs', 'its own');
    const { verdict } = tpa.audit({ ownerId: 'alice', fileId: 'phr' }, cloud, everyBlock);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'wrongFile', blocks: [] })]);
    expect(recorded('wrongFile').corruption).toHaveLength(1);
    // its signature is alice's and valid: only the name and the log tell
    expect(() =>
      openVerified(
        cloud.object('alice', 'phr') as Uint8Array,
        cloud.manifest('alice', 'phr') as Uint8Array,
        alice.signingPublicKey(),
      ),
    ).not.toThrow();
    expect(() => readerCheck()).toThrow(/served the manifest of alice\/labs instead/);
  });

  it('another valid file served under this file’s manifest: its blocks do not match the commitment', () => {
    cloud.serveOtherFile('alice', 'phr', 'labs', 'this file’s');
    const { verdict } = tpa.audit({ ownerId: 'alice', fileId: 'phr' }, cloud, everyBlock);
    expect(verdict.result).toBe('failed');
    expect(verdict.problems.map((p) => p.kind)).toContain('blockMismatch');
    expect(() => readerCheck()).toThrow(SesphrError);
  });

  it('a stale version after an update: the log says version 2 is the latest; the TPA and the reader refuse version 1', () => {
    cloud.serveVersion('alice', 'phr', 1);
    // version 1 is genuine: signed by alice, every block matches its own commitment
    expect(() =>
      openVerified(
        cloud.object('alice', 'phr') as Uint8Array,
        cloud.manifest('alice', 'phr') as Uint8Array,
        alice.signingPublicKey(),
      ),
    ).not.toThrow();
    const { verdict } = tpa.audit({ ownerId: 'alice', fileId: 'phr' }, cloud, everyBlock);
    expect(verdict).toMatchObject({ result: 'failed', version: 1 });
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'staleVersion' })]);
    expect(recorded('staleVersion').corruption).toMatchObject([{ fileId: 'phr', version: 1 }]);
    let error: unknown;
    try {
      readerCheck();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RollbackError);
    expect((error as Error).message).toBe(
      "alice/phr: served version 1, but the log's latest is version 2 (entry 2): a rollback",
    );
  });
});
