/**
 * The vocabulary of the SeSPHR net: places, the relations that make up their token types (φ),
 * the static functions and constants fixed by a configuration, and the scalar state.
 *
 * Table II of the paper types each place as a powerset of long tuples (U × SK × PK × g × …). We keep the
 * places and split their token types into named relations over finite domains, one per kind of token, so
 * that every guard is a first-order formula Z3 can decide. Cryptographic values are symbolic: `holdsKeys(u)`
 * stands for "u holds SK_u and PK_u", the bytes live in the simulator (src/sim).
 */
import type { Sort, VarDecl } from './expr/ast.ts';
import type { FunctionDecl, RelationDecl } from './expr/build.ts';

export type Layer = 'paper' | 'extended';

export interface PlaceSpec {
  readonly name: string;
  readonly layer: Layer;
  readonly doc: string;
}

export interface RelationSpec extends RelationDecl {
  readonly place: string;
  readonly layer: Layer;
  readonly doc: string;
  /** True when the simulator holds real bytes for these tokens (checked against the abstract marking). */
  readonly tracked: boolean;
  /**
   * Ghost state: history kept for the properties (forward access control), changed by transitions but
   * read by no guard, so it never affects what can fire.
   */
  readonly ghost?: true;
}

export interface FunctionSpec extends FunctionDecl {
  readonly doc: string;
}

export interface ConstantSpec {
  readonly name: string;
  readonly sort: Sort;
  readonly doc: string;
}

export interface ScalarSpec {
  readonly name: string;
  readonly sort: Sort;
  readonly doc: string;
}

const col = (name: string, sort: VarDecl['sort']): VarDecl => ({ name, sort });
const u = col('u', 'Principal');
const o = col('o', 'Principal');
const h = col('h', 'Principal');
const p = col('p', 'Principal');
const f = col('f', 'File');
const i = col('i', 'Partition');
const l = col('l', 'Level');
const t = col('t', 'Time');
const g = col('g', 'File');
const r = col('r', 'Role');

// ── places (P) ──────────────────────────────────────────────────────────────────────────────────────

export const PLACES = {
  SRS: {
    name: 'SRS',
    layer: 'paper',
    doc: 'Setup and Re-encryption Server: keys it generated or was given, R_{i-P}, the ACL (Table II)',
  },
  User: {
    name: 'User',
    layer: 'paper',
    doc: 'Owners and users: what each holds — keys, r, ciphertexts, R_{i-U}, plaintexts (Table II)',
  },
  Cloud: {
    name: 'Cloud',
    layer: 'paper',
    doc: 'The untrusted cloud storage: encrypted PHR files C (Table II)',
  },
  Admin: {
    name: 'Admin',
    layer: 'extended',
    doc: "The cloud admin's register of authorized owners and users (seed paper, admin module)",
  },
  Clock: {
    name: 'Clock',
    layer: 'extended',
    doc: 'The trusted clock read by the time server (seed paper, time server)',
  },
  TPA: {
    name: 'TPA',
    layer: 'extended',
    doc: 'The third-party auditor: the files it has under audit; it holds no key (seed paper, TPA module)',
  },
  AuditLog: {
    name: 'AuditLog',
    layer: 'extended',
    doc: 'Audit events: key issue, join, depart, upload, requests, grants, refusals, integrity failures, TPA verdicts and corruption records',
  },
} as const satisfies Record<string, PlaceSpec>;

function relation(
  name: string,
  place: keyof typeof PLACES,
  layer: Layer,
  tracked: boolean,
  columns: VarDecl[],
  doc: string,
): RelationSpec {
  return { name, place, layer, tracked, columns, doc };
}

// ── relations: the token types of each place (φ) ────────────────────────────────────────────────────

