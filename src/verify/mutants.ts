/**
 * Seeded faults: each mutant is a transformation of the net (a guard weakened, an update dropped, a rule
 * of knowledge removed) that some property must refute. `sesphr verify --mutants` checks every one and
 * reports the mutation score; a mutant no property kills is a missing property (docs/verification.md,
 * "Mutants").
 *
 * A mutant is pure: it builds a new net and never changes the one it is given. It applies to the
 * configurations it names (`appliesTo`) and is the identity elsewhere (depart faults need the extended
 * layer); where it applies, its result must differ from the model and pass the net's well-formedness check
 * (src/verify/net-check.ts) — a mutant that fails to build is a harness bug (MutantError), never a kill.
 */
import type { Expr, Update, Value, VarDecl } from '../../model/expr/ast.ts';
import {
  add,
  and,
  apply,
  exists,
  FALSE,
  insert,
  insertAll,
  le,
  lit,
  member,
  not,
  or,
  stateVar,
  variable,
} from '../../model/expr/build.ts';
import { deriveArcs, type Net, type TransitionSpec } from '../../model/net.ts';
import { type ArgSource, type ProcedureStep, stepTransitions } from '../../model/procedures.ts';
import { grantConditions, type TransitionName, tampered } from '../../model/transitions.ts';
import { C, F, R, type Reason, S, SYSTEM } from '../../model/vocabulary.ts';
import { checkNet } from './net-check.ts';

/** The configuration dimensions a mutant may be restricted to (a net carries them all). */
export interface MutantScope {
  readonly layer: Net['layer'];
  readonly variant: Net['variant'];
  readonly mode: Net['config']['mode'];
  readonly pastData: Net['config']['pastData'];
}

export interface Mutant {
  readonly name: string;
  /** The fault in words, and what a correct model does instead. */
  readonly description: string;
  /** Where the fault exists (elsewhere `apply` is the identity: the mutant is the model there). */
  readonly appliesTo: (scope: MutantScope) => boolean;
  /**
   * The properties expected to refute it, checked first (src/verify/mutation.ts); only a hint for speed —
   * when they find nothing every other property is checked too.
   */
  readonly suspects?: readonly string[];
  /**
   * A deeper random search than `sesphr verify`'s default, for a fault whose shortest refutation is longer
   * than the default walks reach (the evidence is still a replayed run; only the effort to find it differs).
   */
  readonly search?: { readonly walks: number; readonly depth: number };
  readonly apply: (net: Net) => Net;
}

/** A mutant that does not match the model it is applied to: a bug of the harness, not a kill. */
export class MutantError extends Error {
  constructor(mutant: string, message: string) {
    super(`mutant ${mutant}: ${message}`);
    this.name = 'MutantError';
  }
}

export const scopeOf = (net: Net): MutantScope => ({
  layer: net.layer,
  variant: net.variant,
  mode: net.config.mode,
  pastData: net.config.pastData,
});

// ── transformations of the net, each building a new one ─────────────────────────────────────────────

type Vars = Readonly<Record<string, Expr>>;
/** A rewrite of one transition; throws a plain Error naming what did not match (the mutant adds its name). */
type TransitionEdit = (t: TransitionSpec, v: Vars, net: Net) => TransitionSpec;

const varsOf = (t: TransitionSpec): Vars => Object.fromEntries(t.params.map((p) => [p.name, variable(p)]));

/** The same net with one transition rewritten and the arcs derived again from the rules. */
function editTransition(net: Net, name: TransitionName, edit: TransitionEdit): Net {
  const k = net.transitions.findIndex((t) => t.name === name);
  const old = net.transitions[k];
  if (!old) throw new Error(`the ${net.name} net has no transition ${name}`);
  const transitions = net.transitions.map((t, j) => (j === k ? edit(old, varsOf(old), net) : t));
  return { ...net, transitions, arcs: deriveArcs(transitions) };
}

/**
 * Structural equality up to the names of bound variables (α-equivalence): the model's builders name
 * quantified variables afresh each time, so an expression rebuilt from the model's own definitions equals
 * the one in the net only up to those names.
 */
