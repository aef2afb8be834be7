/** `sesphr crypto roundtrip`: one timed owner → SRS → user exchange on the real cryptography. */
import type { Argv } from 'yargs';

import { BACKEND_NAMES, type BackendChoice } from '../../crypto/backend/index.ts';
import { ROUNDTRIP_STEPS, type RoundtripReport, runRoundtrip } from '../../crypto/roundtrip.ts';
import { AEAD_ALGORITHMS, CIPHER_MODES, VARIANTS } from '../../crypto/types.ts';
import { PARTITIONS_MAX } from '../../crypto/validate.ts';
import { formatTable } from '../../format/table.ts';
import { parseChoice, parseSize, parseWholeNumber } from '../args.ts';
import type { CommandResult } from '../output.ts';

export function roundtripBuilder(yargs: Argv) {
  return yargs
    .option('size', {
      type: 'string',
      default: '1MiB',
      describe: 'total plaintext size (bytes, or 50KB, 2MiB…)',
    })
    .option('partitions', {
      type: 'string',
      default: '4',
      describe: `number of partitions (1–${PARTITIONS_MAX})`,
    })
    .option('mode', { type: 'string', default: 'hybrid', describe: `${CIPHER_MODES.join(' | ')}` })
    .option('aead', {
      type: 'string',
      default: 'aes-256-gcm',
      describe: `hybrid mode's AEAD: ${AEAD_ALGORITHMS.join(' | ')}`,
    })
    .option('backend', {
      type: 'string',
      default: 'auto',
      describe: `${BACKEND_NAMES.join(' | ')} | auto (fastest passing)`,
    })
    .option('variant', { type: 'string', default: 'paper', describe: `${VARIANTS.join(' | ')}` })
    .option('seed', { type: 'string', describe: 'make keys, data and nonces reproducible' })
    .option('cold', {
      type: 'boolean',
      default: false,
      describe: 'time the first exchange of the process (no warm-up)',
    })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' });
}

type RoundtripArgs = ReturnType<typeof roundtripBuilder> extends Argv<infer T> ? T : never;

export async function roundtripCommand(args: RoundtripArgs): Promise<CommandResult> {
  const report = await runRoundtrip({
    sizeBytes: parseSize(args.size, 'size'),
    partitions: parseWholeNumber(args.partitions, 'partitions', 1, PARTITIONS_MAX),
    mode: parseChoice(args.mode, CIPHER_MODES, 'mode'),
    aead: parseChoice(args.aead, AEAD_ALGORITHMS, 'aead'),
    backend: parseChoice<BackendChoice>(args.backend, [...BACKEND_NAMES, 'auto'], 'backend'),
    variant: parseChoice(args.variant, VARIANTS, 'variant'),
    cold: args.cold,
    ...(args.seed === undefined ? {} : { seed: args.seed }),
  });
  return {
    exitCode: report.ok ? 0 : 1,
    output: args.json ? `${JSON.stringify(report)}\n` : formatReport(report),
  };
}

function formatReport(report: RoundtripReport): string {
  const title =
    `SeSPHR round trip — ${report.variant} variant, ${report.mode}${report.aead ? ` (${report.aead})` : ''}, ` +
    `backend ${report.backend}, ${report.sizeBytes} bytes in ${report.partitions} partition(s), ` +
    `${report.ciphertextBytes} bytes uploaded`;
  const rows = ROUNDTRIP_STEPS.map((step) => [step, report.timingsMs[step].toFixed(2)]);
  rows.push(['total', report.totalMs.toFixed(2)]);
  const verdict = report.ok
    ? 'OK: every partition decrypted to the original plaintext'
    : `FAILED: plaintext mismatch in ${report.mismatched.join(', ')}`;
  return `${title}\n\n${formatTable(['step', 'ms'], rows)}\n\n${verdict}\n`;
}
