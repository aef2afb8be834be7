/**
 * The flags `sesphr verify` and `sesphr explore` share: which configurations (layer, variant, past-data
 * policy, mode, each one value or `all`), which properties, and the universe's size. Choices, defaults
 * and limits come from their one declaration (common/, model/config.ts, src/verify/universe.ts).
 */
import type { Argv } from 'yargs';
import { CIPHER_MODES, type CipherMode } from '../../../common/modes.ts';
import { VARIANTS, type Variant } from '../../../common/variants.ts';
import { LAYERS, PAST_DATA_POLICIES, type PastDataPolicy } from '../../../model/config.ts';
import type { Layer } from '../../../model/vocabulary.ts';
import { DEFAULT_SIZE, SIZE_LIMITS, type UniverseSize } from '../../verify/universe.ts';
import { type Args, optionText, parseChoice, parseWholeNumber, UsageError } from '../args.ts';
import { numberOption, valueOption } from '../options.ts';
import { suggest } from '../suggest.ts';

/** What a configuration flag means when it is not given: one value, or `all`. */
export interface DimensionDefaults {
  readonly variant: Variant | 'all';
  readonly policy: PastDataPolicy | 'all';
  readonly mode: CipherMode | 'all';
  readonly layer: Layer | 'all';
}

const CHOICES = {
  variant: VARIANTS,
  policy: PAST_DATA_POLICIES,
  mode: CIPHER_MODES,
  layer: LAYERS,
} as const;

export function configurationFlags(y: Argv, defaults: DimensionDefaults, group: string): Argv {
  let out = y;
  for (const name of ['variant', 'policy', 'mode', 'layer'] as const)
    out = valueOption(out, name, {
      describe: [...CHOICES[name], 'all'].join(' | '),
      defaultDescription: defaults[name],
      group,
    });
  return out.option('property', {
    type: 'string',
    array: true,
    requiresArg: true,
    describe: 'check only these properties (ids, space- or comma-separated)',
    group,
  });
}

const SIZE_WORDS: Readonly<Record<keyof UniverseSize, string>> = {
  users: 'users in the universe',
  files: 'files',
  partitions: 'partitions',
  times: 'clock values 0..T-1',
};

export function universeFlags(y: Argv, group: string): Argv {
  let out = y;
  for (const name of Object.keys(SIZE_WORDS) as (keyof UniverseSize)[]) {
    const [min, max] = SIZE_LIMITS[name];
    out = numberOption(out, name, {
      describe: `${SIZE_WORDS[name]} (${min}–${max})`,
      defaultDescription: String(DEFAULT_SIZE[name]),
      group,
    });
  }
  return out;
}

export interface Dimensions {
  readonly variants: Variant[];
  readonly policies: PastDataPolicy[];
  readonly modes: CipherMode[];
  readonly layers: Layer[];
}

function dimension<T extends string>(args: Args, name: string, choices: readonly T[], fallback: string): T[] {
  const text = optionText(args, name) ?? fallback;
  if (text === 'all') return [...choices];
  return [parseChoice(text, [...choices, 'all' as T], name) as T];
}

export function parseDimensions(args: Args, defaults: DimensionDefaults): Dimensions {
  return {
    variants: dimension<Variant>(args, 'variant', VARIANTS, defaults.variant),
    policies: dimension<PastDataPolicy>(args, 'policy', PAST_DATA_POLICIES, defaults.policy),
    modes: dimension<CipherMode>(args, 'mode', CIPHER_MODES, defaults.mode),
    layers: dimension<Layer>(args, 'layer', LAYERS, defaults.layer),
  };
}

/** `--property` ids (space- or comma-separated), each a known id; undefined when not given. */
export function parsePropertyIds(args: Args, known: readonly string[]): string[] | undefined {
  const raw = args.property;
  if (raw === undefined) return undefined;
  const ids = (Array.isArray(raw) ? raw : [raw]).flatMap((x) => String(x).split(',')).map((x) => x.trim());
  if (ids.length === 0 || ids.some((x) => x === ''))
    throw new UsageError('--property: expected property ids, got an empty value');
  for (const id of ids)
    if (!known.includes(id)) {
      const guess = suggest(id, known);
      throw new UsageError(
        `--property: unknown property "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; the properties are ${known.join(', ')}`,
      );
    }
  return [...new Set(ids)];
}

export function parseUniverseSize(args: Args): UniverseSize {
  const size = (name: keyof UniverseSize) => {
    const text = optionText(args, name);
    return text === undefined ? DEFAULT_SIZE[name] : parseWholeNumber(text, name, ...SIZE_LIMITS[name]);
  };
  return { users: size('users'), files: size('files'), partitions: size('partitions'), times: size('times') };
}
