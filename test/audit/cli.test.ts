/**
 * `sesphr audit …` and `simulate --audit-dir`: exit 0 verified, 1 verification failed (one line naming
 * where), 2 bad input; proofs made by `prove` checked by `check` holding only the head and the key; the
 * chart is an SVG naming the users and reasons; the parser of heads, keys and proofs given on the
 * command line fuzzed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, ENTRIES_FILE } from '../../src/audit/log.ts';
import { UsageError } from '../../src/cli/args.ts';
import { parseHex, readWireArgument } from '../../src/cli/commands/audit.ts';
import { captureIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { sha256Native } from '../../src/crypto/manifest.ts';
import { cleanEnv, scratch as cliScratch, ensureBuild, runBin, SCENARIOS } from '../cli/helpers.ts';
import { runs } from '../helpers/effort.ts';
import { owner, syntheticUpload } from '../tpa/helpers.ts';
import { records, sampleEntries, scratch } from './helpers.ts';

const cli = (args: string[]) => runCli(args, captureIO({ env: cleanEnv() }));

const alice = owner('alice');
const v1 = syntheticUpload(alice, 'phr', 1, 300, 64);
const v2 = syntheticUpload(alice, 'phr', 2, 300, 64);

/** A log of 14 entries in three commits; returns its directory. */
function makeLog(): string {
  const dir = join(scratch(), 'log');
  const log = AuditLog.create(dir, { name: 'hospital-audit' });
  const upload = (version: number, manifest: Uint8Array, time: number) => ({
    type: 'upload' as const,
    ownerId: 'alice',
    fileId: 'phr',
    version,
    manifestSha256: sha256Native(manifest),
    time,
    actor: 'alice',
  });
  log.append([...sampleEntries(5), upload(1, v1.manifest, 5)]);
  log.append(sampleEntries(6, 10));
  log.append([upload(2, v2.manifest, 20), ...sampleEntries(1, 21)]);
  log.close();
  return dir;
}

