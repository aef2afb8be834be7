/**
 * The report's charts: one per paper figure (ours beside the paper's series, labelled as a different
 * machine and language), turnaround, scaling, verification cost, and the ratio charts (steps over their
 * floors, ours over umbral-pre). Vega-Lite specifications compiled by vega-lite and rendered to SVG in this
 * process by vega's headless renderer; the data is inline and the loader loads nothing.
 */
import type { BenchResults } from '../results.ts';

export interface Chart {
  /** File name without extension. */
  readonly name: string;
  readonly title: string;
  readonly spec: Record<string, unknown>;
}

const PAPER_LABEL = 'paper (Java/JPBC, i7-2600, S3: different machine and language)';
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

interface Point {
  readonly x: number;
  readonly y: number;
  readonly series: string;
}

function lineChart(
  name: string,
  title: string,
  points: readonly Point[],
  axes: { x: string; y: string; logX?: boolean; logY?: boolean },
): Chart {
  return {
    name,
    title,
    spec: {
      $schema: SCHEMA,
      title,
      width: 520,
      height: 300,
      data: { values: points },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: axes.x, scale: axes.logX ? { type: 'log' } : {} },
        y: { field: 'y', type: 'quantitative', title: axes.y, scale: axes.logY ? { type: 'log' } : {} },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          legend: { orient: 'bottom', columns: 1, labelLimit: 600 },
        },
      },
    },
  };
}

function barChart(
  name: string,
  title: string,
  bars: readonly { label: string; value: number }[],
  axis: string,
  rule?: number,
): Chart {
  const layers: Record<string, unknown>[] = [
    {
      mark: 'bar',
      encoding: {
        y: { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelLimit: 420 } },
        x: { field: 'value', type: 'quantitative', title: axis },
      },
    },
    {
      mark: { type: 'text', align: 'left', dx: 3 },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: null },
        x: { field: 'value', type: 'quantitative' },
        text: { field: 'value', type: 'quantitative', format: '.2f' },
      },
    },
  ];
  if (rule !== undefined)
    layers.push({
      data: { values: [{ rule }] },
      mark: { type: 'rule', color: 'firebrick', strokeDash: [4, 3] },
      encoding: { x: { field: 'rule', type: 'quantitative' } },
    });
  return { name, title, spec: { $schema: SCHEMA, title, width: 420, data: { values: bars }, layer: layers } };
}

export function reportCharts(results: BenchResults): Chart[] {
  const charts: Chart[] = [];
  const figures = results.figures;
  const paperPoints = (series: readonly { x: number; seconds: number }[]) =>
    series.map((p) => ({ x: p.x, y: p.seconds, series: PAPER_LABEL }));

  const keygen = figures.filter(
    (f) => f.id.startsWith('keygen.') && !f.id.startsWith('keygen.owner.') && f.params.threads === 1,
  );
  if (keygen.length > 0) {
    const floors = results.floors.filter((f) => /^keygen\.paper\.\d+$/.test(f.figure));
    charts.push(
      lineChart(
        'fig3-keygen',
        'Fig. 3 — key generation time',
        [
          ...keygen.map((f) => ({
            x: Number(f.params.users),
            y: f.p50 / 1000,
            series: `ours, ${f.params.variant} variant (${f.params.backend})`,
          })),
          ...floors.map((f) => ({
            x: Number(f.figure.split('.')[2]),
            y: f.floorMs / 1000,
            series: 'floor: N × G2 fixed-base multiplication',
          })),
          ...paperPoints(results.paper.keygen),
        ],
        { x: 'users', y: 'seconds', logX: true, logY: true },
      ),
    );
  }
  for (const [step, fig, paper] of [
    ['encrypt', 4, results.paper.encryption],
    ['decrypt', 5, results.paper.decryption],
  ] as const) {
    const ours = figures.filter((f) => f.id.startsWith(`encdec.${step}.`));
    if (ours.length === 0) continue;
    charts.push(
      lineChart(
        `fig${fig}-${step === 'encrypt' ? 'encryption' : 'decryption'}`,
        `Fig. ${fig} — ${step === 'encrypt' ? 'encryption' : 'decryption'} time, 4 partitions`,
        [
          ...ours.map((f) => ({
            x: Number(f.params.kb),
            y: f.p50 / 1000,
            series: `ours, ${f.params.mode} (${f.params.backend})`,
          })),
          ...paperPoints(paper),
        ],
        { x: 'file size (KB)', y: 'seconds (log scale)', logY: true },
      ),
    );
  }
  const turn = figures.filter(
    (f) => f.id.startsWith('turnaround.up.') || f.id.startsWith('turnaround.down.'),
  );
  if (turn.length > 0)
    charts.push(
      lineChart(
        'turnaround',
        'Turnaround T_up and T_down (Eqs. 34–35)',
        [
          ...turn.map((f) => ({
            x: Number(f.params.kb),
            y: f.p50 / 1000,
            series: `ours, ${f.id.startsWith('turnaround.up.') ? 'T_up' : 'T_down'} (local fsynced directory)`,
          })),
          ...results.paper.turnaroundUp.map((p) => ({
            x: p.x,
            y: p.seconds,
            series: `T_up, ${PAPER_LABEL}`,
          })),
          ...results.paper.turnaroundDown.map((p) => ({
            x: p.x,
            y: p.seconds,
            series: `T_down, ${PAPER_LABEL}`,
          })),
        ],
        { x: 'file size (KB)', y: 'seconds (log scale)', logY: true },
      ),
    );
  const parts = figures.filter((f) => f.id.startsWith('scaling.partitions.'));
  if (parts.length > 0)
    charts.push(
      lineChart(
        'scaling-partitions',
        'Cost against the number of partitions (1 MiB in all)',
        parts.map((f) => ({
          x: Number(f.params.partitions),
          y: f.p50,
          series: f.id.includes('.encrypt.') ? 'owner encrypt + upload' : 'user decrypt',
        })),
        { x: 'partitions', y: 'milliseconds' },
      ),
    );
  const bmc = figures.filter((f) => f.id.startsWith('verify.bmc.'));
  if (bmc.length > 0)
    charts.push(
      lineChart(
        'verify-bmc',
        'BMC time against the bound k (property CLOUD)',
        bmc.map((f) => ({ x: Number(f.params.k), y: f.p50 / 1000, series: `solver ${f.params.solver}` })),
        { x: 'bound k', y: 'seconds' },
      ),
    );
  if (results.floors.length > 0)
    charts.push(
      barChart(
        'ratio-floor',
        'Each protocol step over its floor (1.3× target dashed)',
        results.floors.map((f) => ({ label: f.step, value: f.overhead })),
        'measured median / floor',
        1.3,
      ),
    );
  const ours = figures.filter((f) => f.id.startsWith('peers.ours.'));
  if (ours.length > 0)
    charts.push(
      barChart(
        'ratio-peers',
        'Ours over umbral-pre, per operation (above 1: umbral-pre is faster)',
        ours.flatMap((f) => {
          const peer = figures.find((p) => p.id === f.id.replace('peers.ours.', 'peers.umbral.'));
          return peer
            ? [{ label: `${f.params.operation}, ${f.params.bytes} B`, value: f.p50 / peer.p50 }]
            : [];
        }),
        'our median / umbral-pre median',
        1,
      ),
    );
  return charts;
}

/** Renders a chart to an SVG document in this process. */
export async function renderChart(chart: Chart): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(chart.spec as unknown as Parameters<typeof vegaLite.compile>[0]);
  const loader = vega.loader({ mode: 'http' });
  loader.load = () => Promise.reject(new Error('the benchmark charts load no data'));
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
