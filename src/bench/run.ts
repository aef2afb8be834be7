/**
 * A benchmark run: the chosen suites one after another (never in parallel — they would time each other),
 * sharing one context, then the ratios and the machine description, checked against the results schema.
 * An error in any suite ends the run, naming the suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_PREFERENCE, type BackendName, resolveBackend } from '../crypto/backend/index.ts';
import { BUDGETS, type Suite, type SuiteContext, type SuiteOverrides } from './context.ts';
import { describeMachine } from './machine.ts';
import { PAPER_SERIES } from './paper.ts';
import { computeRatios } from './ratios.ts';
import {
  type BenchResults,
  type Figure,
  type FloorEntry,
  resultsSchema,
  SUITE_NAMES,
  type SuiteName,
} from './results.ts';
import { encdec } from './suites/encdec.ts';
import { keygen } from './suites/keygen.ts';
import { peers } from './suites/peers.ts';
import { reenc } from './suites/reenc.ts';
import { scaling } from './suites/scaling.ts';
import { turnaround } from './suites/turnaround.ts';
import { verifySuite } from './suites/verify.ts';

export const SUITES: Readonly<Record<SuiteName, Suite>> = {
  keygen,
  encdec,
  reenc,
  turnaround,
  scaling,
  peers,
  verify: verifySuite,
};

export class SuiteError extends Error {
  constructor(suite: SuiteName, cause: unknown) {
    super(`bench suite "${suite}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'SuiteError';
  }
}

export interface BenchOptions {
  readonly suites?: readonly SuiteName[];
  readonly quick?: boolean;
  readonly overrides?: SuiteOverrides;
  /** Backends measured side by side (default: every backend, the one `auto` picks first). */
  readonly backends?: readonly BackendName[];
  readonly tool?: { readonly name: string; readonly version: string };
  /** Called when a suite starts (index from 1) and before every task. */
  readonly onProgress?: (event: { suite: SuiteName; index: number; of: number; task: string }) => void;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchResults> {
  const start = performance.now();
  const suites = options.suites ?? SUITE_NAMES;
  const quick = options.quick ?? false;
  const defaultBackend = (await resolveBackend('auto')).name;
  const backends = options.backends ?? [
    defaultBackend,
    ...BACKEND_PREFERENCE.filter((b) => b !== defaultBackend),
  ];
  const workDir = mkdtempSync(join(tmpdir(), 'sesphr-bench-'));
  const cache = new Map<string, Promise<unknown>>();
  const notes: string[] = [];
  let current: { suite: SuiteName; index: number } = { suite: suites[0] as SuiteName, index: 1 };
  const ctx: SuiteContext = {
    quick,
    backends,
    defaultBackend: backends[0] ?? defaultBackend,
    overrides: options.overrides ?? {},
    workDir,
    budget: (kind) => BUDGETS[quick ? 'quick' : 'full'][kind],
    task: (task) => options.onProgress?.({ ...current, of: suites.length, task }),
    once: <T>(key: string, make: () => Promise<T>) => {
      let pending = cache.get(key) as Promise<T> | undefined;
      if (!pending) {
        pending = make();
        cache.set(key, pending);
      }
      return pending;
    },
    note: (text) => notes.push(text),
  };
  const figures: Figure[] = [];
  const floors: FloorEntry[] = [];
  try {
    for (const [i, suite] of suites.entries()) {
      current = { suite, index: i + 1 };
      ctx.task('starting');
      try {
        const output = await SUITES[suite](ctx);
        figures.push(...output.figures);
        floors.push(...output.floors);
      } catch (error) {
        throw new SuiteError(suite, error);
      }
    }
    // The primitives the floors were made of, once each.
    for (const [key, pending] of cache)
      if (key.startsWith('primitive.')) figures.push((await pending) as Figure);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const seen = new Set<string>();
  for (const f of figures) {
    if (seen.has(f.id)) throw new Error(`bench: figure "${f.id}" was measured twice in one run`);
    seen.add(f.id);
  }
  const keygenUsers = figures
    .filter((f) => f.id.startsWith('keygen.paper.') && f.params.threads === 1)
    .reduce<number | undefined>((max, f) => Math.max(max ?? 0, Number(f.params.users)), undefined);
  const results: BenchResults = {
    format: 'sesphr-bench/1',
    tool: options.tool ?? { name: 'sesphr', version: 'unknown' },
    date: new Date().toISOString(),
    quick,
    suites: [...suites],
    defaultBackend: ctx.defaultBackend,
    machine: describeMachine(),
    figures,
    floors,
    ratios: computeRatios(figures, floors, ctx.defaultBackend, keygenUsers),
    paper: PAPER_SERIES,
    notes,
    totalMs: performance.now() - start,
  };
  return resultsSchema.parse(results);
}
