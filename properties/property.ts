/**
 * What a property is: an id, a statement in words with its paper reference, a formula over the model
 * (an expression of the model's language — the AST the simulator evaluates and the verifier grounds), the
 * states that make it non-vacuous, optional strengthening lemmas for induction, and the verdict expected
 * in each configuration. Like a TLA+ spec's THEOREMs, properties are separate from the model they check.
 *
 * Three kinds:
 * - `invariant`: the formula holds in every reachable state;
 * - `step`: whenever one of the transitions fires, the condition (over its parameters) holds before it —
 *   a safety property of the transitions themselves (P1: R is issued only under an ACL entry);
 * - `reachable`: some reachable state satisfies the formula (an existence property: BAC under `all-past`);
 * - `structural`: a property of the rules themselves (LOG: no transition deletes audit history).
 */
import type { CipherMode } from '../common/modes.ts';
import type { Variant } from '../common/variants.ts';
import type { PastDataPolicy } from '../model/config.ts';
import type { DomainName, Expr } from '../model/expr/ast.ts';
import type { Net } from '../model/net.ts';
import type { TransitionName } from '../model/transitions.ts';
import type { Layer } from '../model/vocabulary.ts';

export interface PropertyContext {
  readonly net: Net;
  readonly layer: Layer;
  readonly variant: Variant;
  readonly pastData: PastDataPolicy;
  readonly mode: CipherMode;
}

/** What the property is expected to come out as in a configuration (the table). */
export type Expected = 'holds' | 'fails' | 'reachable' | 'unreachable';

/** A named state formula: a premise that must be reachable, or a lemma that must be invariant. */
export interface NamedFormula {
  readonly name: string;
  readonly formula: Expr;
}

interface Common {
  readonly id: string;
  readonly title: string;
  /** The property in words, precisely (what "read", "obtain", "after" mean here). */
  readonly statement: string;
  /** Where it comes from: the paper's property, a section, an issue decision. */
  readonly cite: string;
  /** Configurations the property is about (e.g. only the extended layer has departures). */
  readonly appliesTo?: (ctx: PropertyContext) => boolean;
  readonly expected: (ctx: PropertyContext) => Expected;
  /** The states that make the property non-vacuous: each must be reachable (with a witness). */
  readonly premises: (ctx: PropertyContext) => readonly NamedFormula[];
  /** Strengthening invariants for induction; each is proved too, never assumed. */
  readonly lemmas?: (ctx: PropertyContext) => readonly NamedFormula[];
}

/** A member of a reading group: a fixed principal, or one of the claim's variables. */
export type ReaderTerm = { readonly principal: string } | { readonly variable: string };

/**
 * What a property about reading says, as data (properties/reads.ts builds the formula from it): over the
 * variables `vars`, wherever `premise` holds, the group of `group` reads — an invariant: can never read; a
 * reachable property: can read in some state — partition `partition` of file `file` (variable names).
 * Declaring the claim is what lets the simulator check the property with real decryption and a
 * counterexample name the violating read.
 */
export interface ReadClaim {
  readonly vars: readonly [string, DomainName][];
  readonly premise?: Expr;
  readonly group: readonly ReaderTerm[];
  readonly file: string;
  readonly partition: string;
}

export interface InvariantProperty extends Common {
  readonly kind: 'invariant';
  readonly formula: (ctx: PropertyContext) => Expr;
  /** For a property about reading: the claim its formula is built from (∀ vars. premise ⇒ ¬canRead). */
  readonly reads?: (ctx: PropertyContext) => ReadClaim;
}

export interface StepProperty extends Common {
  readonly kind: 'step';
  readonly transitions: readonly TransitionName[];
  /** Over the transitions' parameters (variables named as the parameters), in the state before the step. */
  readonly condition: (ctx: PropertyContext) => Expr;
}

export interface ReachableProperty extends Common {
  readonly kind: 'reachable';
  readonly formula: (ctx: PropertyContext) => Expr;
  /** For a property about reading: the claim its formula is built from (∃ vars. premise ∧ canRead). */
  readonly reads?: (ctx: PropertyContext) => ReadClaim;
}

/** A property of the net's structure, checked on the rules themselves (no state needed). */
export interface StructuralProperty extends Common {
  readonly kind: 'structural';
  /** The problems found (empty: the property holds for every state and every run). */
  readonly check: (ctx: PropertyContext) => readonly string[];
}

export type Property = InvariantProperty | StepProperty | ReachableProperty | StructuralProperty;

/** The net has these transitions (a step property about a transition the layer lacks is not applicable). */
export function hasTransitions(ctx: PropertyContext, names: readonly TransitionName[]): boolean {
  return names.every((n) => ctx.net.transitions.some((t) => t.name === n));
}
