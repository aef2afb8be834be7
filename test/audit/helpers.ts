/** Shared by the audit tests: scratch directories, sample entries, raw file surgery. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import {
  ACL_CHANGES,
  CORRUPTIONS,
  type EntryInput,
  FORGED_MESSAGES,
  VERDICTS,
} from '../../src/audit/entries.ts';
import { identifierProblem } from '../../src/crypto/validate.ts';

export const scratch = (prefix = 'sesphr-audit-') => mkdtempSync(join(tmpdir(), prefix));

/** A fixed clock so that heads are reproducible within a test. */
export const fixedClock = () => 1_800_000_000_000;

export function sampleEntries(n: number, offset = 0): EntryInput[] {
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    switch (i % 4) {
      case 0:
        return { type: 'keyIssued', user: `u${i}`, time: i, actor: 'srs' } as const;
      case 1:
        return {
          type: 'grant',
          user: `u${i}`,
          ownerId: 'alice',
          fileId: 'phr',
          version: 1,
          partition: 'medical',
          time: i,
          actor: 'srs',
        } as const;
      case 2:
        return {
          type: 'refusal',
          user: `u${i}`,
          ownerId: 'alice',
          fileId: 'phr',
          version: 1,
          partition: 'insurance',
          reason: 'notGranted',
          time: i,
          actor: 'srs',
        } as const;
      default:
        return {
          type: 'upload',
          ownerId: 'alice',
          fileId: `f${i % 3}`,
          version: i,
          manifestSha256: new Uint8Array(32).fill(i & 0xff),
          time: i,
          actor: 'alice',
        } as const;
    }
  });
}

/** Records of a log file: [offset, length of payload] for each, after the 9-byte file header. */
export function records(path: string): { offset: number; payload: number }[] {
  const bytes = readFileSync(path);
  const out: { offset: number; payload: number }[] = [];
  let offset = 9;
  while (offset + 4 <= bytes.length) {
    const payload = bytes.readUInt32BE(offset);
    if (offset + 8 + payload > bytes.length) break;
    out.push({ offset, payload });
    offset += 8 + payload;
  }
  return out;
}

/** Rewrites a record's payload in place and fixes its checksum (a careful forger). */
export function rewriteRecord(path: string, offset: number, change: (payload: Buffer) => void): void {
  const bytes = readFileSync(path);
  const length = bytes.readUInt32BE(offset);
  const payload = bytes.subarray(offset + 4, offset + 4 + length);
  change(payload);
  bytes.writeUInt32BE(crc32(bytes.subarray(offset, offset + 4 + length)), offset + 4 + length);
  writeFileSync(path, bytes);
}

export const identifier = fc
  .string({ minLength: 1, maxLength: 12, unit: 'grapheme' })
  .filter((s) => identifierProblem(s) === undefined);
const count = fc.oneof(fc.nat({ max: 1_000_000 }), fc.constant(Number.MAX_SAFE_INTEGER));
const common = { time: count, actor: identifier };
const request = {
  user: identifier,
  ownerId: identifier,
  fileId: identifier,
  version: fc.nat({ max: 1000 }),
  partition: identifier,
};

/** Every entry type, with arbitrary valid fields. */
export const entryInput: fc.Arbitrary<EntryInput> = fc.oneof(
  fc.record({ type: fc.constant('keyIssued' as const), user: identifier, ...common }),
  fc.record({ type: fc.constant('request' as const), ...request, ...common }),
  fc.record({ type: fc.constant('grant' as const), ...request, ...common }),
  fc.record({ type: fc.constant('refusal' as const), ...request, reason: identifier, ...common }),
  fc.record({ type: fc.constant('join' as const), ownerId: identifier, user: identifier, ...common }),
  fc.record({ type: fc.constant('depart' as const), ownerId: identifier, user: identifier, ...common }),
  fc.oneof(
    fc.record({
      type: fc.constant('aclChange' as const),
      ownerId: identifier,
      user: identifier,
      change: fc.constantFrom(ACL_CHANGES[0], ACL_CHANGES[1]),
      partition: identifier,
      ...common,
    }),
    fc.record({
      type: fc.constant('aclChange' as const),
      ownerId: identifier,
      user: identifier,
      change: fc.constant(ACL_CHANGES[2]),
      partition: fc.constant(null),
      ...common,
    }),
  ),
  fc.record({
    type: fc.constant('upload' as const),
    ownerId: identifier,
    fileId: identifier,
    version: fc.nat({ max: 1000 }),
    manifestSha256: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    ...common,
  }),
  fc.record({ type: fc.constant('timeTokenUsed' as const), user: identifier, tokenTime: count, ...common }),
  fc.record({
    type: fc.constant('forgeryRefused' as const),
    sender: identifier,
    message: fc.constantFrom(...FORGED_MESSAGES),
    ...common,
  }),
  fc
    .tuple(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }))
    .map(([a, b, c]) => [a, b, c].sort((x, y) => x - y) as [number, number, number])
    .chain(([failed, challenged, blocks]) =>
      fc.record({
        type: fc.constant('auditVerdict' as const),
        ownerId: identifier,
        fileId: identifier,
        version: fc.nat({ max: 1000 }),
        result: failed > 0 ? fc.constant(VERDICTS[1]) : fc.constantFrom(...VERDICTS),
        blocks: fc.constant(blocks),
        challenged: fc.constant(challenged),
        failed: fc.constant(failed),
        ...common,
      }),
    ),
  fc.record({
    type: fc.constant('corruption' as const),
    ownerId: identifier,
    fileId: identifier,
    version: fc.nat({ max: 1000 }),
    kind: fc.constantFrom(...CORRUPTIONS),
    blocks: fc.array(count, { maxLength: 20 }),
    ...common,
  }),
) as fc.Arbitrary<EntryInput>;
