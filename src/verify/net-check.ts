/**
 * Well-formedness of a net given as data — what `buildNet` guarantees by construction (the builders check
 * sorts as they build) restated as a check over the finished object, so a net made any other way (a seeded
 * fault of src/verify/mutants.ts) is held to the same rules before an engine sees it:
 *
 * - transition names are unique and known; parameters are unique, of known sorts;
 * - every guard, `where` and reason is well-sorted; every variable is a parameter (or bound by a quantifier
 *   or a bulk update) and used at its declared sort;
 * - every relation, function, constant and state variable exists in the net, with the right arity and
 *   argument sorts, and the interpretation gives each function a table and each constant a value of its sort;
 * - the arcs are exactly the ones derived from the rules (F and L cannot disagree with R).
 */
import {
  DOMAINS,
  type DomainName,
  type Expr,
  NUMERIC_DOMAINS,
  type Sort,
  type Update,
} from '../../model/expr/ast.ts';
import { children } from '../../model/expr/traverse.ts';
import { deriveArcs, type Net, OUTCOMES, type TransitionSpec } from '../../model/net.ts';
import { TRANSITION_NAMES } from '../../model/transitions.ts';

export class NetShapeError extends Error {
  constructor(
    readonly net: string,
    readonly problems: readonly string[],
  ) {
    super(`${net} is not a well-formed net: ${problems.join('; ')}`);
    this.name = 'NetShapeError';
  }
}

const KNOWN_TRANSITIONS: ReadonlySet<string> = new Set(TRANSITION_NAMES);
const KNOWN_SORTS: ReadonlySet<string> = new Set(['Bool', ...DOMAINS]);

/** The problems found in a net (empty: well-formed). */
export function netProblems(net: Net): string[] {
  const problems: string[] = [];
  const relations = new Map(net.relations.map((r) => [r.name, r]));
  const functions = new Map(net.functions.map((f) => [f.name, f]));
  const constants = new Map(net.constants.map((c) => [c.name, c]));
  const scalars = new Map(net.scalars.map((s) => [s.name, s]));
  const interp = net.interpretation;

  for (const [name, c] of constants) {
    const value = interp.constants.get(name);
    if (value === undefined) problems.push(`constant ${name} has no value`);
    else if (!valueOfSort(net, c.sort, value))
      problems.push(`constant ${name} = ${String(value)} is not a ${c.sort}`);
  }
  for (const name of functions.keys())
    if (!interp.functions.has(name)) problems.push(`function ${name} has no table`);

  /** Checks an expression where `scope` maps every variable in reach to its sort. */
  const expr = (e: Expr, scope: ReadonlyMap<string, Sort>, where: string): void => {
    if (!KNOWN_SORTS.has(e.sort)) problems.push(`${where}: unknown sort ${e.sort}`);
    const argsOf = (name: string, args: readonly Expr[], columns: readonly { sort: DomainName }[]) => {
      if (args.length !== columns.length)
        problems.push(`${where}: ${name} takes ${columns.length} arguments, got ${args.length}`);
      args.forEach((a, k) => {
        const wanted = columns[k]?.sort;
        if (wanted && a.sort !== wanted)
          problems.push(`${where}: ${name} argument ${k + 1} is ${a.sort}, not ${wanted}`);
      });
    };
    const bool = (...xs: Expr[]) => {
      for (const x of xs) if (x.sort !== 'Bool') problems.push(`${where}: ${e.op} of a ${x.sort}`);
    };
    switch (e.op) {
      case 'lit':
        if (!valueOfSort(net, e.sort, e.value))
          problems.push(`${where}: ${String(e.value)} is not a ${e.sort}`);
        break;
      case 'var': {
        const sort = scope.get(e.name);
        if (sort === undefined) problems.push(`${where}: free variable ${e.name}`);
        else if (sort !== e.sort) problems.push(`${where}: ${e.name} used as ${e.sort}, declared ${sort}`);
        break;
      }
      case 'const': {
        const c = constants.get(e.name);
        if (!c) problems.push(`${where}: unknown constant ${e.name}`);
        else if (c.sort !== e.sort) problems.push(`${where}: constant ${e.name} used as ${e.sort}`);
        break;
      }
      case 'state': {
        const s = scalars.get(e.name);
        if (!s) problems.push(`${where}: unknown state variable ${e.name}`);
        else if (s.sort !== e.sort) problems.push(`${where}: state ${e.name} used as ${e.sort}`);
        break;
      }
      case 'rel': {
        const r = relations.get(e.rel);
        if (!r) problems.push(`${where}: unknown relation ${e.rel}`);
        else argsOf(e.rel, e.args, r.columns);
        break;
      }
      case 'fn': {
        const f = functions.get(e.fn);
        if (!f) problems.push(`${where}: unknown function ${e.fn}`);
        else {
          argsOf(e.fn, e.args, f.params);
          if (f.result !== e.sort) problems.push(`${where}: ${e.fn} returns ${f.result}, used as ${e.sort}`);
        }
        break;
      }
      case 'not':
        bool(e.arg);
        break;
      case 'and':
      case 'or':
        bool(...e.args);
        break;
      case 'implies':
        bool(e.left, e.right);
        break;
      case 'eq':
        if (e.left.sort !== e.right.sort) problems.push(`${where}: eq of ${e.left.sort} and ${e.right.sort}`);
        break;
      case 'lt':
      case 'le':
      case 'add':
        if (e.left.sort !== e.right.sort || !NUMERIC_DOMAINS.has(e.left.sort))
          problems.push(`${where}: ${e.op} of ${e.left.sort} and ${e.right.sort}`);
        if (e.op === 'add' && e.sort !== e.left.sort) problems.push(`${where}: add gives ${e.sort}`);
        break;
      case 'ite':
        bool(e.cond);
        if (e.then.sort !== e.sort || e.else.sort !== e.sort)
          problems.push(`${where}: ite branches differ in sort`);
        break;
      case 'forall':
      case 'exists': {
        bool(e.body);
        if (!DOMAINS.includes(e.variable.sort)) problems.push(`${where}: quantifier over ${e.variable.sort}`);
        expr(e.body, new Map([...scope, [e.variable.name, e.variable.sort]]), where);
        return;
      }
    }
    for (const child of children(e)) expr(child, scope, where);
  };

  const update = (u: Update, scope: ReadonlyMap<string, Sort>, where: string): void => {
    if (u.op === 'assign') {
      const s = scalars.get(u.name);
      if (!s) problems.push(`${where}: assigns unknown state variable ${u.name}`);
      else if (s.sort !== u.value.sort) problems.push(`${where}: assigns a ${u.value.sort} to ${u.name}`);
      expr(u.value, scope, where);
      return;
    }
    const r = relations.get(u.rel);
    const inner =
      u.op === 'insertAll' || u.op === 'deleteAll'
        ? new Map([...scope, ...u.vars.map((v) => [v.name, v.sort] as const)])
        : scope;
    if (!r) problems.push(`${where}: writes unknown relation ${u.rel}`);
    else if (u.args.length !== r.columns.length)
      problems.push(`${where}: ${u.rel} takes ${r.columns.length} arguments`);
    else
      u.args.forEach((a, k) => {
        if (a.sort !== r.columns[k]?.sort) problems.push(`${where}: ${u.rel} argument ${k + 1} is ${a.sort}`);
      });
    for (const a of u.args) expr(a, inner, where);
    if (u.op === 'insertAll' || u.op === 'deleteAll') {
      if (u.where.sort !== 'Bool') problems.push(`${where}: ${u.op} ${u.rel} where is a ${u.where.sort}`);
      expr(u.where, inner, where);
    }
  };

  const seen = new Set<string>();
  for (const t of net.transitions) {
    if (seen.has(t.name)) problems.push(`transition ${t.name} appears twice`);
    seen.add(t.name);
    if (!KNOWN_TRANSITIONS.has(t.name)) problems.push(`unknown transition ${t.name}`);
    problems.push(...transitionProblems(t, expr, update));
  }
  const derived = JSON.stringify(deriveArcs(net.transitions));
  if (JSON.stringify(net.arcs) !== derived)
    problems.push('the arcs are not the ones the rules read and write');
  return problems;
}

