/**
 * Field rules, stated once. Each returns `undefined` when the value is acceptable, or the reason it is
 * not; the API layer raises an ArgumentError with it, the wire decoders a DecodeError.
 */
import { utf8 } from './bytes.ts';
import type { TimeWindow } from './types.ts';

export const IDENTIFIER_MAX_BYTES = 128;
export const ACCESS_LEVEL_MAX = 0xffff;
export const VERSION_MAX = 0xffff_ffff;
export const PARTITIONS_MAX = 255;
/** u32 length prefixes bound a partition; 1 GiB keeps us far from it and from memory trouble. */
export const PARTITION_PLAINTEXT_MAX = 1 << 30;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the rule is exactly "no control characters"
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u;
/** With the `u` flag a well-formed surrogate pair is one astral code point; only unpaired halves match. */
const LONE_SURROGATE = /\p{Cs}/u;

export function identifierProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'expected a string';
  const length = utf8(value).length;
  if (length === 0) return 'must not be empty';
  if (length > IDENTIFIER_MAX_BYTES) return `longer than ${IDENTIFIER_MAX_BYTES} bytes of UTF-8`;
  if (CONTROL_CHARACTERS.test(value)) return 'contains a control character';
  // A lone surrogate has no UTF-8 encoding: the encoder would silently turn it into U+FFFD.
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (not encodable as UTF-8)';
  return undefined;
}

export function integerProblem(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'expected an integer';
  if (value < min || value > max) return `out of range [${min}, ${max}]`;
  return undefined;
}

export const accessLevelProblem = (value: unknown) => integerProblem(value, 0, ACCESS_LEVEL_MAX);
export const versionProblem = (value: unknown) => integerProblem(value, 0, VERSION_MAX);
export const timestampProblem = (value: unknown) => integerProblem(value, 0, Number.MAX_SAFE_INTEGER);

export function windowProblem(window: TimeWindow): string | undefined {
  const bound = timestampProblem(window.notBefore) ?? timestampProblem(window.notAfter);
  if (bound) return bound;
  if (window.notBefore > window.notAfter) return 'notBefore is after notAfter';
  return undefined;
}

/** Labels must be unique within a file: the label keys the AEAD key derivation and the manifest entry. */
export function duplicateLabel(labels: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) return label;
    seen.add(label);
  }
  return undefined;
}
