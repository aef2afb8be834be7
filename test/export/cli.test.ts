import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { HLPNG_NET_TYPE } from '../../src/export/pnml.ts';
import { assertWellFormed, example, PAPER_TRANSITIONS } from './helpers.ts';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sesphr-model-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('sesphr model', () => {
  it('--format pnml prints a PNML document of the paper layer', async () => {
    const { exitCode, output } = await runCli(['model', '--format', 'pnml']);
    expect(exitCode).toBe(0);
    assertWellFormed(output);
    expect(output).toContain(`type="${HLPNG_NET_TYPE}"`);
    for (const t of PAPER_TRANSITIONS) expect(output).toContain(`<name><text>${t}</text></name>`);
  });

  it('--format json --layer extended --variant hardened', async () => {
    const { exitCode, output } = await runCli([
      'model',
      '--format',
      'json',
      '--layer',
      'extended',
      '--variant',
      'hardened',
    ]);
    expect(exitCode).toBe(0);
    const json = JSON.parse(output);
    expect(json.config).toMatchObject({ layer: 'extended', variant: 'hardened' });
    const { net } = example({ layer: 'extended', variant: 'hardened' });
    expect(json.transitions.map((t: { name: string }) => t.name)).toEqual(net.transitions.map((t) => t.name));
    expect(json.transitions.map((t: { name: string }) => t.name)).toContain('Grant_RK');
  });

  it('--format dot and svg print the picture', async () => {
    const dot = await runCli(['model', '--format', 'dot']);
    expect(dot.exitCode).toBe(0);
    expect(dot.output).toMatch(/^digraph "sesphr-paper-paper" \{/);
    const svg = await runCli(['model', '--format', 'svg', '--layer', 'extended']);
    expect(svg.exitCode).toBe(0);
    expect(svg.output.startsWith('<svg')).toBe(true);
  });

  it('--out writes the file and says so', async () => {
    const file = join(await tempDir(), 'net.pnml');
    const { exitCode, output } = await runCli(['model', '--format', 'pnml', '--out', file]);
    expect(exitCode).toBe(0);
    expect(output).toContain(file);
    const written = await readFile(file, 'utf8');
    assertWellFormed(written);
    // The file holds exactly what standard output would have.
    const printed = await runCli(['model', '--format', 'pnml']);
    expect(written).toBe(printed.output);
    expect(output).toBe(
      `wrote pnml (${Buffer.byteLength(written, 'utf8')} bytes, paper layer, paper variant) to ${file}\n`,
    );
  });

  const bad: [string, string[], RegExp][] = [
    [
      'an unknown format',
      ['model', '--format', 'png'],
      /--format: expected one of json, dot, svg, pnml, got "png"/,
    ],
    [
      'an unknown layer',
      ['model', '--format', 'json', '--layer', 'full'],
      /--layer: expected one of paper, extended/,
    ],
    [
      'an unknown variant',
      ['model', '--format', 'json', '--variant', 'strong'],
      /--variant: expected one of paper, hardened/,
    ],
    ['no format', ['model'], /--format/],
    ['an unknown option', ['model', '--format', 'json', '--colour'], /Unknown argument: colour/],
  ];
  for (const [what, argv, message] of bad) {
    it(`exits 2 for ${what}`, async () => {
      const { exitCode, output } = await runCli(argv);
      expect(exitCode).toBe(2);
      expect(output).toMatch(message);
    });
  }

  it('exits 2 naming the problem when --out cannot be written', async () => {
    const dir = await tempDir();
    const missing = join(dir, 'no', 'such', 'dir', 'net.svg');
    const a = await runCli(['model', '--format', 'dot', '--out', missing]);
    expect(a.exitCode).toBe(2);
    expect(a.output).toContain(`--out: cannot write "${missing}": its directory does not exist`);
    const b = await runCli(['model', '--format', 'dot', '--out', dir]);
    expect(b.exitCode).toBe(2);
    expect(b.output).toContain(`--out: cannot write "${dir}": it is a directory`);
  });
});