describe('sesphr audit (the binary)', () => {
  beforeAll(() => ensureBuild());

  it('verify: exit 0 on a good log, 1 with one line naming the entry and offset on a damaged one, 2 on a non-log', async () => {
    const dir = makeLog();
    const ok = await runBin(['audit', 'verify', dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^hospital-audit: verified 14 entries under 4 signed tree heads/);
    const path = join(dir, ENTRIES_FILE);
    const rec = records(path)[2] as { offset: number };
    const bytes = readFileSync(path);
    bytes[rec.offset + 6] = (bytes[rec.offset + 6] as number) ^ 1;
    writeFileSync(path, bytes);
    const bad = await runBin(['audit', 'verify', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      `sesphr audit verify: entries: entry 2 (byte offset ${rec.offset}): checksum mismatch: the record was altered\n`,
    );
    const none = await runBin(['audit', 'verify', cliScratch()]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^sesphr audit verify: .*not an audit log directory \(no entries\)\n$/);
  });
});

describe('sesphr audit (in process)', () => {
  it('verify --json, and against a head held from before (--head) with a pinned key (--key)', async () => {
    const dir = makeLog();
    const first = await cli(['audit', 'verify', dir, '--json']);
    expect(first.exitCode).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({
      verified: true,
      log: 'hospital-audit',
      entries: 14,
      heads: 4,
      files: 3,
      keyPinned: false,
    });
    const held = join(scratch(), 'head.hex');
    writeFileSync(held, report.latestHead.hex);
    const pinned = join(dir, 'log.pub');
    expect((await cli(['audit', 'verify', dir, '--head', held, '--key', pinned])).exitCode).toBe(0);
    // the same head given as hex on the command line
    expect((await cli(['audit', 'verify', dir, '--head', report.latestHead.hex])).exitCode).toBe(0);
    // a log that lost its last commit no longer extends the held head
    const heads = readFileSync(join(dir, 'heads'));
    writeFileSync(join(dir, 'heads'), heads.subarray(0, records(join(dir, 'heads'))[3]?.offset));
    const shorter = await cli(['audit', 'verify', dir, '--head', held]);
    expect(shorter.exitCode).toBe(1);
    expect(shorter.stderr).toMatch(
      /the tree head you hold \(size 14\): covers 14 entries, the log holds 12: acknowledged entries were removed/,
    );
    // malformed input is exit 2 and names the flag
    const garbage = await cli(['audit', 'verify', dir, '--head', 'abcd']);
    expect(garbage.exitCode).toBe(2);
    expect(garbage.stderr).toMatch(/--head: invalid signedTreeHead/);
    expect((await cli(['audit', 'verify', dir, '--head', 'not-a-file'])).stderr).toMatch(
      /--head: the value is neither an existing file nor the hex/,
    );
  });

  it('show: key transactions filtered by type, user, file and time; --json; bad filters are exit 2', async () => {
    const dir = makeLog();
    const all = JSON.parse((await cli(['audit', 'show', dir, '--json'])).stdout);
    expect(all.count).toBe(14);
    const keyTx = JSON.parse(
      (await cli(['audit', 'show', dir, '--type', 'keyIssued,grant,refusal', '--json'])).stdout,
    );
    expect(keyTx.entries.map((e: { type: string }) => e.type)).toEqual(
      all.entries
        .filter((e: { type: string }) => ['keyIssued', 'grant', 'refusal'].includes(e.type))
        .map((e: { type: string }) => e.type),
    );
    const u1 = JSON.parse((await cli(['audit', 'show', dir, '--user', 'u1', '--json'])).stdout);
    expect(u1.entries.map((e: { index: number }) => e.index)).toEqual([1]);
    const window = JSON.parse(
      (await cli(['audit', 'show', dir, '--since', '10', '--until', '12', '--json'])).stdout,
    );
    expect(window.entries.map((e: { time: number }) => e.time)).toEqual([10, 11, 12]);
    const phr = JSON.parse(
      (await cli(['audit', 'show', dir, '--file', 'alice/phr', '--type', 'upload', '--json'])).stdout,
    );
    expect(phr.entries.map((e: { version: number }) => e.version)).toEqual([1, 2]);
    expect(phr.entries[0].manifestSha256).toBe(Buffer.from(sha256Native(v1.manifest)).toString('hex'));
    const text = await cli(['audit', 'show', dir, '--type', 'refusal']);
    expect(text.stdout).toMatch(/u2 is refused R of alice\/phr@1\/insurance: notGranted/);
    const typo = await cli(['audit', 'show', dir, '--type', 'grnt']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/unknown entry type "grnt" \(did you mean "grant"\?\)/);
    expect((await cli(['audit', 'show', dir, '--since', '5', '--until', '2'])).exitCode).toBe(2);
    expect((await cli(['audit', 'show', dir, '--since', 'yesterday'])).stderr).toMatch(
      /--since: expected a whole number/,
    );
  });

  it('prove → check: inclusion, consistency and latest-version proofs verify holding only the head and the key', async () => {
    const dir = makeLog();
    const tmp = scratch();
    const key = join(dir, 'log.pub');
    const inclusion = JSON.parse(
      (await cli(['audit', 'prove', dir, '--entry', '3', '--size', '12', '--json', '--out', join(tmp, 'p')]))
        .stdout,
    );
    expect(inclusion).toMatchObject({ kind: 'inclusion', index: 3, size: 12, verified: true });
    expect(Buffer.from(readFileSync(join(tmp, 'p'))).toString('hex')).toBe(inclusion.proof);
    const head = inclusion.heads[0].hex;
    const checked = await cli(['audit', 'check', '--proof', join(tmp, 'p'), '--head', head, '--key', key]);
    expect(checked.exitCode).toBe(0);
    expect(checked.stdout).toBe(
      'verified: entry 3 is in the log of 12 entries: alice/f0@3 uploaded, manifest SHA-256 0303030303030303…\n',
    );
    // one bit of one path hash flipped: exit 1
    const bent = Buffer.from(inclusion.proof, 'hex');
    bent[bent.length - 1] = (bent[bent.length - 1] as number) ^ 1;
    const refused = await cli([
      'audit',
      'check',
      '--proof',
      bent.toString('hex'),
      '--head',
      head,
      '--key',
      key,
    ]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(
      /^sesphr audit check: inclusion proof of entry 3: the proof leads to another root\n$/,
    );

    const consistency = JSON.parse(
      (await cli(['audit', 'prove', dir, '--consistency', '6', '14', '--json'])).stdout,
    );
    const [older, newer] = consistency.heads.map((h: { hex: string }) => h.hex);
    expect(
      (
        await cli([
          'audit',
          'check',
          '--proof',
          consistency.proof,
          '--old-head',
          older,
          '--head',
          newer,
          '--key',
          key,
        ])
      ).exitCode,
    ).toBe(0);
    expect(
      (
        await cli([
          'audit',
          'check',
          '--proof',
          consistency.proof,
          '--old-head',
          newer,
          '--head',
          older,
          '--key',
          key,
        ])
      ).exitCode,
    ).toBe(1);
    expect((await cli(['audit', 'prove', dir, '--consistency', '7', '14'])).stderr).toMatch(
      /--consistency: the log signed no tree head of size 7; its heads have sizes 0, 6, 12, 14/,
    );

    const latest = JSON.parse((await cli(['audit', 'prove', dir, '--latest', 'alice/phr', '--json'])).stdout);
    expect(latest).toMatchObject({ kind: 'latestVersion', version: 2, entryIndex: 12 });
    const served = (m: Uint8Array) => {
      const path = join(tmp, `m${m.length}-${Math.random()}`);
      writeFileSync(path, m);
      return path;
    };
    const lhead = latest.heads[0].hex;
    expect(
      (
        await cli([
          'audit',
          'check',
          '--proof',
          latest.proof,
          '--head',
          lhead,
          '--key',
          key,
          '--manifest',
          served(v2.manifest),
        ])
      ).exitCode,
    ).toBe(0);
    const rollback = await cli([
      'audit',
      'check',
      '--proof',
      latest.proof,
      '--head',
      lhead,
      '--key',
      key,
      '--manifest',
      served(v1.manifest),
    ]);
    expect(rollback.exitCode).toBe(1);
    expect(rollback.stderr).toMatch(
      /alice\/phr: served version 1, but the log's latest is version 2 \(entry 12\): a rollback/,
    );
    expect((await cli(['audit', 'prove', dir, '--entry', '1', '--latest', 'alice/phr'])).exitCode).toBe(2);
    expect(
      (await cli(['audit', 'check', '--proof', latest.proof, '--head', lhead, '--key', key])).stderr,
    ).toMatch(/--manifest is required/);
  });

  it('chart: an SVG that names every user and reason drawn', async () => {
    const dir = makeLog();
    const out = join(scratch(), 'decisions.svg');
    const result = await cli(['audit', 'chart', dir, '--out', out]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`6 decisions drawn in ${out}\n`);
    const svg = readFileSync(out, 'utf8');
    const tree = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(tree.svg).toBeDefined();
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    for (const label of [
      'u1',
      'u2',
      'u10',
      'u13',
      'u14',
      'u21',
      'notGranted',
      'Grants and refusals per user',
      'Refusals per reason',
    ])
      expect(texts, label).toContain(label);
    expect((await cli(['audit', 'chart', dir])).stderr).toMatch(/--out FILE.svg is required/);
  });
});

describe('sesphr simulate --audit-dir', () => {
  it('writes each scenario’s log in a subdirectory that audit verify accepts; a non-empty one is refused before any run', async () => {
    const target = join(scratch(), 'audit');
    const file = join(SCENARIOS, '24-versions-and-rollback.yaml');
    const result = await cli(['simulate', file, '--audit-dir', target, '--seed', 'audit-dir', '--quiet']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/audit logs: 1 scenario, one directory each in/);
    const dir = join(target, '24-versions-and-rollback');
    const verified = await cli(['audit', 'verify', dir, '--json']);
    expect(verified.exitCode).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      log: 'sim-24-versions-and-rollback',
      types: { refusal: expect.any(Number), upload: 4 },
    });
    const again = await cli(['simulate', file, '--audit-dir', target, '--quiet']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/--audit-dir: ".*24-versions-and-rollback" already exists and is not empty/);
    const notDir = join(scratch(), 'file');
    writeFileSync(notDir, 'x');
    expect((await cli(['simulate', file, '--audit-dir', notDir])).stderr).toMatch(
      /--audit-dir: cannot write into .*: it is a file/,
    );
  });
});

describe('heads, keys and proofs given on the command line (fuzzed)', () => {
  it('any text: bytes, or a UsageError naming the flag and never quoting the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^[0-9a-f\s]{0,40}$/),
          fc.uint8Array().map((b) => Buffer.from(b).toString('hex')),
        ),
        (text) => {
          try {
            const bytes = readWireArgument(text, 'head', () => false);
            expect(Buffer.from(bytes).toString('hex')).toBe(text.replace(/\s+/g, '').toLowerCase());
          } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
            expect((error as Error).message.startsWith('--head: ')).toBe(true);
            if (text.length > 8) expect((error as Error).message).not.toContain(text);
          }
        },
      ),
      { numRuns: runs(1000) },
    );
    expect(() => parseHex('0g', 'key', 'the value')).toThrow(UsageError);
  });

  it('any bytes as a head, key or proof file: decoded or exit 2, never another failure', async () => {
    const dir = makeLog();
    const path = join(scratch(), 'arg');
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('--head', '--key'),
        async (bytes, flag) => {
          writeFileSync(path, Buffer.concat([Buffer.from('SPHR\x01'), bytes]));
          const result = await cli(['audit', 'verify', dir, flag, path]);
          expect([0, 1, 2]).toContain(result.exitCode);
          if (result.exitCode !== 0) expect(result.stderr.split('\n').length).toBe(2);
          expect(result.stderr).not.toMatch(/internal error/);
        },
      ),
      { numRuns: runs(150) },
    );
  });
});
