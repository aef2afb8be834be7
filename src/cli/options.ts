/**
 * Declaring options on yargs so that every valued option behaves the same way (docs/cli/README.md):
 *
 * - it requires its value (`requiresArg`): `--seed` at the end, or followed by another flag, is an error
 *   naming the flag instead of silently meaning "default";
 * - the value arrives as the text typed (type `string`), so messages can quote it ("got "1.5e3"");
 * - a numeric option is also registered as a number, which only changes how `--help` shows it
 *   (`[number] [default: 4]`): for parsing, yargs-parser gives `string` precedence over `number`, and
 *   for help, yargs's usage gives `number` the last word (test/cli/flags.test.ts checks both).
 */
import type { Argv } from 'yargs';

export interface ValueOptionSpec {
  readonly describe: string;
  /** Shown in help; the command applies the default itself, so it can tell "not given" from "given". */
  readonly defaultDescription?: string;
  readonly group?: string;
}

export function valueOption(yargs: Argv, name: string, spec: ValueOptionSpec): Argv {
  return yargs.option(name, {
    type: 'string',
    requiresArg: true,
    describe: spec.describe,
    ...(spec.defaultDescription === undefined ? {} : { defaultDescription: spec.defaultDescription }),
    ...(spec.group === undefined ? {} : { group: spec.group }),
  });
}

export function numberOption(yargs: Argv, name: string, spec: ValueOptionSpec): Argv {
  return valueOption(yargs, name, spec).number(name);
}

export function flagOption(yargs: Argv, name: string, describe: string, alias?: string): Argv {
  return yargs.option(name, { type: 'boolean', describe, ...(alias ? { alias } : {}) });
}

export const EXIT_CODES_EPILOG = [
  'Exit codes:',
  '  0  everything as expected',
  '  1  a check failed: an expectation, conformance, a replay, a plaintext',
  '  2  bad input or usage: the message names the file, step, field or flag',
].join('\n');
