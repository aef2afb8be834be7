/**
 * Constrained Horn clauses for an invariant (Spacer): the ground net's reachable states as an unknown
 * predicate Reach over the cone's state (bits and clock),
 *
 *   M0(s)                     ⇒ Reach(s)
 *   Reach(s) ∧ T(s, s′)       ⇒ Reach(s′)
 *   Reach(s) ∧ ¬P(s)          ⇒ false
 *
 * `sat` means the solver found an interpretation of Reach — an inductive invariant that implies P: an
 * unbounded proof for the universe. `unsat` means a violation is reachable (the BMC search finds the run).
 * T is the same SMT-LIB text BMC unrolls (src/smt/ground-smt.ts), so the three engines share one
 * transition relation. Spacer is complete for this finite-state system but can be slow on big cones;
 * the verifier uses Houdini first and this engine on request (`--engine chc`).
 */
import type { Marking } from '../../model/expr/evaluate.ts';
import type { Ground } from '../ground/ground.ts';
import { Cone, type GroundSystem, SmtUnrolling } from '../smt/ground-smt.ts';
import type { SmtSolver } from '../smt/solvers.ts';
import type { QueryLog } from './engine.ts';

export type ChcResult = 'proved' | 'violated' | 'unknown';

/** The constants an unrolling declares, with their sorts, and the formulas it asserts. */
function split(lines: readonly string[]): { vars: Map<string, string>; facts: string[] } {
  const vars = new Map<string, string>();
  const facts: string[] = [];
  for (const line of lines) {
    const declared = /^\(declare-const (\S+) (.+)\)$/.exec(line);
    if (declared) vars.set(declared[1] as string, declared[2] as string);
    else if (line.startsWith('(assert ')) facts.push(line.slice('(assert '.length, -1));
  }
  return { vars, facts };
}

export function chcText(
  system: GroundSystem,
  formulas: readonly ReadonlyMap<number, Ground>[],
  m0: Marking,
): string {
  const cone = new Cone(system, { state: formulas });
  const state = (k: number, u: SmtUnrolling) => [...cone.bits.map((i) => u.bit(i, k)), u.now(k)];
  // Init: the initial marking at step 0.
  const init = new SmtUnrolling(system, cone);
  init.initial(m0);
  const i = split(init.lines);
  // Step: T(s_0, s_1).
  const step = new SmtUnrolling(system, cone);
  step.step(0);
  const t = split(step.lines);
  // Bad: a formula false at step 0.
  const bad = new SmtUnrolling(system, cone);
  bad.declareStep(0);
  const b = split(bad.lines);
  const notP = `(or ${formulas.map((f) => `(not ${bad.state(f, 0)})`).join(' ')})`;
  const sorts = cone.bits.map(() => 'Bool').concat(`(_ BitVec ${init.nowWidth})`);
  const binders = (vars: Map<string, string>) => [...vars].map(([n, s]) => `(${n} ${s})`).join(' ');
  const reach = (k: number, u: SmtUnrolling) => `(Reach ${state(k, u).join(' ')})`;
  return [
    '(set-logic HORN)',
    `(declare-fun Reach (${sorts.join(' ')}) Bool)`,
    `(assert (forall (${binders(i.vars)}) (=> (and ${i.facts.join(' ')}) ${reach(0, init)})))`,
    `(assert (forall (${binders(t.vars)}) (=> (and ${reach(0, step)} ${t.facts.join(' ')}) ${reach(1, step)})))`,
    `(assert (forall (${binders(b.vars)}) (=> (and ${reach(0, bad)} ${b.facts.join(' ')} ${notP}) false)))`,
    '(check-sat)',
    '',
  ].join('\n');
}

export async function chcProve(
  system: GroundSystem,
  formulas: readonly ReadonlyMap<number, Ground>[],
  solver: SmtSolver,
  timeoutMs: number,
  log?: QueryLog,
  name = 'chc',
): Promise<ChcResult> {
  const text = chcText(system, formulas, system.net.initialMarking);
  const r = await solver.check(text, [], timeoutMs);
  log?.queries.push({ name, text, result: r.result });
  return r.result === 'sat' ? 'proved' : r.result === 'unsat' ? 'violated' : 'unknown';
}
