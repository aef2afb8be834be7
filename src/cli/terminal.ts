/**
 * How human-readable output should look on this terminal (docs/cli/README.md, "Output"): how wide a
 * table may be and whether characters outside ASCII may be used.
 */
import type { TableStyle } from '../format/table-style.ts';
import type { CliIO, Output } from './io.ts';

/**
 * The locale's character set is UTF-8. POSIX gives the first non-empty of LC_ALL, LC_CTYPE and LANG
 * the say over the character set; none set means the "C" locale, which is ASCII.
 */
export function isUtf8Locale(env: Readonly<Record<string, string | undefined>>): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((value) => value !== undefined && value !== '');
  return locale !== undefined && /utf-?8/i.test(locale);
}

/**
 * The width to fit tables to: `COLUMNS` when set to a positive whole number (as `ls` and most tools
 * honour it), else the terminal's width when writing to a terminal, else no limit (a file or a pipe gets
 * the table as wide as its content).
 */
export function outputWidth(
  output: Output,
  env: Readonly<Record<string, string | undefined>>,
): number | undefined {
  const columns = env.COLUMNS?.trim();
  if (columns && /^\d+$/.test(columns) && Number(columns) > 0) return Number(columns);
  return output.isTTY ? output.columns : undefined;
}

/** The table style for text written to `io.stdout`; `ascii` forces plain ASCII. */
export function textStyle(
  io: CliIO,
  options: { ascii?: boolean } = {},
): Required<Pick<TableStyle, 'ascii'>> & TableStyle {
  const maxWidth = outputWidth(io.stdout, io.env);
  return {
    ascii: options.ascii === true || !isUtf8Locale(io.env),
    ...(maxWidth === undefined ? {} : { maxWidth }),
  };
}
