/** Output helpers: commands return text and an exit code; only main.ts writes and exits. */

export interface CommandResult {
  readonly exitCode: 0 | 1 | 2;
  readonly output: string;
}
