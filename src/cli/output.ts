/** Output helpers: commands return text and an exit code; only main.ts writes and exits. */

export interface CommandResult {
  readonly exitCode: 0 | 1 | 2;
  readonly output: string;
}

/** A plain aligned text table; numeric-looking cells are right-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const isNumeric = (cell: string) => /^-?[\d.,]+%?$/.test(cell);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (isNumeric(cell) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
