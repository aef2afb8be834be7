/**
 * Plain ASCII for terminals whose locale is not UTF-8 (docs/cli/README.md, "Output"). The reports use a
 * handful of typographic characters; each has a deliberate ASCII stand-in. Any other character is
 * decomposed (é → e) and, if still not ASCII, shown as `?`.
 */

const REPLACEMENTS: Readonly<Record<string, string>> = {
  '━': '=',
  '─': '-',
  '│': '|',
  '✓': 'ok',
  '✗': 'x',
  '×': 'x',
  '—': '-',
  '–': '-',
  '…': '...',
  '→': '->',
  '←': '<-',
  '≤': '<=',
  '≥': '>=',
  '‖': '||',
  '·': '.',
  '’': "'",
  '‘': "'",
  '“': '"',
  '”': '"',
  '\u00a0': ' ',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is "everything that is not ASCII"
const NON_ASCII = /[^\u0000-\u007f]/gu;
const COMBINING_MARKS = /\p{M}/gu;

/** The text with every non-ASCII character replaced (see above). ASCII text is returned unchanged. */
export function toAscii(text: string): string {
  return text.replace(NON_ASCII, (char) => {
    const replacement = REPLACEMENTS[char];
    if (replacement !== undefined) return replacement;
    const decomposed = char.normalize('NFKD').replace(COMBINING_MARKS, '');
    return /^[\u0020-\u007e]+$/.test(decomposed) ? decomposed : '?';
  });
}
