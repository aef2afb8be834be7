/**
 * The protocol's procedures as data: what "join", "upload" or "request" is in terms of this net's
 * transitions (§3.3: a join is a request, the owner's approval and — hardened — the owner's RK; an upload
 * is Eqs. 25–29 for every level and partition). A procedure never decides anything: each step names the
 * transitions to fire and how to bind them, and the net's guards decide what is enabled. `fireOneOf`
 * names alternatives the net makes mutually exclusive (D_R_S / D_R_F, Decrypt_C / Reject_C); the one that
 * is enabled fires, and its declared outcome is the procedure's.
 *
 * A scenario action (src/scenario) is one of these procedures with its arguments; the net has exactly the
 * procedures whose transitions exist in its layer and variant, so "not available in the paper layer" is
 * derived, not listed.
 */
import type { DomainName } from './expr/ast.ts';
import type { NetShape, TransitionName } from './transitions.ts';
import { S } from './vocabulary.ts';

/** Where a transition parameter's value comes from. */
export type ArgSource =
  /** A procedure argument; `otherwise` when the argument was not given. */
  | { readonly arg: string; readonly otherwise?: ArgSource }
  /** A scalar state variable of the marking when the step runs (the clock). */
  | { readonly state: string };

export interface ProcedureParam {
  readonly name: string;
  readonly sort: DomainName;
  /** Owner or user (checked with the configuration's static functions `isOwner` / `isUser`). */
  readonly kind?: 'owner' | 'user' | 'owner-or-user';
  readonly optional?: boolean;
}

export type ProcedureStep =
  /** Fire exactly this binding; not enabled → the procedure stops, not enabled. */
  | {
      readonly op: 'fire';
      readonly transition: TransitionName;
      readonly bind: Readonly<Record<string, ArgSource>>;
    }
  /** Fire it if enabled (the guard says whether it is needed), skip it otherwise. */
  | {
      readonly op: 'fireIfEnabled';
      readonly transition: TransitionName;
      readonly bind: Readonly<Record<string, ArgSource>>;
      /** Skip the step when this argument was given. */
      readonly unlessGiven?: string;
    }
  /** Fire every binding enabled now that extends `bind` (parameters not bound range over their domain). */
  | {
      readonly op: 'fireAll';
      readonly transition: TransitionName;
      readonly bind: Readonly<Record<string, ArgSource>>;
      /** At least one binding must be enabled, else the procedure stops, not enabled. */
      readonly atLeastOne?: boolean;
    }
  /** Exactly one of the alternatives is enabled under the binding (each gets the parameters it has). */
  | {
      readonly op: 'fireOneOf';
      readonly transitions: readonly TransitionName[];
      readonly bind: Readonly<Record<string, ArgSource>>;
    }
  /**
   * Alternatives the net leaves open at once (the TPA's verdict on an altered file: its sample may miss
   * every damaged block): the concrete step observes which one happened, and the net must allow it — an
   * observation the net does not allow is a divergence, never a silent pass.
   */
  | {
      readonly op: 'fireObserved';
      readonly transitions: readonly TransitionName[];
      readonly bind: Readonly<Record<string, ArgSource>>;
    }
  /** Fire `transition` as many times as the argument says. */
  | { readonly op: 'repeat'; readonly count: string; readonly transition: TransitionName };

export interface Procedure {
  readonly name: string;
  readonly doc: string;
  readonly params: readonly ProcedureParam[];
  readonly steps: readonly ProcedureStep[];
}

const arg = (name: string): ArgSource => ({ arg: name });
const now: ArgSource = { state: S.now.name };
const fire = (transition: TransitionName, bind: Record<string, ArgSource>): ProcedureStep => ({
  op: 'fire',
  transition,
  bind,
});
const fireAll = (
  transition: TransitionName,
  bind: Record<string, ArgSource>,
  atLeastOne = false,
): ProcedureStep => ({ op: 'fireAll', transition, bind, ...(atLeastOne ? { atLeastOne } : {}) });

