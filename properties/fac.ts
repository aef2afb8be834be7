/** FAC — forward access control (§4): after a user departs, nothing new is opened to it. */
import { and, exists, forall, implies, member, not, TRUE } from '../model/expr/build.ts';
import { R } from '../model/vocabulary.ts';
import {
  DEPARTED_IS_OUT,
  PARAMETERS_AFTER_UPLOAD,
  PLAINTEXT_AFTER_UPLOAD,
  RU_AFTER_UPLOAD,
} from './lemmas.ts';
import type { InvariantProperty, NamedFormula, ReadClaim, StepProperty } from './property.ts';
import { nobodyReads } from './reads.ts';
import { enabledSomewhere, enabledWith, existsVars, f, forallVars, i, o, ownerOf, u } from './terms.ts';

const extendedOnly = (ctx: { layer: string }) => ctx.layer === 'extended';
const departedFromOwner = member(R.departed, ownerOf(f), u);
const USER_FILE_PARTITION: ReadClaim['vars'] = [
  ['u', 'Principal'],
  ['f', 'File'],
  ['i', 'Partition'],
];
/** u, departed from f's owner's circle while f was uploaded, reads no partition of f. */
const FAC_CLAIM: ReadClaim = {
  vars: USER_FILE_PARTITION,
  premise: and(member(R.uploadedWhileDeparted, f, u), departedFromOwner),
  group: [{ variable: 'u' }],
  file: 'f',
  partition: 'i',
};
/** u, departed from f's owner's circle, reads no partition of f. */
const FAC_PAST_CLAIM: ReadClaim = {
  vars: USER_FILE_PARTITION,
  premise: departedFromOwner,
  group: [{ variable: 'u' }],
  file: 'f',
  partition: 'i',
};

/**
 * Why forward access control holds, as invariants the verifier proves with the property (Houdini): a
 * departure ends membership and the ACL; nothing reaches the SRS, or a user's R, before the file is in the
 * cloud (decision 13); and a file uploaded during the current departure has reached neither u's R nor u's
 * plaintext.
 */
const FAC_LEMMAS: readonly NamedFormula[] = [
  DEPARTED_IS_OUT,
  PARAMETERS_AFTER_UPLOAD,
  RU_AFTER_UPLOAD,
  PLAINTEXT_AFTER_UPLOAD,
  {
    name: 'the ghost speaks of the current departure',
    formula: forallVars(
      [
        ['f', 'File'],
        ['u', 'Principal'],
      ],
      implies(member(R.uploadedWhileDeparted, f, u), departedFromOwner),
    ),
  },
  {
    name: 'a file uploaded during a departure reached neither the user’s R nor its plaintext',
    formula: forallVars(
      [
        ['f', 'File'],
        ['u', 'Principal'],
      ],
      implies(
        member(R.uploadedWhileDeparted, f, u),
        and(
          forall('Level', 'l', (x) => not(member(R.holdsRu, u, f, x))),
          forall('Partition', 'i', (x) => not(member(R.holdsPT, u, f, x))),
        ),
      ),
    ),
  },
];

export const FAC: InvariantProperty = {
  id: 'FAC',
  kind: 'invariant',
  title: 'a departed user cannot read what is uploaded after it left',
  statement:
    'While u is departed from o’s circle (it left and was not approved again), u cannot read any partition of a file o uploaded after u left — new versions included.',
  cite: 'paper §4 (forward access control); docs/model.md decision 7',
  appliesTo: extendedOnly,
  reads: () => FAC_CLAIM,
  formula: (ctx) => nobodyReads(FAC_CLAIM, ctx.layer),
  expected: (ctx) => (ctx.mode === 'literal' ? 'fails' : 'holds'),
  premises: () => [
    {
      name: 'a file is uploaded while a user is departed',
      formula: existsVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
        ],
        and(member(R.uploadedWhileDeparted, f, u), departedFromOwner),
      ),
    },
  ],
  lemmas: () => FAC_LEMMAS,
};

