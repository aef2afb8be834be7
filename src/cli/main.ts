/**
 * The `sesphr` CLI: a thin layer over the library. Exit codes: 0 everything as expected, 1 a check
 * failed (plaintext mismatch, property or expectation), 2 bad input or usage.
 */
import yargs from 'yargs';
import { InputError } from '../../common/input-error.ts';
import { ConfigError } from '../../model/config.ts';
import { SesphrError } from '../crypto/errors.ts';
import { UsageError } from './args.ts';
import { roundtripBuilder, roundtripCommand } from './commands/crypto-roundtrip.ts';
import { modelBuilder, modelCommand } from './commands/model.ts';
import { simulateBuilder, simulateCommand } from './commands/simulate.ts';
import type { CommandResult } from './output.ts';

/** Errors that mean "your input was wrong" rather than "a check failed". */
function isInputError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof InputError ||
    error instanceof ConfigError ||
    (error instanceof SesphrError && (error.code === 'DECODE' || error.code === 'ARGUMENT'))
  );
}

export async function runCli(argv: readonly string[]): Promise<CommandResult> {
  let result: CommandResult | undefined;
  const record = (promise: Promise<CommandResult>) =>
    promise.then((r) => {
      result = r;
    });
  let usageFailure: string | undefined;
  let helpText = '';

  const parser = yargs([...argv])
    .scriptName('sesphr')
    .usage('$0 <command> [options]\n\nSeSPHR formal-model simulator and verification harness.')
    .command('crypto', 'the cryptographic core', (crypto) =>
      crypto
        .command(
          'roundtrip',
          'owner encrypts, SRS re-encrypts, user decrypts; prints the time of each step',
          roundtripBuilder,
          (args) => record(roundtripCommand(args)),
        )
        .demandCommand(1, 'name a crypto subcommand (roundtrip)'),
    )
    .command(
      'model',
      'export the HLPN (the paper example universe) as JSON, Graphviz DOT, SVG or PNML',
      modelBuilder,
      (args) => record(modelCommand(args)),
    )
    .command(
      'simulate <paths..>',
      'run scenarios on the real cryptography; print a step table, who can read what, and pass/fail per expectation',
      simulateBuilder,
      (args) => record(simulateCommand(args)),
    )
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .version()
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      usageFailure = message;
    });

  try {
    await parser.parseAsync([...argv], {}, (_err, _argv, output) => {
      helpText = output;
    });
  } catch (error) {
    if (isInputError(error)) return { exitCode: 2, output: `sesphr: ${(error as Error).message}\n` };
    throw error;
  }
  if (usageFailure !== undefined)
    return { exitCode: 2, output: `sesphr: ${usageFailure} (see sesphr --help)\n` };
  return result ?? { exitCode: 0, output: helpText ? `${helpText}\n` : '' };
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { exitCode, output } = await runCli(argv);
    (exitCode === 2 ? process.stderr : process.stdout).write(output);
    return exitCode;
  } catch (error) {
    process.stderr.write(`sesphr: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
