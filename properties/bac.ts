/** BAC — the past-data policy (§3.3 vs §4): what a user who joins later may read. */
import { and, constant, eq, exists, forall, implies, le, lt, member, not, or } from '../model/expr/build.ts';
import { C, R } from '../model/vocabulary.ts';
import {
  ACL_NEEDS_MEMBERSHIP,
  ONE_JOIN_DATE,
  ONE_UPLOAD_DATE,
  PARAMETERS_AFTER_UPLOAD,
  PLAINTEXT_AFTER_UPLOAD,
  RU_AFTER_UPLOAD,
} from './lemmas.ts';
import type { NamedFormula, ReachableProperty, ReadClaim, StepProperty } from './property.ts';
import { someoneReads } from './reads.ts';
import { enabledWith, existsVars, f, forallVars, ownerOf, u } from './terms.ts';

const extendedOnly = (ctx: { layer: string }) => ctx.layer === 'extended';
/** u joined o's circle after f was uploaded, never left it, and has no override. */
const joinedAfterUpload = and(
  exists('Time', 'joined', (tj) =>
    and(
      member(R.joinedAt, ownerOf(f), u, tj),
      exists('Time', 'uploaded', (tu) => and(member(R.uploadedAt, f, tu), lt(tu, tj))),
    ),
  ),
  not(member(R.pastOverride, ownerOf(f), u)),
  not(exists('Time', 'left', (td) => member(R.auditDepart, ownerOf(f), u, td))),
);

/** A user that joined after f was uploaded (never left, no override) reads a partition of f. */
const BAC_PAST_CLAIM: ReadClaim = {
  vars: [
    ['u', 'Principal'],
    ['f', 'File'],
    ['i', 'Partition'],
  ],
  premise: joinedAfterUpload,
  group: [{ variable: 'u' }],
  file: 'f',
  partition: 'i',
};

/** u never left f's owner's circle. */
const neverLeft = not(exists('Time', 'left', (td) => member(R.auditDepart, ownerOf(f), u, td)));

/**
 * Why a joiner cannot read the past under `from-join-date`: R reaches a user only while it is a member, so
 * a user that never left still is one; and whatever R it holds for a file was issued under the join-date
 * check (BAC), which stays true while it stays.
 */
const BAC_LEMMAS: readonly NamedFormula[] = [
  ACL_NEEDS_MEMBERSHIP,
  PARAMETERS_AFTER_UPLOAD,
  RU_AFTER_UPLOAD,
  PLAINTEXT_AFTER_UPLOAD,
  ONE_UPLOAD_DATE,
  ONE_JOIN_DATE,
  {
    name: 'a user holding R for a file that never left the owner’s circle is in it',
    formula: forallVars(
      [
        ['u', 'Principal'],
        ['f', 'File'],
      ],
      implies(
        and(
          neverLeft,
          or(
            exists('Level', 'l', (x) => member(R.holdsRu, u, f, x)),
            exists('Partition', 'i', (x) => and(member(R.holdsPT, u, f, x), not(eq(u, ownerOf(f))))),
          ),
        ),
        member(R.member, ownerOf(f), u),
      ),
    ),
  },
  {
    name: 'under from-join-date, what a first-time member holds was uploaded after it joined (or is overridden)',
    formula: forallVars(
      [
        ['u', 'Principal'],
        ['f', 'File'],
      ],
      implies(
        and(
          not(constant(C.allPastData.name, 'Bool')),
          neverLeft,
          not(member(R.pastOverride, ownerOf(f), u)),
          or(
            exists('Level', 'l', (x) => member(R.holdsRu, u, f, x)),
            exists('Partition', 'i', (x) => and(member(R.holdsPT, u, f, x), not(eq(u, ownerOf(f))))),
          ),
        ),
        forall('Time', 'joined', (tj) =>
          implies(
            member(R.joinedAt, ownerOf(f), u, tj),
            forall('Time', 'uploaded', (tu) => implies(member(R.uploadedAt, f, tu), le(tj, tu))),
          ),
        ),
      ),
    ),
  },
];

export const BAC: StepProperty = {
  id: 'BAC',
  kind: 'step',
  title: 'from-join-date: no R for files from before the join',
  statement:
    'Under `from-join-date`, the SRS issues R for a file (D_R_S) only if the user joined the owner’s circle at or before the file was uploaded, or the owner allowed it past data (Allow_Past_Data). Under `all-past` any past file may be served.',
  cite: 'paper §3.3 ("from the date of joining unless specified otherwise by the owner"); docs/model.md decision 3',
  appliesTo: extendedOnly,
  transitions: ['D_R_S'],
  condition: () =>
    or(
      constant(C.allPastData.name, 'Bool'),
      member(R.pastOverride, ownerOf(f), u),
      exists('Time', 'joined', (tj) =>
        and(
          member(R.joinedAt, ownerOf(f), u, tj),
          exists('Time', 'uploaded', (tu) => and(member(R.uploadedAt, f, tu), le(tj, tu))),
        ),
      ),
    ),
  expected: () => 'holds',
  premises: (ctx) =>
    ctx.pastData === 'from-join-date'
      ? [
          {
            name: 'a joiner asks for a file from before its join',
            formula: enabledWith(ctx.net, 'D_R_F', joinedAfterUpload),
          },
        ]
      : [
          {
            name: 'a joiner is granted a file from before its join',
            formula: enabledWith(ctx.net, 'D_R_S', joinedAfterUpload),
          },
        ],
};

export const BAC_REACH: ReachableProperty = {
  id: 'BAC-past',
  kind: 'reachable',
  title: 'a joiner reads a file uploaded before it joined',
  statement:
    'Some run lets a user that joined after a file was uploaded (never having left, with no override) read a partition of it. Reachable under `all-past`; unreachable under `from-join-date` — except in literal mode, where the ciphertext alone suffices.',
  cite: 'paper §4 ("permits the new users to access the past data"); docs/model.md decision 3',
  appliesTo: extendedOnly,
  reads: () => BAC_PAST_CLAIM,
  formula: (ctx) => someoneReads(BAC_PAST_CLAIM, ctx.layer),
  expected: (ctx) => (ctx.pastData === 'all-past' || ctx.mode === 'literal' ? 'reachable' : 'unreachable'),
  premises: () => [
    {
      name: 'a user joins after an upload',
      formula: existsVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
        ],
        joinedAfterUpload,
      ),
    },
  ],
  lemmas: () => BAC_LEMMAS,
};