export const FAC_ISSUE: StepProperty = {
  id: 'FAC-R',
  kind: 'step',
  title: 'no R to a departed user',
  statement: 'The SRS issues no R_{l-U} for o’s files to a user departed from o’s circle (D_R_S).',
  cite: 'paper §4 (forward access control); §3.3 (depart)',
  appliesTo: extendedOnly,
  transitions: ['D_R_S'],
  condition: () => not(departedFromOwner),
  expected: () => 'holds',
  lemmas: () => [DEPARTED_IS_OUT],
  premises: (ctx) => [
    { name: 'a user departs', formula: enabledSomewhere(ctx.net, 'Depart') },
    {
      name: 'a departed user asks again',
      formula: existsVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
          ['i', 'Partition'],
        ],
        and(
          departedFromOwner,
          exists('Time', 't', (t) => member(R.pending, u, f, i, t)),
        ),
      ),
    },
  ],
};

export const FAC_PAST: InvariantProperty = {
  id: 'FAC-past',
  kind: 'invariant',
  title: 'a departed user no longer reads what it read before',
  statement:
    'A departed user can no longer read any partition of its former owner’s files. Expected to FAIL: SeSPHR re-encrypts nothing on depart, so what a user received before leaving stays readable (paper §3.3).',
  cite: 'paper §3.3 (depart: no re-encryption)',
  appliesTo: extendedOnly,
  reads: () => FAC_PAST_CLAIM,
  formula: (ctx) => nobodyReads(FAC_PAST_CLAIM, ctx.layer),
  expected: () => 'fails',
  premises: () => [
    {
      name: 'a user is departed',
      formula: existsVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
        ],
        departedFromOwner,
      ),
    },
  ],
};

/**
 * The depart rule itself, as a state property: FAC-R and FAC check its consequences, which the ACL removal
 * and the key deletion each ensure alone — so a Depart that forgets one of them is masked by the other
 * (found by the seeded faults `depart-keeps-acl` and `depart-keeps-key`: the hardened variant's kept RK
 * was refuted by nothing).
 */
export const DEPART: InvariantProperty = {
  id: 'DEPART',
  kind: 'invariant',
  title: 'a departed user has no ACL entry and no re-encryption key',
  statement:
    'While u is departed from o’s circle (it left and o has not approved it again), the SRS holds no ACL entry of o for u and — hardened variant — no RK_{o→u}. (In the paper variant the SRS deletes u’s key pair when u leaves its last circle; that is not a state property — keys are per user, and a user that departed before it was ever keyed may be keyed later — and a Depart that keeps the pair shows as Rekey never firing.)',
  cite: 'paper §3.3 (depart: the SRS deletes the user’s keys and removes it from the ACL); docs/model.md decision 7',
  appliesTo: extendedOnly,
  formula: (ctx) =>
    forallVars(
      [
        ['o', 'Principal'],
        ['u', 'Principal'],
      ],
      implies(
        member(R.departed, o, u),
        and(
          forall('Partition', 'i', (x) => not(member(R.acl, o, u, x))),
          ctx.variant === 'hardened' ? not(member(R.srsReKey, o, u)) : TRUE,
        ),
      ),
    ),
  expected: () => 'holds',
  // What Depart must delete has to exist when it fires, or the property says nothing about the deletion.
  premises: (ctx) => [
    {
      name: 'a user with an ACL entry departs',
      formula: enabledWith(
        ctx.net,
        'Depart',
        exists('Partition', 'i', (x) => member(R.acl, o, u, x)),
      ),
    },
    ...(ctx.variant === 'hardened'
      ? [
          {
            name: 'a user with an RK departs',
            formula: enabledWith(ctx.net, 'Depart', member(R.srsReKey, o, u)),
          },
        ]
      : []),
  ],
  lemmas: () => [DEPARTED_IS_OUT],
};
