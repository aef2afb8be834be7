/**
 * `sesphr simulate <file|dir>…`: run scenarios on the model and the real cryptography and check their
 * expectations (docs/cli/simulate.md). Every file is loaded and checked, and every output path is
 * checked, before the first scenario runs; results stream out as each scenario finishes.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../../common/input-error.ts';
import type { BackendChoice } from '../../crypto/backend/index.ts';
import { BACKEND_NAMES } from '../../crypto/backend/types.ts';
import { toAscii } from '../../format/ascii.ts';
import { withTableStyle } from '../../format/table.ts';
import { plural } from '../../format/words.ts';
import type { Scenario } from '../../scenario/load.ts';
import { type Args, optionFlag, optionText, parseChoice, parsePattern, UsageError } from '../args.ts';
import type { ExitCode } from '../command.ts';
import {
  checkWritableFile,
  describeWriteError,
  prepareWritableDirectory,
  writeOutputFile,
} from '../files.ts';
import type { CliIO } from '../io.ts';
import { flagOption, valueOption } from '../options.ts';
import { createProgress } from '../progress.ts';
import { textStyle } from '../terminal.ts';
import { traceFileNames } from '../trace-names.ts';
import { toolInfo } from '../version.ts';
import {
  type FinishedScenario,
  failureSummary,
  junitXml,
  REPORTERS,
  type ReporterName,
  type RunSummary,
  reporterFor,
} from './simulate-report.ts';

export function builder(yargs: Argv): Argv {
  let y: Argv = yargs
    .usage(
      '$0 simulate <file|dir>… [options]\n\n' +
        'Run scenarios on the model and the real cryptography: per scenario a step table, who can read what,\n' +
        'and pass/fail per expectation. Directories stand for their *.yaml files, in name order.',
    )
    .positional('paths', {
      type: 'string',
      array: true,
      describe: 'scenario files or directories of *.yaml',
    });
  y = valueOption(y, 'reporter', {
    describe: `what to print: ${REPORTERS.join(' | ')}`,
    defaultDescription: 'text',
  });
  y = flagOption(y, 'json', 'short for --reporter json: one JSON array, an object per scenario');
  y = valueOption(y, 'out', { describe: 'write the report to this file instead of standard output' });
  y = valueOption(y, 'junit', { describe: 'also write a JUnit XML report to this file' });
  y = valueOption(y, 'grep', {
    describe: 'run only the scenarios whose name or file matches this regular expression',
  });
  y = valueOption(y, 'trace', {
    describe:
      'write each trace as JSON: one scenario, this file; several (or a directory), one file each in it',
  });
  y = flagOption(y, 'secrets', 'include secret key bytes and the seed in the traces (needs --trace)');
  y = valueOption(y, 'audit-dir', {
    describe:
      'write each scenario’s audit log (every SRS decision, key issue, join, upload…) into a subdirectory of this directory; check it with sesphr audit verify',
  });
  y = valueOption(y, 'seed', {
    describe: 'use this seed for every scenario (default: each run draws its own); shown in --json',
  });
  y = valueOption(y, 'backend', {
    describe: `pairing backend: ${BACKEND_NAMES.join(' | ')} | auto (the fastest that passes its self-test)`,
    defaultDescription: 'auto',
  });
  y = flagOption(y, 'quiet', 'no progress bar (it is shown only when standard error is a terminal)', 'q');
  y = flagOption(y, 'ascii', 'plain ASCII text (the default when the locale is not UTF-8)');
  return y
    .example('$0 simulate scenarios/', 'run every scenario')
    .example('$0 simulate scenarios/ --junit junit.xml', 'and a report for CI')
    .example('$0 simulate scenarios/ --grep srs --json', 'the SRS scenarios, as JSON')
    .example(
      '$0 simulate scenarios/24-versions-and-rollback.yaml --audit-dir audit/',
      'and keep its audit log',
    );
}

/** Every scenario file named, directories expanded to their *.yaml / *.yml files in name order. */
export function scenarioFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(path);
    } catch {
      throw new InputError(path, '', 'no such file or directory');
    }
    if (!stats.isDirectory()) return [path];
    const files = readdirSync(path)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(path, name));
    if (files.length === 0) throw new InputError(path, '', 'the directory holds no .yaml scenario');
    return files;
  });
}

/**
 * Where each scenario's trace goes, checked (and a directory created) before anything runs. One
 * scenario and a target that is not a directory: that file. Otherwise a directory, with safe, unique
 * names derived from the scenario names (src/cli/trace-names.ts).
 */
