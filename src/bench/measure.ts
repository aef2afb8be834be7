/**
 * Timing. `sample`: tinybench, one Bench per task (each task gets its own budget and the next waits for
 * it), every sample kept. `interleaved`: several tasks timed side by side in one loop — each round runs
 * every task once, the order rotating from round to round — so that a ratio of their medians compares
 * the same moments of a noisy machine. A task that throws or does not complete ends the run, naming it.
 */
import { Bench } from 'tinybench';
import type { Figure, FigureGroup } from './results.ts';
import { distribution } from './stats.ts';

/** How long a task runs: a time budget and a sample count range, after warm-up calls. */
export interface Budget {
  readonly timeMs: number;
  readonly minSamples: number;
  readonly warmup: number;
}

export class BenchTaskError extends Error {
  constructor(task: string, cause: unknown) {
    super(`benchmark task "${task}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'BenchTaskError';
  }
}

/** Latency samples (ms) of `fn`, sync or async. */
export async function sample(task: string, fn: () => unknown, budget: Budget): Promise<number[]> {
  const bench = new Bench({
    time: budget.timeMs,
    iterations: budget.minSamples,
    warmup: budget.warmup > 0,
    warmupIterations: budget.warmup,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  bench.add(task, fn);
  let tasks: Awaited<ReturnType<Bench['run']>>;
  try {
    tasks = await bench.run();
  } catch (error) {
    throw new BenchTaskError(task, error);
  }
  const result = tasks[0]?.result;
  if (result === undefined || (result.state !== 'completed' && result.state !== 'aborted-with-statistics'))
    throw new BenchTaskError(task, `did not complete (${result?.state ?? 'missing'})`);
  const samples = [...(result.latency.samples ?? [])];
  if (samples.length === 0) throw new BenchTaskError(task, 'no samples were kept');
  return samples;
}

/** A task of an interleaved measurement. */
export interface Contender {
  readonly name: string;
  readonly fn: () => unknown;
}

/** Never more rounds than this, whatever the budget (a task of a few microseconds would loop for ever). */
export const MAX_ROUNDS = 100_000;

/** The order of round `round` (0-based): the tasks rotated by `round`, so each leads in turn. */
export function roundOrder(tasks: number, round: number): number[] {
  return Array.from({ length: tasks }, (_, i) => (i + round) % tasks);
}

async function timeOnce(contender: Contender): Promise<number> {
  const start = performance.now();
  try {
    const out = contender.fn();
    if (out instanceof Promise) await out;
  } catch (error) {
    throw new BenchTaskError(contender.name, error);
  }
  return performance.now() - start;
}

/**
 * Latency samples (ms) of each contender, measured interleaved: `budget.warmup` warm-up rounds, then
 * rounds until there are at least `budget.minSamples` of them and `budget.timeMs` × the number of
 * contenders has passed (the same time per task as `sample` gives one task). Samples are in time order;
 * sample i of every contender comes from round i.
 */
export async function interleaved(contenders: readonly Contender[], budget: Budget): Promise<number[][]> {
  if (contenders.length === 0) throw new RangeError('an interleaved measurement needs a task');
  const n = contenders.length;
  for (let round = 0; round < budget.warmup; round++)
    for (const i of roundOrder(n, round)) await timeOnce(contenders[i] as Contender);
  const samples: number[][] = contenders.map(() => []);
  const until = performance.now() + budget.timeMs * n;
  const minRounds = Math.max(1, budget.minSamples);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (round >= minRounds && performance.now() >= until) break;
    for (const i of roundOrder(n, round))
      (samples[i] as number[]).push(await timeOnce(contenders[i] as Contender));
  }
  return samples;
}

/** A figure from samples (ms, or MiB for memory). */
export function figure(
  suite: FigureGroup,
  id: string,
  title: string,
  params: Figure['params'],
  samples: readonly number[],
  unit: Figure['unit'] = 'ms',
): Figure {
  return { id, suite, title, unit, params, ...distribution(samples) };
}
