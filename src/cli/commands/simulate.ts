/** `sesphr simulate <file|dir>…`: run scenarios on the real cryptography and check their expectations. */
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../../../common/input-error.ts';
import { BACKEND_NAMES, type BackendChoice } from '../../crypto/backend/index.ts';
import { loadScenarioFile, type Scenario } from '../../scenario/load.ts';
import { formatScenarioReport } from '../../scenario/report.ts';
import { runScenario, type ScenarioResult } from '../../scenario/run.ts';
import { type Trace, traceOf } from '../../sim/trace.ts';
import { parseChoice, UsageError } from '../args.ts';
import type { CommandResult } from '../output.ts';

export function simulateBuilder(yargs: Argv) {
  return yargs
    .positional('paths', { type: 'string', array: true, describe: 'scenario files or directories of *.yaml' })
    .option('trace', {
      type: 'string',
      describe: 'write the trace as JSON (one scenario: this file; several: this directory, one file each)',
    })
    .option('secrets', { type: 'boolean', default: false, describe: 'include secret key bytes in the trace' })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'print one JSON array, an object per scenario',
    })
    .option('seed', { type: 'string', describe: 'override every scenario’s seed' })
    .option('backend', { type: 'string', default: 'auto', describe: `${BACKEND_NAMES.join(' | ')} | auto` });
}

type SimulateArgs = ReturnType<typeof simulateBuilder> extends Argv<infer T> ? T : never;

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

function writeTraces(target: string, traces: readonly Trace[], names: readonly string[]): void {
  try {
    if (traces.length === 1) {
      writeFileSync(target, `${JSON.stringify(traces[0], null, 2)}\n`);
      return;
    }
    mkdirSync(target, { recursive: true });
    traces.forEach((trace, k) => {
      writeFileSync(join(target, `${names[k]}.trace.json`), `${JSON.stringify(trace, null, 2)}\n`);
    });
  } catch (error) {
    throw new UsageError(
      `--trace: cannot write ${target}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export async function simulateCommand(args: SimulateArgs): Promise<CommandResult> {
  const paths = (args.paths ?? []).map(String);
  if (paths.length === 0) throw new UsageError('name at least one scenario file or directory');
  const backend = parseChoice<BackendChoice>(args.backend, [...BACKEND_NAMES, 'auto'], 'backend');
  // Validate every file before running any: a typo in the tenth file should not cost nine runs.
  const scenarios: Scenario[] = scenarioFiles(paths).map(loadScenarioFile);

  const results: ScenarioResult[] = [];
  const traces: Trace[] = [];
  const reports: string[] = [];
  for (const scenario of scenarios) {
    const { result, simulation } = await runScenario(scenario, {
      backend,
      ...(args.seed ? { seed: args.seed } : {}),
    });
    results.push(result);
    if (args.trace) traces.push(traceOf(simulation, { includeSecrets: args.secrets }));
    reports.push(formatScenarioReport(scenario, result, simulation.world.backend.name));
  }
  if (args.trace)
    writeTraces(
      args.trace,
      traces,
      results.map((r) => r.scenario),
    );

  const passed = results.every((r) => r.passed);
  const output = args.json
    ? `${JSON.stringify(results, null, 2)}\n`
    : `${reports.join('\n')}\n${results.filter((r) => r.passed).length} of ${results.length} scenario(s) passed\n`;
  return { exitCode: passed ? 0 : 1, output };
}
