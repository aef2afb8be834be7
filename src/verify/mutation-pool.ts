/**
 * Mutants on worker threads (src/verify/mutation.ts, `jobs`): each worker checks one mutant at a time and
 * takes the next when it is done — mutants differ in cost by 10×, so a queue balances better than a split.
 * An error in a worker (a mutant that fails to build is a harness bug) fails the run and names the mutant.
 */
import type { Worker } from 'node:worker_threads';
import type { MutantResult, MutantTask } from './mutation.ts';
import { startWorker } from './pool.ts';

export type MutationWorkerMessage =
  | { readonly kind: 'done'; readonly result: MutantResult }
  | { readonly kind: 'error'; readonly message: string };

export class MutantJobError extends Error {
  constructor(mutant: string, message: string) {
    super(`checking mutant ${mutant} failed: ${message}`);
    this.name = 'MutantJobError';
  }
}

export function runMutantsOnWorkers(
  tasks: readonly MutantTask[],
  threads: number,
  onMutant?: (r: MutantResult) => void,
): Promise<MutantResult[]> {
  return new Promise((resolve, reject) => {
    const results: MutantResult[] = [];
    let next = 0;
    let failed = false;
    const workers: Worker[] = [];
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(e);
    };
    const give = (worker: Worker) => {
      if (failed) return;
      if (next >= tasks.length) {
        void worker.terminate();
        return;
      }
      const task = tasks[next++] as MutantTask;
      let finished = false;
      const onMessage = (m: MutationWorkerMessage) => {
        worker.off('message', onMessage);
        if (m.kind === 'error') return fail(new MutantJobError(task.mutant, m.message));
        finished = true;
        results.push(m.result);
        onMutant?.(m.result);
        if (results.length === tasks.length) {
          stopAll();
          resolve(results);
        } else give(worker);
      };
      worker.on('message', onMessage);
      worker.once('exit', (code) => {
        if (!finished && code !== 0)
          fail(new MutantJobError(task.mutant, `the worker exited with code ${code}`));
      });
      worker.postMessage(task);
    };
    for (let k = 0; k < threads; k++) {
      const worker = startWorker('mutation-worker');
      worker.on('error', fail);
      workers.push(worker);
      give(worker);
    }
  });
}
