/**
 * The transitions of the SeSPHR net, each written once. The paper layer is Fig. 2 / Eqs. 23–33; the
 * extended layer adds what the paper leaves out (registration and authorization, join and depart, the
 * past-data policy, the time server, audit events, adversary capabilities) and strengthens some paper
 * transitions with extra conjuncts — the paper's rule stays one expression, the extension is `and`-ed on.
 *
 * Fig. 2 / Eqs. 26–27: the figure swaps the arc labels of Encrypt_Pi and Compt_Ri relative to the
 * equations. We follow the equations (they carry the semantics): Encrypt_Pi produces C from (P_i, r_i, Z),
 * Compt_Ri produces R_{i-P} from (SK_P, g, r_i). Our arcs are derived from each rule's reads and writes,
 * so the picture can never disagree with the rule.
 */
import type { Variant } from '../common/variants.ts';
import type { Expr, Update, VarDecl } from './expr/ast.ts';
import {
  add,
  and,
  apply,
  assign,
  constant,
  eq,
  exists,
  forall,
  insert,
  insertAll,
  ite,
  le,
  lit,
  lt,
  member,
  not,
  or,
  remove,
  removeAll,
  stateVar,
  TRUE,
  variable,
} from './expr/build.ts';
import type { Actor, Outcome, TransitionSpec } from './net.ts';
import { AUDITOR, C, F, type Layer, R, type Reason, S, SYSTEM } from './vocabulary.ts';

export interface NetShape {
  readonly layer: Layer;
  readonly variant: Variant;
}

