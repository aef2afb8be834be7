/**
 * What the exporters need to know about a net beyond `Net` itself: which relation each arc carries,
 * which of them a rule only tests for absence (`¬holdsKeys(u)`: an inhibitor-style test, not a token
 * flow), which it deletes, which relations the net uses at all, and the token-type text of a place.
 * Derived from the rules the same way the model derives its arcs (`footprintOf`, `placeOf`).
 */
import type { Expr, Update } from '../../model/expr/ast.ts';
import { parseTupleKey } from '../../model/expr/evaluate.ts';
import { type Arc, footprintOf, type Net, placeOf, type TransitionSpec } from '../../model/net.ts';
import { type PlaceSpec, R, type RelationSpec } from '../../model/vocabulary.ts';

interface Polarity {
  positive: boolean;
  negative: boolean;
}

type PolarityMap = Map<string, Polarity>;

function note(map: PolarityMap, name: string, positive: boolean, negative: boolean): void {
  const entry = map.get(name) ?? { positive: false, negative: false };
  entry.positive ||= positive;
  entry.negative ||= negative;
  map.set(name, entry);
}

/**
 * Records every relation / state variable an expression reads, with the polarity of the occurrence:
 * `sign` true = under an even number of negations. Positions that are neither (arguments of functions,
 * conditions of `ite`, both sides of `=`) count as both.
 */
function walk(expr: Expr, map: PolarityMap, sign: boolean | 'both'): void {
  const pos = sign === 'both' || sign;
  const neg = sign === 'both' || !sign;
  const flip = sign === 'both' ? 'both' : !sign;
  switch (expr.op) {
    case 'rel':
      note(map, expr.rel, pos, neg);
      for (const a of expr.args) walk(a, map, 'both');
      break;
    case 'state':
      note(map, expr.name, true, false);
      break;
    case 'fn':
      for (const a of expr.args) walk(a, map, 'both');
      break;
    case 'not':
      walk(expr.arg, map, flip);
      break;
    case 'and':
    case 'or':
      for (const a of expr.args) walk(a, map, sign);
      break;
    case 'implies':
      walk(expr.left, map, flip);
      walk(expr.right, map, sign);
      break;
    case 'eq':
    case 'lt':
    case 'le':
    case 'add':
      walk(expr.left, map, 'both');
      walk(expr.right, map, 'both');
      break;
    case 'ite':
      walk(expr.cond, map, 'both');
      walk(expr.then, map, sign);
      walk(expr.else, map, sign);
      break;
    case 'forall':
    case 'exists':
      walk(expr.body, map, sign);
      break;
    default:
      break;
  }
}

function updateReads(update: Update, map: PolarityMap): void {
  if (update.op === 'assign') {
    walk(update.value, map, true);
    return;
  }
  for (const a of update.args) walk(a, map, 'both');
  if (update.op === 'insertAll' || update.op === 'deleteAll') walk(update.where, map, true);
}

/** Relations and state variables a transition reads only under negation: it tests that they are absent. */
export function absenceOnlyReads(transition: TransitionSpec): Set<string> {
  const map: PolarityMap = new Map();
  walk(transition.guard, map, true);
  for (const update of transition.effect) updateReads(update, map);
  return new Set([...map].filter(([, p]) => p.negative && !p.positive).map(([name]) => name));
}

/** Relations a transition only deletes from (never inserts into). */
export function deleteOnlyWrites(transition: TransitionSpec): Set<string> {
  const inserted = new Set<string>();
  const deleted = new Set<string>();
  for (const update of transition.effect) {
    if (update.op === 'insert' || update.op === 'insertAll') inserted.add(update.rel);
    if (update.op === 'delete' || update.op === 'deleteAll') deleted.add(update.rel);
  }
  return new Set([...deleted].filter((name) => !inserted.has(name)));
}

/** One arc of the net with what the exporters add to it. */
export interface ArcView {
  readonly arc: Arc;
  /** The relations (or state variables) on the arc, in label order. */
  readonly relations: readonly string[];
  /** The subset the rule only tests for absence (in arcs only). */
  readonly absenceOnly: readonly string[];
  /** The subset the rule only deletes (out arcs only). */
  readonly deleteOnly: readonly string[];
  /** True when every relation on an in arc is only tested for absence. */
  readonly absenceTest: boolean;
}

