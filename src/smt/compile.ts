/**
 * The symbolic twin of `model/expr/evaluate.ts`: the expression language compiled to Z3 terms, and a
 * transition's updates compiled to a transition relation between two state copies.
 *
 * Every construct is translated exactly (the test in test/smt/compile.test.ts checks it against the
 * evaluator): quantifiers over a finite domain are expanded into a conjunction or disjunction over its
 * values, static functions become decision trees over their tables, and `add` clamps like the evaluator.
 * The result is quantifier-free, so every query on it is decidable.
 */
import type { Arith } from 'z3-solver';
import type { Expr, Sort, Update, Value, VarDecl } from '../../model/expr/ast.ts';
import { NUMERIC_DOMAINS } from '../../model/expr/ast.ts';
import type { MarkingTerms } from './marking.ts';
import { CompileError, type Universe } from './universe.ts';
import type { Formula, Term, Z3Model } from './z3.ts';

export { CompileError } from './universe.ts';

export interface CompileEnv {
  readonly universe: Universe;
  /** The state the expression reads. */
  readonly marking: MarkingTerms;
  /** Transition parameters (and, inside quantifiers, bound variables) by name. */
  readonly vars: ReadonlyMap<string, Term>;
}

type Int = Arith<'main'>;

// ── folding connectives ──────────────────────────────────────────────────────────────────────────────
// Literal operands (the universe's shared `yes` and `no`) fold away, so expansions over the universe stay
// small; only identity is checked, which costs no call into WASM.

export function conj(u: Universe, parts: readonly Formula[]): Formula {
  if (parts.includes(u.no)) return u.no;
  const kept = parts.filter((p) => p !== u.yes);
  if (kept.length === 0) return u.yes;
  return kept.length === 1 ? (kept[0] as Formula) : u.ctx.And(...kept);
}

export function disj(u: Universe, parts: readonly Formula[]): Formula {
  if (parts.includes(u.yes)) return u.yes;
  const kept = parts.filter((p) => p !== u.no);
  if (kept.length === 0) return u.no;
  return kept.length === 1 ? (kept[0] as Formula) : u.ctx.Or(...kept);
}

export function negate(u: Universe, p: Formula): Formula {
  return p === u.yes ? u.no : p === u.no ? u.yes : u.ctx.Not(p);
}

// ── expressions ──────────────────────────────────────────────────────────────────────────────────────

function numeric(expr: Expr, where: string): void {
  if (!NUMERIC_DOMAINS.has(expr.sort)) throw new CompileError(`${where}: ${expr.sort} is not numeric`);
}

/** A Bool-sorted expression as a Z3 formula. */
export function compileFormula(expr: Expr, env: CompileEnv): Formula {
  if (expr.sort !== 'Bool') throw new CompileError(`expected a Bool expression, got ${expr.sort}`);
  return compileExpr(expr, env) as Formula;
}

