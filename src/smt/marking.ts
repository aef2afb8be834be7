/**
 * Markings as Z3 terms. A compiled expression reads the marking only through `MarkingTerms`, so the same
 * guard compiles against a symbolic state copy (free relations: what proofs quantify over) or against a
 * concrete marking (finite sets: what the evaluator runs on).
 */
import type { FuncDecl } from 'z3-solver';
import type { DomainName, Value, VarDecl } from '../../model/expr/ast.ts';
import { type Marking, parseTupleKey, tupleKey } from '../../model/expr/evaluate.ts';
import { negate } from './compile.ts';
import { CompileError, type Universe } from './universe.ts';
import type { Formula, Term, Z3Model } from './z3.ts';

export interface MarkingTerms {
  /** args ∈ rel, for terms of the relation's column sorts. */
  holds(rel: string, args: readonly Term[]): Formula;
  /** The k-th tuple of `universe.extension(rel)` ∈ rel: `holds` on that tuple, without looking it up. */
  holdsTuple(rel: string, k: number): Formula;
  /** The value of a scalar state variable. */
  scalar(name: string): Term;
}

/**
 * One state copy with every relation a fresh Z3 function (column sorts → Bool) and every scalar a fresh
 * constant, all named `<name>@<suffix>`, so a bounded unrolling can hold one copy per step.
 */
export class SymbolicMarking implements MarkingTerms {
  readonly universe: Universe;
  readonly suffix: string;
  readonly relations: ReadonlyMap<string, FuncDecl<'main'>>;
  readonly scalars: ReadonlyMap<string, Term>;
  /**
   * Each relation applied to de Bruijn variables. `FuncDecl.call` prints the declaration for an assertion
   * message on every call (~0.15 ms); substituting the arguments into this template is ~10× cheaper.
   */
  private readonly templates: ReadonlyMap<string, Formula>;
  /** Applications to literal tuples, which expansions over the universe build again and again. */
  private readonly applications = new Map<string, Formula>();
  /** `holdsTuple`'s applications, by relation, in the order of `universe.extension`. */
  private readonly extensionApplications = new Map<string, Formula[]>();

  constructor(universe: Universe, suffix: string) {
    const ctx = universe.ctx;
    this.universe = universe;
    this.suffix = suffix;
    const relations = [...universe.relations.values()];
    this.relations = new Map(
      relations.map((r) => [
        r.name,
        ctx.Function.declare(
          `${r.name}@${suffix}`,
          ...r.columns.map((c) => universe.sort(c.sort)),
          ctx.Bool.sort(),
        ) as FuncDecl<'main'>,
      ]),
    );
    this.templates = new Map(
      relations.map((r) => {
        const decl = this.relations.get(r.name) as FuncDecl<'main'>;
        return [r.name, decl.call(...r.columns.map((c, k) => ctx.Var(k, universe.sort(c.sort)))) as Formula];
      }),
    );
    this.scalars = new Map(
      [...universe.scalars].map(([name, sort]) => [
        name,
        ctx.Const(`${name}@${suffix}`, universe.sort(sort)),
      ]),
    );
  }

  holds(rel: string, args: readonly Term[]): Formula {
    const template = this.templates.get(rel);
    if (!template) throw new CompileError(`the net has no relation ${rel}`);
    const columns = this.universe.relation(rel).columns;
    if (args.length !== columns.length)
      throw new CompileError(`${rel}: expected ${columns.length} arguments`);
    if (args.length === 0) return template;
    const values = args.map((a, k) => this.universe.literal((columns[k] as VarDecl).sort, a));
    const key = values.every((v) => v !== undefined) ? `${rel}${tupleKey(values)}` : undefined;
    const cached = key === undefined ? undefined : this.applications.get(key);
    if (cached) return cached;
    const application = this.universe.ctx.substituteVars(template, ...args) as Formula;
    if (key !== undefined) this.applications.set(key, application);
    return application;
  }

  holdsTuple(rel: string, k: number): Formula {
    let applications = this.extensionApplications.get(rel);
    if (!applications) {
      applications = this.universe.extension(rel).map((t) => this.holds(rel, t.terms));
      this.extensionApplications.set(rel, applications);
    }
    const application = applications[k];
    if (!application) throw new CompileError(`${rel} has no tuple ${k}`);
    return application;
  }

  scalar(name: string): Term {
    const term = this.scalars.get(name);
    if (!term) throw new CompileError(`the net has no state variable ${name}`);
    return term;
  }

