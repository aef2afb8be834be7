/** Building blocks the property files share: parameter variables, "some binding enables T", groups. */
import type { DomainName, Expr } from '../model/expr/ast.ts';
import { and, apply, eq, lit, not, or, variable } from '../model/expr/build.ts';
import type { Group } from '../model/knowledge.ts';
import type { Net } from '../model/net.ts';
import type { TransitionName } from '../model/transitions.ts';
import { F, SYSTEM } from '../model/vocabulary.ts';

/** A transition parameter (or any free variable) by name and sort. */
export const param = (name: string, sort: DomainName): Expr => variable({ name, sort });
export const u = param('u', 'Principal');
export const o = param('o', 'Principal');
export const f = param('f', 'File');
export const i = param('i', 'Partition');
export const l = param('l', 'Level');
export const t = param('t', 'Time');

/** ∀/∃ over a variable with exactly this name (the builders in model/ make fresh names). */
export function quantify(op: 'forall' | 'exists', name: string, sort: DomainName, body: Expr): Expr {
  return { op, sort: 'Bool', variable: { name, sort }, body };
}

export const forallVars = (vars: readonly [string, DomainName][], body: Expr): Expr =>
  vars.reduceRight<Expr>((acc, [name, sort]) => quantify('forall', name, sort, acc), body);
export const existsVars = (vars: readonly [string, DomainName][], body: Expr): Expr =>
  vars.reduceRight<Expr>((acc, [name, sort]) => quantify('exists', name, sort, acc), body);

/** "Some binding enables `name`": its guard with every parameter existentially quantified. */
export function enabledSomewhere(net: Net, name: TransitionName): Expr {
  const spec = net.transitions.find((x) => x.name === name);
  if (!spec) return lit('Bool', false);
  return existsVars(
    spec.params.map((p) => [p.name, p.sort]),
    spec.guard,
  );
}

/** "Some binding enables `name` while `extra` holds" (over the same parameter names). */
export function enabledWith(net: Net, name: TransitionName, extra: Expr): Expr {
  const spec = net.transitions.find((x) => x.name === name);
  if (!spec) return lit('Bool', false);
  return existsVars(
    spec.params.map((p) => [p.name, p.sort]),
    and(spec.guard, extra),
  );
}

export const principal = (id: string): Expr => lit('Principal', id);
export const SRS = principal(SYSTEM.srs);
export const CLOUD = principal(SYSTEM.cloud);
export const isUser = (p: Expr) => apply(F.isUser, p);
export const ownerOf = (file: Expr) => apply(F.ownerOf, file);
export const levelOf = (file: Expr, partition: Expr) => apply(F.levelOf, file, partition);

/** A group given by members that may be variables. */
export function groupOf(...members: Expr[]): Group {
  return (x) => or(...members.map((m) => eq(x, m)));
}

export const notEq = (a: Expr, b: Expr) => not(eq(a, b));
