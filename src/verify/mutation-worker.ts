/** A mutation worker thread: checks the mutants it is sent, one at a time (src/verify/mutation-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { checkMutant, type MutantTask } from './mutation.ts';
import type { MutationWorkerMessage } from './mutation-pool.ts';

const port = parentPort;
if (!port) throw new Error('src/verify/mutation-worker.ts runs only as a worker thread');
port.on('message', async (task: MutantTask) => {
  const send = (m: MutationWorkerMessage) => port.postMessage(m);
  try {
    send({ kind: 'done', result: await checkMutant(task) });
  } catch (e) {
    send({ kind: 'error', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