  /** Scalars lie in their domains (relations need no constraint: junk outside the domains is never read). */
  wellFormed(): Formula {
    const u = this.universe;
    return u.ctx.And(...[...this.scalars].map(([name, term]) => u.inDomain(u.scalarSort(name), term)));
  }
}

/** A concrete marking: membership is a finite disjunction of tuple equalities (a literal when args are). */
export class ConcreteMarking implements MarkingTerms {
  readonly universe: Universe;
  readonly marking: Marking;
  private readonly tuples = new Map<string, readonly Value[][]>();

  constructor(universe: Universe, marking: Marking) {
    this.universe = universe;
    this.marking = marking;
  }

  holds(rel: string, args: readonly Term[]): Formula {
    const u = this.universe;
    const sorts = u.relation(rel).columns.map((c) => c.sort);
    if (args.length !== sorts.length) throw new CompileError(`${rel}: expected ${sorts.length} arguments`);
    const set = this.marking.relations.get(rel);
    const known = args.map((a, k) => u.literal(sorts[k] as DomainName, a));
    if (known.every((v) => v !== undefined)) return u.bool(set?.has(tupleKey(known)) ?? false);
    let tuples = this.tuples.get(rel);
    if (!tuples) {
      tuples = [...(set ?? [])].map(parseTupleKey);
      this.tuples.set(rel, tuples);
    }
    const disjuncts: Formula[] = [];
    for (const tuple of tuples) {
      // Skip tuples a literal argument already rules out.
      if (known.some((v, k) => v !== undefined && v !== tuple[k])) continue;
      const eqs = args.flatMap((a, k) =>
        known[k] === undefined ? [u.ctx.Eq(a, u.term(sorts[k] as DomainName, tuple[k] as Value))] : [],
      );
      disjuncts.push(u.ctx.And(...eqs));
    }
    return disjuncts.length === 0 ? u.no : u.ctx.Or(...disjuncts);
  }

  holdsTuple(rel: string, k: number): Formula {
    const tuple = this.universe.extension(rel)[k];
    if (!tuple) throw new CompileError(`${rel} has no tuple ${k}`);
    return this.universe.bool(this.marking.relations.get(rel)?.has(tuple.key) ?? false);
  }

  scalar(name: string): Term {
    const value = this.marking.scalars.get(name);
    if (value === undefined) throw new CompileError(`no value for state variable ${name}`);
    return this.universe.term(this.universe.scalarSort(name), value);
  }
}

/**
 * a and b agree on every tuple of every relation and on every scalar (expanded over the finite universe).
 * A side that is a literal folds the tuple's conjunct to the other side or its negation.
 */
export function sameMarking(universe: Universe, a: MarkingTerms, b: MarkingTerms): Formula {
  const ctx = universe.ctx;
  const parts: Formula[] = [];
  for (const rel of universe.relations.values()) {
    const tuples = universe.extension(rel.name);
    for (let k = 0; k < tuples.length; k++) {
      const x = a.holdsTuple(rel.name, k);
      const y = b.holdsTuple(rel.name, k);
      if (y === universe.yes) parts.push(x);
      else if (y === universe.no) parts.push(negate(universe, x));
      else if (x === universe.yes) parts.push(y);
      else if (x === universe.no) parts.push(negate(universe, y));
      else parts.push(ctx.Eq(x, y));
    }
  }
  for (const name of universe.scalars.keys()) parts.push(ctx.Eq(a.scalar(name), b.scalar(name)));
  return ctx.And(...parts);
}

/** The symbolic copy equals the concrete marking: the "function with explicit interpretation" view. */
export function markingIs(universe: Universe, state: MarkingTerms, marking: Marking): Formula {
  return sameMarking(universe, state, new ConcreteMarking(universe, marking));
}

/** Reads a marking off a Z3 model (e.g. a counterexample), in the evaluator's representation. */
export function decodeMarking(model: Z3Model, universe: Universe, state: MarkingTerms): Marking {
  const relations = new Map<string, Set<string>>();
  for (const rel of universe.relations.values()) {
    const set = new Set<string>();
    universe.extension(rel.name).forEach((tuple, k) => {
      if (universe.decode('Bool', model.eval(state.holdsTuple(rel.name, k), true))) set.add(tuple.key);
    });
    relations.set(rel.name, set);
  }
  const scalars = new Map<string, Value>();
  for (const [name, sort] of universe.scalars) {
    scalars.set(name, universe.decode(sort, model.eval(state.scalar(name), true)));
  }
  return { relations, scalars };
}
