/** What every command module exports (main.ts loads the module of the command named, and only that). */
import type { Argv } from 'yargs';
import type { Args } from './args.ts';
import type { CliIO } from './io.ts';

/** 0 everything as expected, 1 a check failed, 2 bad input or usage (docs/cli/README.md). */
export type ExitCode = 0 | 1 | 2;

export interface CommandModule {
  /** Declares the command's positionals and options (runs only when the command is named). */
  readonly builder: (yargs: Argv) => Argv;
  /** Runs the command, writing through `io`; throws UsageError / InputError for bad input. */
  readonly run: (args: Args, io: CliIO) => Promise<ExitCode>;
}
