/**
 * The evaluator: the executable meaning of the expression language over an abstract marking.
 * `src/smt/compile.ts` gives the same AST its symbolic meaning; a test checks the two agree.
 */
import type { DomainName, Expr, Update, Value } from './ast.ts';
import { children } from './traverse.ts';

/** A finite universe and the configuration's fixed interpretation of functions and constants. */
export interface Interpretation {
  readonly domains: Readonly<Record<DomainName, readonly Value[]>>;
  /** Static function tables: function name → (tuple key of arguments → value). Data, not code. */
  readonly functions: ReadonlyMap<string, ReadonlyMap<string, Value>>;
  readonly constants: ReadonlyMap<string, Value>;
}

/** The abstract marking: each relation a set of tuple keys, plus the scalar state variables. */
export interface Marking {
  readonly relations: ReadonlyMap<string, ReadonlySet<string>>;
  readonly scalars: ReadonlyMap<string, Value>;
}

export type Bindings = ReadonlyMap<string, Value>;

export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/** The one encoding of a tuple as a set key. */
export function tupleKey(values: readonly Value[]): string {
  return JSON.stringify(values);
}

export function parseTupleKey(key: string): Value[] {
  return JSON.parse(key) as Value[];
}

function numericBounds(interp: Interpretation, sort: string): [number, number] {
  const values = interp.domains[sort as DomainName] as readonly number[] | undefined;
  if (!values || values.length === 0) throw new EvaluationError(`domain ${sort} is empty`);
  return [values[0] as number, values[values.length - 1] as number];
}

export function evaluate(expr: Expr, interp: Interpretation, marking: Marking, bindings: Bindings): Value {
  switch (expr.op) {
    case 'lit':
      return expr.value;
    case 'var': {
      const value = bindings.get(expr.name);
      if (value === undefined) throw new EvaluationError(`unbound variable ${expr.name}`);
      return value;
    }
    case 'const': {
      const value = interp.constants.get(expr.name);
      if (value === undefined) throw new EvaluationError(`no value for constant ${expr.name}`);
      return value;
    }
    case 'state': {
      const value = marking.scalars.get(expr.name);
      if (value === undefined) throw new EvaluationError(`no value for state variable ${expr.name}`);
      return value;
    }
    case 'rel': {
      const tuple = expr.args.map((a) => evaluate(a, interp, marking, bindings));
      return marking.relations.get(expr.rel)?.has(tupleKey(tuple)) ?? false;
    }
    case 'fn': {
      const args = expr.args.map((a) => evaluate(a, interp, marking, bindings));
      const value = interp.functions.get(expr.fn)?.get(tupleKey(args));
      if (value === undefined) throw new EvaluationError(`${expr.fn}(${args.join(', ')}) is undefined`);
      return value;
    }
    case 'not':
      return !evaluate(expr.arg, interp, marking, bindings);
    case 'and':
      return expr.args.every((a) => evaluate(a, interp, marking, bindings) === true);
    case 'or':
      return expr.args.some((a) => evaluate(a, interp, marking, bindings) === true);
    case 'implies':
      return (
        !evaluate(expr.left, interp, marking, bindings) ||
        evaluate(expr.right, interp, marking, bindings) === true
      );
    case 'eq':
      return (
        evaluate(expr.left, interp, marking, bindings) === evaluate(expr.right, interp, marking, bindings)
      );
    case 'lt':
      return (
        (evaluate(expr.left, interp, marking, bindings) as number) <
        (evaluate(expr.right, interp, marking, bindings) as number)
      );
    case 'le':
      return (
        (evaluate(expr.left, interp, marking, bindings) as number) <=
        (evaluate(expr.right, interp, marking, bindings) as number)
      );
    case 'add': {
      const [min, max] = numericBounds(interp, expr.sort);
      const sum =
        (evaluate(expr.left, interp, marking, bindings) as number) +
        (evaluate(expr.right, interp, marking, bindings) as number);
      return Math.min(max, Math.max(min, sum));
    }
    case 'ite':
      return evaluate(expr.cond, interp, marking, bindings)
        ? evaluate(expr.then, interp, marking, bindings)
        : evaluate(expr.else, interp, marking, bindings);
    case 'forall':
    case 'exists': {
      const inner = new Map(bindings);
      const test = (value: Value) => {
        inner.set(expr.variable.name, value);
        return evaluate(expr.body, interp, marking, inner) === true;
      };
      const scan = scanOf(expr);
      // ∃x. (R(…x…) ∧ φ): only the values R holds for x can satisfy the body; ∀x. ¬R(…x…) ∨ φ likewise.
      const domain = scan
        ? candidateValues(scan, interp, marking, bindings)
        : interp.domains[expr.variable.sort];
      return expr.op === 'forall' ? domain.every(test) : domain.some(test);
    }
  }
}

// ── relation scans: a quantifier ranges over a relation's tuples instead of a whole domain ──────────

/** A relation atom whose arguments are the quantified variable (at `positions`) or free of it. */
export interface Scan {
  readonly atom: Extract<Expr, { op: 'rel' }>;
  readonly variable: string;
  readonly positions: readonly number[];
}

const scans = new WeakMap<Expr, Scan | null>();

function mentions(expr: Expr, name: string): boolean {
  if (expr.op === 'var') return expr.name === name;
  return children(expr).some((c) => mentions(c, name));
}

