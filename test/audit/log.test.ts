/**
 * The on-disk log: appends are durable and provable from a tree head alone; every way of rewriting its
 * history is refused on open with the file, the entry or head and the byte offset named, and the files are
 * left as they were; an unfinished append is cut off (and kept in recovered/) only when opening to write.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../common/input-error.ts';
import type { EntryInput } from '../../src/audit/entries.ts';
import { GroupCommitter } from '../../src/audit/group-commit.ts';
import { signTreeHead } from '../../src/audit/head.ts';
import {
  AuditLog,
  ENTRIES_FILE,
  HEADS_FILE,
  LogIntegrityError,
  PUBLIC_KEY_FILE,
  SECRET_KEY_FILE,
} from '../../src/audit/log.ts';
import { checkConsistency, checkInclusion, ProofError } from '../../src/audit/proofs.ts';
import { verifyLog } from '../../src/audit/verify.ts';
import { generateSigningKeyPair } from '../../src/crypto/manifest.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import {
  decodeConsistencyProof,
  decodeInclusionProof,
  decodeSignedTreeHead,
  encodeConsistencyProof,
  encodeInclusionProof,
  encodeSignedTreeHead,
} from '../../src/crypto/wire/audit.ts';
import { decodeSigningPublicKey, encodeSigningPublicKey } from '../../src/crypto/wire/formats.ts';
import { runs } from '../helpers/effort.ts';
import { fixedClock, records, rewriteRecord, sampleEntries, scratch } from './helpers.ts';

/** A log with commits of 3, 5, 1 and 4 entries (13 entries, 5 heads counting the empty one). */
function makeLog(): { dir: string; commits: number[] } {
  const dir = join(scratch(), 'log');
  const log = AuditLog.create(dir, { name: 'hospital-audit', clock: fixedClock });
  const commits = [3, 5, 1, 4];
  let offset = 0;
  for (const n of commits) {
    log.append(sampleEntries(n, offset));
    offset += n;
  }
  log.close();
  return { dir, commits };
}

const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f !== 'lock')
      .sort()
      .map((f) => [
        f,
        existsSync(join(dir, f)) && !f.endsWith('/') ? readFileSync(join(dir, f)).toString('hex') : '',
      ]),
  );

/** Opening (both ways) fails with a LogIntegrityError matching `message`, and no file changes. */
function expectRefused(dir: string, message: RegExp): LogIntegrityError {
  const before = snapshot(dir);
  let caught: unknown;
  for (const readOnly of [true, false]) {
    try {
      AuditLog.open(dir, { readOnly }).close();
      caught = undefined;
    } catch (error) {
      caught = error;
    }
    expect(caught, `open ${readOnly ? 'read-only' : 'for writing'}`).toBeInstanceOf(LogIntegrityError);
    expect((caught as Error).message).toMatch(message);
  }
  expect(snapshot(dir), 'a refused log is left exactly as it was').toEqual(before);
  expect(existsSync(join(dir, 'recovered')), 'nothing was cut off').toBe(false);
  return caught as LogIntegrityError;
}

