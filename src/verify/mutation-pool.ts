/**
 * Mutants on worker threads (src/verify/mutation.ts, `jobs`): up to `threads` mutants at once, each on a
 * fresh worker — its own Z3, so what one mutant's queries leave in a solver's memory never reaches the
 * next (the WASM build ran out of memory when one worker checked mutant after mutant). Results stream back
 * as they come. An error in a worker (a mutant that fails to build is a harness bug, a solver that crashes)
 * fails the run and names the mutant.
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
    const running = new Set<Worker>();
    const fail = (mutant: string, message: string) => {
      if (failed) return;
      failed = true;
      for (const w of running) void w.terminate();
      reject(new MutantJobError(mutant, message));
    };
    const start = () => {
      if (failed || next >= tasks.length) return;
      const task = tasks[next++] as MutantTask;
      const worker = startWorker('mutation-worker');
      running.add(worker);
      let finished = false;
      worker.once('message', (m: MutationWorkerMessage) => {
        if (m.kind === 'error') return fail(task.mutant, m.message);
        finished = true;
        running.delete(worker);
        void worker.terminate();
        results.push(m.result);
        onMutant?.(m.result);
        if (results.length === tasks.length) resolve(results);
        else start();
      });
      worker.on('error', (e) => fail(task.mutant, `${e.name}: ${e.message}`));
      worker.once('exit', (code) => {
        if (!finished) fail(task.mutant, `the worker exited with code ${code}`);
      });
      worker.postMessage(task);
    };
    for (let k = 0; k < threads; k++) start();
  });
}
