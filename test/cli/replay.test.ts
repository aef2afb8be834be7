/**
 * `sesphr replay <trace>`: exit 0 reproduced byte for byte, 1 differs, 2 cannot be read. What is checked
 * is what the command reports and its exit code, so every command line runs through `runCommand` (the
 * real binary in the full suite, in this process in the fast suite).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild, runCommand, scenario, scratch } from './helpers.ts';

let dir: string;
let trace: string;

beforeAll(async () => {
  ensureBuild();
  dir = scratch();
  trace = join(dir, 'curious.trace.json');
  const { code } = await runCommand([
    'simulate',
    scenario('10-curious-srs-paper.yaml'),
    '--trace',
    trace,
    '--secrets',
    '--backend',
    'mcl',
  ]);
  expect(code).toBe(0);
});

const edit = (name: string, change: (trace: Record<string, unknown>) => void) => {
  const json = JSON.parse(readFileSync(trace, 'utf8')) as Record<string, unknown>;
  change(json);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
};

describe('sesphr replay', () => {
  it('a trace replays byte for byte on the backend it was recorded on, and on the other one', async () => {
    const same = await runCommand(['replay', trace]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/: reproduced byte for byte on mcl — \d+ steps, \d+ holdings compared\n$/);
    const other = await runCommand(['replay', trace, '--backend', 'noble', '--json']);
    expect(other.code).toBe(0);
    const report = JSON.parse(other.stdout);
    expect(report).toMatchObject({
      reproduced: true,
      recordedBackend: 'mcl',
      backend: 'noble',
      differences: [],
    });
    expect(report.steps).toBeGreaterThan(0);
    expect(report).not.toHaveProperty('seed');
  });

  it('a trace without secrets replays its public transcript (no seed, so the bytes are not compared)', async () => {
    const open = join(dir, 'open.trace.json');
    const written = await runCommand(['simulate', scenario('10-curious-srs-paper.yaml'), '--trace', open]);
    expect(written.code).toBe(0);
    const text = readFileSync(open, 'utf8');
    expect(JSON.parse(text)).not.toHaveProperty('seed');
    const replay = await runCommand(['replay', open, '--json']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({
      reproduced: true,
      compared: 'transcript',
      differences: [],
    });
    const plain = await runCommand(['replay', open]);
    expect(plain.stdout).toMatch(/reproduced the public transcript on mcl .* the bytes were not compared/);
    // A wrong seed still reproduces the transcript but not the public bytes the trace records.
    const wrong = await runCommand(['replay', open, '--seed', 'not the seed', '--json']);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).compared).toBe('bytes');
  });

  it('a trace whose bytes were changed does not reproduce: exit 1, naming what differs', async () => {
    const tampered = edit('tampered.json', (t) => {
      const holdings = t.holdings as Record<string, Record<string, { sha256: string }>>;
      const [principal, items] = Object.entries(holdings).find(([, i]) => Object.keys(i).length > 0) ?? [];
      const [key, item] = Object.entries(items ?? {})[0] ?? [];
      if (!principal || !key || !item) throw new Error('fixture: the trace holds nothing');
      item.sha256 = '0'.repeat(64);
    });
    const { code, stdout } = await runCommand(['replay', tampered]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/: DIFFERS on mcl — 1 difference:\n {2}✗ .+ has other bytes\n$/);
    const json = await runCommand(['replay', tampered, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      reproduced: false,
      differences: [expect.stringMatching(/other bytes/)],
    });
  });

  it('a different seed gives other bytes: --seed overrides the recorded one', async () => {
    const { code, stdout } = await runCommand(['replay', trace, '--seed', 'not-the-seed', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.reproduced).toBe(false);
    expect(report.seed).toBe('not-the-seed');
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), /missing\.json: no such file/],
    [
      'a file that is not JSON',
      () => {
        const path = join(dir, 'garbage.json');
        writeFileSync(path, '{ not json');
        return path;
      },
      /garbage\.json: not JSON/,
    ],
    [
      'a trace without its seed',
      () =>
        edit('no-seed.json', (t) => {
          delete t.seed;
        }),
      /no-seed\.json: seed: /,
    ],
    [
      'an unknown backend',
      () => trace,
      /--backend: expected one of noble, mcl, got "openssl"/,
      ['--backend', 'openssl'],
    ],
  ])('%s is exit 2 with the reason', async (_what, makePath, message, extra: string[] = []) => {
    const { code, stdout, stderr } = await runCommand(['replay', makePath(), ...extra]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--out writes the report to a file', async () => {
    const out = join(dir, 'replay.json');
    const { code, stdout } = await runCommand(['replay', trace, '--json', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`reproduced: wrote the JSON report to ${out}\n`);
    expect(JSON.parse(readFileSync(out, 'utf8')).reproduced).toBe(true);
  });
});
