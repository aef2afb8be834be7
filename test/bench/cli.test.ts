/** `sesphr bench` rejects bad flags with exit code 2 and a message naming the flag, before measuring anything. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';

describe('sesphr bench: flag validation', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown suite', ['bench', '--suite', 'keygn'], /suite/],
    ['--suite without a value', ['bench', '--suite'], /suite/],
    ['an unknown flag', ['bench', '--quik'], /quik/],
    ['--out without a value', ['bench', '--out'], /out/],
    ['a positional too many', ['bench', 'extra'], /extra|argument/],
  ];
  for (const [name, argv, message] of cases) {
    it(`exit 2 for ${name}`, async () => {
      const result = await runCli(argv);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });
  }

  it('exit 2 when --out names a file, not a directory', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sesphr-bench-cli-')), 'taken');
    writeFileSync(file, 'x');
    const result = await runCli(['bench', '--suite', 'reenc', '--out', file]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--out: cannot write into/);
  });

  it('the help names every suite', async () => {
    const result = await runCli(['help', 'bench']);
    expect(result.exitCode).toBe(0);
    for (const suite of ['keygen', 'encdec', 'reenc', 'turnaround', 'scaling', 'peers', 'verify', 'all'])
      expect(result.stdout).toContain(suite);
  });
});
