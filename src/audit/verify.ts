/**
 * `sesphr audit verify` as a library call: open the log read-only (which checks every record's checksum,
 * every entry's index, every head's signature and roots), decode every entry, and — when the caller holds
 * a tree head from earlier — check that this log still extends it (docs/audit.md, "Verification").
 */
import { equalBytes } from '../crypto/bytes.ts';
import type { SignedTreeHead } from '../crypto/wire/audit.ts';
import { consistencyProblem } from '../crypto/wire/merkle.ts';
import { treeHeadProblem } from './head.ts';
import { AuditLog, ENTRIES_FILE, HEADS_FILE, LogIntegrityError, type UnfinishedAppend } from './log.ts';

export interface VerifyOptions {
  /** The log's public key (wire kind 4) as the verifier knows it; else DIR/log.pub is trusted. */
  readonly key?: Uint8Array;
  /** A head the verifier obtained earlier: the log must still contain exactly what it covered. */
  readonly trustedHead?: SignedTreeHead;
}

export interface VerifyReport {
  readonly log: string;
  readonly entries: number;
  readonly heads: number;
  readonly latest: SignedTreeHead;
  readonly keyPinned: boolean;
  readonly unfinished?: UnfinishedAppend;
  /** Counts per entry type. */
  readonly types: Readonly<Record<string, number>>;
  /** Files whose latest version the log records. */
  readonly files: number;
}

export function verifyLog(dir: string, options: VerifyOptions = {}): VerifyReport {
  const log = AuditLog.open(dir, { readOnly: true, ...(options.key ? { key: options.key } : {}) });
  try {
    const types: Record<string, number> = {};
    let index = 0;
    try {
      for (const entry of log.entries()) {
        types[entry.type] = (types[entry.type] ?? 0) + 1;
        index++;
      }
    } catch (error) {
      if (error instanceof LogIntegrityError) throw error;
      throw new LogIntegrityError(ENTRIES_FILE, `entry ${index}`, (error as Error).message);
    }
    if (options.trustedHead) checkAgainst(log, options.trustedHead);
    return {
      log: log.name,
      entries: log.size,
      heads: log.heads.length,
      latest: log.latestHead(),
      keyPinned: options.key !== undefined,
      ...(log.unfinished ? { unfinished: log.unfinished } : {}),
      types,
      files: log.latestVersions().length,
    };
  } finally {
    log.close();
  }
}

/** The log extends `trusted`: same log, at least as long, and the same root at the trusted size. */
function checkAgainst(log: AuditLog, trusted: SignedTreeHead): void {
  const where = `the tree head you hold (size ${trusted.head.size})`;
  const problem = treeHeadProblem(trusted, log.key);
  if (problem !== undefined) throw new LogIntegrityError(HEADS_FILE, where, problem);
  if (trusted.head.size > log.size)
    throw new LogIntegrityError(
      ENTRIES_FILE,
      where,
      `covers ${trusted.head.size} entries, the log holds ${log.size}: acknowledged entries were removed`,
    );
  const proof = log.consistencyProof(trusted.head.size, log.size);
  const latest = log.latestHead().head;
  const inconsistent = consistencyProblem(
    trusted.head.size,
    latest.size,
    trusted.head.root,
    latest.root,
    proof.path,
  );
  if (inconsistent !== undefined || !equalBytes(log.root(trusted.head.size), trusted.head.root))
    throw new LogIntegrityError(
      ENTRIES_FILE,
      where,
      `the log's first ${trusted.head.size} entries are not the ones it covered: history was rewritten`,
    );
}