export function arcViews(net: Net): ArcView[] {
  const byName = new Map(net.transitions.map((t) => [t.name, t]));
  const cache = new Map<
    string,
    { reads: string[]; writes: string[]; absent: Set<string>; deleted: Set<string> }
  >();
  const infoOf = (transition: TransitionSpec) => {
    let info = cache.get(transition.name);
    if (!info) {
      const { reads, writes } = footprintOf(transition);
      info = {
        reads: [...reads].sort(),
        writes: [...writes].sort(),
        absent: absenceOnlyReads(transition),
        deleted: deleteOnlyWrites(transition),
      };
      cache.set(transition.name, info);
    }
    return info;
  };
  return net.arcs.map((arc) => {
    const transition = byName.get(arc.transition);
    if (!transition) throw new Error(`arc names unknown transition ${arc.transition}`);
    const info = infoOf(transition);
    const names = (arc.direction === 'in' ? info.reads : info.writes).filter((n) => placeOf(n) === arc.place);
    const absenceOnly = arc.direction === 'in' ? names.filter((n) => info.absent.has(n)) : [];
    const deleteOnly = arc.direction === 'out' ? names.filter((n) => info.deleted.has(n)) : [];
    return {
      arc,
      relations: names,
      absenceOnly,
      deleteOnly,
      absenceTest: arc.direction === 'in' && names.length > 0 && absenceOnly.length === names.length,
    };
  });
}

/**
 * The relations of a net: those it declares, then any vocabulary relation its rules mention without the
 * net declaring it (the paper layer's Decrypt_C tests `¬holdsCorrupt`, an extended-layer relation), so
 * that every name on an arc resolves.
 */
export function netRelations(net: Net): RelationSpec[] {
  const declared = new Set(net.relations.map((r) => r.name));
  const mentioned = new Set<string>();
  for (const transition of net.transitions) {
    const { reads, writes } = footprintOf(transition);
    for (const n of [...reads, ...writes]) mentioned.add(n);
  }
  const extra = Object.values(R).filter((r) => mentioned.has(r.name) && !declared.has(r.name));
  return [...net.relations, ...extra];
}

/** `acl(o, u, i)`: a relation with its column names, as arc labels show it. */
export function relationSignature(relation: Pick<RelationSpec, 'name' | 'columns'>): string {
  return `${relation.name}(${relation.columns.map((c) => c.name).join(', ')})`;
}

/** `acl: Principal × Principal × Partition`. */
export function relationType(relation: Pick<RelationSpec, 'name' | 'columns'>): string {
  return `${relation.name}: ${relation.columns.map((c) => c.sort).join(' × ')}`;
}

/**
 * An arc's label with the exporter's marks, one token type per entry: `¬` before what is only tested
 * for absence, `−` before what is only deleted. Falls back to the model's label if the relations do not
 * rebuild it.
 */
export function markedParts(view: ArcView, net: Net): string[] {
  const relations = new Map(netRelations(net).map((r) => [r.name, r]));
  const plain = view.relations.map((n) => {
    const r = relations.get(n);
    return r ? relationSignature(r) : n;
  });
  if (plain.join(', ') !== view.arc.label) return [view.arc.label];
  return view.relations.map((n, k) => {
    const mark = view.absenceOnly.includes(n) ? '¬' : view.deleteOnly.includes(n) ? '−' : '';
    return `${mark}${plain[k]}`;
  });
}

/** The marked label on one line: `¬encrypted(f, i), holdsPT(h, f, i)`. */
export function markedLabel(view: ArcView, net: Net): string {
  return markedParts(view, net).join(', ');
}

/** Relations some transition of the net reads or writes, or that hold tokens initially. */
export function usedRelations(net: Net): Set<string> {
  const used = new Set<string>();
  for (const transition of net.transitions) {
    const { reads, writes } = footprintOf(transition);
    for (const n of reads) used.add(n);
    for (const n of writes) used.add(n);
  }
  for (const [name, tuples] of net.initialMarking.relations) if (tuples.size > 0) used.add(name);
  return used;
}

/** The relations (and scalars) that make up a place's token type, optionally only those the net uses. */
export function placeContents(
  net: Net,
  place: PlaceSpec,
  usedOnly: boolean,
): { relations: RelationSpec[]; scalars: Net['scalars'][number][] } {
  const used = usedOnly ? usedRelations(net) : undefined;
  return {
    relations: netRelations(net).filter((r) => r.place === place.name && (!used || used.has(r.name))),
    scalars: net.scalars.filter((s) => placeOf(s.name) === place.name && (!used || used.has(s.name))),
  };
}

/** A place's initial tokens, one line per non-empty relation or scalar: `acl = {(alice, bob, personal), …}`. */
export function initialMarkingLines(net: Net, place: PlaceSpec): string[] {
  const lines: string[] = [];
  for (const relation of net.relations.filter((r) => r.place === place.name)) {
    const tuples = [...(net.initialMarking.relations.get(relation.name) ?? [])];
    if (tuples.length === 0) continue;
    const shown = tuples.map((key) => `(${parseTupleKey(key).map(String).join(', ')})`);
    lines.push(`${relation.name} = {${shown.join(', ')}}`);
  }
  for (const [name, value] of net.initialMarking.scalars) {
    if (placeOf(name) === place.name) lines.push(`${name} = ${String(value)}`);
  }
  return lines;
}

/** True for a net built at the extended layer. */
export function isExtended(net: Net): boolean {
  return (
    net.places.some((p) => p.layer === 'extended') || net.transitions.some((t) => t.layer === 'extended')
  );
}