export function compileExpr(expr: Expr, env: CompileEnv): Term {
  const u = env.universe;
  const ctx = u.ctx;
  const sub = (e: Expr) => compileExpr(e, env);
  const formula = (e: Expr) => compileFormula(e, env);
  switch (expr.op) {
    case 'lit':
      return u.term(expr.sort, expr.value);
    case 'var': {
      const term = env.vars.get(expr.name);
      if (!term) throw new CompileError(`unbound variable ${expr.name}`);
      return term;
    }
    case 'const':
      return u.constant(expr.name, expr.sort);
    case 'state':
      return env.marking.scalar(expr.name);
    case 'rel':
      // A relation outside the net's schema is an error here, where the evaluator would read it as empty:
      // it means a rule of one layer leaks into the other, which a proof should not paper over.
      if (!u.relations.has(expr.rel)) throw new CompileError(`the net has no relation ${expr.rel}`);
      return env.marking.holds(expr.rel, expr.args.map(sub));
    case 'fn':
      return u.apply(
        expr.fn,
        expr.args.map((a) => ({ sort: a.sort, term: sub(a) })),
        expr.sort,
      );
    case 'not':
      return negate(u, formula(expr.arg));
    case 'and':
      return conj(u, expr.args.map(formula));
    case 'or':
      return disj(u, expr.args.map(formula));
    case 'implies':
      return disj(u, [negate(u, formula(expr.left)), formula(expr.right)]);
    case 'eq':
      if (expr.left.sort !== expr.right.sort) throw new CompileError('eq: operands of different sorts');
      return u.equal(expr.left.sort, sub(expr.left), sub(expr.right));
    case 'lt':
    case 'le': {
      numeric(expr.left, expr.op);
      numeric(expr.right, expr.op);
      const [left, right] = [sub(expr.left) as Int, sub(expr.right) as Int];
      return expr.op === 'lt' ? left.lt(right) : left.le(right);
    }
    case 'add': {
      numeric(expr, 'add');
      // Math.min(max, Math.max(min, l + r)), as evaluate.ts computes it.
      const [min, max] = u.clampBounds(expr.sort);
      const sum = (sub(expr.left) as Int).add(sub(expr.right) as Int);
      const atLeastMin = ctx.If(sum.lt(min), ctx.Int.val(min), sum) as Int;
      return ctx.If(atLeastMin.gt(max), ctx.Int.val(max), atLeastMin) as Term;
    }
    case 'ite': {
      const cond = formula(expr.cond);
      if (cond === u.yes) return sub(expr.then);
      if (cond === u.no) return sub(expr.else);
      return ctx.If(cond, sub(expr.then), sub(expr.else)) as Term;
    }
    case 'forall':
    case 'exists': {
      // Bounded by a finite domain: expand over its values (exact, and keeps the result quantifier-free).
      const { name, sort } = expr.variable;
      const instances = u
        .values(sort)
        .map((value) =>
          compileFormula(expr.body, { ...env, vars: new Map(env.vars).set(name, u.term(sort, value)) }),
        );
      return expr.op === 'forall' ? conj(u, instances) : disj(u, instances);
    }
  }
}

// ── updates ──────────────────────────────────────────────────────────────────────────────────────────

/** One written tuple: `args` is inserted (or deleted) when `when` holds; both read the pre-state. */
export interface WriteRow {
  readonly when: Formula;
  readonly args: readonly Term[];
}

/** What a transition's updates do to the pre-state, relation by relation (parallel assignment). */
export interface Effect {
  readonly inserted: ReadonlyMap<string, readonly WriteRow[]>;
  readonly deleted: ReadonlyMap<string, readonly WriteRow[]>;
  /** The value each assigned scalar gets (the last assignment wins, as in `applyUpdates`). */
  readonly assigned: ReadonlyMap<string, Term>;
}

type ValueEnv = Omit<CompileEnv, 'marking'>;

/** Every assignment of `vars` over their domains, as literal terms added to `base`. */
function* expansions(
  universe: Universe,
  vars: readonly VarDecl[],
  base: ReadonlyMap<string, Term>,
): Generator<ReadonlyMap<string, Term>> {
  const [first, ...rest] = vars;
  if (!first) {
    yield base;
    return;
  }
  for (const value of universe.values(first.sort)) {
    yield* expansions(universe, rest, new Map(base).set(first.name, universe.term(first.sort, value)));
  }
}

export function effectOf(updates: readonly Update[], pre: MarkingTerms, env: ValueEnv): Effect {
  const u = env.universe;
  const inserted = new Map<string, WriteRow[]>();
  const deleted = new Map<string, WriteRow[]>();
  const assigned = new Map<string, Term>();
  const note = (target: Map<string, WriteRow[]>, rel: string, row: WriteRow) => {
    u.relation(rel); // writing a relation outside the net's schema is a model error
    target.set(rel, [...(target.get(rel) ?? []), row]);
  };
  for (const update of updates) {
    switch (update.op) {
      case 'insert':
      case 'delete': {
        const args = update.args.map((a) => compileExpr(a, { ...env, marking: pre }));
        note(update.op === 'insert' ? inserted : deleted, update.rel, { when: u.yes, args });
        break;
      }
      case 'insertAll':
      case 'deleteAll':
        for (const vars of expansions(u, update.vars, env.vars)) {
          const scope: CompileEnv = { universe: u, marking: pre, vars };
          const when = compileFormula(update.where, scope);
          if (when === u.no) continue;
          const args = update.args.map((a) => compileExpr(a, scope));
          note(update.op === 'insertAll' ? inserted : deleted, update.rel, { when, args });
        }
        break;
      case 'assign':
        u.scalarSort(update.name);
        assigned.set(update.name, compileExpr(update.value, { ...env, marking: pre }));
        break;
    }
  }
  return { inserted, deleted, assigned };
}

