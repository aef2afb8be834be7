/** `sesphr model`: export the HLPN (paper's example universe) as JSON, DOT, SVG or PNML. */
import { writeFile } from 'node:fs/promises';
import type { Argv } from 'yargs';

import { LAYERS } from '../../../model/config.ts';
import { paperExampleConfig } from '../../../model/universes.ts';
import { VARIANTS } from '../../crypto/types.ts';
import { EXPORT_FORMATS, exportModel } from '../../export/index.ts';
import { parseChoice, UsageError } from '../args.ts';
import type { CommandResult } from '../output.ts';

export function modelBuilder(yargs: Argv) {
  return yargs
    .option('layer', { type: 'string', default: 'paper', describe: `${LAYERS.join(' | ')}` })
    .option('variant', { type: 'string', default: 'paper', describe: `${VARIANTS.join(' | ')}` })
    .option('format', { type: 'string', demandOption: true, describe: `${EXPORT_FORMATS.join(' | ')}` })
    .option('out', { type: 'string', describe: 'write to this file instead of standard output' });
}

type ModelArgs = ReturnType<typeof modelBuilder> extends Argv<infer T> ? T : never;

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a parent path is not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

export async function modelCommand(args: ModelArgs): Promise<CommandResult> {
  const layer = parseChoice(args.layer, LAYERS, 'layer');
  const variant = parseChoice(args.variant, VARIANTS, 'variant');
  if (args.format === undefined)
    throw new UsageError(`--format: required, one of ${EXPORT_FORMATS.join(', ')}`);
  const format = parseChoice(args.format, EXPORT_FORMATS, 'format');
  if (args.out !== undefined && args.out.trim() === '') throw new UsageError('--out: expected a file name');
  const text = await exportModel(paperExampleConfig(layer, variant), format);
  if (args.out === undefined) return { exitCode: 0, output: text };
  try {
    await writeFile(args.out, text, 'utf8');
  } catch (error) {
    throw new UsageError(`--out: cannot write "${args.out}": ${describeWriteError(error)}`);
  }
  return {
    exitCode: 0,
    output: `wrote ${format} (${Buffer.byteLength(text, 'utf8')} bytes, ${layer} layer, ${variant} variant) to ${args.out}\n`,
  };
}
