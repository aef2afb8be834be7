/**
 * Random well-sorted expressions of the model's language over a net's relations, functions, constants and
 * the clock — every operator drawn often — for the tests that hold each compiler of the language (the Z3
 * reference compiler, the ground compiler, the SMT-LIB text) to the evaluator.
 */
import fc from 'fast-check';
import type { Expr, Net, Sort, VarDecl } from '../../model/index.ts';
import {
  add,
  and,
  apply,
  constant,
  DOMAINS,
  eq,
  implies,
  ite,
  le,
  lit,
  lt,
  member,
  NUMERIC_DOMAINS,
  not,
  or,
  stateVar,
  variable,
} from '../../model/index.ts';

export const SORTS: readonly Sort[] = ['Bool', ...DOMAINS];

/** Random expressions of a sort over the net's relations, functions, constants and the clock. */
export function exprArbitrary(
  net: Net,
  sort: Sort,
  depth: number,
  scope: readonly VarDecl[],
): fc.Arbitrary<Expr> {
  const interp = net.interpretation;
  const sub = (s: Sort, d = depth - 1, sc = scope) => exprArbitrary(net, s, d, sc);
  const leaves: fc.Arbitrary<Expr>[] = [];
  const inner: fc.Arbitrary<Expr>[] = [];
  if (sort === 'Bool') leaves.push(fc.boolean().map((b) => lit('Bool', b)));
  else if (interp.domains[sort].length > 0)
    leaves.push(fc.constantFrom(...interp.domains[sort]).map((v) => lit(sort, v)));
  const vars = scope.filter((v) => v.sort === sort);
  if (vars.length > 0) leaves.push(fc.constantFrom(...vars).map(variable));
  for (const c of net.constants) if (c.sort === sort) leaves.push(fc.constant(constant(c.name, c.sort)));
  for (const x of net.scalars) if (x.sort === sort) leaves.push(fc.constant(stateVar(x.name, x.sort)));
  if (depth > 0) {
    // One choice per construct (not per relation or function), so every operator is drawn often.
    const functions = net.functions.filter((fn) => fn.result === sort);
    if (functions.length > 0) {
      inner.push(
        fc
          .constantFrom(...functions)
          .chain((fn) => fc.tuple(...fn.params.map((p) => sub(p.sort))).map((args) => apply(fn, ...args))),
      );
    }
    inner.push(fc.tuple(sub('Bool'), sub(sort), sub(sort)).map(([c, a, b]) => ite(c, a, b)));
    if (NUMERIC_DOMAINS.has(sort)) {
      // Offsets beyond the domain make `add` clamp at both ends.
      const offset = fc.integer({ min: -3, max: 3 }).map((n) => lit(sort, n));
      inner.push(fc.tuple(sub(sort), fc.oneof(sub(sort), offset)).map(([a, b]) => add(a, b)));
    }
    if (sort === 'Bool') {
      inner.push(
        fc
          .constantFrom(...net.relations)
          .chain((r) => fc.tuple(...r.columns.map((c) => sub(c.sort))).map((args) => member(r, ...args))),
        sub('Bool').map(not),
        fc.array(sub('Bool'), { minLength: 2, maxLength: 3 }).map((args) => and(...args)),
        fc.array(sub('Bool'), { minLength: 2, maxLength: 3 }).map((args) => or(...args)),
        fc.tuple(sub('Bool'), sub('Bool')).map(([a, b]) => implies(a, b)),
        fc.constantFrom(...SORTS).chain((s) => fc.tuple(sub(s), sub(s)).map(([a, b]) => eq(a, b))),
        fc
          .constantFrom<Sort>('Time', 'Level')
          .chain((s) => fc.tuple(fc.boolean(), sub(s), sub(s)))
          .map(([strict, a, b]) => (strict ? lt(a, b) : le(a, b))),
        fc
          .tuple(fc.constantFrom('forall', 'exists' as const), fc.constantFrom(...DOMAINS))
          .chain(([op, s]) => {
            const bound: VarDecl = { name: `q${depth}`, sort: s };
            return sub('Bool', depth - 1, [...scope.filter((v) => v.name !== bound.name), bound]).map(
              (body): Expr => ({ op, sort: 'Bool', variable: bound, body }),
            );
          }),
        // A quantifier whose body reads a relation at the bound variable, so ∀ and ∃ usually differ.
        fc
          .tuple(fc.constantFrom('forall', 'exists' as const), fc.constantFrom(...net.relations))
          .chain(([op, r]) =>
            fc.nat(r.columns.length - 1).chain((k) => {
              const bound: VarDecl = { name: `q${depth}`, sort: (r.columns[k] as VarDecl).sort };
              const inScope = [...scope.filter((v) => v.name !== bound.name), bound];
              const atom = fc
                .tuple(
                  ...r.columns.map((c, j) =>
                    j === k ? fc.constant(variable(bound)) : sub(c.sort, 0, inScope),
                  ),
                )
                .map((args) => member(r, ...args));
              const body = fc.oneof(
                atom,
                atom.map(not),
                fc.tuple(atom, sub('Bool', depth - 1, inScope)).map(([a, b]) => and(a, b)),
                fc.tuple(atom, sub('Bool', depth - 1, inScope)).map(([a, b]) => or(a, b)),
              );
              return body.map((b): Expr => ({ op, sort: 'Bool', variable: bound, body: b }));
            }),
          ),
      );
    }
  }
  const leaf = fc.oneof(...leaves);
  return inner.length === 0 ? leaf : fc.oneof(leaf, ...inner);
}