const principal = (name: string, kind?: ProcedureParam['kind']): ProcedureParam => ({
  name,
  sort: 'Principal',
  ...(kind ? { kind } : {}),
});
const owner = principal('owner', 'owner');
const user = principal('user', 'user');
const file: ProcedureParam = { name: 'file', sort: 'File' };
const partition: ProcedureParam = { name: 'partition', sort: 'Partition' };

/** Every procedure of the protocol for one layer and variant (before dropping those the net lacks). */
function allProcedures(shape: NetShape): Procedure[] {
  const extended = shape.layer === 'extended';
  const paper = shape.variant === 'paper';
  const u = { u: arg('user') };
  const ou = { o: arg('owner'), u: arg('user') };
  /** Hardened: an owner keeps an RK for every member whose public key the SRS holds. */
  const reKeysFor = (bind: Record<string, ArgSource>) => (paper ? [] : [fireAll('Grant_RK', bind)]);
  const keySteps = (who: ArgSource): ProcedureStep[] =>
    paper
      ? [fire('Gen_Keys', { u: who }), fire('Send_Keys', { u: who })]
      : [
          fire('Gen_Keys_Self', { u: who }),
          fire('Send_PK', { u: who }),
          ...reKeysFor({ o: who }),
          ...reKeysFor({ u: who }),
        ];
  const one = (name: string, doc: string, params: ProcedureParam[], steps: ProcedureStep[]): Procedure => ({
    name,
    doc,
    params,
    steps,
  });
  const p = principal('principal', 'owner-or-user');
  return [
    one('register', 'register with the SRS', [p], [fire('Register', { p: arg('principal') })]),
    one('authorize', 'the cloud admin authorizes', [p], [fire('Authorize', { p: arg('principal') })]),
    one('keys', 'key pair for an owner or user', [p], keySteps(arg('principal'))),
    one(
      'onboard',
      extended ? 'register, authorize and key' : 'key (the paper layer has no registration)',
      [p],
      [
        ...(extended
          ? [fire('Register', { p: arg('principal') }), fire('Authorize', { p: arg('principal') })]
          : []),
        ...keySteps(arg('principal')),
      ],
    ),
    one(
      'reregister',
      'register again under another role',
      [principal('principal', 'user'), { name: 'role', sort: 'Role' }],
      [fire('Reregister', { p: arg('principal'), r: arg('role') })],
    ),
    one(
      'join',
      "join the owner's circle (the owner approves)",
      [owner, user],
      [
        fire('Request_Join', ou),
        fire('Approve_Join', ou),
        ...(paper && extended ? [fireAll('Rekey', u)] : []),
        ...reKeysFor(ou),
      ],
    ),
    one(
      'deny-join',
      'the owner refuses a join request',
      [owner, user],
      [fire('Request_Join', ou), fire('Deny_Join', ou)],
    ),
    one(
      'grant',
      "the owner extends a member's access by one partition",
      [owner, user, partition],
      [fire('Grant_Partition', { ...ou, i: arg('partition') }), ...reKeysFor(ou)],
    ),
    one(
      'limit',
      'the owner withdraws one partition from a member',
      [owner, user, partition],
      [fire('Limit_Partition', { ...ou, i: arg('partition') })],
    ),
    one(
      'allow-past-data',
      'the owner lets a member read files from before it joined',
      [owner, user],
      [fire('Allow_Past_Data', ou)],
    ),
    one('depart', "the user leaves the owner's circle", [owner, user], [fire('Depart', ou)]),
    one(
      'upload',
      'the owner encrypts and uploads a file version (Eqs. 25–29)',
      [file],
      [
        fireAll('Gen_ri', { f: arg('file') }, true),
        fireAll('Encrypt_Pi', { f: arg('file') }, true),
        fireAll('Compt_Ri', { f: arg('file') }, true),
        fire('Send_C', { f: arg('file') }),
        fireAll('Send_Ri', { f: arg('file') }, true),
      ],
    ),
    one(
      'download',
      'a user downloads what the cloud serves for a file',
      [user, file],
      [fire('D_C', { u: arg('user'), f: arg('file') })],
    ),
    one(
      'request',
      'a user asks the SRS for R of a partition',
      extended
        ? [user, file, partition, { name: 'token', sort: 'Time', optional: true }]
        : [user, file, partition],
      extended
        ? [
            { op: 'fireIfEnabled', transition: 'Get_Time_Token', bind: u, unlessGiven: 'token' },
            fire('Request_R', {
              u: arg('user'),
              f: arg('file'),
              i: arg('partition'),
              t: { arg: 'token', otherwise: now },
            }),
            {
              op: 'fireOneOf',
              transitions: ['D_R_S', 'D_R_F'],
              bind: {
                u: arg('user'),
                f: arg('file'),
                i: arg('partition'),
                t: { arg: 'token', otherwise: now },
              },
            },
          ]
        : [
            {
              op: 'fireOneOf',
              transitions: ['D_R_S', 'D_R_F'],
              bind: { u: arg('user'), f: arg('file'), i: arg('partition') },
            },
          ],
    ),
    one(
      'request-with-bad-token',
      'a user asks for R with a token that is not its own valid one',
      [user, file, partition],
      [fire('Request_Bad_Token', { u: arg('user'), f: arg('file'), i: arg('partition') })],
    ),
    one(
      'decrypt',
      'a user checks its download and decrypts a partition',
      [user, file, partition],
      [
        extended
          ? {
              op: 'fireOneOf',
              transitions: ['Decrypt_C', 'Reject_C'],
              bind: { u: arg('user'), f: arg('file'), i: arg('partition') },
            }
          : fire('Decrypt_C', { u: arg('user'), f: arg('file'), i: arg('partition') }),
      ],
    ),
    one(
      'tick',
      'the trusted clock advances',
      [{ name: 'ticks', sort: 'Time' }],
      [{ op: 'repeat', count: 'ticks', transition: 'Tick' }],
    ),
    one(
      'tamper',
      'a cloud insider alters the ciphertext it serves for a file',
      [file],
      [fire('Tamper_C', { f: arg('file') })],
    ),
    one(
      'tamper-manifest',
      'a cloud insider strips, replaces or reorders what describes a file',
      [file],
      [fire('Tamper_Manifest', { f: arg('file') })],
    ),
    one(
      'audit',
      'the TPA challenges blocks of a stored file and logs its verdict (and any corruption)',
      [file],
      [
        { op: 'fireIfEnabled', transition: 'TPA_Challenge', bind: { f: arg('file') } },
        {
          op: 'fireObserved',
          transitions: ['TPA_Verdict_Corrupt', 'TPA_Verdict_Intact'],
          bind: { f: arg('file') },
        },
      ],
    ),
    one(
      'inject-parameters',
      'a principal other than the owner submits an R_{l-P} for a file and level to the SRS',
      [principal('by', 'owner-or-user'), file, { name: 'level', sort: 'Level' }],
      [fire('Inject_Parameters', { p: arg('by'), f: arg('file'), l: arg('level') })],
    ),
    one(
      'inject-rekey',
      'a principal submits an RK_{o→u} the owner did not sign to the SRS',
      [principal('by', 'owner-or-user'), owner, user],
      [fire('Inject_ReKey', { p: arg('by'), o: arg('owner'), u: arg('user') })],
    ),
    one(
      'substitute',
      'a cloud insider serves another stored upload for a file',
      [file, { name: 'with', sort: 'File' }],
      [fire('Substitute_C', { f: arg('file'), g: arg('with') })],
    ),
  ];
}

/** Transitions a step may fire. */
export function stepTransitions(step: ProcedureStep): readonly TransitionName[] {
  return step.op === 'fireOneOf' || step.op === 'fireObserved' ? step.transitions : [step.transition];
}

/** The procedures whose every transition exists in a net with these transitions. */
export function proceduresFor(
  shape: NetShape,
  transitions: ReadonlySet<string>,
): Readonly<Record<string, Procedure>> {
  return Object.fromEntries(
    allProcedures(shape)
      .filter((p) => p.steps.every((s) => stepTransitions(s).every((t) => transitions.has(t))))
      .map((p) => [p.name, p]),
  );
}
