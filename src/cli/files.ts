/**
 * Files the CLI writes (`--out`, `--junit`, `--trace`): checked before any work starts, so that a path
 * that cannot be written costs nothing but the message (docs/cli/README.md, "Errors").
 */
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './args.ts';

/** The reason a path cannot be written, in words. */
export function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a parent path is not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

const statOrUndefined = (path: string) => {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

/** Throws UsageError naming `--option` unless `path` can be created or overwritten as a regular file. */
export function checkWritableFile(path: string, option: string): void {
  const fail = (reason: string): never => {
    throw new UsageError(`--${option}: cannot write "${path}": ${reason}`);
  };
  try {
    const stats = statOrUndefined(path);
    if (stats?.isDirectory()) fail('it is a directory');
    if (stats) {
      accessSync(path, constants.W_OK);
      return;
    }
    const parent = dirname(resolve(path));
    const parentStats = statOrUndefined(parent);
    if (!parentStats) fail('its directory does not exist');
    if (!parentStats?.isDirectory()) fail('a parent path is not a directory');
    accessSync(parent, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    fail(describeWriteError(error));
  }
}

/** Creates `path` as a directory if needed; throws UsageError naming `--option` if it cannot be written into. */
export function prepareWritableDirectory(path: string, option: string): void {
  try {
    const stats = statOrUndefined(path);
    if (stats && !stats.isDirectory())
      throw new UsageError(`--${option}: cannot write into "${path}": it is a file, not a directory`);
    if (!stats) mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--${option}: cannot write into "${path}": ${describeWriteError(error)}`);
  }
}

/** Writes a file, turning a failure into UsageError naming `--option`. */
export function writeOutputFile(path: string, text: string, option: string): void {
  try {
    writeFileSync(path, text, 'utf8');
  } catch (error) {
    throw new UsageError(`--${option}: cannot write "${path}": ${describeWriteError(error)}`);
  }
}
