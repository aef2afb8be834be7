/**
 * Field rules, stated once. Each returns `undefined` when the value is acceptable, or the reason it is
 * not; the API layer raises an ArgumentError with it, the wire decoders a DecodeError.
 */

import { ACCESS_LEVEL_MAX, VERSION_MAX } from '../../common/limits.ts';
import type { TimeWindow } from './types.ts';

export { IDENTIFIER_MAX_BYTES, identifierProblem } from '../../common/identifiers.ts';
export { ACCESS_LEVEL_MAX, PARTITIONS_MAX, VERSION_MAX } from '../../common/limits.ts';
/** u32 length prefixes bound a partition; 1 GiB keeps us far from it and from memory trouble. */
export const PARTITION_PLAINTEXT_MAX = 1 << 30;

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