export function sameExpr(a: Expr, b: Expr, renamed: ReadonlyMap<string, string> = new Map()): boolean {
  if (a.op !== b.op || a.sort !== b.sort) return false;
  switch (a.op) {
    case 'lit':
      return a.value === (b as typeof a).value;
    case 'var':
      return (renamed.get(a.name) ?? a.name) === (b as typeof a).name;
    case 'const':
    case 'state':
      return a.name === (b as typeof a).name;
    case 'rel':
    case 'fn': {
      const y = b as typeof a;
      const name = (e: typeof a) => (e.op === 'rel' ? e.rel : e.fn);
      return (
        name(a) === name(y) &&
        a.args.length === y.args.length &&
        a.args.every((x, k) => sameExpr(x, y.args[k] as Expr, renamed))
      );
    }
    case 'and':
    case 'or': {
      const y = b as typeof a;
      return (
        a.args.length === y.args.length && a.args.every((x, k) => sameExpr(x, y.args[k] as Expr, renamed))
      );
    }
    case 'not':
      return sameExpr(a.arg, (b as typeof a).arg, renamed);
    case 'implies':
    case 'eq':
    case 'lt':
    case 'le':
    case 'add': {
      const y = b as typeof a;
      return sameExpr(a.left, y.left, renamed) && sameExpr(a.right, y.right, renamed);
    }
    case 'ite': {
      const y = b as typeof a;
      return (
        sameExpr(a.cond, y.cond, renamed) &&
        sameExpr(a.then, y.then, renamed) &&
        sameExpr(a.else, y.else, renamed)
      );
    }
    case 'forall':
    case 'exists': {
      const y = b as typeof a;
      if (a.variable.sort !== y.variable.sort) return false;
      return sameExpr(a.body, y.body, new Map([...renamed, [a.variable.name, y.variable.name]]));
    }
  }
}

const conjunctsOf = (guard: Expr): readonly Expr[] => (guard.op === 'and' ? guard.args : [guard]);

/** The guard with `target` (a top-level conjunct, up to bound names) replaced by `by` (or dropped). */
function replaceConjunct(t: TransitionSpec, target: Expr, by: Expr | undefined): Expr {
  const conjuncts = conjunctsOf(t.guard);
  const k = conjuncts.findIndex((c) => sameExpr(c, target));
  if (k < 0) throw new Error(`${t.name}'s guard has no conjunct ${JSON.stringify(target)}`);
  const kept = conjuncts.flatMap((c, j) => (j !== k ? [c] : by ? [by] : []));
  return and(...kept);
}

/** A transition's guard without one of its conjuncts (given as the model writes it). */
const dropConjunct =
  (conjunct: (v: Vars) => Expr): TransitionEdit =>
  (t, v) => ({ ...t, guard: replaceConjunct(t, conjunct(v), undefined) });

/** The SRS's named grant condition (Eqs. 31–32, model/transitions.ts `grantConditions`) in a request's terms. */
function grantCondition(net: Net, v: Vars, reason: Reason): Expr {
  const conditions = grantConditions({ layer: net.layer, variant: net.variant }, v as never);
  const found = conditions.find((c) => c.reason === reason);
  if (!found) throw new Error(`the ${net.layer} layer has no grant condition ${reason}`);
  return found.holds;
}

/** D_R_S (or another decision) with some grant conditions dropped or replaced. */
const editGrant =
  (changes: Partial<Record<Reason, ((v: Vars) => Expr) | 'drop'>>): TransitionEdit =>
  (t, v, net) => {
    let spec = t;
    for (const [reason, change] of Object.entries(changes)) {
      const target = grantCondition(net, v, reason as Reason);
      spec = { ...spec, guard: replaceConjunct(spec, target, change === 'drop' ? undefined : change?.(v)) };
    }
    return spec;
  };

/** A transition's effect without the updates `match` picks (at least one must match). */
const dropUpdates =
  (what: string, match: (u: Update) => boolean): TransitionEdit =>
  (t) => {
    const effect = t.effect.filter((u) => !match(u));
    if (effect.length === t.effect.length) throw new Error(`${t.name} has no update that ${what}`);
    return { ...t, effect };
  };

/** A transition's effect with updates added. */
const addUpdates =
  (updates: (v: Vars) => Update[]): TransitionEdit =>
  (t, v) => ({ ...t, effect: [...t.effect, ...updates(v)] });

