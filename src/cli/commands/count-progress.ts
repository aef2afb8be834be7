/**
 * A counting progress bar on standard error (cli-progress) for `verify` and `explore`: shown only when
 * standard error is a terminal and not asked to be quiet; otherwise every method does nothing, so
 * nothing but errors reaches standard error when it is not a terminal (docs/cli/README.md, "Output").
 */
import type { CliIO } from '../io.ts';
import { progressBar } from '../progress.ts';

export interface CountProgress {
  /** One more of the total is done; `what` names it. */
  tick(what: string): void;
  /** Shows `value` (for counts not known in advance: states explored). */
  set(value: number, what: string): void;
  /** A new phase with its own total. */
  restart(label: string, total: number): void;
  stop(): void;
}

const SILENT: CountProgress = { tick: () => {}, set: () => {}, restart: () => {}, stop: () => {} };

export function countProgress(
  io: CliIO,
  options: { quiet: boolean; unicode: boolean; label: string; total: number },
): CountProgress {
  const stream = io.progressStream;
  if (options.quiet || !stream?.isTTY) return SILENT;
  const bar = progressBar(stream, {
    format: '{label} {bar} {value}/{total} | {what}',
    unicode: options.unicode,
  });
  let done = 0;
  let label = options.label;
  bar.start(Math.max(1, options.total), 0, { label, what: '' });
  return {
    tick(what) {
      done++;
      bar.update(done, { label, what });
    },
    set(value, what) {
      bar.setTotal(Math.max(value, 1));
      bar.update(value, { label, what });
    },
    restart(next, total) {
      label = next;
      done = 0;
      bar.setTotal(Math.max(1, total));
      bar.update(0, { label, what: '' });
    },
    stop() {
      bar.stop();
    },
  };
}
