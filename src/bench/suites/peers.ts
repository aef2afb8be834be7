/**
 * The peer comparison: runs bench/peers.ts (umbral-pre beside ours, one delegation, the same payloads) as
 * its own process, so that the GPL peer is never imported from src/ and never shipped. Needs the
 * repository checkout with devDependencies; without it the suite fails, saying so.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { runChild } from '../child.ts';
import type { Suite } from '../context.ts';
import { figureSchema } from '../results.ts';

export const PEER_SIZES = { quick: [1024], full: [1024, 1 << 20] };

function peerScript(): URL {
  for (let dir = new URL('.', import.meta.url); dir.pathname !== '/'; dir = new URL('..', dir)) {
    const candidate = new URL('bench/peers.ts', dir);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('the peers suite needs bench/peers.ts from the repository checkout (with devDependencies)');
}

export const peers: Suite = async (ctx) => {
  ctx.task('umbral-pre and ours (child process)');
  const sizes = PEER_SIZES[ctx.quick ? 'quick' : 'full'];
  const output = z
    .object({ figures: z.array(figureSchema) })
    .parse(
      await runChild(
        'the peers benchmark (bench/peers.ts)',
        peerScript(),
        [ctx.defaultBackend, ctx.quick ? '1' : '0', ...sizes.map(String)],
        600_000,
      ),
    );
  return { figures: output.figures, floors: [] };
};