export function planTraces(target: string, scenarios: readonly Scenario[]): string[] {
  let isDirectory = target.endsWith('/') || scenarios.length > 1;
  try {
    isDirectory ||= statSync(target).isDirectory();
  } catch {
    // does not exist yet: a file, for one scenario
  }
  let paths: string[];
  if (isDirectory) {
    prepareWritableDirectory(target, 'trace');
    paths = traceFileNames(scenarios.map((s) => s.name)).map((name) => join(target, name));
  } else {
    checkWritableFile(target, 'trace');
    paths = [target];
  }
  const inputs = new Set(scenarios.map((s) => resolve(s.file)));
  for (const path of paths) {
    if (inputs.has(resolve(path)))
      throw new UsageError(`--trace: "${path}" is one of the scenario files; choose another path`);
  }
  return paths;
}

/**
 * Where each scenario's audit log goes: DIR/<safe name>/, one per scenario (names as for traces,
 * src/cli/trace-names.ts), checked before anything runs: DIR is created if needed, and no subdirectory
 * may already hold something (an earlier run's log is never appended to or overwritten).
 */
export function planAuditDirs(target: string, scenarios: readonly Scenario[]): string[] {
  prepareWritableDirectory(target, 'audit-dir');
  const stems = traceFileNames(scenarios.map((s) => s.name)).map((name) =>
    name.replace(/\.trace\.json$/, ''),
  );
  return stems.map((stem) => {
    const path = join(target, stem);
    let exists = false;
    try {
      exists = readdirSync(path).length > 0;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') exists = true;
    }
    if (exists)
      throw new UsageError(
        `--audit-dir: "${path}" already exists and is not empty (an earlier run's log?); choose another directory`,
      );
    return path;
  });
}

const now = () => performance.now();

