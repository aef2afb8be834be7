/**
 * The child process of test/smt/z3-gc.test.ts: rounds of a satisfiable query, each leaving a thousand
 * garbage terms behind, checked by the in-process Z3 while a forced GC runs every few milliseconds. It
 * prints one JSON line per round (the answer and the model's values); the test judges them. A round
 * that has not answered within `hangMs` ends the process with exit 3 (the race can deadlock a check).
 *
 *   node --expose-gc --import tsx test/smt/z3-gc-child.ts '{"rounds":4,"count":5,…}'   (see Setup)
 *
 * A process of its own keeps the heap small, so a forced collection costs what it costs in a `sesphr
 * verify` process, not what it costs in a test worker's heap grown by every file before it.
 */
import { loadZ3, newSolver } from '../../src/smt/z3.ts';

/** The query of each round: `count` distinct `width`-bit values, each below `below`, summing to `sum`. */
export interface Setup {
  readonly rounds: number;
  readonly count: number;
  readonly width: number;
  readonly below: number;
  readonly sum: number;
  readonly gcEveryMs: number;
  readonly hangMs: number;
}

const setup = JSON.parse(process.argv[2] ?? '') as Setup;
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (collectGarbage === undefined) throw new Error('run with --expose-gc');

const z3 = await loadZ3();
const { ctx } = z3;
const timer = setInterval(collectGarbage, setup.gcEveryMs);
for (let round = 0; round < setup.rounds; round++) {
  for (let i = 0; i < 1000; i++) {
    ctx.BitVec.const(`garbage${round}_${i}`, 8).eq(ctx.BitVec.val(i % 256, 8));
  }
  const solver = newSolver(z3, 60_000);
  const xs = Array.from({ length: setup.count }, (_, i) => ctx.BitVec.const(`x${round}_${i}`, setup.width));
  solver.add(ctx.Distinct(...xs));
  for (const x of xs) solver.add(x.ult(ctx.BitVec.val(setup.below, setup.width)));
  solver.add(xs.reduce((a, b) => a.add(b)).eq(ctx.BitVec.val(setup.sum, setup.width)));
  const hang = setTimeout(() => {
    process.stderr.write(`round ${round}: no answer after ${setup.hangMs} ms\n`);
    process.exit(3);
  }, setup.hangMs);
  const answer = await solver.check();
  clearTimeout(hang);
  let values: string[] = [];
  if (answer === 'sat') {
    const model = solver.model();
    values = xs.map((x) => BigInt(model.eval(x, true).sexpr().replace('#x', '0x')).toString());
    model.release();
  }
  solver.release();
  process.stdout.write(`${JSON.stringify({ round, answer, values })}\n`);
}
clearInterval(timer);
process.exit(0);
