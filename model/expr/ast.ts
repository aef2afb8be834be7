/**
 * The model's expression language: a small typed AST for guards, effects and knowledge rules.
 *
 * Written once, interpreted twice: `evaluate.ts` runs it on concrete abstract states (the simulator),
 * `src/smt/compile.ts` translates it to Z3 (bounded and unbounded proofs). To stay Z3-ready it has only
 * finite typed domains, integers for time, relations over domains, boolean connectives, comparisons and
 * quantifiers bounded by a domain — no JavaScript inside an expression.
 */

/** Finite domains of the model. `Time` and `Level` are integer ranges; the others are enumerations. */
export const DOMAINS = ['Principal', 'Role', 'Partition', 'Level', 'File', 'Time', 'Reason'] as const;
export type DomainName = (typeof DOMAINS)[number];
export type Sort = 'Bool' | DomainName;
/** Domains whose values are integers, ordered and closed under bounded `add`. */
export const NUMERIC_DOMAINS: ReadonlySet<Sort> = new Set<Sort>(['Time', 'Level']);

export type Value = string | number | boolean;

export interface VarDecl {
  readonly name: string;
  readonly sort: DomainName;
}

export type Expr =
  | { readonly op: 'lit'; readonly sort: Sort; readonly value: Value }
  /** A transition parameter or a quantified variable. */
  | { readonly op: 'var'; readonly sort: Sort; readonly name: string }
  /** A configuration constant (policy, bounds): fixed for a run, chosen by the configuration. */
  | { readonly op: 'const'; readonly sort: Sort; readonly name: string }
  /** A scalar state variable (the trusted clock). */
  | { readonly op: 'state'; readonly sort: Sort; readonly name: string }
  /** Membership of a tuple in a relation of the marking. */
  | { readonly op: 'rel'; readonly sort: 'Bool'; readonly rel: string; readonly args: readonly Expr[] }
  /** Application of a static function fixed by the configuration (owner of a file, level of a partition…). */
  | { readonly op: 'fn'; readonly sort: Sort; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly op: 'not'; readonly sort: 'Bool'; readonly arg: Expr }
  | { readonly op: 'and' | 'or'; readonly sort: 'Bool'; readonly args: readonly Expr[] }
  | { readonly op: 'implies'; readonly sort: 'Bool'; readonly left: Expr; readonly right: Expr }
  | { readonly op: 'eq' | 'lt' | 'le'; readonly sort: 'Bool'; readonly left: Expr; readonly right: Expr }
  /** Integer addition on a numeric domain; the evaluator and the compiler both clamp to the domain's range. */
  | { readonly op: 'add'; readonly sort: Sort; readonly left: Expr; readonly right: Expr }
  | { readonly op: 'ite'; readonly sort: Sort; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
  | {
      readonly op: 'forall' | 'exists';
      readonly sort: 'Bool';
      readonly variable: VarDecl;
      readonly body: Expr;
    };

/**
 * Effects of a transition. All right-hand sides read the pre-state (parallel assignment); per relation,
 * the post-state is (R \ deleted) ∪ inserted.
 */
export type Update =
  | { readonly op: 'insert' | 'delete'; readonly rel: string; readonly args: readonly Expr[] }
  /** Insert (or delete) `args` for every assignment of `vars` satisfying `where`. */
  | {
      readonly op: 'insertAll' | 'deleteAll';
      readonly rel: string;
      readonly vars: readonly VarDecl[];
      readonly args: readonly Expr[];
      readonly where: Expr;
    }
  | { readonly op: 'assign'; readonly name: string; readonly value: Expr };
