/**
 * The `sesphr` CLI: a thin layer over the library (docs/cli/README.md). Exit codes: 0 everything as
 * expected, 1 a check failed, 2 bad input or usage.
 *
 * Start-up matters (`--version` must answer at once; docs/cli/build.md), so this module imports only
 * light modules: yargs is imported once a command line needs parsing, each command's module when that
 * command is named, and the commands import the library (scenarios, cryptography, Graphviz) only when
 * they run.
 */
import type { Argv } from 'yargs';
import { InputError } from '../../common/input-error.ts';
import { ConfigError } from '../../model/config.ts';
import { SesphrError } from '../crypto/errors.ts';
import { toAscii } from '../format/ascii.ts';
import { withTableStyle } from '../format/table-style.ts';
import { type Args, UsageError } from './args.ts';
import type { CommandModule, ExitCode } from './command.ts';
import { type CapturedIO, type CliIO, captureIO, EXIT_PIPE_CLOSED, processIO } from './io.ts';
import { EXIT_CODES_EPILOG } from './options.ts';
import { suggest } from './suggest.ts';
import { outputWidth, textStyle } from './terminal.ts';
import { toolInfo } from './version.ts';

interface CommandEntry {
  /** yargs command string, with positionals. */
  readonly usage: string;
  readonly describe: string;
  /** The message when a required positional is missing. */
  readonly missing?: string;
  readonly load: () => Promise<CommandModule>;
}

interface CommandGroup {
  readonly usage: string;
  readonly describe: string;
  readonly subcommands: Readonly<Record<string, CommandEntry>>;
}

const COMMANDS: Readonly<Record<string, CommandEntry | CommandGroup>> = {
  simulate: {
    usage: 'simulate <paths..>',
    missing: 'name at least one scenario file or directory',
    describe:
      'run scenarios on the model and the real cryptography; report steps, who can read what and each expectation',
    load: () => import('./commands/simulate.ts'),
  },
  replay: {
    usage: 'replay <trace>',
    missing: 'name the trace file to replay',
    describe: 'run a trace again and report whether it reproduced byte for byte',
    load: () => import('./commands/replay.ts'),
  },
  model: {
    usage: 'model',
    describe:
      'export the HLPN (the paper example universe, or a scenario’s) as JSON, Graphviz DOT, SVG or PNML',
    load: () => import('./commands/model.ts'),
  },
  crypto: {
    usage: 'crypto <command>',
    describe: 'the cryptographic core',
    subcommands: {
      roundtrip: {
        usage: 'roundtrip',
        describe: 'owner encrypts, SRS re-encrypts, user decrypts; prints the time of each step',
        load: () => import('./commands/crypto-roundtrip.ts'),
      },
    },
  },
  bench: {
    usage: 'bench',
    describe:
      'benchmarks: the paper’s §6 figures and more, as ratios (hybrid/literal, backends, umbral-pre, floors) and a report',
    load: () => import('./commands/bench.ts'),
  },
  audit: {
    usage: 'audit <command>',
    describe: 'the secure auditing storage: verify the log, show its entries, prove and check, chart',
    subcommands: {
      verify: {
        usage: 'verify <dir>',
        missing: 'name the audit log directory',
        describe:
          'check every checksum, index, signature and root of an audit log (and against a head held before)',
        load: () => import('./commands/audit.ts').then((m) => m.verify),
      },
      show: {
        usage: 'show <dir>',
        missing: 'name the audit log directory',
        describe: 'the admin’s view of key transactions: entries by type, user, file and time',
        load: () => import('./commands/audit.ts').then((m) => m.show),
      },
      prove: {
        usage: 'prove <dir>',
        missing: 'name the audit log directory',
        describe: 'an inclusion, consistency or latest-version proof, with the tree head to check it against',
        load: () => import('./commands/audit.ts').then((m) => m.prove),
      },
      check: {
        usage: 'check',
        describe: 'check a proof holding only a tree head and the log’s public key',
        load: () => import('./commands/audit.ts').then((m) => m.check),
      },
      chart: {
        usage: 'chart <dir>',
        missing: 'name the audit log directory',
        describe: 'grants and refusals per user and per reason over time, as SVG',
        load: () => import('./commands/audit.ts').then((m) => m.chart),
      },
    },
  },
  verify: {
    usage: 'verify [action] [paths..]',
    describe:
      'prove or refute the security properties on the model (bounded and unbounded), with counterexamples; merge shard reports; check exported queries with z3 and cvc5',
    load: () => import('./commands/verify.ts'),
  },
  explore: {
    usage: 'explore',
    describe:
      'breadth-first enumeration of the reachable markings with every invariant checked in each state (TLC-style statistics)',
    load: () => import('./commands/explore.ts'),
  },
  help: {
    usage: 'help [command..]',
    describe: 'show the help of a command (sesphr help simulate)',
    load: () => Promise.reject(new Error('help is handled before parsing')),
  },
};

