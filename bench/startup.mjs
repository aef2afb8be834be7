#!/usr/bin/env node
/**
 * Start-up time of the `sesphr` command, as ratios over a bare `node -e 0` (docs/cli/build.md).
 *
 *   node bench/startup.mjs [--runs N] [--bin PATH] [--json]
 *
 * Each command runs N times (default 15) as a child process with its output discarded; the table gives
 * the median and the ratio of the median over `node -e 0`'s median. `--bin` measures another copy of
 * `bin/sesphr.js` (for example the one in a worktree at an older commit). The machine is noisy and
 * shared: trust the ratios, not the absolute times, and compare runs made minutes apart.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    bin: { type: 'string', default: fileURLToPath(new URL('../bin/sesphr.js', import.meta.url)) },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs: expected a whole number ≥ 1, got "${values.runs}"\n`);
  process.exit(2);
}
const scenario = fileURLToPath(new URL('../scenarios/02-ungranted-partition.yaml', import.meta.url));
const cases = [
  ['node -e 0', ['-e', '0']],
  ['sesphr --version', [values.bin, '--version']],
  ['sesphr --help', [values.bin, '--help']],
  ['sesphr model --format dot', [values.bin, 'model', '--format', 'dot']],
  ['sesphr simulate (one scenario)', [values.bin, 'simulate', scenario, '--seed', 'bench']],
];

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const results = [];
for (const [name, args] of cases) {
  const samples = [];
  for (let k = 0; k < runs; k++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (child.status !== 0) {
      process.stderr.write(`${name} exited ${child.status}: ${child.stderr}\n`);
      process.exit(1);
    }
  }
  results.push({ name, medianMs: median(samples), minMs: Math.min(...samples) });
}
const base = results[0].medianMs;
for (const r of results) r.ratio = r.medianMs / base;

if (values.json) process.stdout.write(`${JSON.stringify({ runs, bin: values.bin, results }, null, 2)}\n`);
else {
  const rows = results.map((r) => [
    r.name,
    r.medianMs.toFixed(0),
    r.minMs.toFixed(0),
    `${r.ratio.toFixed(1)}×`,
  ]);
  const headers = ['command', 'median ms', 'min ms', '× node -e 0'];
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  process.stdout.write(
    `${[line(headers), ...rows.map(line)].join('\n')}\n(${runs} runs each, ${values.bin})\n`,
  );
}
