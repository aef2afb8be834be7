/**
 * Crash durability: a writer process (test/audit/crash-child.mjs) appends and acknowledges entries and
 * is killed with SIGKILL at a random moment, again and again; after every kill the log is opened for
 * writing (cutting off any unfinished append) and every acknowledged entry must be there, unchanged.
 *
 * SESPHR_CRASH_KILLS sets the number of kills (default 16, 8 in the fast suite; the figure is
 * ≥ 200: `SESPHR_CRASH_KILLS=200 npx vitest run test/audit/crash.test.ts`). A new log is started every 20
 * kills, so that each open (which checks every head's signature) stays quick.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/log.ts';
import { ensureBuild, ROOT } from '../cli/helpers.ts';
import { FAST } from '../helpers/effort.ts';
import { scratch } from './helpers.ts';

const KILLS = Number(process.env.SESPHR_CRASH_KILLS ?? (FAST ? 8 : 16));
const KILLS_PER_LOG = 20;
const CHILD = join(ROOT, 'test/audit/crash-child.mjs');

interface Round {
  readonly acknowledged: number;
  readonly signal: NodeJS.Signals | null;
}

/** Runs the writer until `delayMs` after it is ready, kills it with SIGKILL, returns the last acknowledged index. */
function runAndKill(dir: string, seed: number, delayMs: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(seed)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (timer === undefined && out.includes('ready'))
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writer ended with ${code ?? signal} before it was killed: ${err.trim()}`));
        return;
      }
      const acks = [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
      resolve({ acknowledged: acks.length > 0 ? Math.max(...acks) : -1, signal });
    });
  });
}

describe('crash durability (SIGKILL mid-append)', () => {
  it(`after ${KILLS} kills, every acknowledged entry is there, unchanged`, { timeout: 600_000 }, async () => {
    ensureBuild();
    let dir = '';
    let acknowledgedTotal = 0;
    let lost = 0;
    let unfinishedCut = 0;
    let tornHeads = 0;
    let ackedSoFar = -1;
    let checked = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      if (kill % KILLS_PER_LOG === 0) {
        acknowledgedTotal += ackedSoFar + 1;
        dir = join(scratch('sesphr-crash-'), 'log');
        AuditLog.create(dir, { name: 'crash-test' }).close();
        ackedSoFar = -1;
      }
      const delay = 1 + ((kill * 7919) % 40);
      const { acknowledged } = await runAndKill(dir, kill + 1, delay);
      const log = AuditLog.open(dir);
      try {
        if (log.unfinished?.bytes) unfinishedCut++;
        if (log.unfinished?.headBytes) tornHeads++;
        ackedSoFar = Math.max(ackedSoFar, acknowledged);
        // every acknowledged entry, from every round on this log, is present and as written
        let index = 0;
        for (const entry of log.entries()) {
          if (entry.type !== 'keyIssued' || entry.user !== `u${index}` || entry.time !== index) lost++;
          index++;
        }
        // acknowledged entries missing at the end (each counted once: the next round sees them too)
        if (log.size < ackedSoFar + 1) {
          lost += ackedSoFar + 1 - log.size;
          ackedSoFar = log.size - 1;
        }
        checked += log.size;
      } finally {
        log.close();
      }
    }
    acknowledgedTotal += ackedSoFar + 1;
    const summary = {
      kills: KILLS,
      acknowledged: acknowledgedTotal,
      entriesChecked: checked,
      lost,
      unfinishedCut,
      tornHeads,
    };
    console.log(`crash test: ${JSON.stringify(summary)}`);
    expect(lost).toBe(0);
  });
});