const isGroup = (entry: CommandEntry | CommandGroup): entry is CommandGroup => 'subcommands' in entry;

/** Errors that mean "your input was wrong" rather than "a check failed". */
function isInputError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof InputError ||
    error instanceof ConfigError ||
    (error instanceof SesphrError && (error.code === 'DECODE' || error.code === 'ARGUMENT'))
  );
}

/** Marks yargs's messages that are replaced by better ones (with a suggestion, naming what is missing). */
const UNKNOWN_MARK = '\u0000unknown\u0000';
const MISSING_MARK = '\u0000missing\u0000';

const positionalsOf = (argv: readonly string[]) => {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).filter((token) => !token.startsWith('-'));
};

/** The command path named on the command line (`['crypto', 'roundtrip']`), checked, with did-you-mean. */
function namedCommand(argv: readonly string[]): string[] {
  const [first, second] = positionalsOf(argv);
  if (first === undefined) return [];
  const entry = COMMANDS[first];
  if (!entry) {
    const guess = suggest(first, Object.keys(COMMANDS));
    throw new UsageError(
      `unknown command "${first}"${guess ? ` (did you mean "${guess}"?)` : ''}; the commands are ${Object.keys(COMMANDS).join(', ')}`,
    );
  }
  if (!isGroup(entry) || second === undefined) return [first];
  if (!entry.subcommands[second]) {
    const names = Object.keys(entry.subcommands);
    const guess = suggest(second, names);
    throw new UsageError(
      `unknown ${first} command "${second}"${guess ? ` (did you mean "${guess}"?)` : ''}; the ${first} commands are ${names.join(', ')}`,
    );
  }
  return [first, second];
}

/** `sesphr help crypto roundtrip` → `sesphr crypto roundtrip --help`. */
function rewriteHelp(argv: readonly string[]): string[] {
  if (argv[0] !== 'help') return [...argv];
  const rest = argv.slice(1);
  if (rest.some((token) => token.startsWith('-')))
    throw new UsageError('help: name a command, as in: sesphr help simulate');
  namedCommand(rest);
  return [...rest, '--help'];
}

/** One line: `Unknown argument: formt (there is no --formt; did you mean --format?)`. */
function unknownArgumentsMessage(
  list: string,
  argv: readonly string[],
  known: readonly string[],
  command: string,
): string {
  const listed = list.split(', ').filter(Boolean);
  // yargs lists `such-option` and its camel-case twin `suchOption`: name each flag once.
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const names = listed.filter((name) => !(/[A-Z]/.test(name) && listed.includes(kebab(name))));
  const parts = names.map((name) => {
    const plain = name.length === 1 ? `-${name}` : `--${name}`;
    const typed = (flag: string) => argv.some((t) => t === flag || t.startsWith(`${flag}=`));
    // `--no-x` is read as "x: false" (boolean negation): name it as it was typed.
    const negated = !typed(plain) && typed(`--no-${name}`);
    if (!negated && !typed(plain))
      return `Unknown argument: ${name} (an argument too many; see sesphr help ${command})`;
    const dashed = negated ? `--no-${name}` : plain;
    const guess = suggest(name, known);
    const hint = guess ? `did you mean --${negated ? 'no-' : ''}${guess}?` : `see sesphr help ${command}`;
    return `Unknown argument: ${negated ? `no-${name}` : name} (there is no ${dashed}; ${hint})`;
  });
  return parts.join('; ');
}

