/**
 * No lost output: every command that can print more than a pipe's 64 KiB buffer prints all of it into a
 * pipe that is read slowly — byte for byte what the same command writes into a file (in the fast suite:
 * what it writes when run in this process) — and a reader that stops early (`| head -1`) makes the
 * command stop quietly.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAST } from '../helpers/effort.ts';
import {
  BIN,
  cleanEnv,
  ensureBuild,
  ROOT,
  runBinSlowReader,
  runBinToFile,
  runCommand,
  scenario,
  scratch,
} from './helpers.ts';

const PIPE_BUFFER = 64 * 1024;

/**
 * What the command writes, to compare the slowly read pipe with: the binary's standard output written
 * into a file in the full suite; in the fast suite the same command line run in this process with its
 * output captured (`runCommand`), which saves a process per case. The pipe is always a real process's.
 */
async function reference(args: readonly string[]): Promise<{ code: number | null; stdout: Buffer }> {
  if (!FAST) return runBinToFile(args);
  const { code, stdout } = await runCommand(args);
  return { code, stdout: Buffer.from(stdout, 'utf8') };
}

beforeAll(ensureBuild);

/**
 * The fastest shipped scenario with a description of some 70 KB (every report prints it, the text one
 * wrapped): in the fast suite one run of it is more than a pipe's buffer.
 */
function longDescription(): string {
  const yaml = readFileSync(scenario('13-paper-layer-net.yaml'), 'utf8');
  const description = Array.from(
    { length: 900 },
    (_, k) => `Line ${k + 1} of a long description, printed whole and wrapped in the report.`,
  ).join(' ');
  const file = join(scratch(), 'long-description.yaml');
  writeFileSync(file, yaml.replace(/^description: >\n(?: {2}.*\n)+/, `description: >\n  ${description}\n`));
  if (!readFileSync(file, 'utf8').includes('Line 900 of')) throw new Error('fixture: the description moved');
  return file;
}

/**
 * The runs of the simulate text report, more than a pipe's buffer in all: 30 runs of the fastest shipped
 * scenario in the full suite, one run of it with a long description in the fast suite.
 */
const TEXT_RUNS: string[] = FAST ? [longDescription()] : Array(30).fill(scenario('13-paper-layer-net.yaml'));
/**
 * The runs of the `| head -1` case: three scenarios, whose reports are streamed one by one, so a report
 * is written after head has gone (one short report fits in the pipe and would exit 0).
 */
const HEAD_RUNS: string[] = [
  scenario('13-paper-layer-net.yaml'),
  scenario('02-ungranted-partition.yaml'),
  scenario('09-cloud-insider.yaml'),
];

/** Deterministic outputs (no timings): compared byte for byte. */
const BYTE_EXACT: [string, string[]][] = [
  ['model --layer extended --format json', ['model', '--layer', 'extended', '--format', 'json']],
  ['model --layer extended --format svg', ['model', '--layer', 'extended', '--format', 'svg']],
  [
    `simulate, text report of ${TEXT_RUNS.length} run${TEXT_RUNS.length > 1 ? 's' : ''}`,
    ['simulate', '--seed', 'pipes', ...TEXT_RUNS],
  ],
];

describe('output into a slowly read pipe is complete', () => {
  for (const [name, args] of BYTE_EXACT) {
    it(`${name}: the pipe gets the same bytes as ${FAST ? 'the command writes' : 'a file'}`, async () => {
      const [piped, filed] = await Promise.all([runBinSlowReader(args), reference(args)]);
      expect(filed.code).toBe(0);
      expect(piped.code).toBe(0);
      expect(filed.stdout.length).toBeGreaterThan(PIPE_BUFFER);
      expect(piped.stderr).toBe('');
      expect(piped.stdout.equals(filed.stdout)).toBe(true);
    });
  }

  it(`simulate --json: the pipe gets the whole array; it equals the ${FAST ? 'captured' : 'file'} run except for the timings`, async () => {
    const args = [
      'simulate',
      '--json',
      '--seed',
      'pipes',
      scenario('01-paper-sharing-example.yaml'),
      scenario('13-paper-layer-net.yaml'),
      scenario('05-join-all-past.yaml'),
    ];
    const [piped, filed] = await Promise.all([runBinSlowReader(args), reference(args)]);
    expect(piped.code).toBe(0);
    expect(filed.stdout.length).toBeGreaterThan(PIPE_BUFFER);
    const withoutTimings = (bytes: Buffer) =>
      (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>[]).map(({ timings, ...rest }) => {
        expect(timings).toBeTypeOf('object');
        return rest;
      });
    const fromPipe = withoutTimings(piped.stdout);
    expect(fromPipe).toHaveLength(3);
    expect(fromPipe).toEqual(withoutTimings(filed.stdout));
    // The sizes differ only by the digits of the timings.
    expect(Math.abs(piped.stdout.length - filed.stdout.length)).toBeLessThan(3 * 200);
  });
});

describe('a reader that stops early', () => {
  /** `sesphr … | head -1` in bash; the exit status of sesphr itself comes from PIPESTATUS. */
  function pipeIntoHead(args: string[]) {
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return new Promise<{ status: number; line: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', `${quoted} | head -1; echo "sesphr-status=\${PIPESTATUS[0]}" >&2`], {
        cwd: ROOT,
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', () => {
        const match = /sesphr-status=(\d+)\n$/.exec(stderr);
        resolve({
          status: Number(match?.[1]),
          line: stdout,
          stderr: stderr.replace(/sesphr-status=\d+\n$/, ''),
        });
      });
    });
  }

  it.each([
    ['model --format json --layer extended', ['model', '--format', 'json', '--layer', 'extended']],
    ['simulate of three scenarios', ['simulate', '--seed', 'p', ...HEAD_RUNS]],
  ])('%s | head -1: one line, nothing on stderr, exit 141', async (_name, args) => {
    const { status, line, stderr } = await pipeIntoHead(args);
    expect(line.split('\n').filter(Boolean)).toHaveLength(1);
    expect(stderr).toBe('');
    expect(status).toBe(141);
  });
});
