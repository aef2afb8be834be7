/**
 * Reads the concrete syntax of docs/model-export.md back into the model's AST (model/expr/ast.ts):
 * `expr.peggy` parses text into an untyped tree, `elaborate` resolves names against a signature (the
 * net's relations, functions, constants and scalar state, the transition's parameters) and gives every
 * node its sort, the way model/expr/build.ts would have built it.
 *
 * Literals take their sort from where they stand (a relation column, the other side of `=`), as in
 * `auditRefusal(u, f, i, now, 'notGranted')` or `now + 1`. Bound variables keep the name they are
 * printed with; compare with `normalize` (names of bound variables, nesting of ∧ / ∨).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import peggy from 'peggy';
import {
  DOMAINS,
  type DomainName,
  type Expr,
  NUMERIC_DOMAINS,
  type Sort,
  type Update,
  type VarDecl,
} from '../../../model/expr/ast.ts';
import type { Net } from '../../../model/net.ts';
import { netRelations } from '../../../src/export/structure.ts';

export class ConcreteSyntaxError extends Error {
  constructor(
    message: string,
    readonly text: string,
    readonly offset: number | undefined,
  ) {
    super(offset === undefined ? message : `${message} at offset ${offset} of "${text}"`);
    this.name = 'ConcreteSyntaxError';
  }
}

interface At {
  readonly start: { readonly offset: number };
}

type Node =
  | { kind: 'number'; value: number; at: At }
  | { kind: 'string'; value: string; at: At }
  | { kind: 'bool'; value: boolean; at: At }
  | { kind: 'name'; name: string; at: At }
  | { kind: 'apply'; name: string; args: Node[]; at: At }
  | { kind: 'not'; arg: Node; at: At }
  | { kind: 'and' | 'or'; args: Node[]; at: At }
  | { kind: 'implies' | 'eq' | 'ne' | 'lt' | 'le' | 'add'; left: Node; right: Node; at: At }
  | { kind: 'ite'; cond: Node; then: Node; else: Node; at: At }
  | { kind: 'forall' | 'exists'; name: string; sort: string; body: Node; at: At };

type UpdateNode =
  | {
      kind: 'insert' | 'delete';
      atom: Extract<Node, { kind: 'apply' }>;
      vars?: { name: string; sort: string }[];
      where?: Node;
      at: At;
    }
  | { kind: 'assign'; name: string; value: Node; at: At };

const grammarFile = fileURLToPath(new URL('./expr.peggy', import.meta.url));
const parser = peggy.generate(readFileSync(grammarFile, 'utf8'), {
  allowedStartRules: ['Guard', 'Update', 'Terms'],
  grammarSource: 'expr.peggy',
});

function parseWith<T>(text: string, startRule: 'Guard' | 'Update' | 'Terms'): T {
  try {
    return parser.parse(text, { startRule }) as T;
  } catch (error) {
    if (error instanceof parser.SyntaxError)
      throw new ConcreteSyntaxError(error.message, text, error.location.start.offset);
    throw error;
  }
}

/** What names mean: the net's vocabulary plus the variables in scope. */
export interface Signature {
  readonly relations: ReadonlyMap<string, readonly Sort[]>;
  readonly functions: ReadonlyMap<string, { readonly params: readonly Sort[]; readonly result: Sort }>;
  readonly constants: ReadonlyMap<string, Sort>;
  readonly scalars: ReadonlyMap<string, Sort>;
}

export function signatureOf(net: Net): Signature {
  return {
    relations: new Map(netRelations(net).map((r) => [r.name, r.columns.map((c) => c.sort)])),
    functions: new Map(
      net.functions.map((f) => [f.name, { params: f.params.map((p) => p.sort), result: f.result }]),
    ),
    constants: new Map(net.constants.map((c) => [c.name, c.sort])),
    scalars: new Map(net.scalars.map((s) => [s.name, s.sort])),
  };
}

type Scope = ReadonlyMap<string, DomainName>;

function domain(name: string, text: string, at: At): DomainName {
  if (!(DOMAINS as readonly string[]).includes(name))
    throw new ConcreteSyntaxError(`unknown sort ${name}`, text, at.start.offset);
  return name as DomainName;
}

class Elaborator {
  constructor(
    private readonly sig: Signature,
    private readonly text: string,
  ) {}

  private fail(message: string, node: { at: At }): never {
    throw new ConcreteSyntaxError(message, this.text, node.at.start.offset);
  }

  private check(expr: Expr, expected: Sort | undefined, node: Node): Expr {
    if (expected !== undefined && expr.sort !== expected)
      this.fail(`expected a ${expected}, got a ${expr.sort}`, node);
    return expr;
  }

  /** A literal's sort comes from its position; everything else knows its own sort. */
  private isLiteral(node: Node): boolean {
    return node.kind === 'number' || node.kind === 'string';
  }

