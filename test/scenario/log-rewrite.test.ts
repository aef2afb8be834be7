/**
 * LOG's concrete oracle on a scenario's own log: scenario 34 refuses a request and records it; its log,
 * persisted with `simulate --audit-dir`, verifies. A forger who erases the refusal from the log on disk —
 * deletes its record, or rewrites it and fixes the checksum — is caught by `sesphr audit verify`, which
 * exits 1 naming the entry (and byte offset) or the tree head whose root no longer matches.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/audit/entries.ts';
import { ENTRIES_FILE } from '../../src/audit/log.ts';
import { captureIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { records, rewriteRecord, scratch } from '../audit/helpers.ts';
import { cleanEnv, SCENARIOS } from '../cli/helpers.ts';

const cli = (args: string[]) => runCli(args, captureIO({ env: cleanEnv() }));
const NAME = '34-erase-refused-request';

let logDir = '';
/** The refusal's record in the entries file, and its index in the log. */
let refusal: { offset: number; payload: number; index: number };

beforeAll(async () => {
  const target = join(scratch(), 'audit');
  const run = await cli(['simulate', join(SCENARIOS, `${NAME}.yaml`), '--audit-dir', target, '--quiet']);
  expect(run.exitCode, run.stderr).toBe(0);
  logDir = join(target, NAME);
  const path = join(logDir, ENTRIES_FILE);
  const bytes = readFileSync(path);
  const found = records(path)
    .map((r) => ({ ...r, entry: decodeEntry(bytes.subarray(r.offset + 4, r.offset + 4 + r.payload)) }))
    .filter((r) => r.entry.type === 'refusal');
  expect(found).toHaveLength(1);
  const [only] = found as [(typeof found)[number]];
  refusal = { offset: only.offset, payload: only.payload, index: only.entry.index };
});

/** A copy of the scenario's log to damage. */
function copy(): string {
  const dir = join(scratch(), 'copy');
  cpSync(logDir, dir, { recursive: true });
  return dir;
}

describe('erasing a refused request from the log (scenario 34)', () => {
  it('the log as written verifies, and holds the refusal with its reason', async () => {
    const verified = await cli(['audit', 'verify', logDir, '--json']);
    expect(verified.exitCode, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ types: { refusal: 1, grant: 1, request: 2 } });
    const shown = await cli(['audit', 'show', logDir, '--type', 'refusal', '--json']);
    expect(shown.exitCode).toBe(0);
    expect(JSON.parse(shown.stdout).entries).toEqual([
      expect.objectContaining({ type: 'refusal', user: 'dave', reason: 'notGranted' }),
    ]);
  });

  it('deleting the refusal’s record: verify exits 1 naming the entry that is out of place', async () => {
    const dir = copy();
    const path = join(dir, ENTRIES_FILE);
    const bytes = readFileSync(path);
    const end = refusal.offset + 8 + refusal.payload;
    writeFileSync(path, Buffer.concat([bytes.subarray(0, refusal.offset), bytes.subarray(end)]));
    const result = await cli(['audit', 'verify', dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      `entries: entry ${refusal.index} (byte offset ${refusal.offset}): says it is entry ${refusal.index + 1}`,
    );
  });

  it('rewriting the refusal as another entry with a fixed checksum: verify exits 1 naming the tree head', async () => {
    const dir = copy();
    const path = join(dir, ENTRIES_FILE);
    // The user "dave" becomes "davf": the record decodes and its checksum is right; only the tree sees it.
    rewriteRecord(path, refusal.offset, (payload) => {
      const at = payload.indexOf('dave');
      expect(at).toBeGreaterThan(0);
      payload[at + 3] = 'f'.charCodeAt(0);
    });
    const result = await cli(['audit', 'verify', dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /heads: tree head \d+ \(size \d+\).*its root does not match the entries.*entries \d+–\d+/,
    );
  });
});