export const R = {
  // SRS
  srsKeyPair: relation(
    'srsKeyPair',
    'SRS',
    'paper',
    true,
    [u],
    'paper variant: the SRS generated and keeps SK_u, PK_u (Eq. 23)',
  ),
  srsPublicKey: relation(
    'srsPublicKey',
    'SRS',
    'paper',
    true,
    [u],
    'hardened variant: the SRS holds PK_u only',
  ),
  srsReKey: relation(
    'srsReKey',
    'SRS',
    'paper',
    true,
    [o, u],
    'hardened variant: RK_{o→u} computed by the owner',
  ),
  srsParam: relation('srsParam', 'SRS', 'paper', true, [f, l], 'the SRS holds R_{l-P} of file f (Eq. 29)'),
  acl: relation(
    'acl',
    'SRS',
    'paper',
    false,
    [o, u, i],
    'owner o lets u read partition i of its files (§3.3)',
  ),
  registered: relation('registered', 'SRS', 'extended', false, [p], 'p registered with the SRS (§3.3)'),
  hasRole: relation(
    'hasRole',
    'SRS',
    'extended',
    false,
    [p, r],
    'the role p is currently registered under (§3.3: users register by role; a re-registration changes it)',
  ),
  joinRequest: relation(
    'joinRequest',
    'SRS',
    'extended',
    false,
    [o, u],
    'u asked to join o’s circle, awaiting approval',
  ),
  member: relation('member', 'SRS', 'extended', false, [o, u], 'u is an approved member of o’s circle'),
  joinedAt: relation(
    'joinedAt',
    'SRS',
    'extended',
    false,
    [o, u, t],
    'date of joining recorded in the ACL (§3.3)',
  ),
  pastOverride: relation(
    'pastOverride',
    'SRS',
    'extended',
    false,
    [o, u],
    'owner override: u may read files uploaded before it joined',
  ),
  pending: relation(
    'pending',
    'SRS',
    'extended',
    false,
    [u, f, i, t],
    'request for R of (f, i) carrying a time token for t',
  ),
  // User
  holdsKeys: relation('holdsKeys', 'User', 'paper', true, [h], 'h holds its own SK_h and PK_h (Eq. 24)'),
  holdsR: relation('holdsR', 'User', 'paper', true, [f, l], 'the owner of f holds r for level l (Eq. 25)'),
  encrypted: relation(
    'encrypted',
    'User',
    'paper',
    true,
    [f, i],
    'the owner of f encrypted partition i (Eq. 26)',
  ),
  holdsParam: relation(
    'holdsParam',
    'User',
    'paper',
    true,
    [f, l],
    'the owner of f computed R_{l-P} (Eq. 27)',
  ),
  holdsC: relation(
    'holdsC',
    'User',
    'paper',
    true,
    [h, f],
    'h holds a copy of the encrypted file C_f (Eqs. 28, 30)',
  ),
  holdsCorrupt: relation(
    'holdsCorrupt',
    'User',
    'extended',
    true,
    [h, f],
    'h’s copy of C_f fails the reader’s check (altered, misdescribed, or another upload)',
  ),
  holdsDamaged: relation(
    'holdsDamaged',
    'User',
    'extended',
    true,
    [h, f],
    'h’s copy of C_f does not carry C_f’s ciphertext intact (altered bytes, or another upload)',
  ),
  holdsForeign: relation(
    'holdsForeign',
    'User',
    'extended',
    true,
    [h, f, g],
    'what h downloaded as C_f is in fact another valid upload, C_g (the cloud substituted it)',
  ),
  holdsRu: relation('holdsRu', 'User', 'paper', true, [h, f, l], 'h received R_{l-U} issued to it (Eq. 31)'),
  refused: relation('refused', 'User', 'paper', false, [h, f, i], 'h was refused R for (f, i) (Eq. 32)'),
  holdsPT: relation(
    'holdsPT',
    'User',
    'paper',
    true,
    [h, f, i],
    'h holds the plaintext of partition i of f (Eq. 33)',
  ),
  holdsToken: relation(
    'holdsToken',
    'User',
    'extended',
    true,
    [h, t],
    'h holds a time token signed for time t',
  ),
  // Cloud
  stored: relation('stored', 'Cloud', 'paper', true, [f], 'the cloud stores C_f (Eq. 28)'),
  corrupted: relation(
    'corrupted',
    'Cloud',
    'extended',
    true,
    [f],
    'an insider serves C_f with the ciphertext of every partition altered or cut short',
  ),
  unverifiable: relation(
    'unverifiable',
    'Cloud',
    'extended',
    true,
    [f],
    'an insider serves C_f’s intact ciphertext with its manifest stripped, replaced, or its partitions reordered',
  ),
  substituted: relation(
    'substituted',
    'Cloud',
    'extended',
    true,
    [f, g],
    'an insider serves the valid upload C_g to whoever downloads C_f',
  ),
  uploadedAt: relation('uploadedAt', 'Cloud', 'extended', false, [f, t], 'when C_f was uploaded'),
  // TPA
  tpaChallenged: relation(
    'tpaChallenged',
    'TPA',
    'extended',
    true,
    [f],
    'the TPA has C_f under audit: it holds the randomness its rounds of challenges are drawn from',
  ),
  // Admin
  authorized: relation('authorized', 'Admin', 'extended', false, [p], 'the cloud admin authorized p'),
  // AuditLog
  auditKeyIssued: relation('auditKeyIssued', 'AuditLog', 'extended', false, [u, t], 'keys issued to u'),
  auditJoin: relation('auditJoin', 'AuditLog', 'extended', false, [o, u, t], 'u joined o’s circle'),
  auditDepart: relation(
    'auditDepart',
    'AuditLog',
    'extended',
    false,
    [o, u, t],
    'u departed from o’s circle',
  ),
  auditUpload: relation('auditUpload', 'AuditLog', 'extended', false, [f, t], 'C_f uploaded'),
  auditRequest: relation(
    'auditRequest',
    'AuditLog',
    'extended',
    false,
    [u, f, i, t],
    'u requested R for (f, i)',
  ),
  auditGrant: relation('auditGrant', 'AuditLog', 'extended', false, [u, f, i, t], 'R for (f, i) issued to u'),
  auditRefusal: relation(
    'auditRefusal',
    'AuditLog',
    'extended',
    false,
    [u, f, i, t, col('why', 'Reason')],
    'request refused, with the reason',
  ),
  auditForgery: relation(
    'auditForgery',
    'AuditLog',
    'extended',
    false,
    [p, t],
    'the SRS rejected a message from p that failed authentication',
  ),
  departed: {
    ...relation(
      'departed',
      'AuditLog',
      'extended',
      false,
      [o, u],
      'ghost: u left o’s circle and o has not approved it again',
    ),
    ghost: true,
  },
  uploadedWhileDeparted: {
    ...relation(
      'uploadedWhileDeparted',
      'AuditLog',
      'extended',
      false,
      [f, u],
      'ghost: C_f was uploaded during u’s current departure from its owner’s circle (cleared when u is approved again)',
    ),
    ghost: true,
  },
  auditIntegrity: relation(
    'auditIntegrity',
    'AuditLog',
    'extended',
    false,
    [u, f, t],
    'u found its copy of C_f altered',
  ),
  auditIntact: relation(
    'auditIntact',
    'AuditLog',
    'extended',
    false,
    [f, t],
    'the TPA’s verdict: every block of C_f it challenged matched the owner’s signed commitment',
  ),
  auditCorruption: relation(
    'auditCorruption',
    'AuditLog',
    'extended',
    false,
    [f, t],
    'the TPA’s verdict: C_f failed its audit, and the corruption record names the file and blocks',
  ),
} as const satisfies Record<string, RelationSpec>;

