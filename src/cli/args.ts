/**
 * Reading parsed options. yargs hands every valued option over as the text that was typed (see
 * options.ts); these functions check it and throw UsageError, which the CLI maps to exit 2 with the
 * message — always naming the flag (docs/cli/README.md, "Errors").
 */
import { plural } from '../format/words.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parsed arguments as yargs delivers them. */
export type Args = Readonly<Record<string, unknown>>;

/**
 * The text given for `--name`, or undefined when the flag is absent. A flag given an empty value
 * (`--seed=` or `--seed ""`) or given twice is refused: both are mistakes, never a way to ask for the default.
 */
export function optionText(args: Args, name: string): string | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new UsageError(`--${name}: given ${value.length} times; give it once`);
  const text = String(value);
  if (text.trim() === '') throw new UsageError(`--${name}: expected a value, got an empty string`);
  return text;
}

export function optionFlag(args: Args, name: string): boolean {
  const value = args[name];
  if (Array.isArray(value)) throw new UsageError(`--${name}: given ${value.length} times; give it once`);
  return value === true;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** `1073741824` → `1 GiB`; sizes that are not a whole number of a binary unit stay in bytes. */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return plural(bytes, 'byte');
}

/** "2097152", "2MiB", "50KB", "1.5MiB" → bytes (a whole number, at most `max`). */
export function parseSize(text: string, option: string, max = Number.MAX_SAFE_INTEGER): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match || unit === undefined) {
    throw new UsageError(`--${option}: expected a size such as 1048576, 50KB or 2MiB, got "${text}"`);
  }
  const bytes = Number(match[1]) * unit;
  if (!Number.isSafeInteger(bytes))
    throw new UsageError(`--${option}: "${text}" is not a whole number of bytes`);
  if (bytes > max)
    throw new UsageError(`--${option}: at most ${formatSize(max)} (${plural(max, 'byte')}), got "${text}"`);
  return bytes;
}

export function parseChoice<T extends string>(text: string, choices: readonly T[], option: string): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${option}: expected one of ${choices.join(', ')}, got "${text}"`);
  }
  return text as T;
}

export function parseWholeNumber(text: string, option: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${option}: expected a whole number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max)
    throw new UsageError(`--${option}: expected ${min} to ${max}, got ${value}`);
  return value;
}

/** A JavaScript regular expression (as `grep -E` users expect, without the slashes). */
export function parsePattern(text: string, option: string): RegExp {
  try {
    return new RegExp(text, 'u');
  } catch (error) {
    throw new UsageError(
      `--${option}: not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `--a` and `--b` cannot be used together. */
export function refuseTogether(args: Args, a: string, b: string, why: string): void {
  if (args[a] !== undefined && args[a] !== false && args[b] !== undefined && args[b] !== false) {
    throw new UsageError(`--${a} and --${b} cannot be used together: ${why}`);
  }
}
