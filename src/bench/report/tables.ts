/**
 * The report's tables as data (headers and rows of text), rendered once to markdown and once to HTML,
 * so report.md and report.html always say the same thing.
 */
import { PAPER_SOURCE } from '../paper.ts';
import type { BenchResults, Figure, RatioName } from '../results.ts';

export interface Table {
  readonly title: string;
  readonly note?: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const ms = (value: number) =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(3);
const seconds = (valueMs: number | undefined) => (valueMs === undefined ? '—' : (valueMs / 1000).toFixed(3));
const times = (value: number | null | undefined) =>
  value === null || value === undefined ? 'not measured' : `${value.toFixed(2)}×`;

export const RATIO_TEXT: Record<RatioName, string> = {
  hybridVsLiteral1MiB:
    'hybrid vs paper-literal, encrypt + decrypt of 1 MiB in 4 partitions (literal time / hybrid time; target ≥ 30)',
  mclVsNoblePairing: 'mcl vs noble, one pairing (noble time / mcl time)',
  turnaroundOverFloor1MiB: 'turnaround T_up + T_down of 1 MiB over its floor (target ≤ 1.3)',
  umbralVsOurs1KiB: 'umbral-pre vs ours, encrypt + re-encrypt + decrypt of 1 KiB (our time / umbral time)',
  keygenOverFloor:
    'key generation for the largest user count (paper variant) over N G2 fixed-base multiplications (target ≤ 1.2)',
  ownerKeygenOverFloor: "one owner's key generation over its floor (target ≤ 1.3)",
  encryptOverFloor1MiB: 'owner encrypt + upload of 1 MiB over its floor (target ≤ 1.3)',
  reEncryptOverFloor: 'SRS re-encryption of one partition (paper variant) over its floor (target ≤ 1.3)',
  decryptOverFloor1MiB: 'user decrypt of 1 MiB in 4 partitions over its floor (target ≤ 1.3)',
  gtCheckFastVsGeneric: 'fast GT membership test vs the generic x^q = 1 (generic time / fast decode time)',
};

function machineTable(results: BenchResults): Table {
  const m = results.machine;
  return {
    title: 'Machine',
    note: 'A shared 2-core VM loaded by other jobs while this ran: trust ratios measured side by side over absolute times.',
    headers: ['', ''],
    rows: [
      ['CPU', `${m.cpuModel}, ${m.cores} cores`],
      ['memory', `${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB`],
      ['load average at the end (1, 5, 15 min)', m.loadAverage.join(', ')],
      ['Node.js / OS', `${m.node} / ${m.os}`],
      [
        'versions',
        Object.entries(m.versions)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ],
      [
        'run',
        `${results.date}, ${results.quick ? 'quick' : 'full'}, suites ${results.suites.join(', ')}, ${(results.totalMs / 1000).toFixed(0)} s`,
      ],
      ['default backend', results.defaultBackend],
    ],
  };
}

function ratioTable(results: BenchResults): Table {
  return {
    title: 'Ratios (medians measured in this run)',
    headers: ['ratio', 'value', 'what'],
    rows: Object.entries(results.ratios).map(([name, value]) => [
      name,
      times(value),
      RATIO_TEXT[name as RatioName],
    ]),
  };
}

function floorTable(results: BenchResults): Table {
  return {
    title: 'Protocol steps against their floors',
    note: 'floor = a composite task running the primitive operations the step needs (the counts of docs/benchmarks.md), timed interleaved with the step in one measurement; overhead = step median / floor median. Cross-check: the summed floor (each primitive timed on its own in this run, median × count) and the step over it.',
    headers: ['step', 'measured p50 ms', 'floor p50 ms', 'overhead', 'summed floor ms', 'over summed'],
    rows: results.floors.map((f) => [
      f.step,
      ms(f.measuredMs),
      ms(f.floorMs),
      `${f.overhead.toFixed(2)}×`,
      ms(f.summedFloorMs),
      `${f.summedOverhead.toFixed(2)}×`,
    ]),
  };
}

function figureTable(title: string, figures: readonly Figure[]): Table {
  return {
    title,
    headers: ['figure', 'unit', 'p50', 'mean', 'p99', 'samples'],
    rows: figures.map((f) => [f.title, f.unit, ms(f.p50), ms(f.mean), ms(f.p99), String(f.samples.length)]),
  };
}

const find = (results: BenchResults, id: string) => results.figures.find((f) => f.id === id);

function paperKeygenTable(results: BenchResults): Table | undefined {
  const ours = results.figures.filter((f) => f.id.startsWith('keygen.paper.') && f.params.threads === 1);
  if (ours.length === 0) return undefined;
  const floor = (users: number) => results.floors.find((f) => f.figure === `keygen.paper.${users}`)?.floorMs;
  const users = [
    ...new Set([...results.paper.keygen.map((p) => p.x), ...ours.map((f) => Number(f.params.users))]),
  ].sort((a, b) => a - b);
  return {
    title: "Fig. 3 — key generation (s): the paper's numbers beside ours",
    note: `paper: ${PAPER_SOURCE}`,
    headers: [
      'users',
      'paper (s)',
      'ours, paper variant (s)',
      'ours, hardened (s)',
      'floor: N × G2 fixed-base (s)',
    ],
    rows: users.map((n) => [
      String(n),
      results.paper.keygen.find((p) => p.x === n)?.seconds.toFixed(2) ?? '—',
      seconds(find(results, `keygen.paper.${n}`)?.p50),
      seconds(find(results, `keygen.hardened.${n}`)?.p50),
      seconds(floor(n)),
    ]),
  };
}

function paperEncDecTable(results: BenchResults, step: 'encrypt' | 'decrypt'): Table | undefined {
  const ours = results.figures.filter((f) => f.id.startsWith(`encdec.${step}.`));
  if (ours.length === 0) return undefined;
  const series = [...new Set(ours.map((f) => `${f.params.mode} ${f.params.backend}`))];
  const paper = step === 'encrypt' ? results.paper.encryption : results.paper.decryption;
  const sizes = [...new Set([...paper.map((p) => p.x), ...ours.map((f) => Number(f.params.kb))])].sort(
    (a, b) => a - b,
  );
  return {
    title: `Fig. ${step === 'encrypt' ? 4 : 5} — ${step === 'encrypt' ? 'encryption' : 'decryption'} (s), 4 partitions: the paper's numbers beside ours`,
    note: `paper: ${PAPER_SOURCE}`,
    headers: ['KB', 'paper (s)', ...series.map((s) => `ours ${s} (s)`)],
    rows: sizes.map((kb) => [
      String(kb),
      paper.find((p) => p.x === kb)?.seconds.toFixed(3) ?? '—',
      ...series.map((s) => {
        const [mode, backend] = s.split(' ');
        return seconds(find(results, `encdec.${step}.${mode}.${backend}.${kb}KB`)?.p50);
      }),
    ]),
  };
}

function paperTurnaroundTable(results: BenchResults): Table | undefined {
  const ups = results.figures.filter((f) => f.id.startsWith('turnaround.up.'));
  if (ups.length === 0) return undefined;
  const kbs = [
    ...new Set([...results.paper.turnaroundUp.map((p) => p.x), ...ups.map((f) => Number(f.params.kb))]),
  ].sort((a, b) => a - b);
  const b = results.defaultBackend;
  return {
    title:
      "Turnaround (Eqs. 34–35, s): the paper's S3 end points beside ours through a local fsynced directory",
    note: `paper: ${PAPER_SOURCE}; it states only the 50 KB and 2 MB end points.`,
    headers: ['KB', 'paper T_up', 'ours T_up', 'paper T_down', 'ours T_down', 'ours (T_up + T_down) / floor'],
    rows: kbs.map((kb) => [
      String(kb),
      results.paper.turnaroundUp.find((p) => p.x === kb)?.seconds.toFixed(2) ?? '—',
      seconds(find(results, `turnaround.up.${b}.${kb}KB`)?.p50),
      results.paper.turnaroundDown.find((p) => p.x === kb)?.seconds.toFixed(2) ?? '—',
      seconds(find(results, `turnaround.down.${b}.${kb}KB`)?.p50),
      (() => {
        const f = results.floors.find((x) => x.figure === `turnaround.total.${b}.${kb}KB`);
        return f ? `${f.overhead.toFixed(2)}×` : '—';
      })(),
    ]),
  };
}

function peersTable(results: BenchResults): Table | undefined {
  const ours = results.figures.filter((f) => f.id.startsWith('peers.ours.'));
  if (ours.length === 0) return undefined;
  return {
    title: 'Against umbral-pre (one delegation, same payloads, same process)',
    headers: ['operation', 'bytes', 'umbral-pre p50 ms', 'ours p50 ms', 'ours / umbral'],
    rows: ours.map((f) => {
      const peer = find(results, f.id.replace('peers.ours.', 'peers.umbral.'));
      return [
        String(f.params.operation),
        String(f.params.bytes),
        peer ? ms(peer.p50) : '—',
        ms(f.p50),
        peer ? `${(f.p50 / peer.p50).toFixed(2)}×` : '—',
      ];
    }),
  };
}

export function reportTables(results: BenchResults): Table[] {
  const groups = [...new Set(results.figures.map((f) => f.suite))];
  return [
    machineTable(results),
    ratioTable(results),
    paperKeygenTable(results),
    paperEncDecTable(results, 'encrypt'),
    paperEncDecTable(results, 'decrypt'),
    paperTurnaroundTable(results),
    peersTable(results),
    results.floors.length > 0 ? floorTable(results) : undefined,
    ...groups.map((g) =>
      figureTable(
        `All figures: ${g}`,
        results.figures.filter((f) => f.suite === g),
      ),
    ),
  ].filter((t): t is Table => t !== undefined);
}
