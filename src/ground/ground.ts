/**
 * The net grounded over its finite universe: every tuple of every relation the checks need becomes one
 * bit of a state vector, and every guard, effect and property becomes, for each binding and each value of
 * the clock, a Boolean function of those bits. Grounding is the model's evaluator run symbolically: the
 * same AST, static functions and constants folded, quantifiers expanded over their domains — so the
 * explorer and the evaluator must agree on every successor (tested), and the explorer decides nothing the
 * model does not.
 *
 * Relations no guard, effect condition or property reads (the audit trail, mostly) are left out of the
 * state: writing them never changes what can fire or what a property says, so the reachable states of the
 * rest are exactly the same (the projection is a bisimulation).
 */
import type { DomainName, Expr, Update, Value } from '../../model/expr/ast.ts';
import { type Bindings, type Interpretation, type Marking, tupleKey } from '../../model/expr/evaluate.ts';
import { children } from '../../model/expr/traverse.ts';
import type { Net, TransitionSpec } from '../../model/net.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { S } from '../../model/vocabulary.ts';

/** A Boolean function of the state bits (the clock is fixed per grounding). */
export type Ground =
  | { readonly k: 'const'; readonly v: boolean }
  | { readonly k: 'bit'; readonly i: number }
  | { readonly k: 'not'; readonly a: Ground }
  | { readonly k: 'and' | 'or'; readonly xs: readonly Ground[] };

export const TRUE: Ground = { k: 'const', v: true };
export const FALSE: Ground = { k: 'const', v: false };

/** The state bits a ground formula reads, added to `into`. */
export function bitsRead(g: Ground, into: Set<number>): Set<number> {
  switch (g.k) {
    case 'const':
      break;
    case 'bit':
      into.add(g.i);
      break;
    case 'not':
      bitsRead(g.a, into);
      break;
    case 'and':
    case 'or':
      for (const x of g.xs) bitsRead(x, into);
      break;
  }
  return into;
}

export function gNot(a: Ground): Ground {
  if (a.k === 'const') return a.v ? FALSE : TRUE;
  if (a.k === 'not') return a.a;
  return { k: 'not', a };
}

export function gAnd(xs: readonly Ground[]): Ground {
  const out: Ground[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (!x.v) return FALSE;
      continue;
    }
    if (x.k === 'and') out.push(...x.xs);
    else out.push(x);
  }
  if (out.length === 0) return TRUE;
  return out.length === 1 ? (out[0] as Ground) : { k: 'and', xs: out };
}

export function gOr(xs: readonly Ground[]): Ground {
  const out: Ground[] = [];
  for (const x of xs) {
    if (x.k === 'const') {
      if (x.v) return TRUE;
      continue;
    }
    if (x.k === 'or') out.push(...x.xs);
    else out.push(x);
  }
  if (out.length === 0) return FALSE;
  return out.length === 1 ? (out[0] as Ground) : { k: 'or', xs: out };
}

/** A term's possible values, each under the condition that selects it. */
type Alternatives = readonly { readonly when: Ground; readonly value: Value }[];

export class GroundingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GroundingError';
  }
}

/** Where each relation's tuples live in the state vector. */
export class StateLayout {
  readonly relations: readonly string[];
  readonly bits: number;
  readonly words: number;
  readonly #offset = new Map<string, number>();
  readonly #columns = new Map<string, readonly DomainName[]>();
  readonly #position: Readonly<Record<DomainName, ReadonlyMap<Value, number>>>;
  readonly #domains: Interpretation['domains'];