  /** Two operands of one sort (`=`, `<`, `+`, the branches of if-then-else). */
  private pair(a: Node, b: Node, scope: Scope, expected?: Sort): [Expr, Expr] {
    if (this.isLiteral(a) && !this.isLiteral(b)) {
      const right = this.expr(b, scope, expected);
      return [this.expr(a, scope, right.sort), right];
    }
    const left = this.expr(a, scope, expected);
    return [left, this.expr(b, scope, left.sort)];
  }

  private numeric(expr: Expr, node: Node): void {
    if (!NUMERIC_DOMAINS.has(expr.sort)) this.fail(`${expr.sort} is not numeric`, node);
  }

  private args(node: Extract<Node, { kind: 'apply' }>, sorts: readonly Sort[], scope: Scope): Expr[] {
    if (node.args.length !== sorts.length)
      this.fail(`${node.name} takes ${sorts.length} arguments, got ${node.args.length}`, node);
    return node.args.map((a, k) => this.expr(a, scope, sorts[k]));
  }

  expr(node: Node, scope: Scope, expected?: Sort): Expr {
    switch (node.kind) {
      case 'number':
      case 'string': {
        if (expected === undefined || expected === 'Bool')
          this.fail(`cannot tell the sort of ${node.value}`, node);
        if (node.kind === 'number' && !NUMERIC_DOMAINS.has(expected))
          this.fail(`a number is not a ${expected}`, node);
        if (node.kind === 'string' && NUMERIC_DOMAINS.has(expected))
          this.fail(`'${node.value}' is not a ${expected}`, node);
        return { op: 'lit', sort: expected, value: node.value };
      }
      case 'bool':
        return this.check({ op: 'lit', sort: 'Bool', value: node.value }, expected, node);
      case 'name': {
        const variable = scope.get(node.name);
        if (variable) return this.check({ op: 'var', sort: variable, name: node.name }, expected, node);
        const constant = this.sig.constants.get(node.name);
        if (constant) return this.check({ op: 'const', sort: constant, name: node.name }, expected, node);
        const scalar = this.sig.scalars.get(node.name);
        if (scalar) return this.check({ op: 'state', sort: scalar, name: node.name }, expected, node);
        return this.fail(`unknown name ${node.name}`, node);
      }
      case 'apply': {
        const columns = this.sig.relations.get(node.name);
        if (columns)
          return this.check(
            { op: 'rel', sort: 'Bool', rel: node.name, args: this.args(node, columns, scope) },
            expected,
            node,
          );
        const fn = this.sig.functions.get(node.name);
        if (fn)
          return this.check(
            { op: 'fn', sort: fn.result, fn: node.name, args: this.args(node, fn.params, scope) },
            expected,
            node,
          );
        return this.fail(`unknown relation or function ${node.name}`, node);
      }
      case 'not':
        return this.check(
          { op: 'not', sort: 'Bool', arg: this.expr(node.arg, scope, 'Bool') },
          expected,
          node,
        );
      case 'and':
      case 'or':
        return this.check(
          { op: node.kind, sort: 'Bool', args: node.args.map((a) => this.expr(a, scope, 'Bool')) },
          expected,
          node,
        );
      case 'implies':
        return this.check(
          {
            op: 'implies',
            sort: 'Bool',
            left: this.expr(node.left, scope, 'Bool'),
            right: this.expr(node.right, scope, 'Bool'),
          },
          expected,
          node,
        );
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le': {
        const [left, right] = this.pair(node.left, node.right, scope);
        if (node.kind === 'lt' || node.kind === 'le') this.numeric(left, node.left);
        const op = node.kind === 'ne' ? 'eq' : node.kind;
        const cmp: Expr = { op, sort: 'Bool', left, right };
        return this.check(node.kind === 'ne' ? { op: 'not', sort: 'Bool', arg: cmp } : cmp, expected, node);
      }
      case 'add': {
        const [left, right] = this.pair(node.left, node.right, scope, expected);
        this.numeric(left, node.left);
        return this.check({ op: 'add', sort: left.sort, left, right }, expected, node);
      }
      case 'ite': {
        const cond = this.expr(node.cond, scope, 'Bool');
        const [then, otherwise] = this.pair(node.then, node.else, scope, expected);
        return { op: 'ite', sort: then.sort, cond, then, else: otherwise };
      }
      case 'forall':
      case 'exists': {
        const variable: VarDecl = { name: node.name, sort: domain(node.sort, this.text, node.at) };
        const inner = new Map(scope).set(node.name, variable.sort);
        const body = this.expr(node.body, inner, 'Bool');
        return this.check({ op: node.kind, sort: 'Bool', variable, body }, expected, node);
      }
    }
  }

  update(node: UpdateNode, scope: Scope): Update {
    if (node.kind === 'assign') {
      const sort = this.sig.scalars.get(node.name);
      if (!sort) return this.fail(`unknown state variable ${node.name}`, node);
      return { op: 'assign', name: node.name, value: this.expr(node.value, scope, sort) };
    }
    const columns = this.sig.relations.get(node.atom.name);
    if (!columns) return this.fail(`unknown relation ${node.atom.name}`, node.atom);
    if (node.vars === undefined)
      return { op: node.kind, rel: node.atom.name, args: this.args(node.atom, columns, scope) };
    const vars: VarDecl[] = node.vars.map((v) => ({
      name: v.name,
      sort: domain(v.sort, this.text, node.at),
    }));
    const inner = new Map(scope);
    for (const v of vars) inner.set(v.name, v.sort);
    const where: Expr = node.where
      ? this.expr(node.where, inner, 'Bool')
      : { op: 'lit', sort: 'Bool', value: true };
    return {
      op: node.kind === 'insert' ? 'insertAll' : 'deleteAll',
      rel: node.atom.name,
      vars,
      args: this.args(node.atom, columns, inner),
      where,
    };
  }
}

