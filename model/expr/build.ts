/**
 * Helper functions that build expressions. They check sorts as they build, so an ill-sorted guard fails
 * when the model is constructed, not when it is evaluated or compiled.
 */
import {
  type DomainName,
  type Expr,
  NUMERIC_DOMAINS,
  type Sort,
  type Update,
  type Value,
  type VarDecl,
} from './ast.ts';

export class ModelTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelTypeError';
  }
}

function expectSort(expr: Expr, sort: Sort, where: string): void {
  if (expr.sort !== sort) throw new ModelTypeError(`${where}: expected ${sort}, got ${expr.sort}`);
}

function expectBool(exprs: readonly Expr[], where: string): void {
  for (const e of exprs) expectSort(e, 'Bool', where);
}

export const TRUE: Expr = { op: 'lit', sort: 'Bool', value: true };
export const FALSE: Expr = { op: 'lit', sort: 'Bool', value: false };

export function lit(sort: Sort, value: Value): Expr {
  return { op: 'lit', sort, value };
}

export function variable(decl: VarDecl): Expr {
  return { op: 'var', sort: decl.sort, name: decl.name };
}

export function constant(name: string, sort: Sort): Expr {
  return { op: 'const', sort, name };
}

export function stateVar(name: string, sort: Sort): Expr {
  return { op: 'state', sort, name };
}

export function not(arg: Expr): Expr {
  expectBool([arg], 'not');
  if (arg === TRUE) return FALSE;
  if (arg === FALSE) return TRUE;
  return { op: 'not', sort: 'Bool', arg };
}

/** Conjunction; `true` operands are dropped, so optional conjuncts can be written inline. */
export function and(...args: Expr[]): Expr {
  expectBool(args, 'and');
  const kept = args.filter((a) => a !== TRUE);
  if (kept.length === 0) return TRUE;
  if (kept.length === 1) return kept[0] as Expr;
  return { op: 'and', sort: 'Bool', args: kept };
}

export function or(...args: Expr[]): Expr {
  expectBool(args, 'or');
  const kept = args.filter((a) => a !== FALSE);
  if (kept.length === 0) return FALSE;
  if (kept.length === 1) return kept[0] as Expr;
  return { op: 'or', sort: 'Bool', args: kept };
}

export function implies(left: Expr, right: Expr): Expr {
  expectBool([left, right], 'implies');
  return { op: 'implies', sort: 'Bool', left, right };
}

export function eq(left: Expr, right: Expr): Expr {
  expectSort(right, left.sort, 'eq');
  return { op: 'eq', sort: 'Bool', left, right };
}

export function neq(left: Expr, right: Expr): Expr {
  return not(eq(left, right));
}

function expectNumeric(expr: Expr, where: string): void {
  if (!NUMERIC_DOMAINS.has(expr.sort)) throw new ModelTypeError(`${where}: ${expr.sort} is not numeric`);
}

export function lt(left: Expr, right: Expr): Expr {
  expectNumeric(left, 'lt');
  expectSort(right, left.sort, 'lt');
  return { op: 'lt', sort: 'Bool', left, right };
}

export function le(left: Expr, right: Expr): Expr {
  expectNumeric(left, 'le');
  expectSort(right, left.sort, 'le');
  return { op: 'le', sort: 'Bool', left, right };
}

/** left + right within the left operand's numeric domain (clamped to the domain's bounds). */
export function add(left: Expr, right: Expr): Expr {
  expectNumeric(left, 'add');
  expectSort(right, left.sort, 'add');
  return { op: 'add', sort: left.sort, left, right };
}

export function ite(cond: Expr, then: Expr, otherwise: Expr): Expr {
  expectBool([cond], 'ite');
  expectSort(otherwise, then.sort, 'ite');
  return { op: 'ite', sort: then.sort, cond, then, else: otherwise };
}

let fresh = 0;

