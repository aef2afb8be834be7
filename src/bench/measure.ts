/**
 * Timing with tinybench: one Bench per task (each task gets its own budget and the next waits for it),
 * every sample kept. A task that throws or does not complete ends the run, naming the task.
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
