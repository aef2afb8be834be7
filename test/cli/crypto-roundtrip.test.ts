import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { ROUNDTRIP_STEPS } from '../../src/crypto/roundtrip.ts';
import { FAST } from '../helpers/effort.ts';
import { ensureBuild, ROOT, runBin, runCommand, scratch } from './helpers.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(ensureBuild);

type Combination = readonly ['noble' | 'mcl', 'paper' | 'hardened', 'hybrid' | 'literal'];

/**
 * Backend × variant × mode: every combination in the full suite; in the fast suite four that hold every
 * value of each and every pair of values of any two (an orthogonal array), two of them on noble.
 */
const COMBINATIONS: readonly Combination[] = FAST
  ? [
      ['noble', 'paper', 'hybrid'],
      ['noble', 'hardened', 'literal'],
      ['mcl', 'paper', 'literal'],
      ['mcl', 'hardened', 'hybrid'],
    ]
  : (['noble', 'mcl'] as const).flatMap((backend) =>
      (['paper', 'hardened'] as const).flatMap((variant) =>
        (['hybrid', 'literal'] as const).map((mode): Combination => [backend, variant, mode]),
      ),
    );

describe('sesphr crypto roundtrip', () => {
  for (const [backend, variant, mode] of COMBINATIONS) {
    it(`--json succeeds: ${backend}, ${variant}, ${mode}`, async () => {
      const { exitCode, output } = await runCli([
        'crypto',
        'roundtrip',
        '--json',
        '--size',
        '20KiB',
        '--partitions',
        '3',
        '--backend',
        backend,
        '--variant',
        variant,
        '--mode',
        mode,
      ]);
      const report = JSON.parse(output);
      expect(exitCode).toBe(0);
      expect(report).toMatchObject({
        ok: true,
        backend,
        variant,
        mode,
        sizeBytes: 20480,
        partitions: 3,
        mismatched: [],
      });
      expect(Object.keys(report.timingsMs)).toEqual([...ROUNDTRIP_STEPS]);
      for (const ms of Object.values(report.timingsMs)) expect(ms).toBeGreaterThanOrEqual(0);
      expect(report.timingsMs.decrypt).toBeGreaterThan(0);
    });
  }

  it('the installed binary runs with defaults, prints a step table and exits 0', async () => {
    const { code, stdout } = await runBin(['crypto', 'roundtrip', '--size', '1KiB']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/encryptAndSign/);
    expect(stdout).toMatch(/OK: every partition decrypted/);
  });

  it.each([
    [['crypto', 'roundtrip', '--size', 'lots'], /--size/],
    [['crypto', 'roundtrip', '--partitions', '0'], /--partitions/],
    [['crypto', 'roundtrip', '--mode', 'rot13'], /--mode/],
    [['crypto', 'roundtrip', '--backend', 'openssl'], /--backend/],
    [['crypto', 'roundtrip', '--variant', 'weird'], /--variant/],
    [['crypto', 'roundtrip', '--no-such-option'], /Unknown argument: no-such-option/],
    [['crypto'], /crypto subcommand/],
    [[], /name a command/],
  ])('bad arguments %j exit 2 with a message naming the problem', async (args, message) => {
    const { code, stderr, stdout } = await runCommand(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('--json names the tool, and the seed only when one was given', async () => {
    const unseeded = JSON.parse((await runCli(['crypto', 'roundtrip', '--json', '--size', '1KiB'])).output);
    expect(unseeded.tool).toEqual({ name: 'sesphr', version: VERSION });
    expect(unseeded).not.toHaveProperty('seed');
    const seeded = JSON.parse(
      (await runCli(['crypto', 'roundtrip', '--json', '--size', '1KiB', '--seed', 's'])).output,
    );
    expect(seeded.seed).toBe('s');
  });

  it('--out writes the report to the file and says so', async () => {
    const out = join(scratch(), 'roundtrip.json');
    const { code, stdout } = await runCommand([
      'crypto',
      'roundtrip',
      '--size',
      '1KiB',
      '--json',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe(`OK: wrote the JSON report to ${out}\n`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ ok: true, sizeBytes: 1024 });
  });
});
