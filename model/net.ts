/**
 * The HLPN as data: N = (P, T, F, φ, R, L, M0) (§5.1). Places P with token types φ (relations),
 * transitions T with rules R (guard + effect), the flow relation F with arc labels L derived from what
 * each rule reads and writes, and the initial marking M0.
 */

import type { Variant } from '../common/variants.ts';
import type { ModelConfig } from './config.ts';
import type { Expr, Update, VarDecl } from './expr/ast.ts';
import type { Interpretation, Marking } from './expr/evaluate.ts';
import { children } from './expr/traverse.ts';
import type { Procedure } from './procedures.ts';
import type { TransitionName } from './transitions.ts';
import type { ConstantSpec, FunctionSpec, Layer, PlaceSpec, RelationSpec, ScalarSpec } from './vocabulary.ts';
import { PLACES, R, S } from './vocabulary.ts';

/** What firing a transition means to the principal who asked for it (the scenario report's outcome). */
export const OUTCOMES = ['granted', 'refused', 'ok', 'integrity-failure'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Who fires a transition: one of its parameters, the owner of its file parameter, or a system principal. */
export type Actor = { readonly param: string } | { readonly ownerOf: string } | { readonly system: string };

export interface TransitionSpec {
  readonly name: TransitionName;
  /** The layer that introduces the transition; the extended layer also adds conjuncts to paper transitions. */
  readonly layer: Layer;
  /** Where the rule comes from: an equation of the paper, the seed paper, or a decision in docs/. */
  readonly cite: string;
  readonly doc: string;
  readonly actor: Actor;
  readonly params: readonly VarDecl[];
  readonly guard: Expr;
  readonly effect: readonly Update[];
  readonly outcome?: Outcome;
  /** With outcome `refused`: the Reason-sorted expression the refusal reports (evaluated in the pre-state). */
  readonly reason?: Expr;
}

export interface Arc {
  readonly transition: TransitionName;
  readonly place: string;
  /** `in`: the rule reads tokens of the place; `out`: it writes (adds or removes) tokens there. */
  readonly direction: 'in' | 'out';
  /** L: the token types on the arc, e.g. `srsKeyPair(u), srsParam(f, l)`. */
  readonly label: string;
}

export interface Net {
  readonly name: string;
  /** The configuration the net was built for (its universe, policies and mode). */
  readonly config: ModelConfig;
  readonly layer: Layer;
  readonly variant: Variant;
  readonly places: readonly PlaceSpec[];
  readonly relations: readonly RelationSpec[];
  readonly functions: readonly FunctionSpec[];
  readonly constants: readonly ConstantSpec[];
  readonly scalars: readonly ScalarSpec[];
  readonly transitions: readonly TransitionSpec[];
  readonly arcs: readonly Arc[];
  /** The protocol's named procedures (join, upload, request…) as sequences of this net's transitions. */
  readonly procedures: Readonly<Record<string, Procedure>>;
  readonly interpretation: Interpretation;
  readonly initialMarking: Marking;
}

/** Relations (and scalar state) an expression reads. */
export function readsOf(expr: Expr, into = new Set<string>()): Set<string> {
  if (expr.op === 'rel') into.add(expr.rel);
  if (expr.op === 'state') into.add(expr.name);
  for (const child of children(expr)) readsOf(child, into);
  return into;
}

export interface Footprint {
  readonly reads: ReadonlySet<string>;
  readonly writes: ReadonlySet<string>;
}

export function footprintOf(transition: TransitionSpec): Footprint {
  const reads = readsOf(transition.guard);
  const writes = new Set<string>();
  for (const update of transition.effect) {
    if (update.op === 'assign') {
      writes.add(update.name);
      readsOf(update.value, reads);
    } else {
      writes.add(update.rel);
      for (const a of update.args) readsOf(a, reads);
      if (update.op === 'insertAll' || update.op === 'deleteAll') readsOf(update.where, reads);
    }
  }
  return { reads, writes };
}

const RELATIONS_BY_NAME = new Map<string, RelationSpec>(Object.values(R).map((r) => [r.name, r]));
const SCALAR_PLACE: Readonly<Record<string, string>> = { [S.now.name]: PLACES.Clock.name };

/** The place holding a relation's tokens or a scalar. */
export function placeOf(name: string): string {
  const relation = RELATIONS_BY_NAME.get(name);
  if (relation) return relation.place;
  const place = SCALAR_PLACE[name];
  if (place) return place;
  throw new Error(`unknown relation or state variable ${name}`);
}

function signature(name: string): string {
  const relation = RELATIONS_BY_NAME.get(name);
  return relation ? `${name}(${relation.columns.map((c) => c.name).join(', ')})` : name;
}

/** F and L: one arc per (transition, place, direction), labelled with the token types it carries. */
export function deriveArcs(transitions: readonly TransitionSpec[]): Arc[] {
  const arcs: Arc[] = [];
  for (const transition of transitions) {
    const { reads, writes } = footprintOf(transition);
    for (const [direction, names] of [
      ['in', reads],
      ['out', writes],
    ] as const) {
      const byPlace = new Map<string, string[]>();
      for (const name of [...names].sort()) {
        const place = placeOf(name);
        byPlace.set(place, [...(byPlace.get(place) ?? []), signature(name)]);
      }
      for (const [place, labels] of byPlace)
        arcs.push({ transition: transition.name, place, direction, label: labels.join(', ') });
    }
  }
  return arcs;
}
