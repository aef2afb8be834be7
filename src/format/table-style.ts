/**
 * The table style in effect (src/format/table.ts): set around a command by the CLI, read by every
 * `formatTable` call that is not given one. Kept apart from the formatter so that setting it loads
 * nothing else (the CLI's start-up, docs/cli/build.md).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TableStyle {
  /** The widest a line may be, in terminal columns; absent: as wide as the content. */
  readonly maxWidth?: number;
  /** Only ASCII characters. */
  readonly ascii?: boolean;
}

const styles = new AsyncLocalStorage<TableStyle>();

/** Runs `fn` with `style` as the default for every `formatTable` call inside it (including async ones). */
export function withTableStyle<T>(style: TableStyle, fn: () => T): T {
  return styles.run(style, fn);
}

/** The style in effect: the one `withTableStyle` set, or no limit and Unicode. */
export function currentTableStyle(): TableStyle {
  return styles.getStore() ?? {};
}
