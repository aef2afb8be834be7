/**
 * A printer of the model's expressions and updates as readable, math-ish text:
 * `acl(ownerOf(f), u, i) ∧ ¬holdsRu(u, f, levelOf(f, i))`, `∀ i ∈ Partition. encrypted(f, i)`,
 * `now := now + 1`, `insert acl(o, u, i) for all i ∈ Partition where roleAccess(o, roleOf(u), i)`.
 *
 * Quantified variables carry a `#n` suffix in the AST (unique names, so nothing is ever captured); the
 * printer drops it wherever the short name is unambiguous in scope and keeps it otherwise. Bulk updates
 * name their variables after the relation column they fill (`i` rather than `acl0`) when that is free.
 * The text is the concrete syntax of docs/model-export.md ("Concrete syntax"): the JSON export shows
 * it beside the AST, the DOT tooltips show it, and the PNML export writes guards, updates, inscriptions
 * and markings in it. test/export/syntax/ parses it back (grammar `expr.peggy`); the round trip gives
 * the same AST up to the names of bound variables and the nesting of ∧ / ∨ (both n-ary here).
 */
import type { Expr, Update, VarDecl } from '../../model/expr/ast.ts';
import type { TransitionSpec } from '../../model/net.ts';
import { freeVars } from '../../model/semantics.ts';
import { R } from '../../model/vocabulary.ts';

/** Column declarations of each relation, used to name bulk-update variables. */
export type RelationColumns = ReadonlyMap<string, readonly VarDecl[]>;

const DEFAULT_COLUMNS: RelationColumns = new Map(Object.values(R).map((r) => [r.name, r.columns]));

export interface PrettyOptions {
  /** Names already in scope (transition parameters). Default: the expression's own free variables. */
  readonly scope?: Iterable<string>;
  /** Relation columns for naming bulk-update variables. Default: the model vocabulary. */
  readonly relations?: RelationColumns;
}

/** The name without the `#n` suffix of a bound variable. */
export function baseName(name: string): string {
  const hash = name.indexOf('#');
  return hash < 0 ? name : name.slice(0, hash);
}

// Precedence, loosest first. An operand printed below the precedence its position needs gets parentheses.
const BINDER = 1; // ∀, ∃, if-then-else: extend as far right as possible
const IMPLIES = 2;
const OR = 3;
const AND = 4;
const CMP = 6;
const ADD = 7;
const ATOM = 9;

interface Printed {
  readonly text: string;
  readonly prec: number;
}

/** Variable display names in scope: full AST name → shown name, and the shown names taken. */
interface Env {
  readonly names: ReadonlyMap<string, string>;
  readonly taken: ReadonlySet<string>;
}

function rootEnv(scope: Iterable<string>): Env {
  const names = new Map<string, string>();
  for (const name of scope) names.set(name, name);
  return { names, taken: new Set(names.values()) };
}

/** Binds variables: each gets its preferred short name when free in scope, else its full AST name. */
function bind(env: Env, vars: readonly { name: string; preferred: string }[]): Env {
  const names = new Map(env.names);
  const taken = new Set(env.taken);
  for (const v of vars) {
    const candidates = [v.preferred, baseName(v.name), v.name];
    const shown = candidates.find((c) => c.length > 0 && !taken.has(c)) ?? v.name;
    names.set(v.name, shown);
    taken.add(shown);
  }
  return { names, taken };
}

function wrap(p: Printed, min: number): string {
  return p.prec < min ? `(${p.text})` : p.text;
}

function literal(expr: Extract<Expr, { op: 'lit' }>): string {
  if (typeof expr.value === 'string') return `'${expr.value}'`;
  return String(expr.value);
}

function print(expr: Expr, env: Env): Printed {
  switch (expr.op) {
    case 'lit':
      return { text: literal(expr), prec: ATOM };
    case 'var':
      return { text: env.names.get(expr.name) ?? expr.name, prec: ATOM };
    case 'const':
    case 'state':
      return { text: expr.name, prec: ATOM };
    case 'rel':
      return { text: `${expr.rel}(${expr.args.map((a) => print(a, env).text).join(', ')})`, prec: ATOM };
    case 'fn':
      return { text: `${expr.fn}(${expr.args.map((a) => print(a, env).text).join(', ')})`, prec: ATOM };
    case 'not': {
      const arg = expr.arg;
      if (arg.op === 'eq') {
        return {
          text: `${wrap(print(arg.left, env), ADD)} ≠ ${wrap(print(arg.right, env), ADD)}`,
          prec: CMP,
        };
      }
      const inner = print(arg, env);
      return {
        text: `¬${arg.op === 'not' || inner.prec >= ATOM ? inner.text : `(${inner.text})`}`,
        prec: ATOM,
      };
    }
    case 'and':
      return { text: expr.args.map((a) => wrap(print(a, env), AND)).join(' ∧ '), prec: AND };
    case 'or':
      // A conjunction inside a disjunction gets parentheses anyway: easier to read than precedence rules.
      return { text: expr.args.map((a) => wrap(print(a, env), AND + 1)).join(' ∨ '), prec: OR };
    case 'implies':
      return {
        text: `${wrap(print(expr.left, env), OR)} ⇒ ${wrap(print(expr.right, env), IMPLIES)}`,
        prec: IMPLIES,
      };
    case 'eq':
    case 'lt':
    case 'le': {
      const symbol = { eq: '=', lt: '<', le: '≤' }[expr.op];
      return {
        text: `${wrap(print(expr.left, env), ADD)} ${symbol} ${wrap(print(expr.right, env), ADD)}`,
        prec: CMP,
      };
    }
    case 'add':
      return {
        text: `${wrap(print(expr.left, env), ADD)} + ${wrap(print(expr.right, env), ADD + 1)}`,
        prec: ADD,
      };
    case 'ite':
      return {
        text: `if ${print(expr.cond, env).text} then ${wrap(print(expr.then, env), IMPLIES)} else ${print(expr.else, env).text}`,
        prec: BINDER,
      };
    case 'forall':
    case 'exists': {
      const inner = bind(env, [{ name: expr.variable.name, preferred: baseName(expr.variable.name) }]);
      const shown = inner.names.get(expr.variable.name) ?? expr.variable.name;
      const symbol = expr.op === 'forall' ? '∀' : '∃';
      return {
        text: `${symbol} ${shown} ∈ ${expr.variable.sort}. ${print(expr.body, inner).text}`,
        prec: BINDER,
      };
    }
  }
}

