/** The shared table formatter (src/format/table.ts): fitting a width, wrapping cells, ASCII. */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { toAscii } from '../../src/format/ascii.ts';
import { fitColumns, formatTable, withTableStyle } from '../../src/format/table.ts';
import { plural } from '../../src/format/words.ts';

const HEADERS = ['#', 'step', 'transitions fired', 'outcome', 'readers gained (+) / lost (-)'];
const ROWS = [
  [
    '1',
    'alice, bob, carol, dave, erin, frank registered, authorized and keyed',
    'Register ×6, Authorize ×6, Gen_Keys ×6, Send_Keys ×6',
    'done',
    '',
  ],
  [
    '12',
    'bob requests R for phr/personal',
    'Get_Time_Token, Request_R, D_R_S',
    'granted ✓',
    '+bob: phr/personal; +bob+cloud: phr/personal, phr/medical',
  ],
  ['123', 'erin requests R for f2/medical', 'Request_R, D_R_F', 'refused: notGranted ✓', ''],
];

const lines = (text: string) => text.split('\n');
/** Every character but spaces and the rule, sorted: what must survive wrapping (nothing is cut off). */
const characters = (text: string) => [...text.replace(/[\s─]/g, '')].sort().join('');

describe('formatTable', () => {
  it('without a width: natural columns two spaces apart, a rule, numbers right-aligned', () => {
    const text = formatTable(
      ['name', 'ms'],
      [
        ['a', '1.50'],
        ['longer', '10.25'],
      ],
    );
    expect(lines(text)).toEqual(['name    ms', '──────  ─────', 'a        1.50', 'longer  10.25']);
  });

  it.each([60, 80, 100, 120])('fits %i columns; every character of every cell is still there', (width) => {
    const natural = formatTable(HEADERS, ROWS);
    expect(Math.max(...lines(natural).map((l) => stringWidth(l)))).toBeGreaterThan(width);
    const fitted = formatTable(HEADERS, ROWS, { maxWidth: width });
    for (const line of lines(fitted)) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    expect(characters(fitted)).toBe(characters(natural));
  });

  it('keeps columns aligned when cells wrap: every line of a row starts each column at the same place', () => {
    const fitted = formatTable(HEADERS, ROWS, { maxWidth: 70 });
    const rule = lines(fitted).find((l) => /^─/.test(l)) as string;
    const starts = [...rule.matchAll(/─+/g)].map((m) => m.index);
    for (const line of lines(fitted)) {
      for (const start of starts.slice(1)) {
        // Before each column start there are two spaces (the gap) unless the line ended earlier.
        if (line.length > (start ?? 0)) expect(line.slice((start ?? 0) - 2, start)).toBe('  ');
      }
    }
  });

  it('never wraps a numeric column', () => {
    const fitted = formatTable(['n', 'text'], [['1234567890', 'a b c d e f g h i j k l m n o p']], {
      maxWidth: 20,
    });
    expect(lines(fitted)[2]).toMatch(/^1234567890 {2}/);
  });

  it('measures in terminal columns (CJK and emoji are two wide)', () => {
    const text = formatTable(
      ['who', 'reads'],
      [
        ['東京', 'f1/*'],
        ['ab', 'f2/☕'],
      ],
    );
    const widths = lines(text)
      .slice(2)
      .map((l) => stringWidth(l.slice(0, l.indexOf('f'))));
    expect(new Set(widths).size).toBe(1);
  });

  it('ascii: only ASCII, the rule drawn with -, marks spelt out, alignment kept', () => {
    const text = formatTable(HEADERS, ROWS, { ascii: true, maxWidth: 80 });
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(text).toContain('granted ok');
    expect(text).toContain('Register x6');
    expect(text).toMatch(/\n-+ {2}-+/);
    for (const line of lines(text)) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('withTableStyle is the default for calls that pass no style (the scenario report)', async () => {
    const inside = await withTableStyle({ maxWidth: 50, ascii: true }, async () =>
      formatTable(HEADERS, ROWS),
    );
    expect(inside).toBe(formatTable(HEADERS, ROWS, { maxWidth: 50, ascii: true }));
    expect(formatTable(HEADERS, ROWS)).not.toBe(inside);
  });
});

describe('fitColumns (max–min fair)', () => {
  it('columns narrower than their share keep their width; the wide ones share the rest', () => {
    expect(fitColumns([5, 100, 100], [5, 8, 8], 65)).toEqual([5, 30, 30]);
    expect(fitColumns([5, 20, 100], [5, 8, 8], 65)).toEqual([5, 20, 40]);
    expect(fitColumns([5, 20, 100], [5, 8, 8], 200)).toEqual([5, 20, 100]);
  });

  it('uses all the room it is given and no more when the floors fit', () => {
    for (const available of [20, 33, 47, 64, 99]) {
      const widths = fitColumns([3, 50, 70, 12, 90], [3, 8, 8, 8, 8], available);
      expect(widths.reduce((a, b) => a + b, 0)).toBe(Math.max(available, 35));
    }
  });
});

describe('toAscii and plural', () => {
  it('replaces the report’s characters and decomposes accents', () => {
    expect(toAscii('━━ ✓ ✗ × — … café')).toBe('== ok x x - ... cafe');
    expect(toAscii('plain ascii')).toBe('plain ascii');
    expect(toAscii('東')).toBe('?');
  });

  it('1 byte, 2 bytes, 0 partitions', () => {
    expect([plural(1, 'byte'), plural(2, 'byte'), plural(0, 'partition')]).toEqual([
      '1 byte',
      '2 bytes',
      '0 partitions',
    ]);
  });
});