/** One edit after another on the same transition. */
const chain =
  (...edits: TransitionEdit[]): TransitionEdit =>
  (t, _v, net) =>
    edits.reduce((spec, edit) => edit(spec, varsOf(spec), net), t);

const writes =
  (rel: { name: string }, ...ops: Update['op'][]) =>
  (u: Update) =>
    u.op !== 'assign' && u.rel === rel.name && ops.includes(u.op);

/** The protocol's procedures binding a new parameter of `transition` wherever they fire it. */
function bindInProcedures(net: Net, transition: TransitionName, param: string, source: ArgSource): Net {
  let bound = 0;
  const bind = (step: ProcedureStep): ProcedureStep => {
    if (step.op === 'repeat') return step;
    if (!stepTransitions(step).includes(transition)) return step;
    bound++;
    return { ...step, bind: { ...step.bind, [param]: source } };
  };
  const procedures = Object.fromEntries(
    Object.entries(net.procedures).map(([name, p]) => [name, { ...p, steps: p.steps.map(bind) }]),
  );
  if (bound === 0) throw new Error(`no procedure fires ${transition}`);
  return { ...net, procedures };
}

/** The net with a configuration constant given another value. */
function withConstant(net: Net, name: string, value: Value): Net {
  const constants = new Map(net.interpretation.constants);
  if (!constants.has(name)) throw new Error(`the net has no constant ${name}`);
  constants.set(name, value);
  return { ...net, interpretation: { ...net.interpretation, constants } };
}

/** Did the transformation change anything a run or a formula can see? */
export function netsDiffer(a: Net, b: Net): boolean {
  return (
    JSON.stringify(a.transitions) !== JSON.stringify(b.transitions) ||
    JSON.stringify([...a.interpretation.constants]) !== JSON.stringify([...b.interpretation.constants])
  );
}

interface Definition {
  readonly name: string;
  readonly description: string;
  readonly appliesTo: (scope: MutantScope) => boolean;
  readonly suspects?: readonly string[];
  readonly search?: Mutant['search'];
  readonly transform: (net: Net) => Net;
}

/** A mutant from its transformation: the identity outside its scope, checked for shape and effect inside. */
function mutant(d: Definition): Mutant {
  return {
    name: d.name,
    description: d.description,
    appliesTo: d.appliesTo,
    ...(d.suspects ? { suspects: d.suspects } : {}),
    ...(d.search ? { search: d.search } : {}),
    apply: (net) => {
      if (!d.appliesTo(scopeOf(net))) return net;
      let out: Net;
      try {
        out = d.transform(net);
      } catch (e) {
        throw new MutantError(d.name, e instanceof Error ? e.message : String(e));
      }
      if (!netsDiffer(net, out)) throw new MutantError(d.name, `changes nothing in ${net.name}`);
      try {
        checkNet(out);
      } catch (e) {
        throw new MutantError(d.name, e instanceof Error ? e.message : String(e));
      }
      return { ...out, name: `${net.name}+${d.name}` };
    },
  };
}

const everywhere = () => true;
const extendedLayer = (s: MutantScope) => s.layer === 'extended';
const request = (net: Net, edit: TransitionEdit) => editTransition(net, 'D_R_S', edit);
const now = stateVar(S.now.name, S.now.sort);
const ownerOf = (f: Expr) => apply(F.ownerOf, f);
const levelOf = (f: Expr, i: Expr) => apply(F.levelOf, f, i);
const CLAIMED: VarDecl = { name: 'claimed', sort: 'Time' };

// ── the seeded faults ───────────────────────────────────────────────────────────────────────────────

