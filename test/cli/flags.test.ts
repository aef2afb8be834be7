/**
 * Flags, help and usage errors: bad input is one line on stderr naming what was wrong and exit 2, with
 * nothing on stdout. The command lines run through `runUsage`/`runCommand`: on the real binary in the
 * full suite, in this process (the same parser and messages) in the fast suite.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { ensureBuild, ROOT, runCommand, runUsage, scenario } from './helpers.ts';

beforeAll(ensureBuild);

const SCENARIO = scenario('02-ungranted-partition.yaml');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

async function usageError(args: string[]): Promise<string> {
  const { code, stdout, stderr } = await runUsage(args);
  expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
  // One line: the message and nothing else (no usage dump, no stack trace).
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  return stderr;
}

describe('a flag without its value is exit 2 naming the flag', () => {
  it.each([
    [['simulate', SCENARIO, '--trace'], '--trace'],
    [['simulate', SCENARIO, '--backend'], '--backend'],
    [['simulate', SCENARIO, '--seed'], '--seed'],
    [['simulate', SCENARIO, '--trace', '--json'], '--trace'],
    [['simulate', SCENARIO, '--seed='], '--seed'],
    [['simulate', SCENARIO, '--grep'], '--grep'],
    [['simulate', SCENARIO, '--reporter'], '--reporter'],
    [['simulate', SCENARIO, '--out'], '--out'],
    [['simulate', SCENARIO, '--junit'], '--junit'],
    [['crypto', 'roundtrip', '--size'], '--size'],
    [['crypto', 'roundtrip', '--partitions'], '--partitions'],
    [['crypto', 'roundtrip', '--seed'], '--seed'],
    [['crypto', 'roundtrip', '--size', '--json'], '--size'],
    [['crypto', 'roundtrip', '--seed', ''], '--seed'],
    [['model', '--format'], '--format'],
    [['model', '--format', 'dot', '--out'], '--out'],
    [['replay', 'x.json', '--backend'], '--backend'],
  ])('%j', async (args, flag) => {
    const message = await usageError(args);
    expect(message).toContain(`${flag}: expected a value`);
  });

  it('a flag given twice is refused, not silently the last one', async () => {
    expect(await usageError(['crypto', 'roundtrip', '--seed', 'a', '--seed', 'b'])).toContain(
      '--seed: given 2 times',
    );
  });
});

describe('unknown and misspelt flags and commands', () => {
  it.each([
    [['model', '--formt', 'dot'], '--formt', '--format'],
    [['simulate', SCENARIO, '--bakend', 'mcl'], '--bakend', '--backend'],
    [['simulate', SCENARIO, '--jsn'], '--jsn', '--json'],
    [['crypto', 'roundtrip', '--partition', '3'], '--partition', '--partitions'],
    [['replay', 'x.json', '--sed', '1'], '--sed', '--seed'],
  ])('%j names the flag and suggests the right one', async (args, typed, meant) => {
    const message = await usageError(args);
    expect(message).toContain(`there is no ${typed};`);
    expect(message).toContain(`did you mean ${meant}?`);
    expect(message).not.toMatch(/required/);
  });

  it('a misspelt negation is named as typed', async () => {
    const message = await usageError(['crypto', 'roundtrip', '--no-jsn']);
    expect(message).toBe(
      'sesphr crypto roundtrip: Unknown argument: no-jsn (there is no --no-jsn; did you mean --no-json?)\n',
    );
  });

  it('a flag like nothing known is named, with where to look', async () => {
    const message = await usageError(['model', '--format', 'json', '--colour']);
    expect(message).toMatch(/there is no --colour; see sesphr help model/);
  });

  it('an extra positional argument is named', async () => {
    expect(await usageError(['model', 'extra', '--format', 'dot'])).toMatch(/Unknown argument: extra/);
  });

  it.each([
    [['simulat', SCENARIO], '"simulat"', '"simulate"'],
    [['replya', 'x'], '"replya"', '"replay"'],
    [['crypto', 'roundtrp'], '"roundtrp"', '"roundtrip"'],
    [['help', 'modle'], '"modle"', '"model"'],
  ])('unknown command %j suggests the right one', async (args, typed, meant) => {
    const message = await usageError(args);
    expect(message).toContain(`unknown`);
    expect(message).toContain(typed);
    expect(message).toContain(`did you mean ${meant}?`);
  });

  it.each([
    [[], /name a command/],
    [['crypto'], /name a crypto subcommand \(roundtrip\)/],
    [['simulate'], /name at least one scenario file or directory/],
    [['replay'], /name the trace file to replay/],
  ])('%j says what is missing', async (args, message) => {
    expect(await usageError(args)).toMatch(message);
  });
});

describe('incompatible combinations are refused', () => {
  it.each([
    [
      ['crypto', 'roundtrip', '--mode', 'literal', '--aead', 'xchacha20-poly1305'],
      /--aead cannot be used with --mode literal/,
    ],
    [['simulate', SCENARIO, '--secrets'], /--secrets needs --trace/],
    [
      ['simulate', SCENARIO, '--json', '--reporter', 'tap'],
      /--json and --reporter tap cannot be used together/,
    ],
    [['simulate', SCENARIO, '--out', 'a.xml', '--junit', 'a.xml'], /--out and --junit name the same file/],
    [
      ['model', '--format', 'json', '--scenario', SCENARIO, '--layer', 'extended'],
      /--layer and --scenario cannot be used together/,
    ],
    [
      ['model', '--format', 'json', '--scenario', SCENARIO, '--variant', 'paper'],
      /--variant and --scenario cannot be used together/,
    ],
  ])('%j', async (args, message) => {
    expect(await usageError(args)).toMatch(message);
  });

  it('--mode literal without --aead runs (the default AEAD is not an explicit choice)', async () => {
    const { code, stdout } = await runCommand([
      'crypto',
      'roundtrip',
      '--mode',
      'literal',
      '--size',
      '1KiB',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ mode: 'literal', aead: null, ok: true });
  });
});

describe('values are checked and named', () => {
  it.each([
    [
      ['crypto', 'roundtrip', '--size', '3GiB'],
      /^sesphr crypto roundtrip: --size: at most 1 GiB \(1073741824 bytes\), got "3GiB"$/m,
    ],
    [['crypto', 'roundtrip', '--size', 'lots'], /--size: expected a size such as/],
    [['crypto', 'roundtrip', '--size', '1.5'], /--size: "1.5" is not a whole number of bytes/],
    [['crypto', 'roundtrip', '--partitions', '1.5e3'], /--partitions: expected a whole number, got "1.5e3"/],
    [['crypto', 'roundtrip', '--partitions', '0'], /--partitions: expected 1 to 255, got 0/],
    [
      ['simulate', SCENARIO, '--backend', 'openssl'],
      /--backend: expected one of noble, mcl, auto, got "openssl"/,
    ],
    [
      ['simulate', SCENARIO, '--reporter', 'xml'],
      /--reporter: expected one of text, json, tap, junit, got "xml"/,
    ],
    [['simulate', SCENARIO, '--grep', '('], /--grep: not a valid regular expression/],
    [
      ['simulate', SCENARIO, '--grep', 'no-such-scenario'],
      /--grep: "no-such-scenario" matches none of the 1 scenario/,
    ],
  ])('%j', async (args, message) => {
    expect(await usageError(args)).toMatch(message);
  });

  it('counts read as English: 1 byte, 1 partition', async () => {
    const { code, stdout } = await runCommand(['crypto', 'roundtrip', '--size', '1', '--partitions', '1']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/, 1 byte in 1 partition, \d+ bytes uploaded/);
    expect(stdout).not.toMatch(/\b1 bytes\b|partition\(s\)/);
  });
});

describe('help and version', () => {
  it('-V, --version and a command with --version print the package version', async () => {
    for (const args of [['-V'], ['--version'], ['model', '--version']]) {
      const { code, stdout, stderr } = await runCommand(args);
      expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('-h is --help; sesphr help <command> is <command> --help', async () => {
    const pairs: [string[], string[]][] = [
      [['-h'], ['--help']],
      [['help'], ['--help']],
      [
        ['help', 'simulate'],
        ['simulate', '--help'],
      ],
      [
        ['help', 'crypto', 'roundtrip'],
        ['crypto', 'roundtrip', '-h'],
      ],
    ];
    for (const [a, b] of pairs) {
      const [x, y] = await Promise.all([runCommand(a), runCommand(b)]);
      expect(x.code).toBe(0);
      expect(x.stdout.length).toBeGreaterThan(100);
      expect(x.stdout).toBe(y.stdout);
    }
  });

  it('every help page lists the exit codes', async () => {
    const EXIT_CODES =
      /Exit codes:\n\s+0 {2}everything as expected\n\s+1 {2}a check failed.*\n\s+2 {2}bad input or usage/;
    /** The commands in a help page's "Commands:" section (`sesphr crypto <command>` → `crypto`), in order. */
    const listed = (page: string, prefix: string[]) => {
      const section = /^Commands:\n((?:.+\n)+)/m.exec(page)?.[1] ?? '';
      const line = new RegExp(`^ {2}sesphr ${prefix.map((w) => `${w} `).join('')}([a-z][\\w-]*)`, 'gm');
      return [...section.matchAll(line)].map((m) => m[1] as string);
    };
    // Every page: the top-level one, each command's, and each subcommand's of a command group.
    const top = await runCommand(['--help']);
    expect(top.stdout).toMatch(EXIT_CODES);
    const commands = listed(top.stdout, []);
    expect(commands).toEqual(expect.arrayContaining(['simulate', 'model', 'replay', 'crypto', 'help']));
    const pages: string[][] = [];
    for (const command of commands) {
      const { stdout } = await runCommand(['help', command]);
      expect(stdout, `sesphr help ${command}`).toMatch(EXIT_CODES);
      for (const sub of listed(stdout, [command])) pages.push(['help', command, sub]);
    }
    expect(pages).toContainEqual(['help', 'crypto', 'roundtrip']);
    for (const args of pages) expect((await runCommand(args)).stdout, args.join(' ')).toMatch(EXIT_CODES);
  });

  it('numeric options show as numbers, with their defaults', async () => {
    const { stdout } = await runCommand(['help', 'crypto', 'roundtrip']);
    expect(stdout).toMatch(/--partitions .*\[number\] \[default: 4\]/s);
    expect(stdout).not.toMatch(/\[default: "4"\]/);
  });

  it('the top-level help lists every command', async () => {
    const { stdout } = await runCommand(['--help']);
    for (const command of [
      'simulate <paths..>',
      'replay <trace>',
      'model',
      'crypto <command>',
      'help [command..]',
    ])
      expect(stdout).toContain(`sesphr ${command}`);
  });
});

describe('a rejected command line starts nothing', () => {
  // yargs calls a command's handler before strict parsing rejects the line; main.ts must not run it
  // (a benchmark or a verification would otherwise run in the background, writing its output).
  const lines: [string, (dir: string) => string[]][] = [
    [
      'simulate --trace',
      (d) => ['simulate', scenario('01-paper-sharing-example.yaml'), '--trace', d, '--bogus'],
    ],
    ['bench --out', (d) => ['bench', '--suite', 'reenc', '--quick', '--out', d, '--bogus']],
    ['verify --smt-out', (d) => ['verify', '--property', 'P1', '--smt-out', d, '--bogus']],
    ['verify --counterexamples', (d) => ['verify', '--property', 'CLOUD', '--counterexamples', d, '--bogus']],
    ['explore', (d) => ['explore', '--users', '1', '--depth', '1', '--bogus', d]],
  ];
  for (const [name, argv] of lines) {
    it(`${name} with an unknown flag or positional: exit 2, and no output directory created`, async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'sesphr-rejected-')), 'out');
      const result = await runCli(argv(dir));
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/Unknown argument|argument/);
      expect(existsSync(dir)).toBe(false);
    });
  }
});
