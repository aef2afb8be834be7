/**
 * The paper's own performance figures (§6, Figs. 3–5 and the turnaround text, Eqs. 34–35), read off the
 * figures to ±0.01 s. A reference series only: Java + JPBC Type A pairing (512-bit field), Amazon S3,
 * an Intel i7-2600 @ 3.4 GHz with 8 GB — a different machine, language and curve.
 */
import type { PaperSeries } from './results.ts';

export const PAPER_SOURCE =
  'Ali et al., SeSPHR, IEEE TCC 2018, §6 — Java/JPBC Type A, i7-2600 @ 3.4 GHz, Amazon S3 (different machine and language)';

/** Fig. 3: key generation time (s) for the number of users. */
const KEYGEN: readonly [number, number][] = [
  [10, 0.62],
  [100, 0.97],
  [500, 1.13],
  [1000, 1.35],
  [5000, 1.7],
  [10000, 2.16],
];

/** Figs. 4–5: file size (KB) → encryption / decryption time (s). */
const ENCRYPTION: readonly [number, number][] = [
  [50, 0.133],
  [100, 0.141],
  [200, 0.205],
  [500, 0.389],
  [800, 0.498],
  [1024, Math.LN2],
  [1500, 0.871],
  [2048, 1.289],
];
const DECRYPTION: readonly [number, number][] = [
  [50, 0.03],
  [100, 0.038],
  [200, 0.041],
  [500, 0.07],
  [800, 0.082],
  [1024, 0.16],
  [1500, 0.191],
  [2048, 0.247],
];

/** Turnaround through S3: only the end points are stated (50 KB and 2 MB). */
const TURNAROUND_UP: readonly [number, number][] = [
  [50, 1.25],
  [2048, 2.5],
];
const TURNAROUND_DOWN: readonly [number, number][] = [
  [50, 0.08],
  [2048, 0.4],
];

const points = (series: readonly [number, number][]) => series.map(([x, seconds]) => ({ x, seconds }));

export const PAPER_SERIES: PaperSeries = {
  source: PAPER_SOURCE,
  keygen: points(KEYGEN),
  encryption: points(ENCRYPTION),
  decryption: points(DECRYPTION),
  turnaroundUp: points(TURNAROUND_UP),
  turnaroundDown: points(TURNAROUND_DOWN),
};

/** The paper's user counts (Fig. 3) and file sizes in KB (Figs. 4–5), the full run's sizes. */
export const PAPER_USER_COUNTS = KEYGEN.map(([users]) => users);
export const PAPER_FILE_SIZES_KB = ENCRYPTION.map(([kb]) => kb);
