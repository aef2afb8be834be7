/**
 * Output that fits the terminal: tables fit COLUMNS, plain ASCII when the locale is not UTF-8 (or with
 * --ascii), and a progress bar on standard error only when it is a terminal (a pseudo-terminal from
 * util-linux `script`) and not --quiet. What depends only on the environment (COLUMNS, the locale) runs
 * through `runCommand` (the real binary in the full suite; in this process, on a smaller scenario, in the
 * fast suite); what depends on the process's own streams runs the real binary in every suite.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST } from '../helpers/effort.ts';
import { BIN, cleanEnv, ensureBuild, ROOT, runBin, runCommand, scenario, scratch } from './helpers.ts';

beforeAll(ensureBuild);

/**
 * A report with Unicode in it (box rules, ✓, ×) and a step table wider than 80 columns:
 * 16-departed-user-coalition in the full suite, 13-paper-layer-net (the fastest scenario) in the fast suite.
 */
const WIDE_NAME = FAST ? '13-paper-layer-net' : '16-departed-user-coalition';
const WIDE = scenario(`${WIDE_NAME}.yaml`);
/** A scenario whose JSON report holds characters outside ASCII (§, –): the one to transliterate wrongly. */
const UNICODE_DATA = scenario('16-departed-user-coalition.yaml');

/** The lines of the step table: from its header to the first blank line. */
function stepTable(report: string): string[] {
  const all = report.split('\n');
  const start = all.findIndex((l) => /^#\s+step\s/.test(l));
  const end = all.indexOf('', start);
  expect(start).toBeGreaterThanOrEqual(0);
  return all.slice(start, end);
}

describe('tables fit the terminal', () => {
  it('COLUMNS=80: every line of the step table fits; without it, the table is as wide as its content', async () => {
    const [wide, narrow] = await Promise.all([
      runCommand(['simulate', WIDE, '--seed', 't']),
      runCommand(['simulate', WIDE, '--seed', 't'], { env: cleanEnv({ COLUMNS: '80' }) }),
    ]);
    expect([wide.code, narrow.code]).toEqual([0, 0]);
    expect(Math.max(...stepTable(wide.stdout).map((l) => stringWidth(l)))).toBeGreaterThan(80);
    const fitted = stepTable(narrow.stdout);
    for (const line of fitted) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    expect(fitted.length).toBeGreaterThan(stepTable(wide.stdout).length);
  });
});

describe('ASCII when the locale is not UTF-8', () => {
  it.each([
    ['LANG=C', { LANG: 'C' }, []],
    ['no locale at all', { LANG: undefined }, []],
    ['LC_ALL=C over LANG=C.UTF-8', { LC_ALL: 'C', LANG: 'C.UTF-8' }, []],
    ['--ascii in a UTF-8 locale', {}, ['--ascii']],
  ])('%s: the text report is pure ASCII', async (_what, env, flags) => {
    const { code, stdout } = await runCommand(['simulate', WIDE, '--seed', 't', ...flags], {
      env: cleanEnv(env),
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^[\x20-\x7e\n]+$/);
    expect(stdout).toMatch(new RegExp(`^== ${WIDE_NAME} `));
    expect(stdout).toMatch(/granted ok/);
  });

  it('LC_ALL=en_US.UTF-8 over LANG=C keeps Unicode', async () => {
    const { stdout } = await runCommand(['simulate', WIDE, '--seed', 't'], {
      env: cleanEnv({ LANG: 'C', LC_ALL: 'en_US.UTF-8' }),
    });
    expect(stdout).toMatch(new RegExp(`^━━ ${WIDE_NAME} `));
  });

  it('--json does not depend on the locale (data is never transliterated)', async () => {
    const args = ['simulate', UNICODE_DATA, '--seed', 't', '--json'];
    const [c, utf8] = await Promise.all([
      runCommand(args, { env: cleanEnv({ LANG: 'C' }) }),
      runCommand(args),
    ]);
    const strip = (text: string) =>
      (JSON.parse(text) as Record<string, unknown>[]).map(({ timings: _timings, ...rest }) => rest);
    expect(utf8.stdout).toMatch(/[^\p{ASCII}]/u);
    expect(strip(c.stdout)).toEqual(strip(utf8.stdout));
  });

  it('crypto roundtrip honours the locale too', async () => {
    const { stdout } = await runCommand(['crypto', 'roundtrip', '--size', '1KiB'], {
      env: cleanEnv({ LANG: 'C' }),
    });
    expect(stdout).toMatch(/^[\x20-\x7e\n]+$/);
    expect(stdout).toMatch(/SeSPHR round trip - paper variant/);
  });
});

describe('progress on standard error', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;

  /** Runs the binary with standard error on a pseudo-terminal and standard output into a file. */
  function withTerminalStderr(args: string[]): { terminal: string; stdout: string } {
    expect(hasScript).toBe(true);
    const out = join(scratch(), 'stdout');
    const command = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ');
    // A wide terminal, so the bar shows scenario names whole.
    const run = spawnSync(
      'script',
      ['-q', '-e', '-c', `stty cols 160 rows 40; ${command} > '${out}'`, '/dev/null'],
      {
        cwd: ROOT,
        env: cleanEnv(),
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(0);
    return { terminal: run.stdout, stdout: readFileSync(out, 'utf8') };
  }

  const TWO = [scenario('13-paper-layer-net.yaml'), scenario('02-ungranted-partition.yaml'), '--seed', 't'];

  it('a terminal gets a progress bar through every scenario; standard output gets only the report', () => {
    const { terminal, stdout } = withTerminalStderr(['simulate', ...TWO]);
    expect(terminal).toMatch(/simulate .*\d+% \| scenario 1\/2 13-paper-layer-net \| step \d+\/7/);
    expect(terminal).toMatch(/scenario 2\/2 02-ungranted-partition \| step \d+\/9/);
    expect(stdout).toMatch(/^━━ 13-paper-layer-net/);
    expect(stdout).not.toMatch(/scenario 1\/2/);
    expect(stdout.includes('\u001b')).toBe(false);
  });

  it('--quiet: nothing on the terminal', () => {
    const { terminal, stdout } = withTerminalStderr(['simulate', ...TWO, '--quiet']);
    expect(terminal).toBe('');
    expect(stdout).toMatch(/2 of 2 scenarios passed\n$/);
  });

  it('not a terminal: nothing on standard error', async () => {
    const { code, stderr } = await runBin(['simulate', ...TWO]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
