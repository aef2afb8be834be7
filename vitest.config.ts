import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // WASM backends (mcl, z3) and long pairing runs are happiest in forked processes.
    pool: 'forks',
    // Many tests wait on child processes (the CLI, jing, Chromium): one more worker than cores keeps both
    // cores busy while one worker waits.
    maxWorkers: availableParallelism() + 1,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
