/**
 * Garbage collection during a check. z3-solver checks on a Z3 thread while its finalizers free
 * collected wrappers' Z3 objects on the main thread; src/smt/z3.ts queues those frees until the check
 * ends. Without that, six rounds failed in three runs of three — `memory access out of bounds` in
 * `ast_manager::delete_node`, Z3 aborting on "cannot enlarge memory", `unknown` for a satisfiable query
 * — and four rounds in four runs of five.
 *
 * Each round (four in the fast suite, six in the full one) leaves a thousand garbage terms behind and
 * checks a satisfiable query while a forced GC runs every 2 ms; every answer must be `sat`, with a model
 * that satisfies the query.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadZ3, newSolver } from '../../src/smt/z3.ts';
import { FAST } from '../helpers/effort.ts';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const ROUNDS = FAST ? 4 : 6;
const WIDTH = 16;
const SUM = 777n;
const BELOW = 100n;

describe('Z3 (WASM) under garbage collection', () => {
  it('answers every query correctly while finalizers run during its checks', async () => {
    const z3 = await loadZ3();
    const { ctx } = z3;
    const timer = setInterval(collectGarbage, 2);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < 1000; i++) {
          ctx.BitVec.const(`garbage${round}_${i}`, 8).eq(ctx.BitVec.val(i % 256, 8));
        }
        const solver = newSolver(z3, 60_000);
        const xs = Array.from({ length: 10 }, (_, i) => ctx.BitVec.const(`x${round}_${i}`, WIDTH));
        solver.add(ctx.Distinct(...xs));
        for (const x of xs) solver.add(x.ult(ctx.BitVec.val(BELOW, WIDTH)));
        solver.add(xs.reduce((a, b) => a.add(b)).eq(ctx.BitVec.val(SUM, WIDTH)));
        expect(await solver.check(), `round ${round}`).toBe('sat');
        const model = solver.model();
        const values = xs.map((x) => BigInt(model.eval(x, true).sexpr().replace('#x', '0x')));
        expect(new Set(values).size).toBe(xs.length);
        expect(values.every((v) => v < BELOW)).toBe(true);
        expect(values.reduce((a, b) => a + b) % 2n ** BigInt(WIDTH)).toBe(SUM);
        model.release();
        solver.release();
      }
    } finally {
      clearInterval(timer);
    }
  }, 60_000);
});
