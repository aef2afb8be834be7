/**
 * `sesphr bench`: the benchmark suites (src/bench) — the paper's §6 experiments and what it never
 * reported, side by side with paper-literal, both backends, umbral-pre and each step's floor — written as
 * results.json, report.md, SVG charts and a self-contained report.html (docs/cli/bench.md).
 */
import type { Argv } from 'yargs';
import type { BenchResults, SuiteName } from '../../bench/results.ts';
import { SUITE_NAMES } from '../../bench/results.ts';
import { type Args, optionFlag, optionText, parseChoice } from '../args.ts';
import type { ExitCode } from '../command.ts';
import { prepareWritableDirectory } from '../files.ts';
import type { CliIO } from '../io.ts';
import { flagOption, valueOption } from '../options.ts';
import { progressBar } from '../progress.ts';
import { textStyle } from '../terminal.ts';
import { toolInfo } from '../version.ts';

const SUITE_CHOICES = [...SUITE_NAMES, 'all'] as const;

export function builder(yargs: Argv): Argv {
  let y: Argv = yargs.usage(
    '$0 bench [options]\n\nBenchmarks: key generation, encryption and decryption, SRS re-encryption, turnaround, scaling, umbral-pre, verification — with ratios and floors.',
  );
  y = valueOption(y, 'suite', { describe: SUITE_CHOICES.join(' | '), defaultDescription: 'all' });
  y = flagOption(y, 'quick', 'every suite at reduced sizes (under 2 minutes on 2 cores)');
  y = valueOption(y, 'out', {
    describe: 'write results.json, report.md, the SVG charts and report.html into this directory',
  });
  y = flagOption(y, 'json', 'print the results (ratios, figures, floors, machine) as one JSON object');
  y = flagOption(y, 'quiet', 'no progress bar');
  return y
    .example('$0 bench --quick --out bench-report', 'every suite at reduced sizes, with the report')
    .example('$0 bench --suite encdec --json', "the paper's Figs. 4–5 as JSON");
}

function benchProgress(io: CliIO, quiet: boolean) {
  const stream = io.progressStream;
  if (quiet || !stream?.isTTY) return { update: () => {}, stop: () => {} };
  const bar = progressBar(stream, {
    format: 'bench {bar} suite {value}/{total} {suite} | {task}',
    unicode: !textStyle(io).ascii,
    fps: 5,
  });
  let started = false;
  return {
    update(event: { suite: SuiteName; index: number; of: number; task: string }) {
      const width = Math.max(10, (stream.columns ?? 80) - 50);
      const payload = { suite: event.suite, task: event.task.slice(0, width) };
      if (!started) {
        bar.start(event.of, event.index - 1, payload);
        started = true;
      } else bar.update(event.index - 1, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function summary(
  results: BenchResults,
  written: readonly string[] | undefined,
  out: string | undefined,
): string {
  const lines = [
    `sesphr bench — ${results.quick ? 'quick' : 'full'} run of ${results.suites.join(', ')} in ${(results.totalMs / 1000).toFixed(0)} s on ${results.machine.cpuModel} (${results.machine.cores} cores, load ${results.machine.loadAverage.join(' ')})`,
    '',
    'ratios (medians measured in this run):',
  ];
  for (const [name, value] of Object.entries(results.ratios))
    lines.push(`  ${name.padEnd(26)} ${value === null ? 'not measured' : `${value.toFixed(2)}×`}`);
  lines.push('', `${results.figures.length} figures, ${results.floors.length} floors`);
  if (written && out) lines.push(`wrote ${written.join(', ')} to ${out}`);
  return `${lines.join('\n')}\n`;
}

export async function run(args: Args, io: CliIO): Promise<ExitCode> {
  const suiteChoice = parseChoice(optionText(args, 'suite') ?? 'all', SUITE_CHOICES, 'suite');
  const quick = optionFlag(args, 'quick');
  const json = optionFlag(args, 'json');
  const out = optionText(args, 'out');
  if (out !== undefined) prepareWritableDirectory(out, 'out');
  const { runBench } = await import('../../bench/run.ts');
  const bar = benchProgress(io, optionFlag(args, 'quiet'));
  let results: BenchResults;
  try {
    results = await runBench({
      suites: suiteChoice === 'all' ? SUITE_NAMES : [suiteChoice],
      quick,
      tool: toolInfo(),
      onProgress: (event) => bar.update(event),
    });
  } catch (error) {
    bar.stop();
    io.stderr.write(`sesphr bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  bar.stop();
  let written: readonly string[] | undefined;
  if (out !== undefined) {
    const { writeReport } = await import('../../bench/report/write.ts');
    written = (await writeReport(results, out)).files;
  }
  io.stdout.write(json ? `${JSON.stringify(results)}\n` : summary(results, written, out));
  return 0;
}
