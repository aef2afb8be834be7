/**
 * Plain-text tables shared by every report (scenarios, crypto timings, later verification): aligned
 * columns two spaces apart, a rule under the header, numeric-looking cells right-aligned.
 *
 * A table wider than the style's `maxWidth` is fitted deliberately rather than left to the terminal's
 * own wrapping, which breaks the alignment: numeric columns and columns already narrower than their fair
 * share keep their width, the widest columns share what is left (max–min fair), and a cell wider than its
 * column is word-wrapped onto continuation lines, so nothing is cut off. Widths are terminal columns
 * (string-width), so CJK text and emoji line up. With `ascii`, cells are transliterated first (toAscii)
 * and the rule is drawn with `-`.
 *
 * The style comes from the argument or, for callers that do not pass one (the scenario report), from the
 * surrounding `withTableStyle` — the CLI wraps each command in it (docs/cli/README.md, "Output").
 */
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { toAscii } from './ascii.ts';
import { currentTableStyle, type TableStyle } from './table-style.ts';

export { currentTableStyle, type TableStyle, withTableStyle } from './table-style.ts';

const GAP = 2;
/** A column wider than this is never made narrower than this (unless the header word is longer). */
const MIN_COLUMN = 8;

const isNumeric = (cell: string) => /^-?[\d.,]+%?$/.test(cell);
const lineWidths = (cell: string) => cell.split('\n').map((line) => stringWidth(line));
const cellWidth = (cell: string) => Math.max(0, ...lineWidths(cell));
const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((w) => stringWidth(w)));

/**
 * Column widths that fit `available` columns (max–min fairness above each column's floor). When even the
 * floors do not fit, the floors are returned and the table is wider than asked.
 */
export function fitColumns(
  natural: readonly number[],
  floors: readonly number[],
  available: number,
): number[] {
  const widths = floors.map((floor, c) => Math.min(floor, natural[c] ?? 0));
  let remaining = available - widths.reduce((a, b) => a + b, 0);
  let open = natural.map((_, c) => c).filter((c) => (natural[c] ?? 0) > (widths[c] ?? 0));
  while (remaining > 0 && open.length > 0) {
    const share = Math.floor(remaining / open.length);
    const satisfied = open.filter((c) => (natural[c] ?? 0) - (widths[c] ?? 0) <= share);
    if (satisfied.length > 0) {
      for (const c of satisfied) {
        remaining -= (natural[c] ?? 0) - (widths[c] ?? 0);
        widths[c] = natural[c] ?? 0;
      }
      open = open.filter((c) => !satisfied.includes(c));
      continue;
    }
    // Every open column wants more than an equal share: give each the share, and the columns that were
    // widest to begin with one extra column each for what does not divide evenly.
    for (const c of open) widths[c] = (widths[c] ?? 0) + share;
    remaining -= share * open.length;
    const widest = [...open].sort((a, b) => (natural[b] ?? 0) - (natural[a] ?? 0) || a - b);
    for (const c of widest.slice(0, remaining)) widths[c] = (widths[c] ?? 0) + 1;
    remaining = 0;
  }
  return widths;
}

export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  style: TableStyle = currentTableStyle(),
): string {
  const clean = (cell: string) => (style.ascii ? toAscii(cell) : cell);
  const head = headers.map(clean);
  const body = rows.map((row) => head.map((_, c) => clean(row[c] ?? '')));
  const natural = head.map((h, c) => Math.max(cellWidth(h), ...body.map((row) => cellWidth(row[c] ?? ''))));
  const numeric = head.map(
    (_, c) => body.length > 0 && body.every((row) => isNumeric(row[c] ?? '') || row[c] === ''),
  );

  let widths = natural;
  const total = natural.reduce((a, b) => a + b, 0) + GAP * Math.max(0, head.length - 1);
  if (style.maxWidth !== undefined && total > style.maxWidth) {
    const floors = head.map((h, c) =>
      numeric[c] ? (natural[c] ?? 0) : Math.max(MIN_COLUMN, longestWord(h)),
    );
    widths = fitColumns(natural, floors, style.maxWidth - GAP * Math.max(0, head.length - 1));
  }

  const wrapCell = (cell: string, width: number) =>
    cellWidth(cell) <= width
      ? cell.split('\n')
      : wrapAnsi(cell, width, { hard: true, trim: true }).split('\n');
  const pad = (text: string, width: number, right: boolean) => {
    const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
    return right ? fill + text : text + fill;
  };
  const render = (cells: readonly string[]) => {
    const wrapped = cells.map((cell, c) => wrapCell(cell, widths[c] ?? 0));
    const height = Math.max(1, ...wrapped.map((lines) => lines.length));
    const lines: string[] = [];
    for (let k = 0; k < height; k++) {
      lines.push(
        wrapped
          .map((cellLines, c) => {
            const text = cellLines[k] ?? '';
            return pad(text, widths[c] ?? 0, isNumeric(text));
          })
          .join(' '.repeat(GAP))
          .trimEnd(),
      );
    }
    return lines;
  };
  const rule = widths.map((w) => (style.ascii ? '-' : '─').repeat(w)).join(' '.repeat(GAP));
  return [...render(head), rule, ...body.flatMap(render)].join('\n');
}