/** Restarts bound-variable numbering, so that building the same model twice gives identical names. */
export function resetBoundVariableNames(): void {
  fresh = 0;
}

/** A quantified variable with a name unique in the model (so nested quantifiers never capture). */
function boundVar(hint: string, sort: DomainName): VarDecl {
  fresh += 1;
  return { name: `${hint}#${fresh}`, sort };
}

/** ∀ x ∈ sort. body(x) — bounded by the finite domain. */
export function forall(sort: DomainName, hint: string, body: (x: Expr) => Expr): Expr {
  const decl = boundVar(hint, sort);
  const inner = body(variable(decl));
  expectBool([inner], 'forall');
  return { op: 'forall', sort: 'Bool', variable: decl, body: inner };
}

/** ∃ x ∈ sort. body(x) — bounded by the finite domain. */
export function exists(sort: DomainName, hint: string, body: (x: Expr) => Expr): Expr {
  const decl = boundVar(hint, sort);
  const inner = body(variable(decl));
  expectBool([inner], 'exists');
  return { op: 'exists', sort: 'Bool', variable: decl, body: inner };
}

// ── signature-checked relations, functions and updates ──────────────────────────────────────────────

export interface RelationDecl {
  readonly name: string;
  readonly columns: readonly VarDecl[];
}

export interface FunctionDecl {
  readonly name: string;
  readonly params: readonly VarDecl[];
  readonly result: Sort;
}

function checkArgs(args: readonly Expr[], columns: readonly VarDecl[], where: string): void {
  if (args.length !== columns.length) {
    throw new ModelTypeError(`${where}: expected ${columns.length} arguments, got ${args.length}`);
  }
  args.forEach((arg, i) => {
    expectSort(arg, (columns[i] as VarDecl).sort, `${where} argument ${i + 1}`);
  });
}

export function member(rel: RelationDecl, ...args: Expr[]): Expr {
  checkArgs(args, rel.columns, rel.name);
  return { op: 'rel', sort: 'Bool', rel: rel.name, args };
}

export function apply(fn: FunctionDecl, ...args: Expr[]): Expr {
  checkArgs(args, fn.params, fn.name);
  return { op: 'fn', sort: fn.result, fn: fn.name, args };
}

export function insert(rel: RelationDecl, ...args: Expr[]): Update {
  checkArgs(args, rel.columns, `insert ${rel.name}`);
  return { op: 'insert', rel: rel.name, args };
}

export function remove(rel: RelationDecl, ...args: Expr[]): Update {
  checkArgs(args, rel.columns, `delete ${rel.name}`);
  return { op: 'delete', rel: rel.name, args };
}

/** Insert or delete rel(args(x…)) for every x… in the given domains satisfying where(x…). */
function bulk(
  op: 'insertAll' | 'deleteAll',
  rel: RelationDecl,
  sorts: readonly DomainName[],
  build: (...xs: Expr[]) => { args: Expr[]; where: Expr },
): Update {
  const vars = sorts.map((sort, i) => boundVar(`${rel.name}${i}`, sort));
  const { args, where } = build(...vars.map(variable));
  checkArgs(args, rel.columns, `${op} ${rel.name}`);
  expectBool([where], `${op} ${rel.name} where`);
  return { op, rel: rel.name, vars, args, where };
}

export function insertAll(
  rel: RelationDecl,
  sorts: readonly DomainName[],
  build: (...xs: Expr[]) => { args: Expr[]; where: Expr },
): Update {
  return bulk('insertAll', rel, sorts, build);
}

export function removeAll(
  rel: RelationDecl,
  sorts: readonly DomainName[],
  build: (...xs: Expr[]) => { args: Expr[]; where: Expr },
): Update {
  return bulk('deleteAll', rel, sorts, build);
}

export function assign(name: string, sort: Sort, value: Expr): Update {
  expectSort(value, sort, `assign ${name}`);
  return { op: 'assign', name, value };
}
