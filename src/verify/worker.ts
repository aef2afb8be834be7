/** A verification worker thread: runs the jobs it is sent, one at a time (src/verify/pool.ts). */
import { parentPort } from 'node:worker_threads';
import type { WorkerMessage } from './pool.ts';
import { type JobOptions, runJob, type VerifyJob } from './verify.ts';

const port = parentPort;
if (!port) throw new Error('src/verify/worker.ts runs only as a worker thread');
port.on('message', async ({ job, options }: { job: VerifyJob; options: JobOptions }) => {
  const send = (m: WorkerMessage) => port.postMessage(m);
  try {
    const report = await runJob(job, options, (result) => send({ kind: 'result', result }));
    send({ kind: 'done', report });
  } catch (e) {
    send({ kind: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