  constructor(net: Net, keep: ReadonlySet<string>) {
    this.#domains = net.interpretation.domains;
    this.#position = Object.fromEntries(
      Object.entries(this.#domains).map(([d, values]) => [d, new Map(values.map((v, k) => [v, k]))]),
    ) as Record<DomainName, Map<Value, number>>;
    let offset = 0;
    const kept: string[] = [];
    for (const relation of net.relations) {
      if (!keep.has(relation.name)) continue;
      kept.push(relation.name);
      const columns = relation.columns.map((c) => c.sort);
      this.#columns.set(relation.name, columns);
      this.#offset.set(relation.name, offset);
      offset += columns.reduce((n, d) => n * this.#domains[d].length, 1);
    }
    this.relations = kept;
    this.bits = offset;
    this.words = Math.ceil(offset / 32);
  }

  has(relation: string): boolean {
    return this.#offset.has(relation);
  }

  /** The bit of `relation(values)`. */
  bit(relation: string, values: readonly Value[]): number {
    const offset = this.#offset.get(relation);
    const columns = this.#columns.get(relation);
    if (offset === undefined || !columns)
      throw new GroundingError(`relation ${relation} is not in the state`);
    let index = 0;
    columns.forEach((domain, k) => {
      const position = this.#position[domain].get(values[k] as Value);
      if (position === undefined) throw new GroundingError(`${values[k]} is not in ${domain} (${relation})`);
      index = index * this.#domains[domain].length + position;
    });
    return offset + index;
  }

  /** Every (relation, tuple) of the state, in bit order. */
  *tuples(): Generator<{ relation: string; values: Value[]; bit: number }> {
    for (const relation of this.relations) {
      const columns = this.#columns.get(relation) as readonly DomainName[];
      const domains = columns.map((d) => this.#domains[d]);
      const total = domains.reduce((n, d) => n * d.length, 1);
      const offset = this.#offset.get(relation) as number;
      for (let index = 0; index < total; index++) {
        let rest = index;
        const values: Value[] = [];
        for (let c = domains.length - 1; c >= 0; c--) {
          const d = domains[c] as readonly Value[];
          values.unshift(d[rest % d.length] as Value);
          rest = Math.floor(rest / d.length);
        }
        yield { relation, values, bit: offset + index };
      }
    }
  }

  /** The state vector of a marking (relations left out of the state are ignored). */
  encode(marking: Marking): Uint32Array {
    const bits = new Uint32Array(this.words);
    for (const relation of this.relations) {
      for (const key of marking.relations.get(relation) ?? []) {
        const i = this.bit(relation, JSON.parse(key) as Value[]);
        bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
      }
    }
    return bits;
  }

  /** The marking of a state vector (its kept relations; the clock separately). */
  decode(bits: Uint32Array, now: number): Marking {
    const relations = new Map<string, Set<string>>(this.relations.map((r) => [r, new Set<string>()]));
    for (const { relation, values, bit } of this.tuples()) {
      if (((bits[bit >>> 5] as number) >>> (bit & 31)) & 1) relations.get(relation)?.add(tupleKey(values));
    }
    return { relations, scalars: new Map<string, Value>([[S.now.name, now]]) };
  }
}

/** Grounds expressions of one net over one state layout, for one value of the clock. */
export class Grounder {
  constructor(
    readonly net: Net,
    readonly layout: StateLayout,
    readonly now: number,
  ) {}

  get #interp(): Interpretation {
    return this.net.interpretation;
  }

  #static(expr: Expr, env: Bindings): Value {
    const alts = this.term(expr, env);
    const only = alts[0];
    if (alts.length !== 1 || !only || only.when !== TRUE)
      throw new GroundingError(`expected a value that does not depend on the state`);
    return only.value;
  }

  term(expr: Expr, env: Bindings): Alternatives {
    switch (expr.op) {
      case 'lit':
        return [{ when: TRUE, value: expr.value }];
      case 'var': {
        const value = env.get(expr.name);
        if (value === undefined) throw new GroundingError(`unbound variable ${expr.name}`);
        return [{ when: TRUE, value }];
      }
      case 'const': {
        const value = this.#interp.constants.get(expr.name);
        if (value === undefined) throw new GroundingError(`no value for constant ${expr.name}`);
        return [{ when: TRUE, value }];
      }
      case 'state':
        if (expr.name !== S.now.name) throw new GroundingError(`unknown state variable ${expr.name}`);
        return [{ when: TRUE, value: this.now }];
      case 'fn': {
        const out: { when: Ground; value: Value }[] = [];
        for (const combo of this.#combinations(expr.args, env)) {
          const value = this.#interp.functions.get(expr.fn)?.get(tupleKey(combo.values));
          if (value === undefined)
            throw new GroundingError(`${expr.fn}(${combo.values.join(', ')}) is undefined`);
          out.push({ when: combo.when, value });
        }
        return merge(out);
      }
      case 'add': {
        const values = this.#interp.domains[expr.sort as DomainName] as readonly number[];
        const [min, max] = [values[0] as number, values[values.length - 1] as number];
        const out: { when: Ground; value: Value }[] = [];
        for (const a of this.term(expr.left, env))
          for (const b of this.term(expr.right, env))
            out.push({
              when: gAnd([a.when, b.when]),
              value: Math.min(max, Math.max(min, (a.value as number) + (b.value as number))),
            });
        return merge(out);
      }
      case 'ite': {
        const cond = this.formula(expr.cond, env);
        const out: { when: Ground; value: Value }[] = [];
        for (const a of this.term(expr.then, env)) out.push({ when: gAnd([cond, a.when]), value: a.value });
        for (const b of this.term(expr.else, env))
          out.push({ when: gAnd([gNot(cond), b.when]), value: b.value });
        return merge(out.filter((x) => !(x.when.k === 'const' && !x.when.v)));
      }
      default: {
        const g = this.formula(expr, env);
        return merge([
          { when: g, value: true },
          { when: gNot(g), value: false },
        ]);
      }
    }
  }

