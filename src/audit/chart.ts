/**
 * The admin's "View Result in Chart" (docs/audit.md, "Chart"): grants and refusals over time, per user
 * and per refusal reason, as a Vega-Lite specification compiled by vega-lite and rendered to SVG in this
 * process by vega's headless renderer (no browser, no canvas: SVG needs neither).
 */
import type { Entry } from './entries.ts';

export interface DecisionRow {
  readonly time: number;
  readonly user: string;
  readonly decision: 'grant' | 'refusal';
  readonly reason: string;
  readonly count: number;
}

/** Grants and refusals counted per (time, user, decision, reason). */
export function decisionRows(entries: Iterable<Entry>): DecisionRow[] {
  const counts = new Map<string, DecisionRow>();
  for (const e of entries) {
    if (e.type !== 'grant' && e.type !== 'refusal') continue;
    const reason = e.type === 'refusal' ? e.reason : 'granted';
    const key = JSON.stringify([e.time, e.user, e.type, reason]);
    const row = counts.get(key);
    counts.set(key, { time: e.time, user: e.user, decision: e.type, reason, count: (row?.count ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => a.time - b.time || a.user.localeCompare(b.user));
}

/** The Vega-Lite specification: decisions per user over time, and refusals per reason over time. */
export function chartSpec(rows: readonly DecisionRow[], title: string): Record<string, unknown> {
  const x = { field: 'time', type: 'ordinal', title: 'time (the SRS clock)', axis: { labelAngle: 0 } };
  const counts = (title: string) => ({
    aggregate: 'sum',
    field: 'count',
    type: 'quantitative',
    title,
    axis: { format: 'd', tickMinStep: 1 },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: rows },
    // each panel has its own colours and legend: users in one, reasons in the other
    resolve: { scale: { color: 'independent', x: 'shared' }, legend: { color: 'independent' } },
    vconcat: [
      {
        title: 'Grants and refusals per user',
        mark: 'bar',
        width: 480,
        height: 120,
        encoding: {
          x,
          y: counts('decisions'),
          color: { field: 'user', type: 'nominal', title: 'user' },
          row: { field: 'decision', type: 'nominal', title: null },
        },
      },
      {
        title: 'Refusals per reason',
        transform: [{ filter: "datum.decision === 'refusal'" }],
        mark: 'bar',
        width: 480,
        height: 120,
        encoding: {
          x,
          y: counts('refusals'),
          color: { field: 'reason', type: 'nominal', title: 'reason' },
        },
      },
    ],
  };
}

/** Renders the chart of `entries` to an SVG document. */
export async function renderDecisionChart(entries: Iterable<Entry>, title: string): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const rows = decisionRows(entries);
  const compiled = vegaLite.compile(
    chartSpec(rows, title) as unknown as Parameters<typeof vegaLite.compile>[0],
  );
  // A loader that loads nothing: the data is inline, and a specification never reaches the network or disk.
  const loader = vega.loader({ mode: 'http' });
  loader.load = () => Promise.reject(new Error('the audit chart loads no data'));
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
