/**
 * The states BMC's encoding reaches: every distinct marking reachable within k steps of M0, counted by
 * all-SAT over the SMT unrolling — the same text `bmc` solves (src/smt/ground-smt.ts), with the state
 * at step k projected out of each model and blocked until the query is unsat. Because the selector's
 * last value is a stutter, the state at step k ranges over every state reachable in ≤ k steps.
 *
 * This is the symbolic side of "three engines, one model": the explorer's breadth-first count of the
 * states within depth k must equal this count (test/verify/enumerate.test.ts). It is exponential in
 * nothing but the number of states — fine on a tiny universe, not meant for a big one.
 */
import type { Ground } from '../ground/ground.ts';
import { Cone, type GroundSystem, SmtUnrolling } from '../smt/ground-smt.ts';
import { loadZ3, newSolver } from '../smt/z3.ts';

export interface EnumeratedStates {
  /** Distinct markings (state bits and clock) reachable within `bound` steps. */
  readonly count: number;
  /** Each as `now:bit,bit,…` (the bits set), sorted — to compare with another engine's set. */
  readonly keys: readonly string[];
  readonly ms: number;
}

export class EnumerationLimit extends Error {
  constructor(limit: number) {
    super(`more than ${limit} states: all-SAT enumeration is for tiny universes`);
    this.name = 'EnumerationLimit';
  }
}

/** The key of a state as `enumerateStates` writes it, from a bit vector (for the explorer's states). */
export function stateKey(bits: Uint32Array, now: number, only?: readonly number[]): string {
  const set: number[] = [];
  const all = only ?? Array.from({ length: bits.length * 32 }, (_, i) => i);
  for (const i of all) if ((((bits[i >>> 5] as number) >>> (i & 31)) & 1) === 1) set.push(i);
  return `${now}:${set.join(',')}`;
}

export async function enumerateStates(
  system: GroundSystem,
  bound: number,
  options: { limit?: number; timeoutMs?: number } = {},
): Promise<EnumeratedStates & { readonly bits: readonly number[] }> {
  const start = performance.now();
  const limit = options.limit ?? 100_000;
  // The whole state is the cone: a formula reading every bit of the layout seeds it.
  const every: Ground = {
    k: 'and',
    xs: Array.from({ length: system.layout.bits }, (_, i) => ({ k: 'bit' as const, i })),
  };
  const cone = new Cone(system, { state: [new Map(system.times.map((now) => [now, every]))] });
  const u = new SmtUnrolling(system, cone);
  u.initial(system.net.initialMarking);
  for (let j = 0; j < bound; j++) u.step(j);
  const z3 = await loadZ3();
  const solver = newSolver(z3, options.timeoutMs ?? 120_000);
  solver.fromString(u.toString().replace(/\(check-sat\)\s*$/, ''));
  const bitConsts = cone.bits.map((i) => z3.ctx.Bool.const(u.bit(i, bound)));
  const now = z3.ctx.BitVec.const(u.now(bound), u.nowWidth);
  const keys: string[] = [];
  for (;;) {
    const r = await solver.check();
    if (r === 'unknown') throw new Error(`all-SAT enumeration at bound ${bound}: the solver gave up`);
    if (r === 'unsat') break;
    if (keys.length >= limit) throw new EnumerationLimit(limit);
    const model = solver.model();
    const values = bitConsts.map((b) => z3.ctx.isTrue(model.eval(b, true)));
    const clock = (model.eval(now, true) as unknown as { value(): bigint }).value();
    keys.push(`${clock}:${cone.bits.filter((_, k) => values[k]).join(',')}`);
    // Block this state at step k (and only it: other paths to it are the same state).
    solver.add(
      z3.ctx.Or(
        z3.ctx.Not(now.eq(z3.ctx.BitVec.val(clock, u.nowWidth))),
        ...bitConsts.map((b, k) => (values[k] ? z3.ctx.Not(b) : b)),
      ),
    );
  }
  return { count: keys.length, keys: keys.sort(), bits: cone.bits, ms: performance.now() - start };
}
