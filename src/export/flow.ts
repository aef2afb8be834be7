/**
 * The token flow of a transition as a standard high-level net reads it (docs/model-export.md, "PNML"):
 * what its input arcs consume and its output arcs produce, so that arcs and condition together say
 * what the rule does.
 *
 * Our firing rule only tests relations and inserts or deletes tuples. In a high-level Petri net graph an
 * input arc *consumes* the tokens of its inscription, so:
 * - a tuple the guard requires (a positive relation atom among the guard's top-level conjuncts) is
 *   *read*: consumed by the input arc and given back by the output arc, the same term on both;
 * - a tuple the guard requires and the effect deletes is consumed and not given back;
 * - an inserted tuple is produced by the output arc;
 * - the Clock holds one token, the value of `now`: a rule that reads the clock consumes and gives back
 *   `now`, Tick gives back `now + 1`;
 * - everything else the guard says (absence tests `¬holdsKeys(u)`, quantifiers, disjunctions) stays in
 *   the transition's condition, never on an arc.
 * Updates no arc can carry — bulk updates (`for all`), conditional inserts (`… if corrupted(f)`) and
 * deletions of tuples the guard does not require (deleting an absent tuple is a no-op for us, but an
 * arc cannot consume a token that is not there) — are marked `carried: false`; the PNML export lists
 * them in the transition's tool-specific effect.
 */
import type { Expr } from '../../model/expr/ast.ts';
import { type Net, placeOf, readsOf, type TransitionSpec } from '../../model/net.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { S } from '../../model/vocabulary.ts';

/** One arc of the flow: the terms it consumes (`in`) or produces (`out`), as a multiset (a list). */
export interface FlowArc {
  readonly transition: TransitionName;
  readonly place: string;
  readonly direction: 'in' | 'out';
  /** Relation atoms `r(t…)` for relation places; Time-valued terms (`now`, `now + 1`) for the Clock. */
  readonly items: readonly Expr[];
}

export interface TransitionFlow {
  readonly arcs: readonly FlowArc[];
  /** Per update of the effect, in order: true when the arcs carry it. */
  readonly carried: readonly boolean[];
}

const NOW: Expr = { op: 'state', sort: S.now.sort, name: S.now.name };

/** Top-level conjuncts of a guard, nested conjunctions flattened. */
export function topConjuncts(guard: Expr): Expr[] {
  return guard.op === 'and' ? guard.args.flatMap(topConjuncts) : [guard];
}

const keyOf = (e: Expr) => JSON.stringify(e);

function itemPlace(item: Expr): string {
  return item.op === 'rel' ? placeOf(item.rel) : placeOf(S.now.name);
}

/** The flow of one transition; arcs ordered by `placeOrder`, input before output. */
export function transitionFlow(transition: TransitionSpec, placeOrder: readonly string[]): TransitionFlow {
  const reads = new Map<string, Expr>();
  for (const c of topConjuncts(transition.guard)) if (c.op === 'rel') reads.set(keyOf(c), c);
  const consumed = new Set<string>();
  const produced: Expr[] = [];
  let clockOut: Expr | undefined;
  const carried = transition.effect.map((update) => {
    switch (update.op) {
      case 'insert':
        produced.push({ op: 'rel', sort: 'Bool', rel: update.rel, args: update.args });
        return true;
      case 'delete': {
        const key = keyOf({ op: 'rel', sort: 'Bool', rel: update.rel, args: update.args });
        if (!reads.has(key)) return false;
        consumed.add(key);
        return true;
      }
      case 'assign':
        if (update.name !== S.now.name) return false;
        clockOut = update.value;
        return true;
      default:
        return false;
    }
  });
  const readsClock =
    readsOf(transition.guard).has(S.now.name) ||
    transition.effect.some((u) => {
      const into = new Set<string>();
      if (u.op === 'assign') readsOf(u.value, into);
      else {
        for (const a of u.args) readsOf(a, into);
        if (u.op === 'insertAll' || u.op === 'deleteAll') readsOf(u.where, into);
      }
      return into.has(S.now.name);
    });

  const inputs = [...reads.values()];
  const outputs = [...[...reads].filter(([key]) => !consumed.has(key)).map(([, e]) => e), ...produced];
  if (readsClock || clockOut) {
    inputs.push(NOW);
    outputs.push(clockOut ?? NOW);
  }
  const arcs: FlowArc[] = [];
  const order = (p: string) => {
    const k = placeOrder.indexOf(p);
    return k < 0 ? placeOrder.length : k;
  };
  const places = [...new Set([...inputs, ...outputs].map(itemPlace))].sort((a, b) => order(a) - order(b));
  for (const place of places) {
    for (const [direction, items] of [
      ['in', inputs],
      ['out', outputs],
    ] as const) {
      const here = items.filter((e) => itemPlace(e) === place);
      if (here.length > 0) arcs.push({ transition: transition.name, place, direction, items: here });
    }
  }
  return { arcs, carried };
}

/** The flow of every transition of a net, arcs in transition order. */
export function netFlow(net: Net): Map<string, TransitionFlow> {
  const order = net.places.map((p) => p.name);
  return new Map(net.transitions.map((t) => [t.name, transitionFlow(t, order)]));
}