/** Some row writes exactly the tuple `tuple` (column sorts `sorts`). */
export function writes(
  universe: Universe,
  rows: readonly WriteRow[],
  sorts: readonly Sort[],
  tuple: readonly Term[],
): Formula {
  return disj(
    universe,
    rows.map((row) =>
      conj(universe, [
        row.when,
        ...row.args.map((a, k) => universe.equal(sorts[k] as Sort, a, tuple[k] as Term)),
      ]),
    ),
  );
}

/**
 * The transition relation of `updates` between `pre` and `post`: for every relation R and every tuple x̄
 * of its type, post.R(x̄) ⇔ (pre.R(x̄) ∧ ¬deleted(x̄)) ∨ inserted(x̄); unwritten relations and scalars
 * carry over. Expanded over the finite universe, so the frame is explicit and quantifier-free.
 */
export function compileUpdates(
  updates: readonly Update[],
  pre: MarkingTerms,
  post: MarkingTerms,
  env: ValueEnv,
): Formula {
  const u = env.universe;
  const ctx = u.ctx;
  const effect = effectOf(updates, pre, env);
  const parts: Formula[] = [];
  for (const rel of u.relations.values()) {
    const sorts = rel.columns.map((c) => c.sort);
    const inserted = effect.inserted.get(rel.name) ?? [];
    const deleted = effect.deleted.get(rel.name) ?? [];
    for (const tuple of u.tuples(rel.columns)) {
      const args = u.tupleTerms(rel.columns, tuple);
      const before = pre.holds(rel.name, args);
      const after =
        inserted.length + deleted.length === 0
          ? before
          : disj(u, [
              conj(u, [before, negate(u, writes(u, deleted, sorts, args))]),
              writes(u, inserted, sorts, args),
            ]);
      parts.push(ctx.Eq(post.holds(rel.name, args), after));
    }
  }
  for (const name of u.scalars.keys()) {
    parts.push(ctx.Eq(post.scalar(name), effect.assigned.get(name) ?? pre.scalar(name)));
  }
  return conj(u, parts);
}

// ── bindings ─────────────────────────────────────────────────────────────────────────────────────────

export interface SymbolicBinding {
  readonly vars: ReadonlyMap<string, Term>;
  /** Every parameter lies in its domain (only numeric parameters need it; enumerations hold by sort). */
  readonly inDomain: Formula;
}

/** Parameters as free Z3 constants `<name>@<suffix>`: a query over them covers every binding at once. */
export function freeBinding(universe: Universe, params: readonly VarDecl[], suffix: string): SymbolicBinding {
  const vars = new Map(
    params.map((p) => [p.name, universe.ctx.Const(`${p.name}@${suffix}`, universe.sort(p.sort))]),
  );
  return {
    vars,
    inDomain: conj(
      universe,
      params.map((p) => universe.inDomain(p.sort, vars.get(p.name) as Term)),
    ),
  };
}

/** A concrete binding as literal terms. */
export function bindingTerms(
  universe: Universe,
  params: readonly VarDecl[],
  values: Readonly<Record<string, Value>>,
): Map<string, Term> {
  return new Map(
    params.map((p) => {
      const value = values[p.name];
      if (value === undefined) throw new CompileError(`no value for parameter ${p.name}`);
      return [p.name, universe.term(p.sort, value)];
    }),
  );
}

/** Reads the parameters' values off a Z3 model. */
export function decodeBinding(
  model: Z3Model,
  universe: Universe,
  params: readonly VarDecl[],
  vars: ReadonlyMap<string, Term>,
): Record<string, Value> {
  return Object.fromEntries(
    params.map((p) => [p.name, universe.decode(p.sort, model.eval(vars.get(p.name) as Term, true))]),
  );
}
