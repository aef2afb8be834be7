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
import type { Actor, TransitionSpec } from './net.ts';
import { C, F, type Layer, R, type Reason, S, SYSTEM } from './vocabulary.ts';

export interface NetShape {
  readonly layer: Layer;
  readonly variant: Variant;
}

/** A parameter whose name is known to the type checker, so rules can write `v.u`, `v.f`. */
interface Param<N extends string> extends VarDecl {
  readonly name: N;
}

type Vars<N extends string> = Readonly<Record<N, Expr>>;

interface Definition<N extends string> {
  readonly name: string;
  readonly layer: Layer;
  readonly cite: string;
  readonly doc: string;
  readonly actor: Actor;
  readonly params: readonly Param<N>[];
  readonly guard: (v: Vars<N>) => Expr;
  readonly effect: (v: Vars<N>) => Update[];
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
  };
}

const U: Param<'u'> = { name: 'u', sort: 'Principal' };
const O: Param<'o'> = { name: 'o', sort: 'Principal' };
const P: Param<'p'> = { name: 'p', sort: 'Principal' };
const FILE: Param<'f'> = { name: 'f', sort: 'File' };
const PART: Param<'i'> = { name: 'i', sort: 'Partition' };
const LEVEL: Param<'l'> = { name: 'l', sort: 'Level' };
const TOKEN: Param<'t'> = { name: 't', sort: 'Time' };

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
 * The SRS's decision for a request (Eqs. 31–32), as its named conjuncts in the order D_R_F reports them.
 * D_R_S fires when all hold, D_R_F when one fails: exclusive and exhaustive by construction.
 */
export function grantConditions(shape: NetShape, v: RequestVars): readonly { reason: Reason; holds: Expr }[] {
  const owner = ownerOf(v.f);
  const conditions: { reason: Reason; holds: Expr }[] = [
    { reason: 'notGranted', holds: member(R.acl, owner, v.u, v.i) },
    {
      reason: 'noKeys',
      holds:
        shape.variant === 'paper'
          ? and(member(R.srsKeyPair, owner), member(R.srsKeyPair, v.u))
          : member(R.srsReKey, owner, v.u),
    },
  ];
  if (shape.layer === 'extended') {
    const t = tokenOf(v);
    const f = v.f;
    conditions.push(
      { reason: 'outsideWindow', holds: and(le(apply(F.windowStart, f), t), le(t, apply(F.windowEnd, f))) },
      { reason: 'staleToken', holds: le(now, add(t, constant(C.tokenMaxAge.name, 'Time'))) },
      {
        reason: 'pastData',
        holds: or(
          constant(C.allPastData.name, 'Bool'),
          member(R.pastOverride, owner, v.u),
          exists('Time', 'joined', (tj) =>
            exists('Time', 'uploaded', (tu) =>
              and(member(R.joinedAt, owner, v.u, tj), member(R.uploadedAt, f, tu), le(tj, tu)),
            ),
          ),
        ),
      },
    );
  }
  return conditions;
}

/** The first failing condition, as D_R_F records it. */
function refusalReason(conditions: readonly { reason: Reason; holds: Expr }[]): Expr {
  return conditions
    .slice(0, -1)
    .reduceRight<Expr>(
      (otherwise, c) => ite(not(c.holds), reason(c.reason), otherwise),
      reason((conditions.at(-1) as { reason: Reason }).reason),
    );
}

/** When a request is answered at all (Eqs. 31–32 share it): the SRS holds the file's R_{i-P}. */
export function requestPending(shape: NetShape, v: RequestVars): Expr {
  const level = levelOf(v.f, v.i);
  return shape.layer === 'extended'
    ? and(member(R.pending, v.u, v.f, v.i, tokenOf(v)), member(R.srsParam, v.f, level))
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
        doc: 'the SRS generates SK_u, PK_u for an owner or user and keeps them (a departed user is never re-keyed)',
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
        cite: 'design.md §1 (hardened variant of Eq. 23)',
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
        cite: 'design.md §1 (hardened variant of Eq. 24)',
        doc: 'u publishes PK_u to the SRS',
        actor: { param: 'u' },
        params: [U],
        guard: (v) => and(member(R.holdsKeys, v.u), not(member(R.srsPublicKey, v.u))),
        effect: (v) => [insert(R.srsPublicKey, v.u), ...ext(() => [insert(R.auditKeyIssued, v.u, now)], [])],
      }),
      define({
        name: 'Grant_RK',
        layer: 'paper',
        cite: 'design.md §1 (hardened variant of Eqs. 15–16)',
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
      doc: 'the owner draws a random r for an access level of a file (one r per level)',
      actor: { ownerOf: 'f' },
      params: [FILE, LEVEL],
      guard: (v) => {
        const owner = ownerOf(v.f);
        return and(
          apply(F.usesLevel, v.f, v.l),
          member(R.holdsKeys, owner),
          not(member(R.holdsR, v.f, v.l)),
          not(member(R.stored, v.f)),
          ext(() => member(R.authorized, owner), TRUE),
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
        ...ext(() => [insert(R.uploadedAt, v.f, now), insert(R.auditUpload, v.f, now)], []),
      ],
    }),
    define({
      name: 'Send_Ri',
      layer: 'paper',
      cite: 'Eq. 29',
      doc: 'the owner sends R_{l-P} with the file id to the SRS',
      actor: { ownerOf: 'f' },
      params: [FILE, LEVEL],
      guard: (v) => and(member(R.holdsParam, v.f, v.l), not(member(R.srsParam, v.f, v.l))),
      effect: (v) => [insert(R.srsParam, v.f, v.l)],
    }),
  );

  // ── access ────────────────────────────────────────────────────────────────────────────────────────
  list.push(
    define({
      name: 'D_C',
      layer: 'paper',
      cite: 'Eq. 30',
      doc: 'a user downloads the encrypted file from the cloud (an altered copy if an insider tampered with it)',
      actor: { param: 'u' },
      params: [U, FILE],
      guard: (v) =>
        and(
          apply(F.isUser, v.u),
          member(R.stored, v.f),
          not(member(R.holdsC, v.u, v.f)),
          ext(() => member(R.authorized, v.u), TRUE),
        ),
      effect: (v) => [
        insert(R.holdsC, v.u, v.f),
        ...ext(
          () => [
            insertAll(R.holdsCorrupt, [], () => ({ args: [v.u, v.f], where: member(R.corrupted, v.f) })),
          ],
          [],
        ),
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
            apply(F.isUser, v.u),
            member(R.authorized, v.u),
            member(R.holdsToken, v.u, v.t),
            forall('Time', 't', (t) => not(member(R.pending, v.u, v.f, v.i, t))),
          ),
        effect: (v) => [insert(R.pending, v.u, v.f, v.i, v.t), insert(R.auditRequest, v.u, v.f, v.i, now)],
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
    }),
    define({
      name: 'D_R_F',
      layer: 'paper',
      cite: 'Eq. 32',
      doc: 'the SRS refuses: user or partition not granted (extended: or keys gone, outside the window, stale token, past data)',
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
    }),
  );
  if (shape.layer === 'extended') list.push(...extendedTransitions(shape));
  return list;
}

