/**
 * What a suite gets from the run: its sizes (quick or full, or narrowed by the caller), the budgets, the
 * backends, a scratch directory, progress reporting, and a per-run cache so that a primitive measured for
 * one suite's floor is not measured again for the next.
 */
import type { BackendName } from '../crypto/backend/index.ts';
import type { CipherMode } from '../crypto/types.ts';
import type { Budget } from './measure.ts';
import type { Figure, FloorEntry } from './results.ts';

export type BudgetKind = 'fast' | 'slow' | 'heavy' | 'io';

/** Narrowing for tests and custom runs; every field optional (the suite's quick/full sizes otherwise). */
export interface SuiteOverrides {
  readonly sizesKB?: readonly number[];
  readonly userCounts?: readonly number[];
  readonly modes?: readonly CipherMode[];
  readonly partitionCounts?: readonly number[];
  readonly bmcBounds?: readonly number[];
}

export interface SuiteContext {
  readonly quick: boolean;
  /** Backends measured side by side; the first is the default (the one `auto` picks). */
  readonly backends: readonly BackendName[];
  readonly defaultBackend: BackendName;
  readonly overrides: SuiteOverrides;
  /** A private directory for this run (the file-system cloud store, floor files). */
  readonly workDir: string;
  budget(kind: BudgetKind): Budget;
  /** Reports the task about to run (the progress bar's label). */
  task(label: string): void;
  /** `make()` once per run per key. */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
  note(text: string): void;
}

export interface SuiteOutput {
  readonly figures: readonly Figure[];
  readonly floors: readonly FloorEntry[];
}

export type Suite = (ctx: SuiteContext) => Promise<SuiteOutput>;

/** Full runs aim at stable medians; quick runs at covering everything in under two minutes. */
export const BUDGETS: Readonly<Record<'full' | 'quick', Readonly<Record<BudgetKind, Budget>>>> = {
  full: {
    fast: { timeMs: 600, minSamples: 15, warmup: 3 },
    slow: { timeMs: 1500, minSamples: 7, warmup: 1 },
    heavy: { timeMs: 0, minSamples: 3, warmup: 0 },
    io: { timeMs: 400, minSamples: 10, warmup: 2 },
  },
  quick: {
    fast: { timeMs: 60, minSamples: 5, warmup: 1 },
    slow: { timeMs: 0, minSamples: 5, warmup: 1 },
    heavy: { timeMs: 0, minSamples: 1, warmup: 0 },
    io: { timeMs: 0, minSamples: 3, warmup: 1 },
  },
};
