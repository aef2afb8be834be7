/**
 * The firing rule of the net: a transition is enabled under a binding of its parameters when its guard
 * holds in the marking; firing applies its effect. Enumeration binds parameters one at a time and tests
 * each guard conjunct as soon as its variables are bound, so it costs about what the enabled bindings do.
 */
import type { Expr, Value } from './expr/ast.ts';
import { applyUpdates, type Bindings, holds, type Marking } from './expr/evaluate.ts';
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
    plan = { checks };
    plans.set(transition, plan);
  }
  return plan;
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
  const { checks } = planOf(transition);
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
    for (const value of interp.domains[param.sort]) {
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

/** Checks that a binding gives every parameter a value of its domain. */
export function checkBinding(net: Net, binding: Binding): TransitionSpec {
  const transition = transitionNamed(net, binding.transition);
  for (const param of transition.params) {
    const value = binding.values[param.name];
    if (value === undefined)
      throw new FiringError(`${binding.transition}: no value for parameter ${param.name}`);
    if (!net.interpretation.domains[param.sort].includes(value)) {
      throw new FiringError(
        `${binding.transition}: ${param.name} = ${JSON.stringify(value)} is not in ${param.sort}`,
      );
    }
  }
  const extra = Object.keys(binding.values).filter((name) => !transition.params.some((p) => p.name === name));
  if (extra.length > 0) throw new FiringError(`${binding.transition}: unknown parameter ${extra.join(', ')}`);
  return transition;
}

export function isEnabled(net: Net, marking: Marking, binding: Binding): boolean {
  const transition = checkBinding(net, binding);
  return holds(transition.guard, net.interpretation, marking, bindingsMap(binding.values));
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
