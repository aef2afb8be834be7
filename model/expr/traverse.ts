/** Structural traversal of expressions, stated once for every analysis that does not care about the op. */
import type { Expr } from './ast.ts';

/** The direct sub-expressions: arguments, operands, branches, a quantifier's body. */
export function children(expr: Expr): readonly Expr[] {
  switch (expr.op) {
    case 'lit':
    case 'var':
    case 'const':
    case 'state':
      return [];
    case 'rel':
    case 'fn':
    case 'and':
    case 'or':
      return expr.args;
    case 'not':
      return [expr.arg];
    case 'implies':
    case 'eq':
    case 'lt':
    case 'le':
    case 'add':
      return [expr.left, expr.right];
    case 'ite':
      return [expr.cond, expr.then, expr.else];
    case 'forall':
    case 'exists':
      return [expr.body];
  }
}
