import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // WASM backends (mcl, z3) and long pairing runs are happiest in forked processes.
    pool: 'forks',
    // Many tests wait on child processes (the CLI, jing, Chromium): in the full suite one more worker than
    // cores keeps both cores busy while one worker waits. The fast suite (one module graph per worker,
    // `--no-isolate`) waits less, and a third worker's own imports and JIT cost more than it saves: on 2
    // cores, 85 s with 2 workers against 90 s with 3 (155 and 167 s of CPU).
    maxWorkers: availableParallelism() + (process.env.SESPHR_FAST === '1' ? 0 : 1),
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