// ── static functions and constants (fixed by the configuration) ─────────────────────────────────────

export const F = {
  ownerOf: { name: 'ownerOf', params: [f], result: 'Principal', doc: 'the owner of a file' },
  levelOf: {
    name: 'levelOf',
    params: [f, i],
    result: 'Level',
    doc: 'access level of partition i in file f (one r per level)',
  },
  usesLevel: { name: 'usesLevel', params: [f, l], result: 'Bool', doc: 'some partition of f is at level l' },
  roleOf: { name: 'roleOf', params: [p], result: 'Role', doc: 'the role a principal registers under' },
  isOwner: { name: 'isOwner', params: [p], result: 'Bool', doc: 'p is a PHR owner (patient)' },
  isUser: { name: 'isUser', params: [p], result: 'Bool', doc: 'p is a PHR user (family, doctor, insurer…)' },
  roleAccess: {
    name: 'roleAccess',
    params: [o, col('r', 'Role'), i],
    result: 'Bool',
    doc: 'owner o’s ACL by role: the default access of a role (§3.3)',
  },
  windowStart: {
    name: 'windowStart',
    params: [f],
    result: 'Time',
    doc: 'start of f’s access window (seed: time server)',
  },
  windowEnd: { name: 'windowEnd', params: [f], result: 'Time', doc: 'end of f’s access window' },
  isUserRole: {
    name: 'isUserRole',
    params: [r],
    result: 'Bool',
    doc: 'a role a PHR user may register under (not `owner`, not `system`)',
  },
  isFirstVersion: {
    name: 'isFirstVersion',
    params: [f],
    result: 'Bool',
    doc: 'f is version 1 of its file (each element of File is one version of one file)',
  },
  previousVersion: {
    name: 'previousVersion',
    params: [f],
    result: 'File',
    doc: 'the version before f of the same file (f itself for version 1)',
  },
  laterVersion: {
    name: 'laterVersion',
    params: [f, g],
    result: 'Bool',
    doc: 'g is a later version of the same file as f',
  },
  allowOldVersions: {
    name: 'allowOldVersions',
    params: [f],
    result: 'Bool',
    doc: 'the owner lets the SRS serve R for versions of this file that a later version superseded',
  },
} as const satisfies Record<string, FunctionSpec>;