function relationText(rel: string, args: readonly Expr[], env: Env): string {
  return `${rel}(${args.map((a) => print(a, env).text).join(', ')})`;
}

function printUpdate(update: Update, env: Env, relations: RelationColumns): string {
  switch (update.op) {
    case 'insert':
    case 'delete':
      return `${update.op} ${relationText(update.rel, update.args, env)}`;
    case 'insertAll':
    case 'deleteAll': {
      const verb = update.op === 'insertAll' ? 'insert' : 'delete';
      const columns = relations.get(update.rel) ?? [];
      const preferred = (v: VarDecl) => {
        const k = update.args.findIndex((a) => a.op === 'var' && a.name === v.name);
        return columns[k]?.name ?? baseName(v.name);
      };
      const inner = bind(
        env,
        update.vars.map((v) => ({ name: v.name, preferred: preferred(v) })),
      );
      const head = `${verb} ${relationText(update.rel, update.args, inner)}`;
      const where =
        update.where.op === 'lit' && update.where.value === true ? '' : print(update.where, inner).text;
      if (update.vars.length === 0) return where ? `${head} if ${where}` : head;
      const vars = update.vars.map((v) => `${inner.names.get(v.name) ?? v.name} ∈ ${v.sort}`).join(', ');
      return `${head} for all ${vars}${where ? ` where ${where}` : ''}`;
    }
    case 'assign':
      return `${update.name} := ${print(update.value, env).text}`;
  }
}

/** An expression as one line of text. */
export function prettyExpr(expr: Expr, options: PrettyOptions = {}): string {
  return print(expr, rootEnv(options.scope ?? freeVars(expr))).text;
}

function conjunctsOf(expr: Expr): Expr[] {
  return expr.op === 'and' ? expr.args.flatMap(conjunctsOf) : [expr];
}

/** A guard as lines: one conjunct per line, nested conjunctions flattened. */
export function prettyConjuncts(expr: Expr, options: PrettyOptions = {}): string[] {
  const env = rootEnv(options.scope ?? freeVars(expr));
  return conjunctsOf(expr).map((c) => print(c, env).text);
}

function updateFreeVars(update: Update): Set<string> {
  switch (update.op) {
    case 'insert':
    case 'delete': {
      const into = new Set<string>();
      for (const a of update.args) freeVars(a, new Set(), into);
      return into;
    }
    case 'insertAll':
    case 'deleteAll': {
      const bound = new Set(update.vars.map((v) => v.name));
      const into = new Set<string>();
      for (const a of update.args) freeVars(a, bound, into);
      return freeVars(update.where, bound, into);
    }
    case 'assign':
      return freeVars(update.value);
  }
}

/** One update as text. */
export function prettyUpdate(update: Update, options: PrettyOptions = {}): string {
  const env = rootEnv(options.scope ?? updateFreeVars(update));
  return printUpdate(update, env, options.relations ?? DEFAULT_COLUMNS);
}

export interface PrettyTransition {
  /** The guard on one line. */
  readonly guard: string;
  /** The guard's top-level conjuncts, one per line. */
  readonly guardLines: readonly string[];
  /** One line per update. */
  readonly effect: readonly string[];
  /** `Name(u: Principal, f: File)`. */
  readonly signature: string;
}

/** A transition's guard and effect, its parameters in scope. */
export function prettyTransition(transition: TransitionSpec, relations?: RelationColumns): PrettyTransition {
  const scope = transition.params.map((p) => p.name);
  const options: PrettyOptions = relations ? { scope, relations } : { scope };
  return {
    guard: prettyExpr(transition.guard, options),
    guardLines: prettyConjuncts(transition.guard, options),
    effect: transition.effect.map((u) => prettyUpdate(u, options)),
    signature: `${transition.name}(${transition.params.map((p) => `${p.name}: ${p.sort}`).join(', ')})`,
  };
}