function transitionProblems(
  t: TransitionSpec,
  expr: (e: Expr, scope: ReadonlyMap<string, Sort>, where: string) => void,
  update: (u: Update, scope: ReadonlyMap<string, Sort>, where: string) => void,
): string[] {
  const problems: string[] = [];
  const scope = new Map<string, Sort>();
  for (const p of t.params) {
    if (scope.has(p.name)) problems.push(`${t.name}: parameter ${p.name} appears twice`);
    if (!DOMAINS.includes(p.sort)) problems.push(`${t.name}: parameter ${p.name} of unknown sort ${p.sort}`);
    scope.set(p.name, p.sort);
  }
  if (t.guard.sort !== 'Bool') problems.push(`${t.name}: the guard is a ${t.guard.sort}`);
  expr(t.guard, scope, `${t.name} guard`);
  t.effect.forEach((u, k) => {
    update(u, scope, `${t.name} update ${k + 1}`);
  });
  if (t.outcome !== undefined && !OUTCOMES.includes(t.outcome)) problems.push(`${t.name}: unknown outcome`);
  if (t.reason) {
    if (t.reason.sort !== 'Reason') problems.push(`${t.name}: the reason is a ${t.reason.sort}`);
    expr(t.reason, scope, `${t.name} reason`);
  }
  return problems;
}

function valueOfSort(net: Net, sort: Sort, value: unknown): boolean {
  if (sort === 'Bool') return typeof value === 'boolean';
  return net.interpretation.domains[sort].includes(value as never);
}

/** Throws NetShapeError naming every problem, unless the net is well-formed. */
export function checkNet(net: Net): void {
  const problems = netProblems(net);
  if (problems.length > 0) throw new NetShapeError(net.name, problems);
}
