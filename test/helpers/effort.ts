/**
 * How hard the randomized tests try, set from the environment so that `npm test` (CI) runs the full
 * counts and `npm run test:fast` a fraction of them — same tests, fewer inputs:
 *
 *   SESPHR_PBT_RUNS    model-based conformance runs in all (default 200, split over two files), and
 *                      the runs of the property-based layer (test/verify/properties-pbt.test.ts)
 *   SESPHR_FUZZ_SCALE  factor on every other fast-check run count (default 1)
 *   SESPHR_FAST        1: also use reduced sizes where a test says so (e.g. no 2 MiB payloads)
 */

function numberFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got "${raw}"`);
  return value;
}

/** The fast suite's sizes, not the full suite's. */
export const FAST = process.env.SESPHR_FAST === '1';

/** A fast-check run count scaled by SESPHR_FUZZ_SCALE (at least 1). */
export function runs(full: number): number {
  return Math.max(1, Math.round(full * numberFrom('SESPHR_FUZZ_SCALE', 1)));
}

/** This file's share of the model-based conformance runs (`part` of `parts`). */
export function conformanceRuns(part: number, parts: number): number {
  const total = Math.round(numberFrom('SESPHR_PBT_RUNS', 200));
  return Math.max(1, Math.floor(total / parts) + (part <= total % parts ? 1 : 0));
}

/** 0 … n−1 in the full suite; in the fast suite every 7th position and the last (the edges stay in). */
export function positions(n: number): number[] {
  const all = Array.from({ length: n }, (_, k) => k);
  return FAST ? all.filter((k) => k % 7 === 0 || k === n - 1) : all;
}
