/**
 * Distributions of timed samples and the ratios the report quotes. Ratios are always of medians (p50):
 * a shared machine's bursts move means and tails far more than medians.
 */

export interface Distribution {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  /** Every sample (ms): sorted ascending as tinybench returns them, or in round order when interleaved. */
  readonly samples: number[];
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, by linear interpolation between closest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no samples');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} is outside [0, 1]`);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const low = sorted[lo] as number;
  return low + ((sorted[hi] as number) - low) * (at - lo);
}

export function distribution(samples: readonly number[]): Distribution {
  if (samples.length === 0) throw new RangeError('a distribution needs at least one sample');
  if (samples.some((s) => !Number.isFinite(s) || s < 0))
    throw new RangeError('samples must be finite and non-negative');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    mean: samples.reduce((sum, s) => sum + s, 0) / samples.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    samples: [...samples],
  };
}

/** numerator / denominator of medians; undefined when either is missing or the denominator is 0. */
export function ratioOfMedians(
  numerator: Pick<Distribution, 'p50'> | undefined,
  denominator: Pick<Distribution, 'p50'> | undefined,
): number | undefined {
  if (numerator === undefined || denominator === undefined || denominator.p50 === 0) return undefined;
  return numerator.p50 / denominator.p50;
}

/** The median of a sum of independent steps, approximated by the sum of their medians. */
export function sumOfMedians(parts: readonly (Pick<Distribution, 'p50'> | undefined)[]): number | undefined {
  let total = 0;
  for (const part of parts) {
    if (part === undefined) return undefined;
    total += part.p50;
  }
  return total;
}
