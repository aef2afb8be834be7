/** Plain-text formatting shared by every report (scenarios, crypto timings, later verification). */

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
