/**
 * The firing rule of the net: a transition is enabled under a binding of its parameters when its guard
 * holds in the marking; firing applies its effect. Enumeration binds parameters one at a time and tests
 * each guard conjunct as soon as its variables are bound, so it costs about what the enabled bindings do.
 */
import type { Expr, Value } from './expr/ast.ts';
import {
  applyUpdates,
  atomScan,
  type Bindings,
  candidateValues,
  holds,
  type Marking,
  type Scan,
} from './expr/evaluate.ts';
import { children } from './expr/traverse.ts';
import type { Net, TransitionSpec } from './net.ts';

export interface Binding {
  readonly transition: string;
  readonly values: Readonly<Record<string, Value>>;
}

export class FiringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FiringError';
  }
}

/** Free variables of an expression (quantified variables excluded). */
export function freeVars(
  expr: Expr,
  bound: ReadonlySet<string> = new Set(),
  into = new Set<string>(),
): Set<string> {
  if (expr.op === 'var' && !bound.has(expr.name)) into.add(expr.name);
  const inner =
    expr.op === 'forall' || expr.op === 'exists' ? new Set([...bound, expr.variable.name]) : bound;
  for (const child of children(expr)) freeVars(child, inner, into);
  return into;
}

const conjunctsOf = (guard: Expr): readonly Expr[] => (guard.op === 'and' ? guard.args : [guard]);

interface Plan {
  /** Conjuncts to test once the first k parameters are bound (index k). */
  readonly checks: readonly (readonly Expr[])[];
  /** Per parameter: a guard conjunct R(…p…) whose tuples give p's only possible values, if there is one. */
  readonly scans: readonly (Scan | undefined)[];
}

const plans = new WeakMap<TransitionSpec, Plan>();

function planOf(transition: TransitionSpec): Plan {
  let plan = plans.get(transition);
  if (!plan) {
    const order = transition.params.map((p) => p.name);
    const checks: Expr[][] = order.map(() => []);
    checks.push([]);
    for (const conjunct of conjunctsOf(transition.guard)) {
      const needed = freeVars(conjunct);
      let k = 0;
      while (k < order.length && [...needed].some((name) => order.indexOf(name) >= k)) k++;
      (checks[k] as Expr[]).push(conjunct);
    }
    // Parameter k can be drawn from a relation when a positive conjunct names it directly and its other
    // arguments mention only parameters bound before it: then enumeration costs what the relation holds.
    const scans = order.map((name, k) => {
      for (const conjunct of conjunctsOf(transition.guard)) {
        const scan = atomScan(conjunct, name);
        if (scan && [...freeVars(conjunct)].every((v) => v === name || order.indexOf(v) < k)) return scan;
      }
      return undefined;
    });
    plan = { checks, scans };
    plans.set(transition, plan);
  }
  return plan;
}

/** Candidate values in the domain's order, so enumeration order does not depend on how tuples are stored. */
function inDomainOrder(domain: readonly Value[], values: readonly Value[]): Value[] {
  const wanted = new Set(values);
  return domain.filter((v) => wanted.has(v));
}

function bindingsMap(values: Readonly<Record<string, Value>>): Bindings {
  return new Map(Object.entries(values));
}

export function transitionNamed(net: Net, name: string): TransitionSpec {
  const transition = net.transitions.find((t) => t.name === name);
  if (!transition) throw new FiringError(`the ${net.name} net has no transition ${name}`);
  return transition;
}

/** Every binding under which `transition` is enabled in `marking`. */
export function* enabledBindingsOf(
  net: Net,
  transition: TransitionSpec,
  marking: Marking,
): Generator<Binding> {
  const { checks, scans } = planOf(transition);
  const interp = net.interpretation;
  const env = new Map<string, Value>();
  function* bind(k: number): Generator<Binding> {
    for (const conjunct of checks[k] ?? []) if (!holds(conjunct, interp, marking, env)) return;
    if (k === transition.params.length) {
      yield { transition: transition.name, values: Object.fromEntries(env) };
      return;
    }
    const param = transition.params[k];
    if (!param) return;
    const scan = scans[k];
    const domain = interp.domains[param.sort];
    const values = scan ? inDomainOrder(domain, candidateValues(scan, interp, marking, env)) : domain;
    for (const value of values) {
      env.set(param.name, value);
      yield* bind(k + 1);
    }
    env.delete(param.name);
  }
  yield* bind(0);
}

export function enabledBindings(net: Net, marking: Marking): Binding[] {
  return net.transitions.flatMap((t) => [...enabledBindingsOf(net, t, marking)]);
}

/** What is wrong with a binding, per parameter: a missing or unknown parameter, a value outside its domain. */
export interface BindingProblem {
  readonly param: string;
  readonly reason: string;
}

export function bindingProblems(
  transition: TransitionSpec,
  values: Readonly<Record<string, Value>>,
  net: Net,
): BindingProblem[] {
  const problems: BindingProblem[] = [];
  for (const param of transition.params) {
    const value = values[param.name];
    if (value === undefined) problems.push({ param: param.name, reason: `no value (a ${param.sort})` });
    else if (!net.interpretation.domains[param.sort].includes(value))
      problems.push({ param: param.name, reason: `${JSON.stringify(value)} is not in ${param.sort}` });
  }
  for (const name of Object.keys(values))
    if (!transition.params.some((p) => p.name === name))
      problems.push({
        param: name,
        reason: `${transition.name} has no parameter ${name} (it has ${transition.params.map((p) => p.name).join(', ') || 'none'})`,
      });
  return problems;
}

/** Checks that a binding gives every parameter a value of its domain. */
export function checkBinding(net: Net, binding: Binding): TransitionSpec {
  const transition = transitionNamed(net, binding.transition);
  const problem = bindingProblems(transition, binding.values, net)[0];
  if (problem) throw new FiringError(`${binding.transition}: ${problem.param}: ${problem.reason}`);
  return transition;
}

export function isEnabled(net: Net, marking: Marking, binding: Binding): boolean {
  const transition = checkBinding(net, binding);
  return holds(transition.guard, net.interpretation, marking, bindingsMap(binding.values));
}

/**
 * The marking after firing `binding`, for a caller that has just evaluated its guard (the simulator's
 * machine): the guard is not evaluated a second time.
 */
export function fireEvaluated(net: Net, marking: Marking, binding: Binding): Marking {
  const transition = transitionNamed(net, binding.transition);
  return applyUpdates(transition.effect, net.interpretation, marking, bindingsMap(binding.values));
}

/** Fires an enabled binding; firing a disabled one is an error, never a silent no-op. */
export function fire(net: Net, marking: Marking, binding: Binding): Marking {
  const transition = checkBinding(net, binding);
  const env = bindingsMap(binding.values);
  if (!holds(transition.guard, net.interpretation, marking, env)) {
    throw new FiringError(`${formatBinding(binding)} is not enabled`);
  }
  return applyUpdates(transition.effect, net.interpretation, marking, env);
}

export function formatBinding(binding: Binding): string {
  const args = Object.entries(binding.values).map(([k, v]) => `${k}=${v}`);
  return `${binding.transition}(${args.join(', ')})`;
}