export async function run(args: Args, io: CliIO): Promise<ExitCode> {
  // ── options: every mistake is reported before any file is read ──────────────────────────────────
  const paths = ((args.paths as unknown[] | undefined) ?? []).map(String);
  if (paths.length === 0) throw new UsageError('name at least one scenario file or directory');
  const backend = parseChoice<BackendChoice>(
    optionText(args, 'backend') ?? 'auto',
    [...BACKEND_NAMES, 'auto'],
    'backend',
  );
  const seed = optionText(args, 'seed');
  const trace = optionText(args, 'trace');
  const secrets = optionFlag(args, 'secrets');
  if (secrets && trace === undefined)
    throw new UsageError(
      '--secrets needs --trace: secret key bytes and the seed are written only into trace files',
    );
  const json = optionFlag(args, 'json');
  const reporterText = optionText(args, 'reporter');
  if (json && reporterText !== undefined && reporterText !== 'json')
    throw new UsageError(
      `--json and --reporter ${reporterText} cannot be used together: --json is --reporter json`,
    );
  const reporterName: ReporterName = json
    ? 'json'
    : parseChoice(reporterText ?? 'text', REPORTERS, 'reporter');
  const out = optionText(args, 'out');
  const junitFile = optionText(args, 'junit');
  if (out !== undefined && junitFile !== undefined && resolve(out) === resolve(junitFile))
    throw new UsageError('--out and --junit name the same file; give them different files');
  const grepText = optionText(args, 'grep');
  const grep = grepText === undefined ? undefined : parsePattern(grepText, 'grep');
  const quiet = optionFlag(args, 'quiet');
  const style = textStyle(io, { ascii: optionFlag(args, 'ascii') });

  // ── input: every file loaded and checked before the first run ───────────────────────────────────
  const files = scenarioFiles(paths);
  const { loadScenarioFile } = await import('../../scenario/load.ts');
  const loaded = files.map((file) => {
    const start = now();
    const scenario = loadScenarioFile(file);
    return { scenario, loadMs: now() - start };
  });
  const selected = grep
    ? loaded.filter(({ scenario }) => grep.test(scenario.name) || grep.test(scenario.file))
    : loaded;
  if (selected.length === 0) {
    throw new UsageError(
      `--grep: "${grepText}" matches none of the ${plural(loaded.length, 'scenario')} (${loaded.map((l) => l.scenario.name).join(', ')})`,
    );
  }
  const scenarios = selected.map((s) => s.scenario);
  const tracePaths = trace === undefined ? undefined : planTraces(trace, scenarios);
  const auditTarget = optionText(args, 'audit-dir');
  const auditDirs = auditTarget === undefined ? undefined : planAuditDirs(auditTarget, scenarios);
  if (out !== undefined) checkWritableFile(out, 'out');
  if (junitFile !== undefined) checkWritableFile(junitFile, 'junit');

  // ── the run ──────────────────────────────────────────────────────────────────────────────────────
  const [{ runScenario }, { formatScenarioReport }, { traceOf }, { persistRun }] = await Promise.all([
    import('../../scenario/run.ts'),
    import('../../scenario/report.ts'),
    import('../../sim/trace.ts'),
    import('../../audit/from-run.ts'),
  ]);
  const tool = toolInfo();
  const reporter = await reporterFor(reporterName, tool);
  const progress = createProgress(io, {
    quiet,
    unicode: !style.ascii,
    scenarios: scenarios.length,
    totalSteps: scenarios.reduce((n, s) => n + s.steps.length, 0),
  });

  const fileStyle = { ascii: style.ascii };
  const toFile: string[] = [];
  const emit = (text: string) => {
    const shown = reporterName === 'text' && style.ascii ? toAscii(text) : text;
    if (out !== undefined) toFile.push(shown);
    else progress.around(() => io.stdout.write(shown));
  };
  const finished: FinishedScenario[] = [];
  emit(reporter.start(scenarios.length));
  try {
    for (const [k, { scenario, loadMs }] of selected.entries()) {
      if (io.closed()) break;
      progress.scenario(k + 1, scenario.name, scenario.steps.length);
      const stepStarts: number[] = [];
      const startedAt = new Date();
      const start = now();
      const { result, simulation } = await runScenario(scenario, {
        backend,
        ...(seed === undefined ? {} : { seed }),
        onStep: (index) => {
          stepStarts[index - 1] = now();
          progress.step(index);
        },
      });
      const end = now();
      const stepsMs = stepStarts.map((t, i) => (stepStarts[i + 1] ?? end) - t);

      let tracePath: string | undefined;
      let traceSeed: string | undefined;
      if (tracePaths) {
        tracePath = tracePaths[k] as string;
        const written = traceOf(simulation, { includeSecrets: secrets });
        if (secrets) traceSeed = (written as { seed?: string }).seed;
        try {
          writeFileSync(tracePath, `${JSON.stringify(written, null, 2)}\n`);
        } catch (error) {
          throw new UsageError(`--trace: cannot write "${tracePath}": ${describeWriteError(error)}`);
        }
      }
      if (auditDirs) {
        const auditDir = auditDirs[k] as string;
        const logName = `sim-${auditDir.slice(auditDir.lastIndexOf('/') + 1)}`.slice(0, 100);
        try {
          persistRun(auditDir, logName, result.outcomes, simulation);
        } catch (error) {
          if (
            error instanceof Error &&
            'code' in error &&
            typeof (error as NodeJS.ErrnoException).code === 'string'
          )
            throw new UsageError(`--audit-dir: cannot write "${auditDir}": ${describeWriteError(error)}`);
          throw error;
        }
      }
      const backendName = simulation.world.backend.name;
      const shownSeed = seed ?? traceSeed;
      const done: FinishedScenario = {
        index: k + 1,
        scenario,
        result,
        backend: backendName,
        ...(shownSeed === undefined ? {} : { seed: shownSeed }),
        timings: { loadMs, setupMs: (stepStarts[0] ?? end) - start, stepsMs, totalMs: end - start },
        startedAt,
        ...(tracePath === undefined ? {} : { trace: tracePath }),
        ...(reporterName === 'text'
          ? {
              text: withTableStyle(out === undefined ? style : fileStyle, () =>
                formatScenarioReport(scenario, result, backendName),
              ),
            }
          : {}),
      };
      finished.push(done);
      emit(reporter.scenario(done));
    }
  } finally {
    progress.stop();
  }
  if (io.closed()) return 0;

  const summary: RunSummary = {
    finished,
    tool,
    ...(trace === undefined ? {} : { traceTarget: trace }),
  };
  emit(await reporter.end(summary));
  const passed = finished.every((f) => f.result.passed);
  if (out !== undefined) {
    writeOutputFile(out, toFile.join(''), 'out');
    const count = finished.filter((f) => f.result.passed).length;
    const lines = [
      `${count} of ${plural(finished.length, 'scenario')} passed; the ${reporterName} report is in ${out}`,
    ];
    if (!passed) lines.push('Failed:', ...failureSummary(finished, style.ascii ? 'x' : '✗'));
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  if (junitFile !== undefined) writeOutputFile(junitFile, `${await junitXml(summary)}\n`, 'junit');
  if (auditDirs && !io.closed())
    io.stderr.write(
      `audit logs: ${plural(finished.length, 'scenario')}, one directory each in ${auditTarget} (check with sesphr audit verify)\n`,
    );
  return passed ? 0 : 1;
}
