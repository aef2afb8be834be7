/**
 * Runs a benchmark helper in its own Node process and reads the one JSON document it prints: for what
 * must not share the bench's process (peak RSS, a solver that may abort on memory, a GPL peer kept out of
 * src/). From the sources, the child loads tsx; a non-zero exit or unreadable output is an error naming
 * the helper and its last stderr lines.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export class ChildRunError extends Error {
  constructor(what: string, detail: string) {
    super(`${what} failed: ${detail}`);
    this.name = 'ChildRunError';
  }
}

/** Runs `script` (a .ts file is run through tsx) with `args`; resolves with its parsed standard output. */
export function runChild(
  what: string,
  script: URL,
  args: readonly string[],
  timeoutMs: number,
): Promise<unknown> {
  const path = fileURLToPath(script);
  const loader = path.endsWith('.ts') ? ['--import', import.meta.resolve('tsx/esm')] : [];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...loader, path, ...args],
      { maxBuffer: 64 << 20, timeout: timeoutMs, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const tail = stderr.trim().split('\n').slice(-4).join(' | ');
        if (error) {
          reject(
            new ChildRunError(
              what,
              `${error.killed ? `timed out after ${timeoutMs} ms` : error.message.split('\n')[0]}${tail ? ` (${tail})` : ''}`,
            ),
          );
          return;
        }
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new ChildRunError(what, `printed no JSON${tail ? ` (${tail})` : ''}`));
        }
      },
    );
  });
}

/** The helper beside this module: `name`.ts from the sources, `name`.js once built. */
export function besideThis(name: string): URL {
  return new URL(`./${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
}