  /** Every combination of the arguments' alternatives. */
  #combinations(args: readonly Expr[], env: Bindings): { when: Ground; values: Value[] }[] {
    let combos: { when: Ground; values: Value[] }[] = [{ when: TRUE, values: [] }];
    for (const arg of args) {
      const alts = this.term(arg, env);
      combos = combos.flatMap((c) =>
        alts.map((a) => ({ when: gAnd([c.when, a.when]), values: [...c.values, a.value] })),
      );
    }
    return combos.filter((c) => !(c.when.k === 'const' && !c.when.v));
  }

  formula(expr: Expr, env: Bindings): Ground {
    switch (expr.op) {
      case 'lit':
        return expr.value === true ? TRUE : FALSE;
      case 'rel': {
        if (!this.layout.has(expr.rel))
          throw new GroundingError(`relation ${expr.rel} is read but not in the state`);
        return gOr(
          this.#combinations(expr.args, env).map((c) =>
            gAnd([c.when, { k: 'bit', i: this.layout.bit(expr.rel, c.values) }]),
          ),
        );
      }
      case 'not':
        return gNot(this.formula(expr.arg, env));
      case 'and':
        return gAnd(expr.args.map((a) => this.formula(a, env)));
      case 'or':
        return gOr(expr.args.map((a) => this.formula(a, env)));
      case 'implies':
        return gOr([gNot(this.formula(expr.left, env)), this.formula(expr.right, env)]);
      case 'eq':
      case 'lt':
      case 'le': {
        const out: Ground[] = [];
        for (const a of this.term(expr.left, env))
          for (const b of this.term(expr.right, env)) {
            const holds =
              expr.op === 'eq'
                ? a.value === b.value
                : expr.op === 'lt'
                  ? (a.value as number) < (b.value as number)
                  : (a.value as number) <= (b.value as number);
            if (holds) out.push(gAnd([a.when, b.when]));
          }
        return gOr(out);
      }
      case 'forall':
      case 'exists': {
        const inner = new Map(env);
        const parts = this.#interp.domains[expr.variable.sort].map((value) => {
          inner.set(expr.variable.name, value);
          return this.formula(expr.body, inner);
        });
        return expr.op === 'forall' ? gAnd(parts) : gOr(parts);
      }
      default:
        return gOr(
          this.term(expr, env)
            .filter((a) => a.value === true)
            .map((a) => a.when),
        );
    }
  }

  /** The ground writes of a transition's effect: bit, insert or delete, under a condition. */
  effect(updates: readonly Update[], env: Bindings): GroundEffect {
    const writes: GroundWrite[] = [];
    const clock: { when: Ground; value: number }[] = [];
    const write = (rel: string, args: readonly Expr[], insert: boolean, where: Ground, e: Bindings) => {
      if (!this.layout.has(rel)) return;
      for (const c of this.#combinations(args, e)) {
        const when = gAnd([where, c.when]);
        if (!(when.k === 'const' && !when.v))
          writes.push({ bit: this.layout.bit(rel, c.values), insert, when });
      }
    };
    for (const update of updates) {
      switch (update.op) {
        case 'insert':
        case 'delete':
          write(update.rel, update.args, update.op === 'insert', TRUE, env);
          break;
        case 'insertAll':
        case 'deleteAll': {
          if (!this.layout.has(update.rel)) break;
          for (const assignment of assignmentsOf(update.vars, this.#interp, env)) {
            const where = this.formula(update.where, assignment);
            if (where.k === 'const' && !where.v) continue;
            write(update.rel, update.args, update.op === 'insertAll', where, assignment);
          }
          break;
        }
        case 'assign':
          if (update.name !== S.now.name) throw new GroundingError(`unknown state variable ${update.name}`);
          for (const a of this.term(update.value, env))
            clock.push({ when: a.when, value: a.value as number });
          break;
      }
    }
    return { writes, clock };
  }

  /** A static value of an expression (parameters only), for callers that need one. */
  value(expr: Expr, env: Bindings): Value {
    return this.#static(expr, env);
  }
}

export interface GroundWrite {
  readonly bit: number;
  readonly insert: boolean;
  readonly when: Ground;
}

