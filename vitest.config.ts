import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // WASM backends (mcl, z3) and long pairing runs are happiest in forked processes.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