/** Transitions only the extended layer has. */
function extendedTransitions(shape: NetShape): TransitionSpec[] {
  const paperVariant = shape.variant === 'paper';
  return [
    define({
      name: 'Register',
      layer: 'extended',
      cite: '§3.3 (registration by role), seed paper (owner and user modules)',
      doc: 'an owner or user registers with the SRS under its role',
      actor: { param: 'p' },
      params: [P],
      guard: (v) => and(isDataPrincipal(v.p), not(member(R.registered, v.p))),
      effect: (v) => [insert(R.registered, v.p)],
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
      doc: 'the owner approves: u becomes a member with its role’s default access and today’s join date',
      actor: { param: 'o' },
      params: [O, U],
      guard: (v) => member(R.joinRequest, v.o, v.u),
      effect: (v) => {
        const [o, u] = [v.o, v.u];
        return [
          remove(R.joinRequest, o, u),
          insert(R.member, o, u),
          insert(R.joinedAt, o, u, now),
          insertAll(R.acl, ['Partition'], (i) => ({
            args: [o, u, i as Expr],
            where: apply(F.roleAccess, o, apply(F.roleOf, u), i as Expr),
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
      cite: '§3.3, §4 (forward access control)',
      doc: paperVariant
        ? 'u leaves o’s circle: the SRS deletes u’s keys and ACL entries; nothing is re-encrypted'
        : 'u leaves o’s circle: the SRS deletes RK_{o→u} and u’s ACL entries; nothing is re-encrypted',
      actor: { param: 'o' },
      params: [O, U],
      guard: (v) => member(R.member, v.o, v.u),
      effect: (v) => {
        const [o, u] = [v.o, v.u];
        return [
          remove(R.member, o, u),
          removeAll(R.acl, ['Partition'], (i) => ({ args: [o, u, i as Expr], where: TRUE })),
          removeAll(R.joinedAt, ['Time'], (t) => ({ args: [o, u, t as Expr], where: TRUE })),
          remove(R.pastOverride, o, u),
          removeAll(R.pending, ['File', 'Partition', 'Time'], (f, i, t) => ({
            args: [u, f as Expr, i as Expr, t as Expr],
            where: eq(ownerOf(f as Expr), o),
          })),
          paperVariant ? remove(R.srsKeyPair, u) : remove(R.srsReKey, o, u),
          insert(R.auditDepart, o, u, now),
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
      doc: 'the time server signs a token for the current time and gives it to a user',
      actor: { system: SYSTEM.timeServer },
      params: [U],
      guard: (v) => and(apply(F.isUser, v.u), member(R.authorized, v.u), not(member(R.holdsToken, v.u, now))),
      effect: (v) => [insert(R.holdsToken, v.u, now)],
    }),
    define({
      name: 'Tamper_C',
      layer: 'extended',
      cite: 'design.md §1 (cloud insider), seed paper (files found hacked or corrupted)',
      doc: 'a cloud insider alters a stored ciphertext',
      actor: { system: SYSTEM.cloud },
      params: [FILE],
      guard: (v) => and(member(R.stored, v.f), not(member(R.corrupted, v.f))),
      effect: (v) => [insert(R.corrupted, v.f)],
    }),
    define({
      name: 'Reject_C',
      layer: 'extended',
      cite: 'seed paper (secure auditing storage: record of corrupted files)',
      doc: 'a user’s manifest check fails on an altered download; the integrity failure is audited',
      actor: { param: 'u' },
      params: [U, FILE],
      guard: (v) => {
        const [u, f] = [v.u, v.f];
        return and(
          member(R.holdsC, u, f),
          member(R.holdsCorrupt, u, f),
          forall('Time', 't', (t) => not(member(R.auditIntegrity, u, f, t))),
        );
      },
      effect: (v) => [insert(R.auditIntegrity, v.u, v.f, now)],
    }),
  ];
}