/** Every transition name of every layer and variant, declared once. */
export const TRANSITION_NAMES = [
  'Gen_Keys',
  'Send_Keys',
  'Gen_Keys_Self',
  'Send_PK',
  'Grant_RK',
  'Gen_ri',
  'Encrypt_Pi',
  'Compt_Ri',
  'Send_C',
  'Send_Ri',
  'D_C',
  'Request_R',
  'Request_Bad_Token',
  'D_R_S',
  'D_R_F',
  'Decrypt_C',
  'Register',
  'Reregister',
  'Authorize',
  'Request_Join',
  'Approve_Join',
  'Deny_Join',
  'Grant_Partition',
  'Limit_Partition',
  'Allow_Past_Data',
  'Depart',
  'Rekey',
  'Tick',
  'Get_Time_Token',
  'Tamper_C',
  'Tamper_Manifest',
  'Substitute_C',
  'Reject_C',
  'TPA_Challenge',
  'TPA_Verdict_Intact',
  'TPA_Verdict_Corrupt',
  'Inject_Parameters',
  'Inject_ReKey',
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

/** A parameter whose name is known to the type checker, so rules can write `v.u`, `v.f`. */
interface Param<N extends string> extends VarDecl {
  readonly name: N;
}

type Vars<N extends string> = Readonly<Record<N, Expr>>;

interface Definition<N extends string> {
  readonly name: TransitionName;
  readonly layer: Layer;
  readonly cite: string;
  readonly doc: string;
  readonly actor: Actor;
  readonly params: readonly Param<N>[];
  readonly guard: (v: Vars<N>) => Expr;
  readonly effect: (v: Vars<N>) => Update[];
  readonly outcome?: Outcome;
  /** With outcome `refused`: the reason reported and audited, evaluated in the pre-state. */
  readonly reason?: (v: Vars<N>) => Expr;
}

function define<N extends string>(d: Definition<N>): TransitionSpec {
  const vars = Object.fromEntries(d.params.map((p) => [p.name, variable(p)])) as Vars<N>;
  return {
    name: d.name,
    layer: d.layer,
    cite: d.cite,
    doc: d.doc,
    actor: d.actor,
    params: d.params,
    guard: d.guard(vars),
    effect: d.effect(vars),
    ...(d.outcome ? { outcome: d.outcome } : {}),
    ...(d.reason ? { reason: d.reason(vars) } : {}),
  };
}

const U: Param<'u'> = { name: 'u', sort: 'Principal' };
const O: Param<'o'> = { name: 'o', sort: 'Principal' };
const P: Param<'p'> = { name: 'p', sort: 'Principal' };
const FILE: Param<'f'> = { name: 'f', sort: 'File' };
const PART: Param<'i'> = { name: 'i', sort: 'Partition' };
const LEVEL: Param<'l'> = { name: 'l', sort: 'Level' };
const TOKEN: Param<'t'> = { name: 't', sort: 'Time' };
const OTHER_FILE: Param<'g'> = { name: 'g', sort: 'File' };
const ROLE: Param<'r'> = { name: 'r', sort: 'Role' };

/** The variables of a request for R: (u, f, i), and in the extended layer the time token t. */
type RequestVars = Vars<'u' | 'f' | 'i'> & Partial<Vars<'t'>>;

function tokenOf(v: RequestVars): Expr {
  if (!v.t) throw new Error('an extended-layer request carries a time token t');
  return v.t;
}

const now = stateVar(S.now.name, S.now.sort);
const srs: Actor = { system: SYSTEM.srs };
const reason = (r: Reason) => lit('Reason', r);
const ownerOf = (f: Expr) => apply(F.ownerOf, f);
const levelOf = (f: Expr, i: Expr) => apply(F.levelOf, f, i);
const isDataPrincipal = (p: Expr) => or(apply(F.isOwner, p), apply(F.isUser, p));

/** The extended layer's additions to a paper rule: dropped (as `true` / no update) in the paper layer. */
function extendedOnly<T>(shape: NetShape, value: () => T, none: T): T {
  return shape.layer === 'extended' ? value() : none;
}

/**
 * The SRS's decision for a request (Eqs. 31–32), as its named conditions in the order D_R_F reports them.
 * D_R_S fires when all hold, D_R_F when one fails: exclusive and exhaustive by construction. In the
 * extended layer the window is checked against the SRS's trusted clock (`now`), and the token only proves
 * that the request is fresh (docs/model.md, "Time").
 */
export function grantConditions(shape: NetShape, v: RequestVars): readonly GrantCondition[] {
  const owner = ownerOf(v.f);
  const level = levelOf(v.f, v.i);
  const keys: GrantCondition = {
    reason: 'noKeys',
    holds:
      shape.variant === 'paper'
        ? and(member(R.srsKeyPair, owner), member(R.srsKeyPair, v.u))
        : member(R.srsReKey, owner, v.u),
  };
  const granted: GrantCondition = { reason: 'notGranted', holds: member(R.acl, owner, v.u, v.i) };
  if (shape.layer === 'paper') return [granted, keys];
  const t = tokenOf(v);
  const f = v.f;
  return [
    { reason: 'notRegistered', holds: member(R.registered, v.u) },
    { reason: 'notAuthorized', holds: member(R.authorized, v.u) },
    granted,
    keys,
    { reason: 'notUploaded', holds: member(R.srsParam, f, level) },
    {
      reason: 'superseded',
      holds: or(
        apply(F.allowOldVersions, f),
        not(
          exists('File', 'later', (g) =>
            and(
              apply(F.laterVersion, f, g),
              exists('Level', 'l', (l) => member(R.srsParam, g, l)),
            ),
          ),
        ),
      ),
    },
    { reason: 'outsideWindow', holds: and(le(apply(F.windowStart, f), now), le(now, apply(F.windowEnd, f))) },
    { reason: 'staleToken', holds: le(now, add(t, constant(C.tokenMaxAge.name, 'Time'))) },
    {
      reason: 'pastData',
      // Each quantifier's body starts with the relation that binds its variable (the evaluator scans it).
      holds: or(
        constant(C.allPastData.name, 'Bool'),
        member(R.pastOverride, owner, v.u),
        exists('Time', 'joined', (tj) =>
          and(
            member(R.joinedAt, owner, v.u, tj),
            exists('Time', 'uploaded', (tu) => and(member(R.uploadedAt, f, tu), le(tj, tu))),
          ),
        ),
      ),
    },
  ];
}

export interface GrantCondition {
  readonly reason: Reason;
  readonly holds: Expr;
}

/** The first failing condition, as D_R_F records it. */
export function refusalReason(conditions: readonly GrantCondition[]): Expr {
  return conditions
    .slice(0, -1)
    .reduceRight<Expr>(
      (otherwise, c) => ite(not(c.holds), reason(c.reason), otherwise),
      reason((conditions.at(-1) as GrantCondition).reason),
    );
}

/** When a request is answered at all (Eqs. 31–32 share it). */
export function requestPending(shape: NetShape, v: RequestVars): Expr {
  const level = levelOf(v.f, v.i);
  return shape.layer === 'extended'
    ? member(R.pending, v.u, v.f, v.i, tokenOf(v))
    : and(
        apply(F.isUser, v.u),
        member(R.srsParam, v.f, level),
        not(member(R.holdsRu, v.u, v.f, level)),
        not(member(R.refused, v.u, v.f, v.i)),
      );
}

export function sesphrTransitions(shape: NetShape): TransitionSpec[] {
  const ext = <T>(value: () => T, none: T) => extendedOnly(shape, value, none);
  const requestParams = ext(() => [U, FILE, PART, TOKEN], [U, FILE, PART]);
  const paperVariant = shape.variant === 'paper';
  const list: TransitionSpec[] = [];

  // ── keys ──────────────────────────────────────────────────────────────────────────────────────────
  if (paperVariant) {
    list.push(
      define({
        name: 'Gen_Keys',
        layer: 'paper',
        cite: 'Eq. 23',
        doc: 'the SRS generates SK_u, PK_u for an owner or user and keeps them',
        actor: srs,
        params: [U],
        guard: (v) =>
          and(
            isDataPrincipal(v.u),
            not(member(R.srsKeyPair, v.u)),
            not(member(R.holdsKeys, v.u)),
            ext(() => member(R.authorized, v.u), TRUE),
          ),
        effect: (v) => [insert(R.srsKeyPair, v.u), ...ext(() => [insert(R.auditKeyIssued, v.u, now)], [])],
      }),
      define({
        name: 'Send_Keys',
        layer: 'paper',
        cite: 'Eq. 24',
        doc: 'the SRS sends u its key pair (with g and Z)',
        actor: srs,
        params: [U],
        guard: (v) => and(member(R.srsKeyPair, v.u), not(member(R.holdsKeys, v.u))),
        effect: (v) => [insert(R.holdsKeys, v.u)],
      }),
    );
  } else {
    list.push(
      define({
        name: 'Gen_Keys_Self',
        layer: 'paper',
        cite: 'Eq. 23, hardened',
        doc: 'an owner or user generates its own key pair; the SRS never sees SK',
        actor: { param: 'u' },
        params: [U],
        guard: (v) =>
          and(
            isDataPrincipal(v.u),
            not(member(R.holdsKeys, v.u)),
            ext(() => member(R.authorized, v.u), TRUE),
          ),
        effect: (v) => [insert(R.holdsKeys, v.u)],
      }),
      define({
        name: 'Send_PK',
        layer: 'paper',
        cite: 'Eq. 24, hardened',
        doc: 'u publishes PK_u to the SRS',
        actor: { param: 'u' },
        params: [U],
        guard: (v) => and(member(R.holdsKeys, v.u), not(member(R.srsPublicKey, v.u))),
        effect: (v) => [insert(R.srsPublicKey, v.u), ...ext(() => [insert(R.auditKeyIssued, v.u, now)], [])],
      }),
      define({
        name: 'Grant_RK',
        layer: 'paper',
        cite: 'Eqs. 15–16, hardened',
        doc: 'the owner computes RK_{o→u} = PK_u^{1/x_o} for a user it shares with and gives it to the SRS',
        actor: { param: 'o' },
        params: [O, U],
        guard: (v) =>
          and(
            apply(F.isOwner, v.o),
            member(R.holdsKeys, v.o),
            member(R.srsPublicKey, v.u),
            not(member(R.srsReKey, v.o, v.u)),
            ext(
              () => member(R.member, v.o, v.u),
              exists('Partition', 'i', (i) => member(R.acl, v.o, v.u, i)),
            ),
          ),
        effect: (v) => [insert(R.srsReKey, v.o, v.u)],
      }),
    );
  }

  // ── encryption and upload ─────────────────────────────────────────────────────────────────────────
  list.push(
    define({
      name: 'Gen_ri',
      layer: 'paper',
      cite: 'Eq. 25',
      doc: 'the owner draws a random r for an access level of a file version (one r per level); a later version only after the previous one is uploaded',
      actor: { ownerOf: 'f' },
      params: [FILE, LEVEL],
      guard: (v) => {
        const owner = ownerOf(v.f);
        return and(
          apply(F.usesLevel, v.f, v.l),
          member(R.holdsKeys, owner),
          not(member(R.holdsR, v.f, v.l)),
          not(member(R.stored, v.f)),
          ext(
            () =>
              and(
                member(R.authorized, owner),
                or(apply(F.isFirstVersion, v.f), member(R.stored, apply(F.previousVersion, v.f))),
              ),
            TRUE,
          ),
        );
      },
      effect: (v) => [insert(R.holdsR, v.f, v.l)],
    }),
    define({
      name: 'Encrypt_Pi',
      layer: 'paper',
      cite: 'Eq. 26',
      doc: 'the owner encrypts partition i under K = Z^{r} of its level: C_i = encrypt(P_i, r_i, Z)',
      actor: { ownerOf: 'f' },
      params: [FILE, PART],
      guard: (v) =>
        and(
          member(R.holdsPT, ownerOf(v.f), v.f, v.i),
          member(R.holdsR, v.f, levelOf(v.f, v.i)),
          not(member(R.encrypted, v.f, v.i)),
        ),
      effect: (v) => [insert(R.encrypted, v.f, v.i)],
    }),
    define({
      name: 'Compt_Ri',
      layer: 'paper',
      cite: 'Eq. 27',
      doc: 'the owner computes R_{l-P} = g^{r·x_P}',
      actor: { ownerOf: 'f' },
      params: [FILE, LEVEL],
      guard: (v) =>
        and(
          member(R.holdsR, v.f, v.l),
          member(R.holdsKeys, ownerOf(v.f)),
          not(member(R.holdsParam, v.f, v.l)),
        ),
      effect: (v) => [insert(R.holdsParam, v.f, v.l)],
    }),
    define({
      name: 'Send_C',
      layer: 'paper',
      cite: 'Eq. 28',
      doc: 'the owner uploads the encrypted file (all partitions, with its signed manifest) to the cloud',
      actor: { ownerOf: 'f' },
      params: [FILE],
      guard: (v) =>
        and(
          forall('Partition', 'i', (i) => member(R.encrypted, v.f, i)),
          not(member(R.stored, v.f)),
        ),
      effect: (v) => [
        insert(R.stored, v.f),
        insert(R.holdsC, ownerOf(v.f), v.f),
        ...ext(
          () => [
            insert(R.uploadedAt, v.f, now),
            insert(R.auditUpload, v.f, now),
            insertAll(R.uploadedWhileDeparted, ['Principal'], (u) => ({
              args: [v.f, u as Expr],
              where: member(R.departed, ownerOf(v.f), u as Expr),
            })),
          ],
          [],
        ),
      ],
    }),
    define({
      name: 'Send_Ri',
      layer: 'paper',
      cite: 'Eq. 29; docs/model.md decision 13',
      doc: 'the owner sends R_{l-P} with the file id to the SRS (extended: once C is in the cloud)',
      actor: { ownerOf: 'f' },
      params: [FILE, LEVEL],
      guard: (v) =>
        and(
          member(R.holdsParam, v.f, v.l),
          not(member(R.srsParam, v.f, v.l)),
          // The verifier found R issued for a file before its upload, then the file "uploaded after" a
          // departure readable by the departed user (FAC): the SRS learns of a file only once it is stored.
          ext(() => member(R.stored, v.f), TRUE),
        ),
      effect: (v) => [insert(R.srsParam, v.f, v.l)],
    }),
  );

  // ── access ────────────────────────────────────────────────────────────────────────────────────────
  list.push(
    define({
      name: 'D_C',
      layer: 'paper',
      cite: 'Eq. 30',
      doc: 'a user downloads what the cloud serves for a file (extended: an altered or substituted copy if an insider interfered; a copy that failed its check may be downloaded again)',
      actor: { param: 'u' },
      params: [U, FILE],
      guard: (v) =>
        and(
          apply(F.isUser, v.u),
          member(R.stored, v.f),
          ext(
            () =>
              and(
                member(R.authorized, v.u),
                or(not(member(R.holdsC, v.u, v.f)), member(R.holdsCorrupt, v.u, v.f)),
              ),
            not(member(R.holdsC, v.u, v.f)),
          ),
        ),
      effect: (v) => [
        insert(R.holdsC, v.u, v.f),
        ...ext(() => {
          const substitutedBy = (g: Expr) => member(R.substituted, v.f, g);
          const damaged = or(member(R.corrupted, v.f), exists('File', 'g', substitutedBy));
          return [
            // The new copy replaces the old one: what it is follows from what the cloud serves now.
            remove(R.holdsCorrupt, v.u, v.f),
            insertAll(R.holdsCorrupt, [], () => ({
              args: [v.u, v.f],
              where: or(damaged, member(R.unverifiable, v.f)),
            })),
            remove(R.holdsDamaged, v.u, v.f),
            insertAll(R.holdsDamaged, [], () => ({ args: [v.u, v.f], where: damaged })),
            removeAll(R.holdsForeign, ['File'], (g) => ({ args: [v.u, v.f, g as Expr], where: TRUE })),
            insertAll(R.holdsForeign, ['File'], (g) => ({
              args: [v.u, v.f, g as Expr],
              where: substitutedBy(g as Expr),
            })),
          ];
        }, []),
      ],
    }),
  );
  if (shape.layer === 'extended') {
    list.push(
      define({
        name: 'Request_R',
        layer: 'extended',
        cite: '§3.3 (access request), seed paper (time server)',
        doc: 'a user asks the SRS for R of a partition, presenting a time token',
        actor: { param: 'u' },
        params: [U, FILE, PART, TOKEN],
        guard: (v) =>
          and(
            member(R.holdsToken, v.u, v.t),
            apply(F.isUser, v.u),
            forall('Time', 't', (t) => not(member(R.pending, v.u, v.f, v.i, t))),
          ),
        effect: (v) => [insert(R.pending, v.u, v.f, v.i, v.t), insert(R.auditRequest, v.u, v.f, v.i, now)],
      }),
      define({
        name: 'Request_Bad_Token',
        layer: 'extended',
        cite: 'seed paper (time server); docs/model.md "Time"',
        doc: 'a user asks for R with a forged token, another user’s token or one signed by another issuer: the SRS’s check fails and it refuses',
        actor: { param: 'u' },
        params: [U, FILE, PART],
        guard: (v) => apply(F.isUser, v.u),
        effect: (v) => [
          insert(R.refused, v.u, v.f, v.i),
          insert(R.auditRequest, v.u, v.f, v.i, now),
          insert(R.auditRefusal, v.u, v.f, v.i, now, reason('badToken')),
        ],
        outcome: 'refused',
        reason: () => reason('badToken'),
      }),
    );
  }
  list.push(
    define({
      name: 'D_R_S',
      layer: 'paper',
      cite: 'Eq. 31',
      doc: 'the SRS grants: it re-encrypts R_{l-P} to R_{l-U} = e(R_{l-P}, RK_{P→U}) and sends it to u',
      actor: srs,
      params: requestParams,
      guard: (v) => and(requestPending(shape, v), ...grantConditions(shape, v).map((c) => c.holds)),
      effect: (v) => [
        insert(R.holdsRu, v.u, v.f, levelOf(v.f, v.i)),
        ...ext(() => [remove(R.pending, v.u, v.f, v.i, v.t), insert(R.auditGrant, v.u, v.f, v.i, now)], []),
      ],
      outcome: 'granted',
    }),
    define({
      name: 'D_R_F',
      layer: 'paper',
      cite: 'Eq. 32',
      doc: 'the SRS refuses: user or partition not granted (extended: or not registered or authorized, keys gone, nothing uploaded, a superseded version, outside the window, a stale token, past data)',
      actor: srs,
      params: requestParams,
      guard: (v) => and(requestPending(shape, v), not(and(...grantConditions(shape, v).map((c) => c.holds)))),
      effect: (v) => [
        insert(R.refused, v.u, v.f, v.i),
        ...ext(
          () => [
            remove(R.pending, v.u, v.f, v.i, v.t),
            insert(R.auditRefusal, v.u, v.f, v.i, now, refusalReason(grantConditions(shape, v))),
          ],
          [],
        ),
      ],
      outcome: 'refused',
      reason: (v) => refusalReason(grantConditions(shape, v)),
    }),
    define({
      name: 'Decrypt_C',
      layer: 'paper',
      cite: 'Eq. 33',
      doc: 'the user recovers K = R_{l-U}^{1/x_U} and decrypts partition i',
      actor: { param: 'u' },
      params: [U, FILE, PART],
      guard: (v) => {
        const [u, f, i] = [v.u, v.f, v.i];
        return and(
          member(R.holdsC, u, f),
          ext(() => not(member(R.holdsCorrupt, u, f)), TRUE),
          member(R.holdsRu, u, f, levelOf(f, i)),
          member(R.holdsKeys, u),
          not(member(R.holdsPT, u, f, i)),
        );
      },
      effect: (v) => [insert(R.holdsPT, v.u, v.f, v.i)],
      outcome: 'ok',
    }),
  );
  if (shape.layer === 'extended') list.push(...extendedTransitions(shape));
  return list;
}

/** The cloud stores f and serves it as uploaded: no insider has interfered with it yet. */
function servedAsUploaded(f: Expr): Expr {
  return and(
    member(R.stored, f),
    not(member(R.corrupted, f)),
    not(member(R.unverifiable, f)),
    not(exists('File', 'g', (g) => member(R.substituted, f, g))),
  );
}

/** An insider has interfered with what the cloud serves for f (altered, misdescribed or substituted). */
export function tampered(f: Expr): Expr {
  return or(
    member(R.corrupted, f),
    member(R.unverifiable, f),
    exists('File', 'g', (g) => member(R.substituted, f, g)),
  );
}

/**
 * The TPA's audit (seed paper, TPA module; docs/model.md decision 15): the TPA takes a stored file under
 * audit, then gives verdicts — each a round of challenges — that follow what the cloud serves. A verdict of corruption needs an insider's interference — the TPA never
 * accuses the cloud of an intact file. An intact verdict is allowed for a file whose blocks were altered
 * (Tamper_C) or reordered (Tamper_Manifest): a sample of c blocks misses every damaged one with probability
 * (1 − ρ)^c, which the model over-approximates as "may miss". A substituted file is always caught: the
 * manifest it is served with names another file or version, checked before any block.
 */
function auditTransitions(): TransitionSpec[] {
  const tpa: Actor = { system: AUDITOR };
  return [
    define({
      name: 'TPA_Challenge',
      layer: 'extended',
      cite: 'seed paper (TPA module: verifying the stored PHR); docs/tpa.md',
      doc: 'the TPA, holding no key, takes a stored file under audit: it will challenge blocks of it against the owner’s signed commitment',
      actor: tpa,
      params: [FILE],
      guard: (v) => and(member(R.stored, v.f), not(member(R.tpaChallenged, v.f))),
      effect: (v) => [insert(R.tpaChallenged, v.f)],
    }),
    define({
      name: 'TPA_Verdict_Intact',
      layer: 'extended',
      cite: 'seed paper (TPA module, secure auditing storage); docs/tpa.md "Detection probability"',
      doc: 'a round of challenges: every challenged block the cloud returns matches the signed commitment, and the TPA logs an intact verdict (for an altered file, the sample missed every damaged block)',
      actor: tpa,
      params: [FILE],
      guard: (v) =>
        and(member(R.tpaChallenged, v.f), not(exists('File', 'g', (g) => member(R.substituted, v.f, g)))),
      // A file stays under audit: every verdict is a fresh round of challenges, and no verdict is ever
      // needed before the next (a trace's detour through a verdict nothing depends on minimises away).
      effect: (v) => [insert(R.auditIntact, v.f, now)],
      outcome: 'ok',
    }),
    define({
      name: 'TPA_Verdict_Corrupt',
      layer: 'extended',
      cite: 'seed paper (secure auditing storage: every instance of a file hacked or corrupted is recorded)',
      doc: 'a round of challenges: the cloud’s answer fails the signed commitment (a damaged, missing or cut block, a bad or foreign manifest), and the TPA logs the verdict and a corruption record naming the file and blocks',
      actor: tpa,
      params: [FILE],
      guard: (v) => and(member(R.tpaChallenged, v.f), tampered(v.f)),
      effect: (v) => [insert(R.auditCorruption, v.f, now)],
      outcome: 'integrity-failure',
    }),
  ];
}

/** Transitions only the extended layer has. */
function extendedTransitions(shape: NetShape): TransitionSpec[] {
  const paperVariant = shape.variant === 'paper';
  const list: TransitionSpec[] = [
    define({
      name: 'Register',
      layer: 'extended',
      cite: '§3.3 (registration by role), seed paper (owner and user modules)',
      doc: 'an owner or user registers with the SRS under its role',
      actor: { param: 'p' },
      params: [P],
      guard: (v) => and(isDataPrincipal(v.p), not(member(R.registered, v.p))),
      effect: (v) => [insert(R.registered, v.p), insert(R.hasRole, v.p, apply(F.roleOf, v.p))],
    }),
    define({
      name: 'Reregister',
      layer: 'extended',
      cite: '§3.3 (users register by role)',
      doc: 'a registered user registers again under another role; the admin must authorize it again, and the new role’s default access applies to circles it joins from now on',
      actor: { param: 'p' },
      params: [P, ROLE],
      guard: (v) =>
        and(
          apply(F.isUser, v.p),
          apply(F.isUserRole, v.r),
          member(R.registered, v.p),
          not(member(R.hasRole, v.p, v.r)),
        ),
      effect: (v) => [
        removeAll(R.hasRole, ['Role'], (r) => ({ args: [v.p, r as Expr], where: TRUE })),
        insert(R.hasRole, v.p, v.r),
        remove(R.authorized, v.p),
      ],
    }),
    define({
      name: 'Authorize',
      layer: 'extended',
      cite: 'seed paper (cloud admin: authorize owners and users)',
      doc: 'the cloud admin authorizes a registered owner or user',
      actor: { system: SYSTEM.admin },
      params: [P],
      guard: (v) => and(member(R.registered, v.p), not(member(R.authorized, v.p))),
      effect: (v) => [insert(R.authorized, v.p)],
    }),
    define({
      name: 'Request_Join',
      layer: 'extended',
      cite: '§3.3 (join)',
      doc: 'a user asks an owner to join its circle',
      actor: { param: 'u' },
      params: [O, U],
      guard: (v) =>
        and(
          apply(F.isOwner, v.o),
          apply(F.isUser, v.u),
          member(R.authorized, v.u),
          not(member(R.member, v.o, v.u)),
          not(member(R.joinRequest, v.o, v.u)),
        ),
      effect: (v) => [insert(R.joinRequest, v.o, v.u)],
    }),
    define({
      name: 'Approve_Join',
      layer: 'extended',
      cite: '§3.3 (owner approval, default access of the role, date of joining)',
      doc: 'the owner approves: u becomes a member with its current role’s default access and today’s join date',
      actor: { param: 'o' },
      params: [O, U],
      guard: (v) => member(R.joinRequest, v.o, v.u),
      effect: (v) => {
        const [o, u] = [v.o, v.u];
        return [
          remove(R.joinRequest, o, u),
          remove(R.departed, o, u),
          // The ghost speaks of the current departure: what was uploaded during an earlier one is judged by the
          // past-data policy of the new membership (BAC), not by FAC.
          removeAll(R.uploadedWhileDeparted, ['File'], (g) => ({
            args: [g as Expr, u],
            where: eq(ownerOf(g as Expr), o),
          })),
          insert(R.member, o, u),
          insert(R.joinedAt, o, u, now),
          insertAll(R.acl, ['Partition'], (i) => ({
            args: [o, u, i as Expr],
            where: exists('Role', 'r', (r) =>
              and(member(R.hasRole, u, r), apply(F.roleAccess, o, r, i as Expr)),
            ),
          })),
          insert(R.auditJoin, o, u, now),
        ];
      },
    }),
    define({
      name: 'Deny_Join',
      layer: 'extended',
      cite: '§3.3 (owner approval)',
      doc: 'the owner refuses a join request',
      actor: { param: 'o' },
      params: [O, U],
      guard: (v) => member(R.joinRequest, v.o, v.u),
      effect: (v) => [remove(R.joinRequest, v.o, v.u)],
    }),
    define({
      name: 'Grant_Partition',
      layer: 'extended',
      cite: '§3.3 (ACL extended with owner approval)',
      doc: 'the owner extends a member’s access by one partition',
      actor: { param: 'o' },
      params: [O, U, PART],
      guard: (v) => and(member(R.member, v.o, v.u), not(member(R.acl, v.o, v.u, v.i))),
      effect: (v) => [insert(R.acl, v.o, v.u, v.i)],
    }),
    define({
      name: 'Limit_Partition',
      layer: 'extended',
      cite: '§3.3 (ACL limited by the owner)',
      doc: 'the owner withdraws one partition from a member (only future R requests are affected)',
      actor: { param: 'o' },
      params: [O, U, PART],
      guard: (v) => member(R.acl, v.o, v.u, v.i),
      effect: (v) => [remove(R.acl, v.o, v.u, v.i)],
    }),
    define({
      name: 'Allow_Past_Data',
      layer: 'extended',
      cite: '§3.3 ("unless specified otherwise by the owner")',
      doc: 'the owner lets a member read files uploaded before it joined',
      actor: { param: 'o' },
      params: [O, U],
      guard: (v) => and(member(R.member, v.o, v.u), not(member(R.pastOverride, v.o, v.u))),
      effect: (v) => [insert(R.pastOverride, v.o, v.u)],
    }),
    define({
      name: 'Depart',
      layer: 'extended',
      cite: '§3.3, §4 (forward access control); docs/model.md "Depart"',
      doc: paperVariant
        ? 'u leaves o’s circle: the SRS removes u’s ACL entries for o, and deletes u’s key pair once u is in no circle; nothing is re-encrypted'
        : 'u leaves o’s circle: the SRS deletes RK_{o→u} and u’s ACL entries for o; nothing is re-encrypted',
      actor: { param: 'o' },
      params: [O, U],
      guard: (v) => member(R.member, v.o, v.u),
      effect: (v) => {
        const [o, u] = [v.o, v.u];
        const inAnotherCircle = exists('Principal', 'other', (x) =>
          and(member(R.member, x, u), not(eq(x, o))),
        );
        return [
          remove(R.member, o, u),
          removeAll(R.acl, ['Partition'], (i) => ({ args: [o, u, i as Expr], where: TRUE })),
          removeAll(R.joinedAt, ['Time'], (t) => ({ args: [o, u, t as Expr], where: TRUE })),
          remove(R.pastOverride, o, u),
          removeAll(R.pending, ['File', 'Partition', 'Time'], (f, i, t) => ({
            args: [u, f as Expr, i as Expr, t as Expr],
            where: eq(ownerOf(f as Expr), o),
          })),
          paperVariant
            ? removeAll(R.srsKeyPair, [], () => ({ args: [u], where: not(inAnotherCircle) }))
            : remove(R.srsReKey, o, u),
          insert(R.auditDepart, o, u, now),
          insert(R.departed, o, u),
        ];
      },
    }),
    define({
      name: 'Tick',
      layer: 'extended',
      cite: 'seed paper (trusted clock)',
      doc: 'the trusted clock advances one step',
      actor: { system: SYSTEM.timeServer },
      params: [],
      guard: () => lt(now, constant(C.maxTime.name, 'Time')),
      effect: () => [assign(S.now.name, 'Time', add(now, lit('Time', 1)))],
    }),
    define({
      name: 'Get_Time_Token',
      layer: 'extended',
      cite: 'seed paper (time server)',
      doc: 'the time server signs a token for the current time and gives it to a user who has none for now',
      actor: { system: SYSTEM.timeServer },
      params: [U],
      guard: (v) => and(apply(F.isUser, v.u), not(member(R.holdsToken, v.u, now))),
      effect: (v) => [insert(R.holdsToken, v.u, now)],
    }),
    define({
      name: 'Tamper_C',
      layer: 'extended',
      cite: 'docs/model.md "Adversaries" (cloud insider), seed paper (files found hacked or corrupted)',
      doc: 'a cloud insider alters the ciphertext it serves for a stored file (a bit of every partition flipped, or the file cut short)',
      actor: { system: SYSTEM.cloud },
      params: [FILE],
      guard: (v) => servedAsUploaded(v.f),
      effect: (v) => [insert(R.corrupted, v.f)],
    }),
    define({
      name: 'Tamper_Manifest',
      layer: 'extended',
      cite: 'docs/model.md "Adversaries" (cloud insider)',
      doc: 'a cloud insider serves a stored file with its manifest stripped or replaced, or its partitions reordered; the ciphertext itself is intact',
      actor: { system: SYSTEM.cloud },
      params: [FILE],
      guard: (v) => servedAsUploaded(v.f),
      effect: (v) => [insert(R.unverifiable, v.f)],
    }),
    define({
      name: 'Substitute_C',
      layer: 'extended',
      cite: 'docs/model.md "Adversaries" (cloud insider serving another valid file or another version)',
      doc: 'a cloud insider serves another stored upload (another file, or another version of this one) for a file',
      actor: { system: SYSTEM.cloud },
      params: [FILE, OTHER_FILE],
      guard: (v) => and(servedAsUploaded(v.f), member(R.stored, v.g), not(eq(v.f, v.g))),
      effect: (v) => [insert(R.substituted, v.f, v.g)],
    }),
    define({
      name: 'Reject_C',
      layer: 'extended',
      cite: 'seed paper (secure auditing storage: record of corrupted files)',
      doc: 'a user’s check of its download fails (altered, or not the file asked for); every failure is audited',
      actor: { param: 'u' },
      params: [U, FILE],
      guard: (v) => and(member(R.holdsC, v.u, v.f), member(R.holdsCorrupt, v.u, v.f)),
      effect: (v) => [insert(R.auditIntegrity, v.u, v.f, now)],
      outcome: 'integrity-failure',
    }),
    ...auditTransitions(),
  ];
  list.push(
    define({
      name: 'Inject_Parameters',
      layer: 'extended',
      cite: 'docs/security-notes.md (messages to the SRS); docs/model.md "Adversaries"',
      doc: 'a principal other than the owner submits an R_{l-P} message for a file to the SRS (a relabelled copy or one it made): the SRS accepts R_{l-P} only under the owner’s signature and records the forgery',
      actor: { param: 'p' },
      params: [P, FILE, LEVEL],
      guard: (v) => and(isDataPrincipal(v.p), not(eq(v.p, ownerOf(v.f))), apply(F.usesLevel, v.f, v.l)),
      effect: (v) => [insert(R.auditForgery, v.p, now)],
    }),
  );
  if (!paperVariant) {
    list.push(
      define({
        name: 'Inject_ReKey',
        layer: 'extended',
        cite: 'docs/security-notes.md (messages to the SRS); docs/model.md "Adversaries"',
        doc: 'a principal submits an RK_{o→u} to the SRS that o did not sign (one it computed from its own key): the SRS refuses it and records the forgery',
        actor: { param: 'p' },
        params: [P, O, U],
        guard: (v) =>
          and(isDataPrincipal(v.p), apply(F.isOwner, v.o), apply(F.isUser, v.u), not(eq(v.p, v.o))),
        effect: (v) => [insert(R.auditForgery, v.p, now)],
      }),
    );
  }
  if (paperVariant) {
    list.push(
      define({
        name: 'Rekey',
        layer: 'extended',
        cite: 'Eqs. 23–24 (re-keying a user who re-joins); docs/model.md "Depart"',
        doc: 'a user whose key pair the SRS deleted (it left every circle) joined a circle again: the SRS generates a fresh pair and sends it at once; the user keeps its old key too',
        actor: srs,
        params: [U],
        guard: (v) =>
          and(
            apply(F.isUser, v.u),
            member(R.authorized, v.u),
            member(R.holdsKeys, v.u),
            not(member(R.srsKeyPair, v.u)),
            exists('Principal', 'o', (o) => member(R.member, o, v.u)),
          ),
        effect: (v) => [insert(R.srsKeyPair, v.u), insert(R.auditKeyIssued, v.u, now)],
      }),
    );
  }
  return list;
}
