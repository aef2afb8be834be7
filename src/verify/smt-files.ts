/**
 * Exported queries (`sesphr verify --smt-out DIR`): each SMT-LIB query of a run as a self-contained
 * `.smt2` file — comments saying where it came from and what the in-process solver answered, then the
 * query exactly as it was solved (set-logic, declarations, assertions, check-sat). `sesphr verify
 * check-smt DIR` runs the files through other solvers and compares their answers with the recorded one.
 *
 *   ; sesphr verify query 12: bmc-P1
 *   ; property: P1
 *   ; configuration: extended/paper/from-join-date/hybrid
 *   ; universe: 1 owner, 2 users, 1 file, 2 partitions, time 0..2; bound 12; engine auto
 *   ; solved by: native in 41 ms
 *   ; expected: unsat
 *   (set-logic QF_BV)
 *   …
 *   (check-sat)
 */
import type { LoggedQuery } from './engine.ts';

export type Answer = 'sat' | 'unsat' | 'unknown';

export interface ExportContext {
  readonly universe: string;
  readonly bound: number;
  readonly engine: string;
  readonly solver: string;
  /** "2/3" for a shard of a split run; names are prefixed so that shards never collide. */
  readonly shard?: string;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/**
 * The file name of query `index` (0-based) of a run: its position (so names sort in the run's order and
 * never collide), then configuration, property and query — only [a-z0-9-], at most ~200 characters.
 */
export function queryFileName(query: LoggedQuery, index: number, shard?: string): string {
  const parts = [
    shard && shard !== '1/1' ? `s${shard.replace('/', 'of')}` : '',
    String(index + 1).padStart(5, '0'),
    slug(query.configuration ?? ''),
    slug(query.property ?? ''),
    slug(query.name),
  ].filter(Boolean);
  return `${parts.join('-')}.smt2`;
}

const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ');

export function queryFileText(query: LoggedQuery, index: number, context: ExportContext): string {
  const header = [
    `; sesphr verify query ${index + 1}: ${oneLine(query.name)}`,
    `; property: ${oneLine(query.property ?? '-')}`,
    `; configuration: ${oneLine(query.configuration ?? '-')}`,
    `; universe: ${oneLine(context.universe)}; bound ${context.bound}; engine ${context.engine}`,
    `; solved by: ${context.solver} in ${Math.round(query.ms)} ms`,
    `; expected: ${query.result}`,
  ];
  const body = query.text.endsWith('\n') ? query.text : `${query.text}\n`;
  return `${header.join('\n')}\n${body}`;
}

export interface ParsedQueryFile {
  readonly expected: Answer;
  /** The logic named by set-logic (QF_BV, HORN …), or undefined when there is none. */
  readonly logic: string | undefined;
}

export class QueryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryFileError';
  }
}

/** Reads the recorded answer and the logic of an exported query; throws QueryFileError when absent. */
export function parseQueryFile(text: string): ParsedQueryFile {
  const expected = /^; expected: (\S+)\s*$/m.exec(text)?.[1];
  if (expected === undefined) throw new QueryFileError('no "; expected: sat|unsat|unknown" line');
  if (expected !== 'sat' && expected !== 'unsat' && expected !== 'unknown')
    throw new QueryFileError(`"; expected: ${expected.slice(0, 40)}" is not sat, unsat or unknown`);
  if (!/\(check-sat\)/.test(text)) throw new QueryFileError('no (check-sat)');
  const logic = /^\s*\(set-logic\s+([A-Za-z_][\w]*)\s*\)/m.exec(text)?.[1];
  return { expected, logic };
}
