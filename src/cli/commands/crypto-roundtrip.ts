/** `sesphr crypto roundtrip`: one timed owner → SRS → user exchange on the real cryptography (docs/cli/crypto-roundtrip.md). */
import type { Argv } from 'yargs';
import { PARTITIONS_MAX } from '../../../common/limits.ts';
import type { BackendChoice } from '../../crypto/backend/index.ts';
import { BACKEND_NAMES } from '../../crypto/backend/types.ts';
import type { RoundtripReport, RoundtripStep } from '../../crypto/roundtrip.ts';
import { AEAD_ALGORITHMS, CIPHER_MODES, VARIANTS } from '../../crypto/types.ts';
import { PARTITION_PLAINTEXT_MAX } from '../../crypto/validate.ts';
import { toAscii } from '../../format/ascii.ts';
import { formatTable, withTableStyle } from '../../format/table.ts';
import { plural } from '../../format/words.ts';
import {
  type Args,
  optionFlag,
  optionText,
  parseChoice,
  parseSize,
  parseWholeNumber,
  UsageError,
} from '../args.ts';
import type { ExitCode } from '../command.ts';
import { checkWritableFile, writeOutputFile } from '../files.ts';
import type { CliIO } from '../io.ts';
import { flagOption, numberOption, valueOption } from '../options.ts';
import { textStyle } from '../terminal.ts';
import { toolInfo } from '../version.ts';

export function builder(yargs: Argv): Argv {
  let y: Argv = yargs.usage(
    '$0 crypto roundtrip [options]\n\nOne owner → SRS → user exchange on the real cryptography, timed step by step.',
  );
  y = valueOption(y, 'size', {
    describe: 'total plaintext size: bytes, or with a unit (50KB, 2MiB, 1GiB at most)',
    defaultDescription: '1MiB',
  });
  y = numberOption(y, 'partitions', {
    describe: `number of partitions (1–${PARTITIONS_MAX})`,
    defaultDescription: '4',
  });
  y = valueOption(y, 'mode', {
    describe: `${CIPHER_MODES.join(' | ')} (literal: the paper's masking, insecure, no AEAD)`,
    defaultDescription: 'hybrid',
  });
  y = valueOption(y, 'aead', {
    describe: `hybrid mode's AEAD: ${AEAD_ALGORITHMS.join(' | ')}`,
    defaultDescription: 'aes-256-gcm',
  });
  y = valueOption(y, 'backend', {
    describe: `${BACKEND_NAMES.join(' | ')} | auto (the fastest that passes its self-test)`,
    defaultDescription: 'auto',
  });
  y = valueOption(y, 'variant', { describe: `${VARIANTS.join(' | ')}`, defaultDescription: 'paper' });
  y = valueOption(y, 'seed', {
    describe: 'make keys, data and nonces reproducible (default: the system CSPRNG)',
  });
  y = flagOption(y, 'cold', 'time the first exchange of the process (no warm-up)');
  y = flagOption(y, 'json', 'print one JSON object');
  y = valueOption(y, 'out', {
    describe: 'write the report (text or --json) to this file instead of standard output',
  });
  y = flagOption(y, 'ascii', 'plain ASCII text (the default when the locale is not UTF-8)');
  return y.example(
    '$0 crypto roundtrip --size 2MiB --partitions 4 --backend noble',
    'time one exchange on noble',
  );
}

export async function run(args: Args, io: CliIO): Promise<ExitCode> {
  const mode = parseChoice(optionText(args, 'mode') ?? 'hybrid', CIPHER_MODES, 'mode');
  const aeadText = optionText(args, 'aead');
  if (mode === 'literal' && aeadText !== undefined)
    throw new UsageError(
      '--aead cannot be used with --mode literal: literal mode has no AEAD (it masks chunks)',
    );
  const options = {
    sizeBytes: parseSize(optionText(args, 'size') ?? '1MiB', 'size', PARTITION_PLAINTEXT_MAX),
    partitions: parseWholeNumber(optionText(args, 'partitions') ?? '4', 'partitions', 1, PARTITIONS_MAX),
    mode,
    aead: parseChoice(aeadText ?? 'aes-256-gcm', AEAD_ALGORITHMS, 'aead'),
    backend: parseChoice<BackendChoice>(
      optionText(args, 'backend') ?? 'auto',
      [...BACKEND_NAMES, 'auto'],
      'backend',
    ),
    variant: parseChoice(optionText(args, 'variant') ?? 'paper', VARIANTS, 'variant'),
    cold: optionFlag(args, 'cold'),
  };
  const seed = optionText(args, 'seed');
  const json = optionFlag(args, 'json');
  const out = optionText(args, 'out');
  if (out !== undefined) checkWritableFile(out, 'out');

  const { runRoundtrip, ROUNDTRIP_STEPS } = await import('../../crypto/roundtrip.ts');
  const report = await runRoundtrip({ ...options, ...(seed === undefined ? {} : { seed }) });
  const style = textStyle(io, { ascii: optionFlag(args, 'ascii') });
  const text = json
    ? `${JSON.stringify({ tool: toolInfo(), ...report, ...(seed === undefined ? {} : { seed }) })}\n`
    : withTableStyle(out === undefined ? style : { ascii: style.ascii }, () =>
        formatReport(report, ROUNDTRIP_STEPS, style.ascii),
      );
  if (out === undefined) io.stdout.write(text);
  else {
    writeOutputFile(out, text, 'out');
    io.stdout.write(`${report.ok ? 'OK' : 'FAILED'}: wrote the ${json ? 'JSON' : 'text'} report to ${out}\n`);
  }
  return report.ok ? 0 : 1;
}

export function formatReport(
  report: RoundtripReport,
  steps: readonly RoundtripStep[],
  ascii = false,
): string {
  const title =
    `SeSPHR round trip — ${report.variant} variant, ${report.mode}${report.aead ? ` (${report.aead})` : ''}, ` +
    `backend ${report.backend}, ${plural(report.sizeBytes, 'byte')} in ${plural(report.partitions, 'partition')}, ` +
    `${plural(report.ciphertextBytes, 'byte')} uploaded`;
  const rows = steps.map((step) => [step, report.timingsMs[step].toFixed(2)]);
  rows.push(['total', report.totalMs.toFixed(2)]);
  const verdict = report.ok
    ? 'OK: every partition decrypted to the original plaintext'
    : `FAILED: plaintext mismatch in ${report.mismatched.join(', ')}`;
  const text = `${title}\n\n${formatTable(['step', 'ms'], rows)}\n\n${verdict}\n`;
  return ascii ? toAscii(text) : text;
}
