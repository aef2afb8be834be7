/**
 * Writes a run's report to a directory: results.json (schema-checked), report.md (tables), one SVG per
 * chart, and a self-contained report.html (the same tables and the SVGs inline; no script, no network).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchResults, resultsSchema } from '../results.ts';
import { type Chart, renderChart, reportCharts } from './charts.ts';
import { reportTables, type Table } from './tables.ts';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function tableToMarkdown(table: Table): string {
  const lines = [`## ${table.title}`, ''];
  if (table.note) lines.push(table.note, '');
  lines.push(
    `| ${table.headers.map(escapeCell).join(' | ')} |`,
    `|${table.headers.map(() => '---').join('|')}|`,
  );
  for (const row of table.rows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

function tableToHtml(table: Table): string {
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<section><h2>${escapeHtml(table.title)}</h2>${table.note ? `<p>${escapeHtml(table.note)}</p>` : ''}<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></section>`;
}

export function reportMarkdown(
  results: BenchResults,
  tables: readonly Table[],
  charts: readonly Chart[],
): string {
  const title = `# SeSPHR benchmark report (${results.quick ? 'quick' : 'full'} run)\n\n`;
  const chartList = charts.length
    ? `## Charts\n\n${charts.map((c) => `- [${c.title}](${c.name}.svg)`).join('\n')}\n\n`
    : '';
  return `${title}${tables.map(tableToMarkdown).join('\n')}\n${chartList}`;
}

export function reportHtml(
  results: BenchResults,
  tables: readonly Table[],
  charts: readonly { chart: Chart; svg: string }[],
): string {
  const style =
    'body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;font-size:.9em}figure{margin:1em 0}';
  const figures = charts.map(
    ({ chart, svg }) =>
      `<figure class="chart" data-chart="${escapeHtml(chart.name)}"><figcaption>${escapeHtml(chart.title)}</figcaption>${svg.replace(/^<\?xml[^>]*>\s*/, '')}</figure>`,
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>SeSPHR benchmark report</title><style>${style}</style></head>
<body><h1>SeSPHR benchmark report (${results.quick ? 'quick' : 'full'} run, ${escapeHtml(results.date)})</h1>
${tables.map(tableToHtml).join('\n')}
<section><h2>Charts</h2>
${figures.join('\n')}
</section></body></html>
`;
}

export interface WrittenReport {
  readonly files: readonly string[];
  readonly charts: readonly string[];
}

export async function writeReport(results: BenchResults, dir: string): Promise<WrittenReport> {
  resultsSchema.parse(results);
  mkdirSync(dir, { recursive: true });
  const tables = reportTables(results);
  const charts = reportCharts(results);
  const rendered = [];
  for (const chart of charts) rendered.push({ chart, svg: await renderChart(chart) });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    files.push(name);
  };
  write('results.json', `${JSON.stringify(results, null, 2)}\n`);
  write('report.md', reportMarkdown(results, tables, charts));
  for (const { chart, svg } of rendered) write(`${chart.name}.svg`, svg);
  write('report.html', reportHtml(results, tables, rendered));
  return { files, charts: charts.map((c) => c.name) };
}
