/**
 * Properties about who reads what, as data (`ReadClaim`): the formula a property states is built from the
 * claim here, and the same claim tells a checker which group, file and partition each instance is about —
 * so the simulator can check the property with real decryption attempts, and a counterexample can name the
 * violating read.
 *
 *   invariant:  ∀ vars. premise ⇒ ¬ canRead(group, file, partition)
 *   reachable:  ∃ vars. premise ∧ canRead(group, file, partition)
 */
import type { Expr, Value } from '../model/expr/ast.ts';
import { and, eq, implies, lit, not, or, TRUE, variable } from '../model/expr/build.ts';
import {
  assignments,
  type Bindings,
  holds,
  type Interpretation,
  type Marking,
} from '../model/expr/evaluate.ts';
import { canRead } from '../model/knowledge.ts';
import type { Layer } from '../model/vocabulary.ts';
import type { Property, PropertyContext, ReadClaim, ReaderTerm } from './property.ts';
import { existsVars, forallVars } from './terms.ts';

const termExpr = (t: ReaderTerm): Expr =>
  'principal' in t ? lit('Principal', t.principal) : variable({ name: t.variable, sort: 'Principal' });

/** The claim's group as the knowledge rules' membership predicate. */
function groupOf(claim: ReadClaim) {
  const members = claim.group.map(termExpr);
  return (x: Expr) => or(...members.map((m) => eq(x, m)));
}

/** canRead(group, file, partition) over the claim's variables. */
export function claimRead(claim: ReadClaim, layer: Layer): Expr {
  return canRead(
    groupOf(claim),
    variable({ name: claim.file, sort: 'File' }),
    variable({ name: claim.partition, sort: 'Partition' }),
    layer,
  );
}

/** ∀ vars. premise ⇒ ¬canRead: nobody the claim is about reads. */
export function nobodyReads(claim: ReadClaim, layer: Layer): Expr {
  const body = not(claimRead(claim, layer));
  return forallVars(claim.vars, claim.premise ? implies(claim.premise, body) : body);
}

/** ∃ vars. premise ∧ canRead: someone the claim is about reads. */
export function someoneReads(claim: ReadClaim, layer: Layer): Expr {
  return existsVars(claim.vars, and(claim.premise ?? TRUE, claimRead(claim, layer)));
}

/** One instance of a claim: the variables' values, and the read it is about. */
export interface ReadInstance {
  readonly values: Readonly<Record<string, Value>>;
  /** The group's principals (duplicates removed, in the claim's order). */
  readonly group: readonly string[];
  readonly file: string;
  readonly partition: string;
}

/** Every instance whose premise holds in the marking (reads or not). */
export function* claimInstances(
  claim: ReadClaim,
  interp: Interpretation,
  marking: Marking,
): Generator<ReadInstance> {
  for (const env of assignments(
    claim.vars.map(([name, sort]) => ({ name, sort })),
    interp,
  )) {
    if (claim.premise && !holds(claim.premise, interp, marking, env)) continue;
    yield instanceOf(claim, env);
  }
}

function instanceOf(claim: ReadClaim, env: Bindings): ReadInstance {
  const group = [
    ...new Set(claim.group.map((t) => ('principal' in t ? t.principal : String(env.get(t.variable))))),
  ];
  return {
    values: Object.fromEntries(env),
    group,
    file: String(env.get(claim.file)),
    partition: String(env.get(claim.partition)),
  };
}

/** The instances the model says read: violations of an invariant claim, witnesses of a reachable one. */
export function modelReads(claim: ReadClaim, layer: Layer, interp: Interpretation, marking: Marking) {
  const read = claimRead(claim, layer);
  return [...claimInstances(claim, interp, marking)].filter((x) =>
    holds(read, interp, marking, new Map(Object.entries(x.values))),
  );
}

/** The read claim of a property, if it is one (invariants and reachable properties only). */
export function readClaimOf(property: Property, ctx: PropertyContext): ReadClaim | undefined {
  return property.kind === 'invariant' || property.kind === 'reachable' ? property.reads?.(ctx) : undefined;
}
