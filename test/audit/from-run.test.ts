/**
 * The simulator → audit log adapter: on real scenario runs, every audit token the model writes
 * (auditGrant(u, f, i, t), auditRefusal(…, why), …) has its typed entry with the same fields and time,
 * every SRS decision step has exactly one entry (the model's relations are sets; the log is not), and a
 * persisted run verifies. Then the TPA hook audits what the simulated cloud serves.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entry, EntryInput } from '../../src/audit/entries.ts';
import { entriesOfRun, persistRun } from '../../src/audit/from-run.ts';
import { AuditLog } from '../../src/audit/log.ts';
import { count } from '../../src/audit/query.ts';
import { verifyLog } from '../../src/audit/verify.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import type { Simulation } from '../../src/sim/simulation.ts';
import { auditServedFile } from '../../src/tpa/from-sim.ts';
import { SCENARIOS } from '../cli/helpers.ts';
import { scratch } from './helpers.ts';

const SCENARIO_FILES = [
  '03-depart-forward-access.yaml',
  '24-versions-and-rollback.yaml',
  '25-cloud-misbehaviour.yaml',
  '26-bad-time-tokens.yaml',
  '29-injected-messages-refused.yaml',
  '31-hardened-acl-and-roles.yaml',
  '32-tpa-hacked-file.yaml',
  '35-stale-version-audited.yaml',
];

async function run(file: string) {
  const scenario = loadScenarioFile(join(SCENARIOS, file));
  const { result, simulation } = await runScenario(scenario, { seed: `audit:${file}`, backend: 'mcl' });
  expect(result.passed, `${file} passes`).toBe(true);
  return { result, simulation };
}

/** The model's audit tokens of the run, as `relation(args…)` strings. */
function modelAuditTokens(sim: Simulation): string[] {
  return sim.records.flatMap((r) => r.added.filter((t) => /^audit[A-Z]\w*\(/.test(t)));
}

/** The audit token an entry stands for (in the model's vocabulary), if the model has one. */
function tokenOf(e: EntryInput, sim: Simulation): string | undefined {
  const f = (x: { ownerId: string; fileId: string; version: number }) =>
    sim.world.instanceNamed(x.ownerId, x.fileId, x.version) as string;
  switch (e.type) {
    case 'keyIssued':
      return `auditKeyIssued(${e.user}, ${e.time})`;
    case 'join':
      return `auditJoin(${e.ownerId}, ${e.user}, ${e.time})`;
    case 'depart':
      return `auditDepart(${e.ownerId}, ${e.user}, ${e.time})`;
    case 'upload':
      return `auditUpload(${f(e)}, ${e.time})`;
    case 'request':
      return `auditRequest(${e.user}, ${f(e)}, ${e.partition}, ${e.time})`;
    case 'grant':
      return `auditGrant(${e.user}, ${f(e)}, ${e.partition}, ${e.time})`;
    case 'refusal':
      return `auditRefusal(${e.user}, ${f(e)}, ${e.partition}, ${e.time}, ${e.reason})`;
    case 'forgeryRefused':
      return `auditForgery(${e.sender}, ${e.time})`;
    case 'corruption':
      return e.kind === 'readerCheck'
        ? `auditIntegrity(${e.actor}, ${f(e)}, ${e.time})`
        : `auditCorruption(${f(e)}, ${e.time})`;
    case 'auditVerdict':
      return `${e.result === 'intact' ? 'auditIntact' : 'auditCorruption'}(${f(e)}, ${e.time})`;
    default:
      return undefined;
  }
}

describe('entries from simulator runs', () => {
  it.each(SCENARIO_FILES)(
    '%s: every model audit token has its entry, every SRS decision one entry',
    async (file) => {
      const { result, simulation } = await run(file);
      const entries = entriesOfRun(simulation);
      const tokens = new Set(entries.map((e) => tokenOf(e, simulation)).filter((t) => t !== undefined));
      const missing = modelAuditTokens(simulation).filter((t) => !tokens.has(t));
      expect(missing, 'model audit tokens without an entry').toEqual([]);
      const decisions = simulation.records.filter((r) =>
        ['D_R_S', 'D_R_F', 'Request_Bad_Token'].includes(r.transition),
      );
      const logged = entries.filter((e) => e.type === 'grant' || e.type === 'refusal');
      expect(logged).toHaveLength(decisions.length);
      for (const [k, r] of decisions.entries()) {
        const e = logged[k] as EntryInput;
        expect(e.type).toBe(r.outcome === 'granted' ? 'grant' : 'refusal');
        if (e.type === 'refusal') expect(e.reason).toBe(r.refusal);
      }
      // every TPA verdict step has one auditVerdict entry with its result, and a failure its corruption records
      const verdicts = simulation.records.filter((r) => r.transition.startsWith('TPA_Verdict_'));
      const audited = entries.filter((e) => e.type === 'auditVerdict');
      expect(audited).toHaveLength(verdicts.length);
      for (const [k, r] of verdicts.entries()) {
        const e = audited[k] as EntryInput & { type: 'auditVerdict' };
        expect(e.result).toBe(r.transition === 'TPA_Verdict_Intact' ? 'intact' : 'failed');
        const records = entries.filter(
          (x) =>
            x.type === 'corruption' &&
            x.kind !== 'readerCheck' &&
            x.time === e.time &&
            x.fileId === e.fileId &&
            x.version === e.version,
        );
        if (e.result === 'failed') expect(records.length).toBeGreaterThan(0);
      }
      // the persisted log holds the same entries, one commit per step that had any, and verifies
      const dir = join(scratch(), 'run');
      const { entries: n, commits } = persistRun(dir, 'sim-test', result.outcomes, simulation);
      expect(n).toBe(entries.length);
      const report = verifyLog(dir);
      expect(report.entries).toBe(entries.length);
      expect(report.heads).toBe(commits + 1);
      const log = AuditLog.open(dir, { readOnly: true });
      expect([...log.entries()].map(({ index: _, ...e }) => e)).toEqual(entries);
      log.close();
    },
  );

  it('scenario 24: the superseded refusal and both versions’ uploads are queryable, and the latest version is 2', async () => {
    const { result, simulation } = await run('24-versions-and-rollback.yaml');
    const dir = join(scratch(), 'run');
    persistRun(dir, 'sim-24', result.outcomes, simulation);
    const log = AuditLog.open(dir, { readOnly: true });
    const all: Entry[] = [...log.entries()];
    expect(count(all, { types: ['refusal'], reason: 'superseded', user: 'carol' })).toBeGreaterThan(0);
    expect(count(all, { types: ['upload'], file: 'alice/phr' })).toBe(2);
    expect(log.latestVersionProof('alice', 'phr')?.leaf.version).toBe(2);
    log.close();
  });

  it('scenario 25: the TPA hook audits what the simulated cloud serves and names each kind of misbehaviour', async () => {
    const { result, simulation } = await run('25-cloud-misbehaviour.yaml');
    const dir = join(scratch(), 'run');
    persistRun(dir, 'sim-25', result.outcomes, simulation);
    const log = AuditLog.open(dir, { readOnly: true });
    const rng = deterministicRng('tpa');
    const kinds: Record<string, string[]> = {};
    for (const fileId of ['flipped', 'cut', 'stripped', 'replaced', 'reordered', 'swapped']) {
      const { verdict, entries } = auditServedFile(
        simulation.world,
        { ownerId: 'alice', fileId },
        {
          challenges: 10_000,
          rng,
          time: 9,
          latest: { head: log.latestHead(), logKey: log.key, proof: log.latestVersionProof('alice', fileId) },
        },
      );
      expect(verdict.result, fileId).toBe('failed');
      expect(entries[0]).toMatchObject({
        type: 'auditVerdict',
        result: 'failed',
        fileId,
        actor: 'tpa',
        time: 9,
      });
      kinds[fileId] = verdict.problems.map((p) => p.kind);
    }
    log.close();
    expect(kinds).toEqual({
      flipped: ['blockMismatch'],
      cut: ['lengthMismatch'], // a one-block file (64-byte partitions) cut in half
      stripped: ['badManifest'],
      replaced: ['wrongFile'],
      reordered: ['blockMismatch'],
      swapped: ['wrongFile'],
    });
  });
});
