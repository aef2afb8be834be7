/**
 * Where the commands write. Commands get a `CliIO` and write through it as results come in; only
 * main.ts touches the process's streams (docs/cli/README.md, "Output and exit").
 *
 * Writing to a pipe is asynchronous past the pipe's buffer (64 KiB on Linux): a process that exits right
 * after `write()` loses the rest. `processIO` therefore keeps the promise of the last write's callback
 * and `flush()` waits for it (and for standard error's) before main returns the exit code. A reader that
 * goes away early (`| head -1`) makes the next write fail with EPIPE: that is not an error of ours, so it
 * is swallowed, `closed` is set, and the commands stop at their next check.
 */

export interface Output {
  write(text: string): void;
  /** A terminal (progress bars and width only apply to terminals). */
  readonly isTTY: boolean;
  /** Terminal columns when known. */
  readonly columns: number | undefined;
}

export interface CliIO {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True once standard output's reader has gone away (EPIPE): stop producing output. */
  readonly closed: () => boolean;
  /** The real standard error stream, for a progress bar (absent when capturing). */
  readonly progressStream?: NodeJS.WriteStream;
}

/** Exit status when the reader of standard output went away: 128 + SIGPIPE, as a shell reports it. */
export const EXIT_PIPE_CLOSED = 141;

interface ProcessOutput extends Output {
  flush(): Promise<void>;
}

function processOutput(stream: NodeJS.WriteStream, onClosed: () => void): ProcessOutput {
  let last: Promise<void> = Promise.resolve();
  let broken = false;
  const isClosedPipe = (error: NodeJS.ErrnoException | null | undefined) =>
    error?.code === 'EPIPE' || error?.code === 'ERR_STREAM_DESTROYED';
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!isClosedPipe(error)) throw error;
    broken = true;
    onClosed();
  });
  return {
    write(text) {
      if (broken || text === '') return;
      last = new Promise((resolve) => {
        // The callback sees the error before the stream's 'error' event does: note a closed pipe here.
        stream.write(text, (error) => {
          if (isClosedPipe(error)) {
            broken = true;
            onClosed();
          }
          resolve();
        });
      });
    },
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.isTTY ? stream.columns : undefined;
    },
    flush: () => last,
  };
}

export interface ProcessIO extends CliIO {
  /** Resolves once everything written so far has been handed to the operating system. */
  flush(): Promise<void>;
}

export function processIO(): ProcessIO {
  let closed = false;
  const markClosed = () => {
    closed = true;
  };
  const stdout = processOutput(process.stdout, markClosed);
  const stderr = processOutput(process.stderr, () => {});
  return {
    stdout,
    stderr,
    env: process.env,
    closed: () => closed,
    progressStream: process.stderr,
    flush: async () => {
      await Promise.all([stdout.flush(), stderr.flush()]);
    },
  };
}

export interface CapturedIO extends CliIO {
  readonly stdoutText: () => string;
  readonly stderrText: () => string;
}

/** Collects what a command writes (in-process tests, and commands that run other commands). */
export function captureIO(
  options: { env?: Readonly<Record<string, string | undefined>>; columns?: number; isTTY?: boolean } = {},
): CapturedIO {
  const chunks = { stdout: [] as string[], stderr: [] as string[] };
  const output = (into: string[]): Output => ({
    write: (text) => {
      into.push(text);
    },
    isTTY: options.isTTY ?? false,
    columns: options.columns,
  });
  return {
    stdout: output(chunks.stdout),
    stderr: output(chunks.stderr),
    env: options.env ?? { LANG: 'C.UTF-8' },
    closed: () => false,
    stdoutText: () => chunks.stdout.join(''),
    stderrText: () => chunks.stderr.join(''),
  };
}
