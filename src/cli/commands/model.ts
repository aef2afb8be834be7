/**
 * `sesphr model`: export the HLPN as JSON, DOT, SVG or PNML (docs/cli/model.md) — for the paper's example
 * universe in a chosen layer and variant, or for the universe of a scenario file (`--scenario`).
 */
import type { Argv } from 'yargs';
import { VARIANTS } from '../../../common/variants.ts';
import { LAYERS } from '../../../model/config.ts';
import { EXPORT_FORMATS } from '../../export/index.ts';
import { plural } from '../../format/words.ts';
import { type Args, optionText, parseChoice, UsageError } from '../args.ts';
import type { ExitCode } from '../command.ts';
import { checkWritableFile, writeOutputFile } from '../files.ts';
import type { CliIO } from '../io.ts';
import { valueOption } from '../options.ts';

export function builder(yargs: Argv): Argv {
  let y: Argv = yargs.usage(
    '$0 model --format json|dot|svg|pnml [--layer L] [--variant V | --scenario FILE] [--out FILE]\n\n' +
      'Export the HLPN. Without --scenario: the paper’s example universe (one owner, five users, four partitions).',
  );
  y = valueOption(y, 'format', { describe: `output format: ${EXPORT_FORMATS.join(' | ')} (required)` });
  y = valueOption(y, 'layer', {
    describe: `paper (Fig. 2's 11 transitions) | extended (everything the simulator fires)`,
    defaultDescription: 'paper',
  });
  y = valueOption(y, 'variant', { describe: `${VARIANTS.join(' | ')}`, defaultDescription: 'paper' });
  y = valueOption(y, 'scenario', {
    describe: 'export the universe of this scenario file (its principals, files, layer and variant)',
  });
  y = valueOption(y, 'out', { describe: 'write to this file instead of standard output' });
  return y.example('$0 model --format svg --layer extended --out net.svg', 'draw the extended net');
}

export async function run(args: Args, io: CliIO): Promise<ExitCode> {
  const formatText = optionText(args, 'format');
  if (formatText === undefined)
    throw new UsageError(`--format: required, one of ${EXPORT_FORMATS.join(', ')}`);
  const format = parseChoice(formatText, EXPORT_FORMATS, 'format');
  const layerText = optionText(args, 'layer');
  const variantText = optionText(args, 'variant');
  const scenarioFile = optionText(args, 'scenario');
  const out = optionText(args, 'out');
  if (scenarioFile !== undefined) {
    for (const [name, given] of [
      ['layer', layerText],
      ['variant', variantText],
    ] as const) {
      if (given !== undefined)
        throw new UsageError(
          `--${name} and --scenario cannot be used together: the scenario file sets its ${name}`,
        );
    }
  }
  const layer = parseChoice(layerText ?? 'paper', LAYERS, 'layer');
  const variant = parseChoice(variantText ?? 'paper', VARIANTS, 'variant');
  if (out !== undefined) checkWritableFile(out, 'out');

  const { exportModel } = await import('../../export/index.ts');
  let config: Parameters<typeof exportModel>[0];
  if (scenarioFile !== undefined) {
    const { loadScenarioFile } = await import('../../scenario/load.ts');
    config = loadScenarioFile(scenarioFile).config;
  } else {
    const { paperExampleConfig } = await import('../../../model/universes.ts');
    config = paperExampleConfig(layer, variant);
  }
  const text = await exportModel(config, format);
  if (out === undefined) {
    io.stdout.write(text);
    return 0;
  }
  writeOutputFile(out, text, 'out');
  const what = scenarioFile === undefined ? '' : ` of ${scenarioFile}`;
  io.stdout.write(
    `wrote ${format} (${plural(Buffer.byteLength(text, 'utf8'), 'byte')}, ${config.layer} layer, ${config.variant} variant${what}) to ${out}\n`,
  );
  return 0;
}
