/**
 * A worker thread of the keygen suite: loads its backend once, then generates key pairs on request and
 * answers with how many (an error is answered as a message, so the suite fails naming it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type BackendName, loadBackend } from '../crypto/backend/index.ts';
import type { Variant } from '../crypto/types.ts';
import { generateKeys } from './keygen-work.ts';

export interface KeygenRequest {
  readonly variant: Variant;
  readonly count: number;
  readonly prefix: string;
}
export type KeygenReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done'; readonly generated: number }
  | { readonly kind: 'error'; readonly message: string };

const port = parentPort;
if (!port) throw new Error('keygen-worker.ts must run as a worker thread');
const backend = await loadBackend((workerData as { backend: BackendName }).backend);
port.on('message', (request: KeygenRequest) => {
  try {
    port.postMessage({
      kind: 'done',
      generated: generateKeys(backend, request.variant, request.count, request.prefix),
    } satisfies KeygenReply);
  } catch (error) {
    port.postMessage({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
    } satisfies KeygenReply);
  }
});
port.postMessage({ kind: 'ready' } satisfies KeygenReply);