export interface GroundEffect {
  readonly writes: readonly GroundWrite[];
  /** Assignments of the clock; the last that applies wins (the evaluator's order). */
  readonly clock: readonly { readonly when: Ground; readonly value: number }[];
}

function merge(alts: readonly { when: Ground; value: Value }[]): Alternatives {
  const byValue = new Map<Value, Ground[]>();
  for (const a of alts) byValue.set(a.value, [...(byValue.get(a.value) ?? []), a.when]);
  return [...byValue].map(([value, whens]) => ({ when: gOr(whens), value }));
}

function* assignmentsOf(
  vars: readonly { name: string; sort: DomainName }[],
  interp: Interpretation,
  base: Bindings,
): Generator<Map<string, Value>> {
  if (vars.length === 0) {
    yield new Map(base);
    return;
  }
  const [first, ...rest] = vars as [
    { name: string; sort: DomainName },
    ...{ name: string; sort: DomainName }[],
  ];
  for (const value of interp.domains[first.sort])
    yield* assignmentsOf(rest, interp, new Map(base).set(first.name, value));
}

/** Relations an expression reads. */
export function relationsRead(expr: Expr, into = new Set<string>()): Set<string> {
  if (expr.op === 'rel') into.add(expr.rel);
  for (const child of children(expr)) relationsRead(child, into);
  return into;
}

/** Relations the firing of the net depends on: read by a guard, an effect's condition or argument. */
export function relationsTheNetReads(net: Net): Set<string> {
  const reads = new Set<string>();
  for (const t of net.transitions) {
    relationsRead(t.guard, reads);
    for (const u of t.effect) {
      if (u.op === 'assign') relationsRead(u.value, reads);
      else {
        for (const a of u.args) relationsRead(a, reads);
        if (u.op === 'insertAll' || u.op === 'deleteAll') relationsRead(u.where, reads);
      }
    }
  }
  return reads;
}

/** One binding of one transition, grounded for one clock value. */
export interface GroundTransition {
  readonly id: number;
  readonly transition: TransitionName;
  readonly binding: Readonly<Record<string, Value>>;
  readonly guard: Ground;
  readonly effect: GroundEffect;
}

/**
 * Grounding is the costliest step of a verification job, and the explorer, the walks and every SMT query
 * of a configuration ground the same transitions and formulas over the same layout: both are memoized
 * per net (nets are immutable and memoized per configuration) and layout.
 */
const transitionMemo = new WeakMap<Net, Map<string, GroundTransition[]>>();
const formulaMemo = new WeakMap<Net, Map<string, Ground>>();
const layoutKey = (layout: StateLayout) => layout.relations.join(',');

/** The value memoized under `key` for `net`, computed once. */
function memoized<T>(memo: WeakMap<Net, Map<string, T>>, net: Net, key: string, compute: () => T): T {
  let byKey = memo.get(net);
  if (!byKey) {
    byKey = new Map();
    memo.set(net, byKey);
  }
  let value = byKey.get(key);
  if (value === undefined) {
    value = compute();
    byKey.set(key, value);
  }
  return value;
}

/** `grounder.formula(expr, env)`, memoized: the same ground formula for the same expression text. */
export function groundFormula(grounder: Grounder, expr: Expr, env: Bindings): Ground {
  const key = `${layoutKey(grounder.layout)}@${grounder.now}|${JSON.stringify([...env])}|${JSON.stringify(expr)}`;
  return memoized(formulaMemo, grounder.net, key, () => grounder.formula(expr, env));
}

/** Every live ground transition of the net at clock value `now` (guards false by statics dropped). */
export function groundTransitions(
  net: Net,
  layout: StateLayout,
  now: number,
  firstId = 0,
): GroundTransition[] {
  const key = `${layoutKey(layout)}@${now}#${firstId}`;
  return memoized(transitionMemo, net, key, () => groundTransitionsOnce(net, layout, now, firstId));
}

function groundTransitionsOnce(
  net: Net,
  layout: StateLayout,
  now: number,
  firstId: number,
): GroundTransition[] {
  const grounder = new Grounder(net, layout, now);
  const out: GroundTransition[] = [];
  for (const t of net.transitions) {
    for (const env of assignmentsOf(t.params, net.interpretation, new Map())) {
      const guard = grounder.formula(t.guard, env);
      if (guard.k === 'const' && !guard.v) continue;
      out.push({
        id: firstId + out.length,
        transition: t.name,
        binding: Object.fromEntries(env),
        guard,
        effect: grounder.effect(t.effect, env),
      });
    }
  }
  return out;
}

export type { TransitionSpec };