export const MUTANTS: readonly Mutant[] = [
  mutant({
    name: 'drs-any-partition',
    description:
      'D_R_S checks that the user has an ACL entry of the owner for some partition, not for the one it asked for: a doctor granted p1 obtains R for p2. Correct: the entry must be (owner, u, i) for the requested partition i (Eq. 31; paper §5 property 1).',
    appliesTo: everywhere,
    suspects: ['P1'],
    transform: (net) =>
      request(
        net,
        editGrant({
          notGranted: (v) =>
            exists('Partition', 'j', (j) => member(R.acl, ownerOf(v.f as Expr), v.u as Expr, j)),
        }),
      ),
  }),
  mutant({
    name: 'drs-no-acl',
    description:
      'D_R_S does not consult the ACL at all: any keyed user obtains R for any partition. Correct: R_{i-U} only for a partition the owner granted the user (Eq. 31; paper §5 properties 1 and 3).',
    appliesTo: everywhere,
    suspects: ['P1', 'P3-R'],
    transform: (net) => request(net, editGrant({ notGranted: 'drop' })),
  }),
  mutant({
    name: 'drs-no-authorization',
    description:
      'D_R_S skips the registration and admin-authorization checks: a user whose authorization was withdrawn (it re-registered under another role) still obtains R with its old ACL entries. Correct: R only to a registered user the cloud admin authorized (§3.3; paper §5 property 3; seed paper, admin module).',
    appliesTo: extendedLayer,
    suspects: ['P3-R'],
    transform: (net) => request(net, editGrant({ notRegistered: 'drop', notAuthorized: 'drop' })),
  }),
  mutant({
    name: 'drs-every-level',
    description:
      'D_R_S re-encrypts every R_{l-P} of the file, not just the one of the requested partition’s level: a user granted one partition receives R for every level. Correct: one R_{l-U} for the level of the requested partition (Eq. 31; docs/model.md decision 5).',
    appliesTo: everywhere,
    suspects: ['P1-held'],
    transform: (net) =>
      request(
        net,
        chain(
          dropUpdates('issues R_{l-U}', writes(R.holdsRu, 'insert')),
          addUpdates((v) => [
            insertAll(R.holdsRu, ['Level'], (l) => ({
              args: [v.u as Expr, v.f as Expr, l],
              where: apply(F.usesLevel, v.f as Expr, l),
            })),
          ]),
        ),
      ),
  }),
  mutant({
    name: 'srs-forwards-r-to-cloud',
    description:
      'D_R_S also hands the R_{l-U} it issues to the cloud (e.g. to deliver it): the cloud learns R it was never granted. Correct: R_{l-U} goes to the requesting user only (Eq. 31; paper §5 property 3).',
    appliesTo: everywhere,
    suspects: ['P1-held'],
    transform: (net) =>
      request(
        net,
        addUpdates((v) => [
          insert(R.holdsRu, lit('Principal', SYSTEM.cloud), v.f as Expr, levelOf(v.f as Expr, v.i as Expr)),
        ]),
      ),
  }),
  mutant({
    name: 'depart-keeps-key',
    description:
      'Depart leaves the departed user’s keys at the SRS (paper variant: its key pair; hardened: RK_{o→u}). Correct: “the SRS deletes the user’s keys and removes it from the ACL” (§3.3; docs/model.md decision 7).',
    appliesTo: extendedLayer,
    suspects: ['DEPART'],
    transform: (net) =>
      editTransition(
        net,
        'Depart',
        dropUpdates(
          'deletes the user’s keys',
          (u) => writes(R.srsKeyPair, 'deleteAll')(u) || writes(R.srsReKey, 'delete')(u),
        ),
      ),
  }),
  mutant({
    name: 'depart-keeps-acl',
    description:
      'Depart leaves the departed user’s ACL entries in place. Correct: the SRS removes the user from the owner’s ACL (§3.3; docs/model.md decision 7).',
    appliesTo: extendedLayer,
    suspects: ['DEPART', 'FAC-R'],
    transform: (net) =>
      editTransition(net, 'Depart', dropUpdates('removes the ACL entries', writes(R.acl, 'deleteAll'))),
  }),
  mutant({
    name: 'window-opens-early',
    description:
      'Off by one: the SRS’s window check reads windowStart(f) ≤ now + 1, so R is released one tick before the window opens. Correct: windowStart(f) ≤ now ≤ windowEnd(f) on the trusted clock (seed paper, time server; docs/model.md decision 10).',
    appliesTo: extendedLayer,
    suspects: ['TIME'],
    transform: (net) =>
      request(
        net,
        editGrant({
          outsideWindow: (v) =>
            and(
              le(apply(F.windowStart, v.f as Expr), add(now, lit('Time', 1))),
              le(now, apply(F.windowEnd, v.f as Expr)),
            ),
        }),
      ),
  }),
  mutant({
    name: 'window-on-requester-clock',
    description:
      'The SRS checks the file’s window against a time the requester states (its own clock, unsigned), not its trusted clock: a requester claims a time inside the window. Correct: the window is checked against the SRS’s trusted clock `now`; the token only proves freshness (seed paper, time server; docs/model.md decision 10).',
    appliesTo: extendedLayer,
    suspects: ['TIME'],
    // The protocol's procedures state the true time (an honest requester); a run may state any time.
    transform: (net) =>
      bindInProcedures(
        request(net, (t, v, n) => {
          const claimed = variable(CLAIMED);
          const edited = editGrant({
            outsideWindow: (w) =>
              and(
                le(apply(F.windowStart, w.f as Expr), claimed),
                le(claimed, apply(F.windowEnd, w.f as Expr)),
              ),
          })(t, v, n);
          return { ...edited, params: [...t.params, CLAIMED] };
        }),
        'D_R_S',
        CLAIMED.name,
        { state: S.now.name },
      ),
  }),
  mutant({
    name: 'stale-token-accepted',
    description:
      'The SRS drops its freshness check: a time token of any age is accepted. Correct: a token issued at t is accepted only while now ≤ t + tokenMaxAge (seed paper, time server; docs/model.md decision 10).',
    appliesTo: extendedLayer,
    suspects: ['FRESH'],
    transform: (net) => request(net, editGrant({ staleToken: 'drop' })),
  }),
  mutant({
    name: 'joiner-gets-all-past',
    description:
      'The SRS ignores the join date: under `from-join-date` a joiner obtains R for files uploaded before it joined, as under `all-past`. Correct: from the date of joining unless the owner specified otherwise (§3.3; docs/model.md decision 3). Invisible under `all-past`, where the check is true anyway.',
    appliesTo: extendedLayer,
    suspects: ['BAC', 'BAC-past'],
    transform: (net) => request(net, editGrant({ pastData: 'drop' })),
  }),
  mutant({
    name: 'rollback-accepted',
    description:
      'The SRS serves R for a superseded version: a cloud that serves the old version gets it read. Correct: R is refused (`superseded`) once a later version’s R_{l-P} is at the SRS, unless the owner allows old versions (docs/security-notes.md §4).',
    appliesTo: extendedLayer,
    suspects: ['ROLLBACK'],
    transform: (net) => request(net, editGrant({ superseded: 'drop' })),
  }),
  mutant({
    name: 'no-keyless-literal-rule',
    description:
      'A dropped knowledge rule: the analysis forgets that in literal mode the ciphertext alone gives the plaintext (C·conj(C) = M²), so it credits the cloud with nothing. Correct: PT_{f,i} ⇐ C_f alone in literal mode (model/knowledge.ts; docs/security-notes.md §1). Done through the `literalMode` constant, which only that rule reads; invisible in hybrid mode.',
    appliesTo: (s) => s.mode === 'literal',
    suspects: ['CLOUD', 'P3'],
    transform: (net) => withConstant(net, C.literalMode.name, false),
  }),
  mutant({
    name: 'reject-never-fires',
    description:
      'A reader’s failed manifest check is never acted on: Reject_C never fires, so no integrity failure is ever audited. Correct: a copy that fails the owner’s signed manifest is rejected and the failure audited (seed paper, secure auditing storage; docs/model.md decision 12).',
    appliesTo: extendedLayer,
    suspects: ['INT'],
    transform: (net) => editTransition(net, 'Reject_C', (t) => ({ ...t, guard: FALSE })),
  }),
  mutant({
    name: 'decrypt-accepts-corrupt',
    description:
      'A reader decrypts a copy whose manifest check failed (altered, stripped, reordered or substituted). Correct: Decrypt_C only on a copy that passes the owner’s signed manifest (Eq. 33 with the manifest check; docs/model.md decision 12; INT).',
    appliesTo: extendedLayer,
    suspects: ['INT', 'P2'],
    transform: (net) =>
      editTransition(
        net,
        'Decrypt_C',
        dropConjunct((v) => not(member(R.holdsCorrupt, v.u as Expr, v.f as Expr))),
      ),
  }),
  mutant({
    name: 'srs-accepts-injected-params',
    description:
      'The SRS stores an R_{l-P} message without checking the owner’s signature: an injected (relabelled or forged) parameter is accepted instead of being refused and recorded. Correct: R_{l-P} only under the owner’s signature (Eq. 29; docs/security-notes.md §2; INJ).',
    appliesTo: extendedLayer,
    suspects: ['INJ'],
    transform: (net) =>
      editTransition(
        net,
        'Inject_Parameters',
        chain(
          dropUpdates('records the forgery', writes(R.auditForgery, 'insert')),
          addUpdates((v) => [insert(R.srsParam, v.f as Expr, v.l as Expr)]),
        ),
      ),
  }),
  mutant({
    name: 'params-before-upload',
    description:
      'The owner sends R_{l-P} to the SRS before C is in the cloud: R is issued for a file not yet uploaded, so a user that departs before the upload reads a file “uploaded after” it left. Correct: R_{l-P} reaches the SRS only once C_f is stored (Eqs. 28–29; docs/model.md decision 13 — the fault the verifier once found in the model).',
    appliesTo: extendedLayer,
    suspects: ['FAC'],
    // The shortest refutation is 34 steps (request before the upload, depart, upload, download, read): the
    // default walks (depth 40) miss it and FAC comes out "holds, bounded to 12" with its lemmas broken.
    search: { walks: 300, depth: 80 },
    transform: (net) =>
      editTransition(
        net,
        'Send_Ri',
        dropConjunct((v) => member(R.stored, v.f as Expr)),
      ),
  }),
  mutant({
    name: 'hardened-srs-escrows-keys',
    description:
      'In the hardened variant the SRS still receives each party’s secret key (key escrow left in): with the cloud’s ciphertext it opens every file. Correct: each party generates its own key pair and the SRS sees only PK (Eq. 23 hardened; docs/architecture.md “Variants”).',
    appliesTo: (s) => s.variant === 'hardened',
    suspects: ['SRS+cloud'],
    transform: (net) =>
      editTransition(
        net,
        'Gen_Keys_Self',
        addUpdates((v) => [insert(R.srsKeyPair, v.u as Expr)]),
      ),
  }),
  mutant({
    name: 'download-misses-substitution',
    description:
      'A reader’s check passes a copy the cloud substituted with another valid upload: D_C flags only altered bytes and a bad manifest, so the foreign copy is decrypted as if it were the file. Correct: a copy that is another upload fails the owner’s signed manifest (it names another file or version) and is rejected (Eq. 30 with the manifest check; docs/model.md decision 12; INT).',
    appliesTo: extendedLayer,
    suspects: ['INT'],
    transform: (net) =>
      editTransition(net, 'D_C', (t, v) => {
        let edited = 0;
        const effect = t.effect.map((u) => {
          if (u.op !== 'insertAll' || u.rel !== R.holdsCorrupt.name) return u;
          edited++;
          const f = v.f as Expr;
          return { ...u, where: or(member(R.corrupted, f), member(R.unverifiable, f)) };
        });
        if (edited !== 1) throw new Error('D_C has no single update that flags a copy');
        return { ...t, effect };
      }),
  }),
  mutant({
    name: 'tpa-accuses-intact',
    description:
      'The TPA records a corruption verdict without the cloud’s answer failing the signed commitment: an intact file is reported hacked. Correct: TPA_Verdict_Corrupt only when the stored file was tampered with (seed paper, TPA module; docs/model.md decision 15; INT-TPA).',
    appliesTo: extendedLayer,
    suspects: ['INT-TPA'],
    transform: (net) =>
      editTransition(
        net,
        'TPA_Verdict_Corrupt',
        dropConjunct((v) => tampered(v.f as Expr)),
      ),
  }),
  mutant({
    name: 'tpa-never-detects',
    description:
      'The TPA never records a corruption: every audit ends intact, so a hacked file is never caught or logged. Correct: a round whose blocks fail the commitment ends in TPA_Verdict_Corrupt and a corruption record (seed paper, secure auditing storage; INT-DETECT).',
    appliesTo: extendedLayer,
    suspects: ['INT-DETECT'],
    transform: (net) => editTransition(net, 'TPA_Verdict_Corrupt', (t) => ({ ...t, guard: FALSE })),
  }),
];

export function mutantNamed(name: string): Mutant {
  const m = MUTANTS.find((x) => x.name === name);
  if (!m) throw new RangeError(`unknown mutant ${name}`);
  return m;
}
