/**
 * Verification jobs on worker threads: each worker loads the model and its own solver once and takes the
 * next job when it finishes one (the jobs differ in size by 100×, so a queue balances better than a
 * split). Results stream back as they come; an error in a worker fails the run and names the job.
 */
import { Worker } from 'node:worker_threads';
import type { CheckResult, JobOptions, JobReport, VerifyJob } from './verify.ts';

export type WorkerMessage =
  | { readonly kind: 'result'; readonly result: CheckResult }
  | { readonly kind: 'done'; readonly report: JobReport }
  | { readonly kind: 'error'; readonly message: string };

export class WorkerJobError extends Error {
  constructor(job: VerifyJob, message: string) {
    super(
      `verification job ${job.choice.layer}/${job.choice.variant}/${job.choice.pastData}/${job.choice.mode} failed: ${message}`,
    );
    this.name = 'WorkerJobError';
  }
}

/**
 * A worker on an entry point beside this file (`worker` by default): .js once built; .ts from the sources,
 * with tsx loaded in the worker (a worker thread does not inherit the parent's TypeScript loader).
 */
export function startWorker(entry = 'worker'): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const url = new URL(`./${entry}${fromSources ? '.ts' : '.js'}`, import.meta.url);
  if (!fromSources) return new Worker(url);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true });
}

export function runOnWorkers(
  jobs: readonly VerifyJob[],
  options: JobOptions,
  threads: number,
  onResult?: (r: CheckResult) => void,
): Promise<JobReport[]> {
  return new Promise((resolve, reject) => {
    const reports: JobReport[] = [];
    let next = 0;
    let failed = false;
    const workers: Worker[] = [];
    const stopAll = () => {
      for (const w of workers) void w.terminate();
    };
    const give = (worker: Worker) => {
      if (failed) return;
      if (next >= jobs.length) {
        void worker.terminate();
        return;
      }
      const job = jobs[next++] as VerifyJob;
      let finished = false;
      const onMessage = (m: WorkerMessage) => {
        if (m.kind === 'result') onResult?.(m.result);
        else if (m.kind === 'done') {
          finished = true;
          worker.off('message', onMessage);
          reports.push(m.report);
          if (reports.length === jobs.length) {
            stopAll();
            resolve(reports);
          } else give(worker);
        } else {
          failed = true;
          stopAll();
          reject(new WorkerJobError(job, m.message));
        }
      };
      worker.on('message', onMessage);
      worker.once('exit', (code) => {
        if (!finished && !failed && code !== 0) {
          failed = true;
          stopAll();
          reject(new WorkerJobError(job, `the worker exited with code ${code}`));
        }
      });
      worker.postMessage({ job, options });
    };
    for (let k = 0; k < threads; k++) {
      const worker = startWorker();
      worker.on('error', (e) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(e);
      });
      workers.push(worker);
      give(worker);
    }
  });
}