function scopeOf(params: readonly VarDecl[]): Scope {
  return new Map(params.map((p) => [p.name, p.sort]));
}

/** A guard (any Boolean expression) with the transition's parameters in scope. */
export function parseGuard(text: string, sig: Signature, params: readonly VarDecl[] = []): Expr {
  return new Elaborator(sig, text).expr(parseWith<Node>(text, 'Guard'), scopeOf(params), 'Bool');
}

export function parseUpdate(text: string, sig: Signature, params: readonly VarDecl[] = []): Update {
  return new Elaborator(sig, text).update(parseWith<UpdateNode>(text, 'Update'), scopeOf(params));
}

/** A multiset of terms (`a ++ b ++ …`): relation atoms, or terms of `sort` (the Clock's Time). */
export function parseTerms(
  text: string,
  sig: Signature,
  params: readonly VarDecl[] = [],
  sort?: Sort,
): Expr[] {
  const elaborator = new Elaborator(sig, text);
  return parseWith<Node[]>(text, 'Terms').map((n) => elaborator.expr(n, scopeOf(params), sort));
}

/** `Name(u: Principal, f: File)` → the name and its parameters. */
export function parseSignature(text: string): { name: string; params: VarDecl[] } {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/.exec(text);
  if (!match) throw new ConcreteSyntaxError('not a transition signature', text, 0);
  const params = (match[2] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => {
      const [name, sort] = p.split(':').map((s) => s.trim());
      if (!name || !sort) throw new ConcreteSyntaxError(`bad parameter "${p}"`, text, undefined);
      return { name, sort: domain(sort, text, { start: { offset: 0 } }) };
    });
  return { name: match[1] as string, params };
}

// ── comparison up to bound-variable names and ∧/∨ nesting ──────────────────────────────────────────

/**
 * An expression with bound variables renamed by binding depth (`$0`, `$1`, …) and nested ∧ / ∨
 * flattened: two expressions are the same term exactly when their normal forms are equal.
 */
export function normalize(expr: Expr, names: ReadonlyMap<string, string> = new Map()): Expr {
  const go = (e: Expr) => normalize(e, names);
  switch (expr.op) {
    case 'lit':
    case 'const':
    case 'state':
      return expr;
    case 'var':
      return { ...expr, name: names.get(expr.name) ?? expr.name };
    case 'rel':
      return { ...expr, args: expr.args.map(go) };
    case 'fn':
      return { ...expr, args: expr.args.map(go) };
    case 'not':
      return { ...expr, arg: go(expr.arg) };
    case 'and':
    case 'or': {
      const op = expr.op;
      const flat = expr.args.map(go).flatMap((a) => (a.op === op ? a.args : [a]));
      return { op, sort: 'Bool', args: flat };
    }
    case 'implies':
    case 'eq':
    case 'lt':
    case 'le':
    case 'add':
      return { ...expr, left: go(expr.left), right: go(expr.right) };
    case 'ite': {
      const then = go(expr.then);
      return { op: 'ite', sort: expr.sort, cond: go(expr.cond), then, else: go(expr.else) };
    }
    case 'forall':
    case 'exists': {
      const fresh = `$${names.size}`;
      const inner = new Map(names).set(expr.variable.name, fresh);
      return { ...expr, variable: { ...expr.variable, name: fresh }, body: normalize(expr.body, inner) };
    }
  }
}

export function normalizeUpdate(update: Update): Update {
  switch (update.op) {
    case 'assign':
      return { ...update, value: normalize(update.value) };
    case 'insert':
    case 'delete':
      return { ...update, args: update.args.map((a) => normalize(a)) };
    case 'insertAll':
    case 'deleteAll': {
      const names = new Map(update.vars.map((v, k) => [v.name, `$v${k}`]));
      return {
        ...update,
        vars: update.vars.map((v, k) => ({ ...v, name: `$v${k}` })),
        args: update.args.map((a) => normalize(a, names)),
        where: normalize(update.where, names),
      };
    }
  }
}
