/**
 * Bad outside input (a scenario file, a trace, a configuration): one error class, located by the source
 * it came from, the field in the user's terms (`access.olga.insurer[1]`, `steps[3].request.partition`),
 * and, when known, the line and column. The CLI maps it to exit code 2.
 */

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export class InputError extends Error {
  readonly source: string;
  readonly field: string;
  readonly reason: string;
  readonly position: SourcePosition | undefined;

  constructor(source: string, field: string, reason: string, position?: SourcePosition) {
    const where = position ? `${source}:${position.line}:${position.column}` : source;
    super(`${where}: ${field ? `${field}: ` : ''}${reason}`);
    this.name = 'InputError';
    this.source = source;
    this.field = field;
    this.reason = reason;
    this.position = position;
  }
}
