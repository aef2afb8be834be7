/**
 * Garbage collection during a check. z3-solver checks on a Z3 thread while its finalizers free
 * collected wrappers' Z3 objects on the main thread; src/smt/z3.ts queues those frees until the check
 * ends. Without that, checks fail: `memory access out of bounds` in `ast_manager::delete_node`, Z3
 * aborting on "cannot enlarge memory", `unknown` for a satisfiable query, or a check that never answers.
 *
 * Each round (four in the fast suite, six in the full one) leaves a thousand garbage terms behind and
 * checks a satisfiable query while a forced GC runs every 5 ms, in a process of its own
 * (test/smt/z3-gc-child.ts); every answer must be `sat`, with a model that satisfies the query, and the
 * child must exit 0. Against a z3.ts without the queue, this setup failed 4 runs of 4 (a hang or an
 * abort by the second round); with it, each round takes some 0.3 s.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAST } from '../helpers/effort.ts';
import type { Setup } from './z3-gc-child.ts';

const SETUP: Setup = {
  rounds: FAST ? 4 : 6,
  count: 5,
  width: 16,
  below: 64,
  sum: 200,
  gcEveryMs: 5,
  hangMs: 20_000,
};
const CHILD = join(import.meta.dirname, 'z3-gc-child.ts');

describe('Z3 (WASM) under garbage collection', () => {
  it('answers every query correctly while finalizers run during its checks', () => {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', CHILD, JSON.stringify(SETUP)],
      {
        encoding: 'utf8',
        timeout: 110_000,
      },
    );
    // The exit first: a child that crashed mid-line would otherwise fail on JSON.parse, hiding its stderr.
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const rounds = child.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { round: number; answer: string; values: string[] });
    expect(rounds.map((r) => r.round)).toEqual(Array.from({ length: SETUP.rounds }, (_, i) => i));
    const below = BigInt(SETUP.below);
    const modulus = 2n ** BigInt(SETUP.width);
    for (const { round, answer, values } of rounds) {
      expect(answer, `round ${round}`).toBe('sat');
      const xs = values.map(BigInt);
      expect(xs).toHaveLength(SETUP.count);
      expect(new Set(xs).size).toBe(xs.length);
      expect(xs.every((v) => v < below)).toBe(true);
      expect(xs.reduce((a, b) => a + b) % modulus).toBe(BigInt(SETUP.sum));
    }
  }, 120_000);
});
