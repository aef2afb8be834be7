/**
 * Running the real `bin/sesphr.js` as a child process, as a shell or a CI job would. The build in dist/
 * is brought up to date first (bin/build.js is safe to run from several test files at once), so these
 * tests exercise the JavaScript that `npm ci` ships, never a stale copy.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBuild } from '../../bin/build-info.js';
import { FAST } from '../helpers/effort.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/sesphr.js');
export const SCENARIOS = join(ROOT, 'scenarios');
export const scenario = (name: string) => join(SCENARIOS, name);

/** Builds dist/ unless it is already the build of the sources as they are. */
export function ensureBuild(): void {
  if (checkBuild().fresh) return;
  execFileSync(process.execPath, [join(ROOT, 'bin/build.js')], { cwd: ROOT, stdio: 'inherit' });
}

export const scratch = (prefix = 'sesphr-cli-') => mkdtempSync(join(tmpdir(), prefix));

/** The environment of a plain UTF-8 shell: no terminal width, no debugging, no CI markers. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8' };
  for (const key of ['LC_ALL', 'LC_CTYPE', 'COLUMNS', 'SESPHR_DEBUG', 'FORCE_COLOR', 'NO_COLOR'])
    delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export interface BinResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Standard output as it arrived, one chunk per read (what was written before what). */
  readonly stdoutChunks: readonly Buffer[];
}

/** Runs the binary with pipes for standard output and error, reading both as fast as they come. */
export function runBin(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        stdoutChunks: out,
      }),
    );
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Runs the binary with standard output a pipe that is read slowly: `chunkBytes` at a time, `delayMs`
 * apart, so the pipe is full most of the time and the process must wait for its reader. Returns the
 * bytes exactly as read.
 */
export function runBinSlowReader(
  args: readonly string[],
  options: { chunkBytes?: number; delayMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const chunkBytes = options.chunkBytes ?? 16 * 1024;
  const delayMs = options.delayMs ?? 15;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    let exited: number | null | undefined;
    let ended = false;
    const finish = () => {
      if (ended && exited !== undefined)
        resolve({ code: exited, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    };
    child.on('exit', (code) => {
      exited = code;
      finish();
    });
    const stream = child.stdout;
    stream.pause();
    const pump = () => {
      const chunk = (stream.read(chunkBytes) ?? stream.read()) as Buffer | null;
      if (chunk) out.push(chunk);
      if (stream.readableEnded) return;
      setTimeout(pump, delayMs);
    };
    stream.on('end', () => {
      ended = true;
      finish();
    });
    // `read(n)` returns null until n bytes are buffered or the stream ends; 'readable' covers the end.
    stream.on('readable', () => {});
    setTimeout(pump, delayMs);
  });
}

/** Runs the binary with standard output written straight into a file; returns the file's bytes. */
export function runBinToFile(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const file = join(scratch(), 'stdout');
  const fd = openSync(file, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: options.env ?? cleanEnv(),
      stdio: ['ignore', fd, 'pipe'],
    });
    const err: Buffer[] = [];
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(fd);
      resolve({ code, stdout: readFileSync(file), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/**
 * A command line whose subject is what the command prints and its exit code, not the process: on the real
 * binary in the full suite; in the fast suite (SESPHR_FAST=1) the same command line runs in this process
 * through `runCli`, in the same environment — the same parser, commands and messages, without a process start
 * per case (relative paths resolve against this process's working directory, the project root when vitest
 * runs there, as `runBin`'s children do). The CLI reads everything it takes from its environment (the locale:
 * LC_ALL, LC_CTYPE, LANG; COLUMNS; SESPHR_DEBUG) from its IO's `env`, which `captureIO` sets from `env` here,
 * and a captured standard output is not a terminal, as a pipe is not (so no progress bar and no terminal
 * width). Process-level behaviour (pipes, files as standard output, the exit status of the process, signals,
 * a terminal, streaming) is tested with `runBin` in every suite.
 */
export async function runCommand(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<Pick<BinResult, 'code' | 'stdout' | 'stderr'>> {
  const env = options.env ?? cleanEnv();
  if (!FAST) return runBin(args, { env });
  const { runCli } = await import('../../src/cli/main.ts');
  const { captureIO } = await import('../../src/cli/io.ts');
  const { exitCode, stdout, stderr } = await runCli(args, captureIO({ env }));
  return { code: exitCode, stdout, stderr };
}

/** A usage check (flags, help, bad input): `runCommand` in the environment of a plain UTF-8 shell. */
export const runUsage = (args: readonly string[]) => runCommand(args);
