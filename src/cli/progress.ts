/**
 * A progress bar on standard error for long runs (cli-progress), shown only when standard error is a
 * terminal and not asked to be quiet; otherwise every method does nothing (docs/cli/simulate.md).
 *
 * Results stream to standard output while the bar runs. When both go to the same terminal, the bar is
 * cleared before a result is written and drawn again after it (`around`), so they never share a line.
 */
import cliProgress from 'cli-progress';
import type { CliIO } from './io.ts';

export interface Progress {
  /** Scenario `index` (1-based) of the run has started; it has `steps` steps. */
  scenario(index: number, name: string, steps: number): void;
  /** Step `index` (1-based) of the current scenario has started. */
  step(index: number): void;
  /** Runs `write` with the bar off the screen. */
  around(write: () => void): void;
  stop(): void;
}

const SILENT: Progress = {
  scenario: () => {},
  step: () => {},
  around: (write) => write(),
  stop: () => {},
};

/** The bar style every command shares: on standard error, cleared when done, the terminal's wrapping untouched. */
export function progressBar(
  stream: NodeJS.WriteStream,
  options: { format: string; unicode: boolean; fps?: number },
): cliProgress.SingleBar {
  return new cliProgress.SingleBar(
    {
      stream,
      format: options.format,
      barCompleteChar: options.unicode ? '█' : '#',
      barIncompleteChar: options.unicode ? '░' : '-',
      barsize: 24,
      clearOnComplete: true,
      hideCursor: false,
      // true: leave the terminal's line wrapping alone (cli-progress would turn it off until stop()).
      linewrap: true,
      fps: options.fps ?? 10,
    },
    cliProgress.Presets.legacy,
  );
}

export function createProgress(
  io: CliIO,
  options: { quiet: boolean; unicode: boolean; scenarios: number; totalSteps: number },
): Progress {
  const stream = io.progressStream;
  if (options.quiet || !stream?.isTTY) return SILENT;
  const bar = progressBar(stream, {
    format: 'simulate {bar} {percentage}% | scenario {scenario}/{scenarios} {name} | step {step}/{steps}',
    unicode: options.unicode,
  });
  let done = 0;
  let current = { scenario: 0, name: '', step: 0, steps: 0 };
  let stepsBefore = 0;
  let running = false;
  const payload = () => ({ ...current, scenarios: options.scenarios });
  const start = () => {
    bar.start(Math.max(1, options.totalSteps), done, payload());
    running = true;
  };
  const shareTerminal = io.stdout.isTTY;
  return {
    scenario(index, name, steps) {
      stepsBefore += current.steps;
      done = stepsBefore;
      const width = Math.max(10, (stream.columns ?? 80) - 70);
      const ellipsis = options.unicode ? '…' : '...';
      const short = name.length > width ? `${name.slice(0, width - ellipsis.length)}${ellipsis}` : name;
      current = { scenario: index, name: short, step: 0, steps };
      if (!running) start();
      else bar.update(done, payload());
    },
    step(index) {
      current = { ...current, step: index };
      done = stepsBefore + Math.max(0, index - 1);
      if (running) bar.update(done, payload());
    },
    around(write) {
      if (!running || !shareTerminal) {
        write();
        return;
      }
      bar.stop();
      running = false;
      write();
      start();
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
