/** Argument parsers shared by the CLI commands. Each throws UsageError, which the CLI maps to exit 2. */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
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

/** "2097152", "2MiB", "50KB", "1.5MiB" → bytes (a whole number). */
export function parseSize(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = SIZE_UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match || unit === undefined) {
    throw new UsageError(`--${option}: expected a size such as 1048576, 50KB or 2MiB, got "${text}"`);
  }
  const bytes = Number(match[1]) * unit;
  if (!Number.isSafeInteger(bytes))
    throw new UsageError(`--${option}: "${text}" is not a whole number of bytes`);
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
