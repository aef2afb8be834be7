import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCharts } from '../../src/bench/report/charts.ts';
import { writeReport } from '../../src/bench/report/write.ts';
import { type BenchResults, resultsSchema } from '../../src/bench/results.ts';
import { runBench } from '../../src/bench/run.ts';
import { launchChromium } from '../helpers/chromium.ts';
import { FAST } from '../helpers/effort.ts';

/** The fast suite leaves out scaling (its two child processes); the full suite runs all three. */
const SUITES = FAST ? (['encdec', 'reenc'] as const) : (['encdec', 'reenc', 'scaling'] as const);

let dir: string;
let results: BenchResults;
let files: readonly string[];
let charts: readonly string[];
let context: BrowserContext | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sesphr-bench-report-'));
  results = await runBench({
    quick: true,
    suites: SUITES,
    backends: ['mcl'],
    overrides: { sizesKB: [50], modes: ['hybrid', 'literal'], partitionCounts: [1, 2], userCounts: [2] },
    tool: { name: 'sesphr', version: 'test' },
  });
  ({ files, charts } = await writeReport(results, join(dir, 'report')));
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const read = (name: string) => readFile(join(dir, 'report', name), 'utf8');

describe('results.json', () => {
  it('passes the schema after a round trip through the file', async () => {
    const parsed = resultsSchema.parse(JSON.parse(await read('results.json')));
    expect(parsed.suites).toEqual([...SUITES]);
    expect(parsed.machine.cores).toBeGreaterThan(0);
    expect(parsed.machine.versions['mcl-wasm']).toMatch(/^\d+\.\d+/);
  });

  it('has the figures asked for, each with its samples, and floors that point at them', () => {
    const ids = new Set(results.figures.map((f) => f.id));
    for (const id of [
      'encdec.encrypt.hybrid.mcl.50KB',
      'encdec.decrypt.literal.mcl.50KB',
      'reenc.partition.paper.mcl',
      'reenc.request.hardened.mcl',
      ...(FAST
        ? []
        : ['scaling.partitions.decrypt.2', 'scaling.srsUsers.2', 'scaling.peakRss.2', 'scaling.rss.2']),
      'primitive.gtCheckGeneric.mcl',
      'primitive.pairing.mcl',
    ])
      expect(ids, id).toContain(id);
    expect(ids.size).toBe(results.figures.length);
    for (const f of results.figures) expect(f.samples.length).toBeGreaterThan(0);
    expect(results.floors.length).toBeGreaterThan(0);
    for (const floor of results.floors) {
      expect(ids).toContain(floor.figure);
      expect(ids).toContain(floor.floorFigure);
      for (const part of floor.parts) expect(ids).toContain(part.primitive);
      expect(floor.overhead).toBeCloseTo(floor.measuredMs / floor.floorMs, 9);
      expect(floor.summedOverhead).toBeCloseTo(floor.measuredMs / floor.summedFloorMs, 9);
      // the step and its composite floor come from one interleaved measurement: as many samples each
      const step = results.figures.find((f) => f.id === floor.figure);
      const composite = results.figures.find((f) => f.id === floor.floorFigure);
      expect(composite?.samples.length).toBe(step?.samples.length);
    }
    // only noble is missing, so the ratios that need it (or a suite not run) are null, not guessed
    expect(results.ratios.mclVsNoblePairing).toBeNull();
    expect(results.ratios.gtCheckFastVsGeneric).toBeGreaterThan(0);
    expect(results.ratios.reEncryptOverFloor).toBeGreaterThan(0);
  });
});

describe('report.md and the SVG charts', () => {
  it('report.md has the machine, ratio, paper-figure and floor tables', async () => {
    const md = await read('report.md');
    for (const heading of [
      '## Machine',
      '## Ratios',
      '## Fig. 4',
      '## Fig. 5',
      '## Protocol steps against their floors',
    ])
      expect(md).toContain(heading);
    expect(md).toContain('different machine and language');
  });

  it('writes one SVG per chart, each well-formed XML with drawn marks', async () => {
    expect(charts).toEqual(reportCharts(results).map((c) => c.name));
    expect(charts).toEqual(
      expect.arrayContaining([
        'fig4-encryption',
        'fig5-decryption',
        'ratio-floor',
        ...(FAST ? [] : ['scaling-partitions']),
      ]),
    );
    for (const name of charts) {
      expect(files).toContain(`${name}.svg`);
      const svg = await read(`${name}.svg`);
      expect(XMLValidator.validate(svg), name).toBe(true);
      expect(svg.match(/class="mark-(line|symbol|rect)/g)?.length ?? 0, name).toBeGreaterThan(0);
    }
  });
});

describe('report.html in headless Chromium', () => {
  it('renders every chart, with no console error and no network request', async () => {
    context = await launchChromium(dir, { width: 1400, height: 1000 });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(join(dir, 'report', 'report.html')).href;
    await page.goto(url, { waitUntil: 'load' });
    const rendered = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          name: f.getAttribute('data-chart'),
          marks: svg ? svg.querySelectorAll('.mark-line path, .mark-symbol path, .mark-rect path').length : 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
        };
      }),
    );
    expect(rendered.map((r) => r.name)).toEqual([...charts]);
    for (const chart of rendered) {
      expect(chart.marks, `${chart.name}: marks`).toBeGreaterThan(0);
      expect(chart.width, `${chart.name}: width`).toBeGreaterThan(100);
      expect(chart.height, `${chart.name}: height`).toBeGreaterThan(50);
    }
    expect(await page.$$eval('table', (t) => t.length)).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
  }, 90_000);
});
