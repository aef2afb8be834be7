/**
 * The audit log and the TPA at scale (docs/audit.md, "Scale"; docs/tpa.md):
 *
 *   1. appends/s: one commit per entry (fsync of entries, signed head, fsync of heads, each time) against
 *      group commit (many appenders, one commit per batch), on this machine's disk;
 *   2. a log of up to a million entries built in commits of 10,000: time to open and verify it;
 *   3. inclusion and consistency proofs at 10^3 … 10^6 entries: hashes, wire bytes, time to make and check;
 *   4. the TPA's detection rate against 1 − (1 − ρ)^c, observed over many audits of a corrupted file.
 *
 *   node --import tsx bench/audit.bench.ts [--quick]      (--quick: up to 10^5 entries, fewer trials)
 *
 * Prints markdown tables (docs/audit.md keeps a run). Ratios are what to compare across machines.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EntryInput } from '../src/audit/entries.ts';
import { GroupCommitter } from '../src/audit/group-commit.ts';
import { AuditLog } from '../src/audit/log.ts';
import { checkConsistency, checkInclusion } from '../src/audit/proofs.ts';
import { buildManifest, generateSigningKeyPair, signManifest } from '../src/crypto/manifest.ts';
import { deterministicRng } from '../src/crypto/rng.ts';
import type { EncryptedFile } from '../src/crypto/types.ts';
import {
  encodeConsistencyProof,
  encodeInclusionProof,
  type SignedTreeHead,
} from '../src/crypto/wire/audit.ts';
import {
  encodeEncryptedFile,
  encodeSignedManifest,
  encodeSigningPublicKey,
} from '../src/crypto/wire/formats.ts';
import { auditFile } from '../src/tpa/auditor.ts';
import { CloudStore } from '../src/tpa/cloud.ts';
import { challengesFor, detectionProbability, exactDetectionProbability } from '../src/tpa/probability.ts';

const quick = process.argv.includes('--quick');
const MAX = quick ? 100_000 : 1_000_000;
const scratch = () => mkdtempSync(join(tmpdir(), 'sesphr-bench-audit-'));

function entry(i: number): EntryInput {
  return i % 3 === 0
    ? {
        type: 'grant',
        user: `u${i % 5000}`,
        ownerId: `o${i % 300}`,
        fileId: `phr${i % 7}`,
        version: 1,
        partition: 'medical',
        time: i,
        actor: 'srs',
      }
    : i % 3 === 1
      ? {
          type: 'refusal',
          user: `u${i % 5000}`,
          ownerId: `o${i % 300}`,
          fileId: `phr${i % 7}`,
          version: 1,
          partition: 'insurance',
          reason: 'notGranted',
          time: i,
          actor: 'srs',
        }
      : { type: 'keyIssued', user: `u${i % 5000}`, time: i, actor: 'srs' };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ── 1. appends ───────────────────────────────────────────────────────────────────────────────────────
async function appends(): Promise<void> {
  console.log('\n### Appends (each acknowledged only after its signed head is fsynced)\n');
  console.log('| how | entries | commits | wall time | entries/s | µs per entry |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const row = (how: string, n: number, commits: number, ms: number) =>
    console.log(
      `| ${how} | ${fmt(n)} | ${fmt(commits)} | ${fmt(ms / 1000, 2)} s | ${fmt((n / ms) * 1000)} | ${fmt((ms * 1000) / n, 1)} |`,
    );
  {
    const dir = join(scratch(), 'log');
    const log = AuditLog.create(dir, { name: 'bench' });
    const n = quick ? 200 : 1000;
    const t = performance.now();
    for (let i = 0; i < n; i++) log.append([entry(i)]);
    row('one commit per entry', n, n, performance.now() - t);
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
  for (const batch of [16, 256, 4096]) {
    const dir = join(scratch(), 'log');
    const log = AuditLog.create(dir, { name: 'bench' });
    const group = new GroupCommitter(log, { maxBatch: batch });
    const n = quick ? 20_000 : 100_000;
    const t = performance.now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) pending.push(group.append(entry(i)));
    await Promise.all(pending);
    row(`group commit, batches of ≤ ${batch}`, n, group.commits, performance.now() - t);
    log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── 2. a year of entries ─────────────────────────────────────────────────────────────────────────────
function buildAndOpen(): { dir: string; sizes: number[] } {
  console.log(
    '\n### A large log: appended in commits of 10,000, then opened (every record, index, head and root checked)\n',
  );
  console.log('| entries | append wall time | appends/s | on disk | open + verify | heads |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  const dir = join(scratch(), 'log');
  const log = AuditLog.create(dir, { name: 'bench' });
  const sizes: number[] = [];
  let appendMs = 0;
  for (let target = 1000; target <= MAX; target *= 10) {
    const t = performance.now();
    while (log.size < target) {
      const n = Math.min(10_000, target - log.size);
      log.append(Array.from({ length: n }, (_, k) => entry(log.size + k)));
    }
    appendMs += performance.now() - t;
    const heads = log.heads.length;
    const bytes = statSync(join(dir, 'entries')).size + statSync(join(dir, 'heads')).size;
    const t2 = performance.now();
    const reader = AuditLog.open(dir, { readOnly: true });
    const openMs = performance.now() - t2;
    reader.close();
    console.log(
      `| ${fmt(target)} | ${fmt(appendMs / 1000, 1)} s | ${fmt((target / appendMs) * 1000)} | ${fmt(bytes / 2 ** 20, 1)} MiB | ${fmt(openMs / 1000, 2)} s | ${heads} |`,
    );
    sizes.push(target);
  }
  log.close();
  return { dir, sizes };
}

// ── 3. proofs ────────────────────────────────────────────────────────────────────────────────────────
function proofs(dir: string, sizes: number[]): void {
  console.log(
    '\n### Proofs against the tree head of each size (mean over 1,000 random leaves / older sizes)\n',
  );
  console.log(
    '| entries | inclusion: hashes | wire bytes | make | check | consistency: hashes | wire bytes | make | check |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const log = AuditLog.open(dir, { readOnly: true });
  const rng = deterministicRng('bench-proofs');
  const pick = (n: number) => {
    const b = rng(4);
    return (
      ((((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>>
        0) %
      n
    );
  };
  const headOf = (size: number) =>
    log.heads.find((h) => h.signed.head.size === size)?.signed as SignedTreeHead;
  for (const size of sizes) {
    const head = headOf(size);
    const rounds = 1000;
    let [incHashes, incBytes, incMake, incCheck, conHashes, conBytes, conMake, conCheck] = [
      0, 0, 0, 0, 0, 0, 0, 0,
    ];
    for (let r = 0; r < rounds; r++) {
      const index = pick(size) % size;
      let t = performance.now();
      const p = log.inclusionProof(index, size);
      incMake += performance.now() - t;
      incHashes += p.path.length;
      incBytes += encodeInclusionProof(p).length;
      t = performance.now();
      checkInclusion(p, head, log.key);
      incCheck += performance.now() - t;
    }
    const olderSizes = log.heads.map((h) => h.signed.head.size).filter((s) => s > 0 && s < size);
    for (let r = 0; r < rounds && olderSizes.length > 0; r++) {
      const first = olderSizes[pick(olderSizes.length) % olderSizes.length] as number;
      let t = performance.now();
      const p = log.consistencyProof(first, size);
      conMake += performance.now() - t;
      conHashes += p.path.length;
      conBytes += encodeConsistencyProof(p).length;
      t = performance.now();
      checkConsistency(p, headOf(first), head, log.key);
      conCheck += performance.now() - t;
    }
    const us = (ms: number) => `${fmt((ms * 1000) / rounds, 0)} µs`;
    const c = olderSizes.length > 0;
    console.log(
      `| ${fmt(size)} | ${fmt(incHashes / rounds, 1)} | ${fmt(incBytes / rounds)} | ${us(incMake)} | ${us(incCheck)} | ${c ? fmt(conHashes / rounds, 1) : '–'} | ${c ? fmt(conBytes / rounds) : '–'} | ${c ? us(conMake) : '–'} | ${c ? us(conCheck) : '–'} |`,
    );
  }
  console.log(
    '\n(Checking a proof includes the Ed25519 verification of the tree head, about 2 ms of the time shown.)',
  );
  log.close();
}

// ── 4. TPA detection ─────────────────────────────────────────────────────────────────────────────────
function detection(): void {
  const trials = quick ? 300 : 2000;
  console.log(
    `\n### TPA: detection rate of real audits over ${fmt(trials)} trials each (2,000 blocks of 64 bytes; corrupted blocks drawn anew per trial)\n`,
  );
  console.log(
    '| ρ (corrupted) | target | c | 1 − (1 − ρ)^c | exact, distinct c | observed (distinct) | ± 5σ |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  const signer = generateSigningKeyPair('alice', deterministicRng('bench-owner'));
  const ownerKey = encodeSigningPublicKey({ principal: 'alice', publicKey: signer.publicKey });
  const rng = deterministicRng('bench-tpa');
  const file: EncryptedFile = {
    header: {
      ownerId: 'alice',
      fileId: 'phr',
      version: 1,
      variant: 'hardened',
      mode: 'hybrid',
      aead: 'aes-256-gcm',
      window: { notBefore: 0, notAfter: 1 },
      createdAt: 0,
    },
    partitions: [
      {
        label: 'medical',
        accessLevel: 0,
        nonce: rng(12),
        plaintextLength: 127_900,
        ciphertext: rng(127_916),
      },
    ],
  };
  const cloud = new CloudStore();
  cloud.accept(
    encodeEncryptedFile(file),
    encodeSignedManifest(signManifest(buildManifest(file, { blockSize: 64 }), signer)),
    ownerKey,
  );
  const n = Math.ceil(encodeEncryptedFile(file).length / 64);
  for (const rho of [0.01, 0.05, 0.1]) {
    for (const target of [0.9, 0.99]) {
      const c = challengesFor(target, rho, n);
      const k = Math.round(rho * n);
      let detected = 0;
      for (let t = 0; t < trials; t++) {
        const blocks = cloud.flipBits('alice', 'phr', { count: k, rng });
        if (
          auditFile({ ownerId: 'alice', fileId: 'phr', ownerKey, cloud, challenges: c, rng }).result ===
          'failed'
        )
          detected++;
        cloud.flipBits('alice', 'phr', { blocks });
      }
      const exact = exactDetectionProbability(n, k, c);
      const sigma = Math.sqrt((exact * (1 - exact)) / trials);
      console.log(
        `| ${rho} | ${target} | ${c} | ${detectionProbability(rho, c).toFixed(4)} | ${exact.toFixed(4)} | ${(detected / trials).toFixed(4)} | ${(5 * sigma).toFixed(4)} |`,
      );
    }
  }
}

console.log(`# Audit log and TPA benchmark (${quick ? 'quick' : 'full'}; Node ${process.version})`);
await appends();
const { dir, sizes } = buildAndOpen();
proofs(dir, sizes);
rmSync(dir, { recursive: true, force: true });
detection();