/** The atom as a scan of `variable`, if each argument is the variable itself or does not mention it. */
export function atomScan(atom: Expr, variable: string): Scan | undefined {
  if (atom.op !== 'rel') return undefined;
  const positions: number[] = [];
  for (const [k, arg] of atom.args.entries()) {
    if (arg.op === 'var' && arg.name === variable) positions.push(k);
    else if (mentions(arg, variable)) return undefined;
  }
  return positions.length > 0 ? { atom, variable, positions } : undefined;
}

/** For ∃x.body: a positive conjunct of the body; for ∀x.body: a negated disjunct (or an antecedent). */
function findScan(expr: Extract<Expr, { op: 'forall' | 'exists' }>): Scan | undefined {
  const x = expr.variable.name;
  const body = expr.body;
  if (expr.op === 'exists') {
    const conjuncts = body.op === 'and' ? body.args : [body];
    for (const c of conjuncts) {
      const scan = atomScan(c, x);
      if (scan) return scan;
    }
    return undefined;
  }
  const disjuncts = body.op === 'or' ? body.args : [body];
  const negated =
    body.op === 'implies' ? [body.left] : disjuncts.flatMap((d) => (d.op === 'not' ? [d.arg] : []));
  for (const n of negated) {
    const scan = atomScan(n, x);
    if (scan) return scan;
  }
  return undefined;
}

function scanOf(expr: Extract<Expr, { op: 'forall' | 'exists' }>): Scan | undefined {
  let scan = scans.get(expr);
  if (scan === undefined) {
    scan = findScan(expr) ?? null;
    scans.set(expr, scan);
  }
  return scan ?? undefined;
}

/** Parsed tuples of a relation's set; markings never mutate a set once built, so identity is a safe key. */
const parsedTuples = new WeakMap<ReadonlySet<string>, readonly (readonly Value[])[]>();

export function tuplesOf(marking: Marking, relation: string): readonly (readonly Value[])[] {
  const set = marking.relations.get(relation);
  if (!set) return [];
  let tuples = parsedTuples.get(set);
  if (!tuples) {
    tuples = [...set].map(parseTupleKey);
    parsedTuples.set(set, tuples);
  }
  return tuples;
}

/** The values of the scanned variable in tuples that match the atom's other (evaluated) arguments. */
export function candidateValues(
  scan: Scan,
  interp: Interpretation,
  marking: Marking,
  bindings: Bindings,
): Value[] {
  const { atom, positions } = scan;
  const fixed = atom.args.map((arg, k) =>
    positions.includes(k) ? undefined : evaluate(arg, interp, marking, bindings),
  );
  const values = new Set<Value>();
  for (const tuple of tuplesOf(marking, atom.rel)) {
    const value = tuple[positions[0] as number] as Value;
    if (positions.some((k) => tuple[k] !== value)) continue;
    if (fixed.every((v, k) => v === undefined || tuple[k] === v)) values.add(value);
  }
  return [...values];
}

export function holds(expr: Expr, interp: Interpretation, marking: Marking, bindings: Bindings): boolean {
  return evaluate(expr, interp, marking, bindings) === true;
}

/** Every assignment of the given variables over their domains. */
export function* assignments(
  vars: readonly { name: string; sort: DomainName }[],
  interp: Interpretation,
  base: Bindings = new Map(),
): Generator<Map<string, Value>> {
  if (vars.length === 0) {
    yield new Map(base);
    return;
  }
  const [first, ...rest] = vars as [
    { name: string; sort: DomainName },
    ...{ name: string; sort: DomainName }[],
  ];
  for (const value of interp.domains[first.sort]) {
    yield* assignments(rest, interp, new Map(base).set(first.name, value));
  }
}

/** Applies a transition's updates in parallel: every right-hand side reads the pre-state. */
export function applyUpdates(
  updates: readonly Update[],
  interp: Interpretation,
  marking: Marking,
  bindings: Bindings,
): Marking {
  const inserted = new Map<string, string[]>();
  const deleted = new Map<string, string[]>();
  const scalars = new Map(marking.scalars);
  const note = (target: Map<string, string[]>, rel: string, key: string) => {
    const list = target.get(rel) ?? [];
    list.push(key);
    target.set(rel, list);
  };
  const tupleOf = (args: readonly Expr[], env: Bindings) =>
    tupleKey(args.map((a) => evaluate(a, interp, marking, env)));

  for (const update of updates) {
    switch (update.op) {
      case 'insert':
        note(inserted, update.rel, tupleOf(update.args, bindings));
        break;
      case 'delete':
        note(deleted, update.rel, tupleOf(update.args, bindings));
        break;
      case 'insertAll':
      case 'deleteAll':
        for (const env of assignments(update.vars, interp, bindings)) {
          if (!holds(update.where, interp, marking, env)) continue;
          note(update.op === 'insertAll' ? inserted : deleted, update.rel, tupleOf(update.args, env));
        }
        break;
      case 'assign':
        scalars.set(update.name, evaluate(update.value, interp, marking, bindings));
        break;
    }
  }

  const relations = new Map(marking.relations);
  for (const rel of new Set([...inserted.keys(), ...deleted.keys()])) {
    const next = new Set(marking.relations.get(rel) ?? []);
    for (const key of deleted.get(rel) ?? []) next.delete(key);
    for (const key of inserted.get(rel) ?? []) next.add(key);
    relations.set(rel, next);
  }
  return { relations, scalars };
}