describe('the audit log on disk', () => {
  it('keeps what was appended across reopening, with a signed head per commit', () => {
    const { dir } = makeLog();
    const log = AuditLog.open(dir, { readOnly: true });
    expect(log.size).toBe(13);
    expect(log.heads.map((h) => h.signed.head.size)).toEqual([0, 3, 8, 9, 13]);
    expect([...log.entries()].map((e) => e.index)).toEqual([...Array(13).keys()]);
    expect([...log.entries()].map(({ index: _, ...e }) => e)).toEqual(sampleEntries(13));
    expect(log.unfinished).toBeUndefined();
    log.close();
  });

  it('inclusion and consistency proofs verify with nothing but a head and the log key, after a wire round trip', () => {
    const { dir } = makeLog();
    const log = AuditLog.open(dir, { readOnly: true });
    const key = decodeSigningPublicKey(readFileSync(join(dir, PUBLIC_KEY_FILE)));
    const heads = log.heads.map((h) => decodeSignedTreeHead(encodeSignedTreeHead(h.signed)));
    for (const head of heads.filter((h) => h.head.size > 0)) {
      for (let i = 0; i < head.head.size; i++) {
        const proof = decodeInclusionProof(encodeInclusionProof(log.inclusionProof(i, head.head.size)));
        expect(checkInclusion(proof, head, key).index).toBe(i);
        // the same proof against another head, or with the entry changed, is refused
        const other = heads.find((h) => h.head.size !== head.head.size && h.head.size > i) ?? heads[0];
        expect(() => checkInclusion(proof, other as typeof head, key)).toThrow(ProofError);
        const entry = proof.entry.slice();
        entry[entry.length - 1] = (entry[entry.length - 1] as number) ^ 1;
        expect(() => checkInclusion({ ...proof, entry }, head, key)).toThrow(
          /leads to another root|does not decode/,
        );
      }
    }
    for (const older of heads)
      for (const newer of heads.filter((h) => h.head.size >= older.head.size)) {
        const proof = decodeConsistencyProof(
          encodeConsistencyProof(log.consistencyProof(older.head.size, newer.head.size)),
        );
        expect(() => checkConsistency(proof, older, newer, key)).not.toThrow();
        if (older.head.size > 0 && older.head.size < newer.head.size)
          expect(() => checkConsistency(proof, newer, older, key)).toThrow(ProofError);
      }
    // a head signed by another key proves nothing
    const mallory = generateSigningKeyPair('hospital-audit', deterministicRng('mallory'));
    const forged = signTreeHead(log.latestHead().head, mallory);
    expect(() => checkInclusion(log.inclusionProof(0), forged, key)).toThrow(/signature does not verify/);
    log.close();
  });

  it('refuses a byte flipped in an entry: the checksum, at that entry and offset', () => {
    const { dir } = makeLog();
    const path = join(dir, ENTRIES_FILE);
    const rec = records(path)[5] as { offset: number; payload: number };
    const bytes = readFileSync(path);
    bytes[rec.offset + 12] = (bytes[rec.offset + 12] as number) ^ 0x04;
    writeFileSync(path, bytes);
    const error = expectRefused(
      dir,
      new RegExp(`^entries: entry 5 \\(byte offset ${rec.offset}\\): checksum mismatch`),
    );
    expect(error.offset).toBe(rec.offset);
  });

  it('refuses an entry altered with its checksum fixed: the first head covering it names the range', () => {
    const { dir } = makeLog();
    const path = join(dir, ENTRIES_FILE);
    const rec = records(path)[5] as { offset: number; payload: number };
    rewriteRecord(path, rec.offset, (p) => {
      p[p.length - 1] = (p[p.length - 1] as number) ^ 0x01;
    });
    expectRefused(
      dir,
      /^heads: tree head 2 \(size 8\) \(byte offset \d+\): its root does not match the entries.*among entries 3–7, after tree head 1/,
    );
  });

  it('refuses a deleted entry: the next one is out of place', () => {
    const { dir } = makeLog();
    const path = join(dir, ENTRIES_FILE);
    const recs = records(path);
    const victim = recs[4] as { offset: number; payload: number };
    const bytes = readFileSync(path);
    writeFileSync(
      path,
      Buffer.concat([bytes.subarray(0, victim.offset), bytes.subarray(victim.offset + 8 + victim.payload)]),
    );
    expectRefused(
      dir,
      new RegExp(`^entries: entry 4 \\(byte offset ${victim.offset}\\): says it is entry 5`),
    );
  });

  it('refuses a deleted entry whose successors were renumbered and re-checksummed: a root mismatch', () => {
    const { dir } = makeLog();
    const path = join(dir, ENTRIES_FILE);
    const victim = records(path)[10] as { offset: number; payload: number };
    const bytes = readFileSync(path);
    writeFileSync(
      path,
      Buffer.concat([bytes.subarray(0, victim.offset), bytes.subarray(victim.offset + 8 + victim.payload)]),
    );
    for (const [k, rec] of records(path).entries())
      if (k >= 10) rewriteRecord(path, rec.offset, (p) => p.writeBigUInt64BE(BigInt(k), 2));
    // 12 entries remain, the last head covers 13
    expectRefused(dir, /entry 12 .*missing: the file holds 12 entries, but signed tree heads cover 13/);
  });

  it('refuses two entries swapped, even with their indices and checksums fixed', () => {
    const { dir } = makeLog();
    const path = join(dir, ENTRIES_FILE);
    const [a, b] = [records(path)[9], records(path)[10]] as [
      { offset: number; payload: number },
      { offset: number; payload: number },
    ];
    const bytes = readFileSync(path);
    const ra = bytes.subarray(a.offset, a.offset + 8 + a.payload);
    const rb = bytes.subarray(b.offset, b.offset + 8 + b.payload);
    const swapped = Buffer.concat([
      bytes.subarray(0, a.offset),
      rb,
      ra,
      bytes.subarray(b.offset + 8 + b.payload),
    ]);
    writeFileSync(path, swapped);
    expectRefused(dir, /entry 9 \(byte offset \d+\): says it is entry 10/);
    for (const [k, rec] of records(path).entries())
      if (k === 9 || k === 10) rewriteRecord(path, rec.offset, (p) => p.writeBigUInt64BE(BigInt(k), 2));
    expectRefused(dir, /tree head 4 \(size 13\).*root does not match.*among entries 9–12/);
  });

  it('refuses a forged tree head: an altered one, and one signed with another key', () => {
    const { dir } = makeLog();
    const path = join(dir, HEADS_FILE);
    const rec = records(path)[2] as { offset: number; payload: number };
    const original = readFileSync(path);
    // the size moved from 8 to 7 (and the checksum fixed): the signature no longer holds
    rewriteRecord(path, rec.offset, (p) => {
      const at = 6 + 1 + 'hospital-audit'.length;
      p.writeBigUInt64BE(7n, at);
    });
    expectRefused(
      dir,
      new RegExp(
        `^heads: tree head 2 \\(byte offset ${rec.offset}\\): the log's signature does not verify \\(a forged or altered head\\)`,
      ),
    );
    writeFileSync(path, original);
    // a head with the right roots, signed by a key that is not the log's
    const log = AuditLog.open(dir, { readOnly: true });
    const mallory = generateSigningKeyPair('hospital-audit', deterministicRng('mallory'));
    const forged = encodeSignedTreeHead(signTreeHead(log.latestHead().head, mallory));
    log.close();
    rewriteRecord(path, (records(path).at(-1) as { offset: number }).offset, (p) => p.set(forged));
    expectRefused(dir, /^heads: tree head 4 .*signature does not verify/);
  });

  it('refuses acknowledged entries cut off the end, and a replaced key when the key is pinned', () => {
    const { dir } = makeLog();
    const path = join(dir, ENTRIES_FILE);
    const rec = records(path)[11] as { offset: number };
    truncateSync(path, rec.offset + 5);
    expectRefused(
      dir,
      /^entries: entry 11 \(byte offset \d+\): the record is cut short.*inside what signed tree heads cover \(13 entries\)/,
    );

    const fresh = makeLog();
    const pinned = readFileSync(join(fresh.dir, PUBLIC_KEY_FILE));
    const other = generateSigningKeyPair('hospital-audit', deterministicRng('other'));
    writeFileSync(
      join(fresh.dir, PUBLIC_KEY_FILE),
      encodeSigningPublicKey({ principal: 'hospital-audit', publicKey: other.publicKey }),
    );
    expect(() => AuditLog.open(fresh.dir, { readOnly: true, key: pinned })).toThrow(
      /log.pub: the log key: is not the key you gave/,
    );
    // without pinning, the heads do not verify under the substituted key
    expect(() => AuditLog.open(fresh.dir, { readOnly: true })).toThrow(
      /tree head 0 .*signature does not verify/,
    );
  });

  it('refuses to write with a signing key that is not the log’s: another log’s key file, same name', () => {
    const { dir } = makeLog();
    const other = makeLog();
    writeFileSync(join(dir, SECRET_KEY_FILE), readFileSync(join(other.dir, SECRET_KEY_FILE)));
    const before = snapshot(dir);
    expect(() => AuditLog.open(dir)).toThrow(
      /^log.key: the signing key: does not belong to the log’s public key/,
    );
    expect(snapshot(dir), 'a refused log is left exactly as it was').toEqual(before);
    // Reading needs no signing key: the log itself is intact.
    const log = AuditLog.open(dir, { readOnly: true });
    expect(log.size).toBe(13);
    log.close();
  });

  it('a whole history re-signed with the log key is caught by a head held from before', () => {
    const { dir } = makeLog();
    const log = AuditLog.open(dir, { readOnly: true });
    const held = log.heads[2]?.signed as ReturnType<typeof log.latestHead>;
    const entries = [...log.entries()].map(({ index: _, ...e }) => e);
    log.close();
    // the operator, who has the key, starts over from the empty head and writes entry 1 differently
    const forged = join(scratch(), 'forged');
    mkdirSync(forged);
    for (const f of ['log.key', 'log.pub']) copyFileSync(join(dir, f), join(forged, f));
    writeFileSync(join(forged, ENTRIES_FILE), readFileSync(join(dir, ENTRIES_FILE)).subarray(0, 9));
    writeFileSync(join(forged, HEADS_FILE), emptyHeads(dir));
    (entries[1] as { user: string }).user = 'someone-else';
    const writer = AuditLog.open(forged, { clock: fixedClock });
    writer.append(entries.slice(0, 8));
    writer.append(entries.slice(8));
    writer.close();
    expect(verifyLog(forged).entries, 'on its own, the rewritten log is consistent').toBe(13);
    expect(() => verifyLog(forged, { trustedHead: held })).toThrow(
      /the tree head you hold \(size 8\).*history was rewritten/,
    );
    expect(verifyLog(dir, { trustedHead: held }).entries).toBe(13);
  });

  it('an unfinished append (entries written, no head) is reported read-only and cut off, kept, when opened to write', () => {
    const { dir } = makeLog();
    const path = join(dir, ENTRIES_FILE);
    const before = readFileSync(path);
    // what a writer killed between the fsync of its entries and that of its head leaves
    const log = AuditLog.open(dir);
    log.append(sampleEntries(2, 13));
    log.close();
    const withTwo = readFileSync(path);
    const heads = readFileSync(join(dir, HEADS_FILE));
    const lastHead = records(join(dir, HEADS_FILE)).at(-1) as { offset: number };
    writeFileSync(join(dir, HEADS_FILE), heads.subarray(0, lastHead.offset + 7)); // a torn head record too
    const tail = withTwo.length - before.length;
    const reader = AuditLog.open(dir, { readOnly: true });
    expect(reader.size).toBe(13);
    expect(reader.unfinished).toEqual({ bytes: tail, records: 2, headBytes: 7 });
    reader.close();
    expect(readFileSync(path).length, 'read-only changes nothing').toBe(withTwo.length);
    const writer = AuditLog.open(dir);
    expect(writer.size).toBe(13);
    const saved = writer.unfinished?.savedTo as string;
    expect(readFileSync(saved)).toEqual(withTwo.subarray(before.length));
    expect(readFileSync(path)).toEqual(before);
    writer.append(sampleEntries(1, 13));
    writer.close();
    expect(verifyLog(dir).entries).toBe(14);
  });

  it('a head record whose length field is not a head’s is damage, not a torn write', () => {
    const { dir } = makeLog();
    const path = join(dir, HEADS_FILE);
    const bytes = readFileSync(path);
    const last = records(path).at(-1) as { offset: number; payload: number };
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32BE(last.payload + 1000, last.offset);
    writeFileSync(path, damaged);
    expectRefused(
      dir,
      /^heads: tree head 4 \(byte offset \d+\): a record length that no tree head of this log has/,
    );
  });

  it('random damage to either file: refused with a LogIntegrityError or accepted only as an unfinished tail, never another error', () => {
    const { dir } = makeLog();
    const pristine = Object.fromEntries(
      [ENTRIES_FILE, HEADS_FILE].map((f) => [f, readFileSync(join(dir, f))]),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(ENTRIES_FILE, HEADS_FILE),
        fc.oneof(
          fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
          fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
          fc.record({
            op: fc.constant('append' as const),
            bytes: fc.uint8Array({ minLength: 1, maxLength: 300 }),
          }),
        ),
        (file, change) => {
          for (const [f, b] of Object.entries(pristine)) writeFileSync(join(dir, f), b);
          const original = pristine[file] as Buffer;
          let bytes: Buffer;
          if (change.op === 'flip') {
            bytes = Buffer.from(original);
            const at = change.at % bytes.length;
            bytes[at] = (bytes[at] as number) ^ (1 << change.bit);
          } else if (change.op === 'cut') bytes = original.subarray(0, change.at % original.length);
          else bytes = Buffer.concat([original, change.bytes]);
          writeFileSync(join(dir, file), bytes);
          try {
            const log = AuditLog.open(dir, { readOnly: true });
            // accepted: then nothing acknowledged is missing or different, or the change was past the last head
            const entries = [...log.entries()].map(({ index: _, ...e }) => e);
            expect(entries).toEqual(sampleEntries(log.size));
            expect(log.size === 13 || (file === HEADS_FILE && change.op === 'cut')).toBe(true);
            log.close();
          } catch (error) {
            if (!(error instanceof LogIntegrityError)) throw error;
          }
          expect(readFileSync(join(dir, file)).equals(bytes), 'read-only opening writes nothing').toBe(true);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('a directory that is not a log, or a log already open for writing, is bad input', () => {
    const dir = scratch();
    expect(() => AuditLog.open(join(dir, 'nope'))).toThrow(InputError);
    expect(() => AuditLog.open(dir)).toThrow(/not an audit log directory/);
    const { dir: logDir } = makeLog();
    const writer = AuditLog.open(logDir);
    expect(() => AuditLog.open(logDir)).toThrow(/open for writing by process/);
    expect(() => AuditLog.create(logDir)).toThrow(/already holds an audit log/);
    writer.close();
    expect(() => AuditLog.open(logDir).close()).not.toThrow();
  });

  it('bad input to append stores nothing', () => {
    const { dir } = makeLog();
    const log = AuditLog.open(dir);
    const before = readFileSync(join(dir, ENTRIES_FILE));
    expect(() =>
      log.append([...sampleEntries(2, 13), { type: 'keyIssued', user: '', time: 0, actor: 'srs' }]),
    ).toThrow(/invalid user/);
    expect(log.size).toBe(13);
    log.close();
    expect(readFileSync(join(dir, ENTRIES_FILE))).toEqual(before);
    expect(verifyLog(dir).entries).toBe(13);
  });
});

/** The first record of `source`'s heads file (its signed empty head) with the file header. */
function emptyHeads(source: string): Buffer {
  const bytes = readFileSync(join(source, HEADS_FILE));
  const first = records(join(source, HEADS_FILE))[0] as { offset: number; payload: number };
  return bytes.subarray(0, first.offset + 8 + first.payload);
}

describe('group commit', () => {
  it('many concurrent appends: fewer commits than entries, every acknowledgement a distinct index under a head that covers it', async () => {
    const dir = join(scratch(), 'log');
    const log = AuditLog.create(dir, { name: 'group', clock: fixedClock });
    const group = new GroupCommitter(log, { maxBatch: 50 });
    const inputs = sampleEntries(333);
    const acks = await Promise.all(inputs.map((e) => group.append(e)));
    expect(acks.map((a) => a.index)).toEqual([...Array(333).keys()]);
    for (const a of acks) expect(a.head.head.size).toBeGreaterThan(a.index);
    expect(group.commits).toBeLessThan(20);
    expect(group.commits).toBeGreaterThanOrEqual(7);
    // a batch with one bad entry is refused whole, and nothing of it is stored
    const bad = Promise.allSettled([
      group.append(sampleEntries(1)[0] as EntryInput),
      group.append({ type: 'keyIssued', user: '', time: 0, actor: 'x' }),
    ]);
    const [first, second] = await bad;
    expect(first.status).toBe('rejected');
    expect(second.status).toBe('rejected');
    expect(log.size).toBe(333);
    log.close();
    const report = verifyLog(dir);
    expect(report.entries).toBe(333);
    expect(report.heads).toBe(group.commits + 1);
  });
});

describe('empty commits', () => {
  it('appending nothing writes nothing and returns the latest head', () => {
    const dir = join(scratch(), 'log');
    const log = AuditLog.create(dir, { name: 'empty', clock: fixedClock });
    log.append(sampleEntries(2));
    const before = readFileSync(join(dir, HEADS_FILE));
    const result = log.append([]);
    expect(result).toEqual({ first: 2, count: 0, head: log.latestHead() });
    expect(readFileSync(join(dir, HEADS_FILE))).toEqual(before);
    log.close();
  });
});
