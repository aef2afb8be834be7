/**
 * `sesphr replay <trace>`: run a trace (`sesphr simulate --trace`) again and report whether every step
 * and every principal's bytes came out the same (docs/cli/replay.md). Exit 0 reproduced, 1 differs,
 * 2 the trace cannot be read or replayed as asked.
 */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { InputError } from '../../../common/input-error.ts';
import type { BackendChoice } from '../../crypto/backend/index.ts';
import { BACKEND_NAMES } from '../../crypto/backend/types.ts';
import { toAscii } from '../../format/ascii.ts';
import { plural } from '../../format/words.ts';
import { type Args, optionFlag, optionText, parseChoice, UsageError } from '../args.ts';
import type { ExitCode } from '../command.ts';
import { checkWritableFile, writeOutputFile } from '../files.ts';
import type { CliIO } from '../io.ts';
import { flagOption, valueOption } from '../options.ts';
import { textStyle } from '../terminal.ts';
import { toolInfo } from '../version.ts';

export function builder(yargs: Argv): Argv {
  let y: Argv = yargs
    .usage(
      '$0 replay <trace> [options]\n\n' +
        'Run a trace written by `sesphr simulate --trace` again, with the same configuration, seed and steps,\n' +
        'and compare every step (tokens added and removed, refusals) and every principal’s bytes.',
    )
    .positional('trace', { type: 'string', describe: 'a trace file (JSON)' });
  y = valueOption(y, 'backend', {
    describe: `replay on this backend (${BACKEND_NAMES.join(' | ')}) instead of the one recorded: the bytes must not change`,
  });
  y = valueOption(y, 'seed', {
    describe:
      'the seed of the run, for a trace written without --secrets (which holds no seed): then the bytes are compared too',
  });
  y = flagOption(y, 'json', 'print one JSON object');
  y = valueOption(y, 'out', {
    describe: 'write the report (text or --json) to this file instead of standard output',
  });
  y = flagOption(y, 'ascii', 'plain ASCII text (the default when the locale is not UTF-8)');
  return y.example(
    '$0 replay traces/curious-srs-paper.trace.json --backend noble',
    'the same bytes on noble',
  );
}

export async function run(args: Args, io: CliIO): Promise<ExitCode> {
  const file = args.trace === undefined ? undefined : String(args.trace);
  if (file === undefined || file === '') throw new UsageError('name the trace file to replay');
  const backendText = optionText(args, 'backend');
  const backend =
    backendText === undefined ? undefined : parseChoice<BackendChoice>(backendText, BACKEND_NAMES, 'backend');
  const seed = optionText(args, 'seed');
  const json = optionFlag(args, 'json');
  const out = optionText(args, 'out');
  if (out !== undefined) checkWritableFile(out, 'out');

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      file,
      '',
      code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`,
    );
  }
  const [{ parseTrace }, { replayTrace }, { simulationAuditor }] = await Promise.all([
    import('../../sim/trace.ts'),
    import('../../sim/replay.ts'),
    import('../../tpa/from-sim.ts'),
  ]);
  const trace = parseTrace(text, file);
  const replay = await replayTrace(trace, {
    auditor: simulationAuditor,
    ...(backend === undefined ? {} : { backend }),
    ...(seed === undefined ? {} : { seed }),
  });
  const replayedOn = backend ?? trace.backend;
  const holdings = Object.values(trace.holdings).reduce((n, items) => n + Object.keys(items).length, 0);
  const report = json
    ? `${JSON.stringify({
        tool: toolInfo(),
        trace: file,
        reproduced: replay.ok,
        compared: replay.compared,
        recordedBackend: trace.backend,
        backend: replayedOn,
        ...(seed === undefined ? {} : { seed }),
        steps: trace.steps.length,
        holdingsCompared: holdings,
        differences: replay.differences,
      })}\n`
    : formatReplay(file, replay.ok, replay.compared, replay.differences, {
        steps: trace.steps.length,
        holdings,
        recorded: trace.backend,
        replayedOn,
      });
  const shown = !json && textStyle(io, { ascii: optionFlag(args, 'ascii') }).ascii ? toAscii(report) : report;
  if (out === undefined) io.stdout.write(shown);
  else {
    writeOutputFile(out, shown, 'out');
    io.stdout.write(
      `${replay.ok ? 'reproduced' : 'DIFFERS'}: wrote the ${json ? 'JSON' : 'text'} report to ${out}\n`,
    );
  }
  return replay.ok ? 0 : 1;
}

function formatReplay(
  file: string,
  ok: boolean,
  compared: 'bytes' | 'transcript',
  differences: readonly string[],
  counts: { steps: number; holdings: number; recorded: string; replayedOn: string },
): string {
  const on =
    counts.recorded === counts.replayedOn
      ? `on ${counts.replayedOn}`
      : `on ${counts.replayedOn} (recorded on ${counts.recorded})`;
  if (ok && compared === 'transcript') {
    return (
      `${file}: reproduced the public transcript ${on} — ${plural(counts.steps, 'step')}; the trace holds ` +
      'no seed (written without --secrets), so the bytes were not compared (give --seed to compare them)\n'
    );
  }
  if (ok) {
    return (
      `${file}: reproduced byte for byte ${on} — ${plural(counts.steps, 'step')}, ` +
      `${plural(counts.holdings, 'holding')} compared\n`
    );
  }
  const lines = [`${file}: DIFFERS ${on} — ${plural(differences.length, 'difference')}:`];
  for (const difference of differences) lines.push(`  ✗ ${difference}`);
  return `${lines.join('\n')}\n`;
}
