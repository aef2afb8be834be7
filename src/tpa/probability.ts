/**
 * How likely an audit of c challenged blocks is to catch a file of which a fraction ρ of the blocks is
 * corrupted (docs/tpa.md, "Detection probability").
 *
 * With c blocks drawn independently and uniformly (with replacement), a miss needs every draw to land
 * on an intact block: P(detect) = 1 − (1 − ρ)^c exactly. The TPA draws c *distinct* blocks by default
 * (a block is never asked for twice); then, with k = ρ·n corrupted blocks of n,
 * P(detect) = 1 − C(n − k, c) / C(n, c) = 1 − ∏_{j<c} (n − k − j)/(n − j), which is never below the
 * formula and tends to it as n grows. `challengesFor` uses the formula, so the c it gives meets the target
 * under either sampling.
 */

export type Sampling = 'distinct' | 'independent';

/** 1 − (1 − ρ)^c: the detection probability for c independent uniform challenges. */
export function detectionProbability(rho: number, c: number): number {
  checkFraction(rho);
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`challenges must be a whole number ≥ 0, got ${c}`);
  return 1 - (1 - rho) ** c;
}

/** 1 − C(n − k, c)/C(n, c): the detection probability for c distinct challenges, k of n blocks bad. */
export function exactDetectionProbability(n: number, k: number, c: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`blocks must be a whole number ≥ 1, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw new RangeError(`corrupted blocks must be 0..${n}, got ${k}`);
  if (!Number.isInteger(c) || c < 0 || c > n) throw new RangeError(`challenges must be 0..${n}, got ${c}`);
  let miss = 1;
  for (let j = 0; j < c; j++) {
    miss *= (n - k - j) / (n - j);
    if (miss <= 0) return 1;
  }
  return 1 - miss;
}

/** The probability for `sampling` with k of n blocks corrupted and c challenges. */
export function probabilityFor(sampling: Sampling, n: number, k: number, c: number): number {
  return sampling === 'independent'
    ? detectionProbability(k / n, c)
    : exactDetectionProbability(n, k, Math.min(c, n));
}

/**
 * The fewest challenges c with 1 − (1 − ρ)^c ≥ target: ⌈ln(1 − target) / ln(1 − ρ)⌉, at most `blocks`
 * when given (challenging every block detects any corruption).
 */
export function challengesFor(target: number, rho: number, blocks?: number): number {
  if (!(target > 0 && target < 1))
    throw new RangeError(`the target probability must be in (0, 1), got ${target}`);
  checkFraction(rho);
  if (rho === 0) throw new RangeError('no number of challenges detects a corrupted fraction of 0');
  let c = rho === 1 ? 1 : Math.ceil(Math.log(1 - target) / Math.log(1 - rho));
  // Floating point: step to the exact smallest c.
  while (c > 1 && detectionProbability(rho, c - 1) >= target) c--;
  while (detectionProbability(rho, c) < target) c++;
  return blocks === undefined ? c : Math.min(c, blocks);
}

function checkFraction(rho: number): void {
  if (!(rho >= 0 && rho <= 1)) throw new RangeError(`the corrupted fraction must be in [0, 1], got ${rho}`);
}
