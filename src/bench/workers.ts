/**
 * Worker threads for the keygen suite: started (and their backend loaded) before timing starts, so a
 * timed batch measures key generation spread over the cores, not thread start-up.
 */
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../crypto/backend/index.ts';
import type { KeygenReply, KeygenRequest } from './keygen-worker.ts';

/** From the sources, tsx is loaded inside the worker (a worker does not inherit the parent's loader). */
function startWorker(backend: BackendName): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const url = new URL(fromSources ? './keygen-worker.ts' : './keygen-worker.js', import.meta.url);
  if (!fromSources) return new Worker(url, { workerData: { backend } });
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData: { backend } });
}

function nextReply(worker: Worker): Promise<KeygenReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: KeygenReply) => {
      cleanup();
      resolve(reply);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`keygen worker exited with code ${code}`));
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

export class KeygenPool {
  readonly #workers: Worker[];

  private constructor(workers: Worker[]) {
    this.#workers = workers;
  }

  get size(): number {
    return this.#workers.length;
  }

  static async start(backend: BackendName, threads: number): Promise<KeygenPool> {
    const workers = Array.from({ length: threads }, () => startWorker(backend));
    const pool = new KeygenPool(workers);
    try {
      for (const reply of await Promise.all(workers.map(nextReply)))
        if (reply.kind !== 'ready') throw new Error(`keygen worker did not start: ${JSON.stringify(reply)}`);
    } catch (error) {
      await pool.stop();
      throw error;
    }
    return pool;
  }

  /** Generates `count` key pairs split evenly over the workers; resolves when all are done. */
  async generate(variant: KeygenRequest['variant'], count: number, batch: string): Promise<void> {
    const share = Math.ceil(count / this.#workers.length);
    const replies = await Promise.all(
      this.#workers.map((worker, i) => {
        const reply = nextReply(worker);
        const n = Math.max(0, Math.min(share, count - i * share));
        worker.postMessage({ variant, count: n, prefix: `${batch}-w${i}-` } satisfies KeygenRequest);
        return reply.then((r) => ({ r, n }));
      }),
    );
    for (const { r, n } of replies) {
      if (r.kind === 'error') throw new Error(`keygen worker failed: ${r.message}`);
      if (r.kind !== 'done' || r.generated !== n)
        throw new Error(`keygen worker answered ${JSON.stringify(r)}, expected ${n} key pairs`);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