/** `sesphr crypto roundtrip` for messages: the known command words on the line (never throws). */
function commandLabel(argv: readonly string[]): string {
  const [first, second] = positionalsOf(argv[0] === 'help' ? argv.slice(1) : argv);
  const entry = first === undefined ? undefined : COMMANDS[first];
  if (!entry || first === 'help') return 'sesphr';
  if (isGroup(entry) && second !== undefined && entry.subcommands[second]) return `sesphr ${first} ${second}`;
  return `sesphr ${first}`;
}

interface Outcome {
  readonly exitCode: ExitCode | typeof EXIT_PIPE_CLOSED;
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<Outcome> {
  const line = rewriteHelp(argv);
  const path = namedCommand(line);
  const commandName = commandLabel(line);
  let loaded: CommandModule | undefined;
  const [first, second] = path;
  const entry = first === undefined ? undefined : COMMANDS[first];
  if (entry && !isGroup(entry) && first !== 'help') loaded = await entry.load();
  if (entry && isGroup(entry) && second !== undefined) loaded = await entry.subcommands[second]?.load();

  // yargs calls the handler even when strict parsing then rejects a flag or positional, so the handler
  // only records what to run; the command starts once the whole line has been accepted.
  let accepted: Args | undefined;
  let failure: string | undefined;
  let helpText = '';
  const handler = (args: Args) => {
    accepted = args;
  };
  const width = Math.min(100, outputWidth(io.stdout, io.env) ?? 100);
  const { default: yargs } = await import('yargs');

  let parser: Argv = yargs([...line])
    .scriptName('sesphr')
    .usage('$0 <command> [options]\n\nSeSPHR formal-model simulator and verification harness.')
    .epilog(EXIT_CODES_EPILOG)
    .updateStrings({
      'Not enough arguments following: %s': '--%s: expected a value',
      // Plural messages are objects in yargs's locale files (node_modules/yargs/locales/en.json).
      'Unknown argument: %s': { one: `${UNKNOWN_MARK}%s`, other: `${UNKNOWN_MARK}%s` },
      'Not enough non-option arguments: got %s, need at least %s': { one: MISSING_MARK, other: MISSING_MARK },
      'Missing required argument: %s': { one: MISSING_MARK, other: MISSING_MARK },
    } as unknown as Record<string, string>)
    .parserConfiguration({ 'boolean-negation': true })
    .strict()
    .help()
    .alias('h', 'help')
    .version(toolInfo().version)
    .alias('V', 'version')
    .wrap(width)
    .exitProcess(false)
    .fail((message, error) => {
      // yargs's own errors (YError: a value missing after a flag) are usage errors; anything else is ours.
      if (error && error.name !== 'YError') throw error;
      if (error) failure = error.message;
      else if (message?.startsWith(MISSING_MARK)) {
        const named = first === undefined ? undefined : COMMANDS[first];
        failure = (named && !isGroup(named) && named.missing) || 'an argument is missing';
      } else if (message?.startsWith(UNKNOWN_MARK)) {
        const options = (
          parser as unknown as { getOptions(): { key: Record<string, unknown> } }
        ).getOptions();
        const known = Object.keys(options.key);
        failure = unknownArgumentsMessage(
          message.slice(UNKNOWN_MARK.length),
          line,
          known,
          path.join(' ') || 'sesphr',
        );
      } else failure = message ?? 'invalid arguments';
    });

  for (const [name, command] of Object.entries(COMMANDS)) {
    if (isGroup(command)) {
      parser = parser.command(command.usage, command.describe, (group) => {
        let g = group;
        for (const [subName, sub] of Object.entries(command.subcommands)) {
          const builder = name === first && subName === second && loaded ? loaded.builder : (y: Argv) => y;
          g = g.command(sub.usage, sub.describe, (y) => builder(y).epilog(EXIT_CODES_EPILOG), handler);
        }
        return g
          .epilog(EXIT_CODES_EPILOG)
          .demandCommand(1, `name a ${name} subcommand (${Object.keys(command.subcommands).join(', ')})`);
      });
    } else {
      const builder = name === first && loaded ? loaded.builder : (y: Argv) => y;
      parser = parser.command(
        command.usage,
        command.describe,
        (y) => builder(y).epilog(EXIT_CODES_EPILOG),
        handler,
      );
    }
  }
  parser = parser.demandCommand(1, 'name a command (see sesphr --help)');
  skipHelpCache(parser);

  await parser.parseAsync([...line], {}, (_error, _argv, output) => {
    helpText = output;
  });
  if (failure !== undefined) {
    io.stderr.write(`${commandName}: ${failure.replace(/\s+/g, ' ').trim()}\n`);
    return { exitCode: 2 };
  }
  if (accepted) {
    if (!loaded) throw new Error(`no module loaded for ${commandName}`);
    return { exitCode: await loaded.run(accepted, io) };
  }
  if (helpText) {
    const text = helpText.endsWith('\n') ? helpText : `${helpText}\n`;
    io.stdout.write(textStyle(io).ascii ? toAscii(text) : text);
  }
  return { exitCode: 0 };
}

/** The part of yargs's internals that `skipHelpCache` reaches (yargs 18: lib/usage.js, lib/command.js). */
interface YargsInternals {
  getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders the whole help page of a command every time it runs one, to have it ready for a later
 * `showHelp()` — 90 % of parsing a command line (29 → 3 ms in a warm process). The CLI never asks for
 * that page (`--help` renders its own), so the cache is not filled. Without these internals, yargs just
 * keeps caching.
 */
function skipHelpCache(parser: Argv): void {
  const usage = (parser as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = doNothing;
}

function doNothing(): void {}

/**
 * Runs one command line, writing through `io`. Input and usage errors become one line on standard error
 * and exit 2; anything else is an internal error (exit 1, with the stack when SESPHR_DEBUG is set).
 */
export async function runWith(
  argv: readonly string[],
  io: CliIO,
): Promise<ExitCode | typeof EXIT_PIPE_CLOSED> {
  // `sesphr --version` alone answers without loading the parser (yargs is most of what start-up costs).
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${toolInfo().version}\n`);
    return 0;
  }
  try {
    const { exitCode } = await withTableStyle(textStyle(io), () => dispatch(argv, io));
    return io.closed() ? EXIT_PIPE_CLOSED : exitCode;
  } catch (error) {
    if (io.closed()) return EXIT_PIPE_CLOSED;
    if (isInputError(error)) {
      io.stderr.write(`${commandLabel(argv)}: ${(error as Error).message}\n`);
      return 2;
    }
    const detail = io.env.SESPHR_DEBUG && error instanceof Error && error.stack ? `\n${error.stack}` : '';
    io.stderr.write(
      `sesphr: internal error: ${error instanceof Error ? error.message : String(error)}${detail}\n`,
    );
    return 1;
  }
}

export interface CliResult {
  readonly exitCode: number;
  /** Standard output, or standard error when the exit code is 2 (what a caller usually wants to see). */
  readonly output: string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command line in this process and collects its output (tests, scripts). */
export async function runCli(argv: readonly string[], io: CapturedIO = captureIO()): Promise<CliResult> {
  const exitCode = await runWith(argv, io);
  const stdout = io.stdoutText();
  const stderr = io.stderrText();
  return { exitCode, output: exitCode === 2 ? stderr : stdout, stdout, stderr };
}

/** The process entry point (bin/sesphr.js): resolves once all output has been handed to the OS. */
export async function main(argv: readonly string[]): Promise<number> {
  const io = processIO();
  const exitCode = await runWith(argv, io);
  await io.flush();
  return io.closed() ? EXIT_PIPE_CLOSED : exitCode;
}