export const C = {
  allPastData: {
    name: 'allPastData',
    sort: 'Bool',
    doc: 'past-data policy: true = `all-past` (§4 reading), false = `from-join-date` (§3.3 reading)',
  },
  tokenMaxAge: { name: 'tokenMaxAge', sort: 'Time', doc: 'how many clock ticks a time token stays fresh' },
  maxTime: { name: 'maxTime', sort: 'Time', doc: 'the last time point of the bounded clock' },
  literalMode: {
    name: 'literalMode',
    sort: 'Bool',
    doc: 'partitions are encrypted in the paper’s literal mode, readable from C alone (docs/security-notes.md)',
  },
} as const satisfies Record<string, ConstantSpec>;

export const S = {
  now: { name: 'now', sort: 'Time', doc: 'the trusted clock' },
} as const satisfies Record<string, ScalarSpec>;

/** Fixed principal identifiers of the system roles. */
export const SYSTEM = { srs: 'srs', cloud: 'cloud', admin: 'admin', timeServer: 'timeserver' } as const;

/**
 * The third-party auditor's identifier. It acts (it fires the TPA transitions) but is no element of the
 * Principal domain: it holds no key and no token any relation speaks of, so the model needs no name for
 * it (docs/model.md decision 15). A configuration may not use the name.
 */
export const AUDITOR = 'tpa';

/**
 * Reasons recorded with a refusal. D_R_F reports the first failing grant condition, in this order
 * (model/transitions.ts, `grantConditions`); `badToken` is Request_Bad_Token's, whose token fails the
 * SRS's signature or subject check before any condition is looked at.
 */
export const REASONS = [
  'notRegistered',
  'notAuthorized',
  'notGranted',
  'noKeys',
  'notUploaded',
  'superseded',
  'outsideWindow',
  'staleToken',
  'pastData',
  'badToken',
] as const;
export type Reason = (typeof REASONS)[number];
