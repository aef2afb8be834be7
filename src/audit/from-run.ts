/**
 * A read-only adapter from the simulator to the audit log (docs/audit.md, "From a simulation"): every
 * step the simulator fired becomes the typed entries the secure auditing storage records for it — every
 * SRS decision (grant, refusal with the model's reason, refused forgeries), key issues, requests and the
 * time tokens they used, joins, departures, ACL changes, uploads with their manifest's SHA-256, readers'
 * failed checks, and the TPA's verdicts with their corruption records (from the evidence the simulator
 * filed under the verdict's step). The adapter reads StepRecords and the world after the fact.
 *
 * Time is the model's clock (`now`), followed through the records (`now = 3` when Tick fires), which is
 * the time column of the model's own audit tokens (`auditGrant(bob, phr, medical, 3)`).
 */
import { SYSTEM } from '../../model/vocabulary.ts';
import { sha256Native } from '../crypto/manifest.ts';
import type { Simulation, StepRecord } from '../sim/simulation.ts';
import type { World } from '../sim/world.ts';
import { type EntryInput, verdictEntries } from './entries.ts';
import { AuditLog } from './log.ts';

/** The entries one fired step stands for (none for steps the log does not record, such as Encrypt_Pi). */
export function entriesOfRecord(record: StepRecord, world: World, time: number): EntryInput[] {
  const b = record.binding;
  const s = (name: string) => String(b[name]);
  const base = { time, actor: record.actor };
  const fileOf = (f: string) => {
    const x = world.instance(f);
    return { ownerId: x.file.owner, fileId: x.file.id, version: x.version };
  };
  const request = () => ({ user: s('u'), ...fileOf(s('f')), partition: s('i') });
  switch (record.transition) {
    case 'Gen_Keys':
    case 'Send_PK':
    case 'Rekey':
      return [{ ...base, type: 'keyIssued', user: s('u') }];
    case 'Request_R':
      return [
        { ...base, type: 'request', ...request() },
        { ...base, type: 'timeTokenUsed', user: s('u'), tokenTime: Number(b.t) },
      ];
    case 'Request_Bad_Token':
      return [
        { ...base, type: 'request', ...request() },
        { ...base, type: 'refusal', ...request(), reason: record.refusal ?? 'badToken' },
      ];
    case 'D_R_S':
      return [{ ...base, type: 'grant', ...request() }];
    case 'D_R_F':
      return [{ ...base, type: 'refusal', ...request(), reason: record.refusal ?? 'refused' }];
    case 'Approve_Join':
      return [{ ...base, type: 'join', ownerId: s('o'), user: s('u') }];
    case 'Depart':
      return [{ ...base, type: 'depart', ownerId: s('o'), user: s('u') }];
    case 'Grant_Partition':
      return [
        {
          ...base,
          type: 'aclChange',
          ownerId: s('o'),
          user: s('u'),
          change: 'grantPartition',
          partition: s('i'),
        },
      ];
    case 'Limit_Partition':
      return [
        {
          ...base,
          type: 'aclChange',
          ownerId: s('o'),
          user: s('u'),
          change: 'limitPartition',
          partition: s('i'),
        },
      ];
    case 'Allow_Past_Data':
      return [
        {
          ...base,
          type: 'aclChange',
          ownerId: s('o'),
          user: s('u'),
          change: 'allowPastData',
          partition: null,
        },
      ];
    case 'Send_C': {
      const stored = world.holdings.get(SYSTEM.cloud, 'C', [s('f')]);
      if (!stored?.manifest || stored.manifest.length === 0)
        throw new Error(`the cloud holds no signed manifest for ${s('f')} after its upload`);
      return [{ ...base, type: 'upload', ...fileOf(s('f')), manifestSha256: sha256Native(stored.manifest) }];
    }
    case 'Reject_C':
      return [{ ...base, type: 'corruption', ...fileOf(s('f')), kind: 'readerCheck', blocks: [] }];
    case 'TPA_Verdict_Intact':
    case 'TPA_Verdict_Corrupt': {
      const evidence = world.evidenceOf(record.index);
      if (!evidence) throw new Error(`step ${record.index} (${record.transition}) left no TPA verdict`);
      return verdictEntries(evidence, time, record.actor);
    }
    case 'Inject_Parameters':
      return [
        { ...base, actor: SYSTEM.srs, type: 'forgeryRefused', sender: s('p'), message: 'ownerParameters' },
      ];
    case 'Inject_ReKey':
      return [{ ...base, actor: SYSTEM.srs, type: 'forgeryRefused', sender: s('p'), message: 'reKey' }];
    default:
      return [];
  }
}

/** The model's clock after a record: a Tick adds `now = N`. */
function clockAfter(record: StepRecord, time: number): number {
  for (const token of record.added) {
    const match = /^now = (\d+)$/.exec(token);
    if (match) return Number(match[1]);
  }
  return time;
}

/** The model's clock before the first record (the initial marking's `now`). */
export function initialTime(sim: Simulation): number {
  const records = sim.records;
  // `now` only changes by Tick; walking back from the current value gives the start.
  let now = Number(sim.marking.scalars.get('now') ?? 0);
  for (let k = records.length - 1; k >= 0; k--) {
    const record = records[k] as StepRecord;
    if (record.transition === 'Tick') now -= 1;
  }
  return now;
}

/**
 * The entries of a sequence of records, grouped as given (one group per scenario step, say), with the
 * model's clock followed from `startTime`. Returns the groups and the clock after the last record.
 */
export function entriesOfRecords(
  groups: readonly (readonly StepRecord[])[],
  world: World,
  startTime: number,
): { groups: EntryInput[][]; time: number } {
  let time = startTime;
  const out: EntryInput[][] = [];
  for (const records of groups) {
    const entries: EntryInput[] = [];
    for (const record of records) {
      entries.push(...entriesOfRecord(record, world, time));
      time = clockAfter(record, time);
    }
    out.push(entries);
  }
  return { groups: out, time };
}

/** Every entry of a whole simulation, in firing order (one group). */
export function entriesOfRun(sim: Simulation): EntryInput[] {
  return entriesOfRecords([sim.records], sim.world, initialTime(sim)).groups[0] ?? [];
}

/** What one simulation step of a scenario (its fired records) is, for `persistRun`. */
export interface RunStep {
  readonly fired: readonly StepRecord[];
}

/**
 * Writes the audit log of a finished run into `dir` (a new log): one commit per scenario step that
 * produced entries, so each step's entries are covered by a signed head of their own. Returns the number
 * of entries and commits.
 */
export function persistRun(
  dir: string,
  name: string,
  steps: readonly RunStep[],
  sim: Simulation,
): { entries: number; commits: number } {
  const { groups } = entriesOfRecords(
    steps.map((s) => s.fired),
    sim.world,
    initialTime(sim),
  );
  const log = AuditLog.create(dir, { name });
  try {
    let entries = 0;
    let commits = 0;
    for (const group of groups) {
      if (group.length === 0) continue;
      log.append(group);
      entries += group.length;
      commits++;
    }
    return { entries, commits };
  } finally {
    log.close();
  }
}
