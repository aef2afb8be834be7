/** P1 — the paper's property 1: a valid user cannot obtain R for a partition it was not granted. */
import { and, eq, exists, implies, member, not } from '../model/expr/build.ts';
import { R } from '../model/vocabulary.ts';
import type { InvariantProperty, StepProperty } from './property.ts';
import {
  enabledSomewhere,
  enabledWith,
  existsVars,
  f,
  forallVars,
  i,
  l,
  levelOf,
  ownerOf,
  param,
  u,
} from './terms.ts';

export const P1: StepProperty = {
  id: 'P1',
  kind: 'step',
  title: 'R only under an ACL entry',
  statement:
    'Whenever the SRS issues R_{l-U} for a request (u, f, i) (D_R_S), the owner’s ACL grants u partition i of f at that moment. (R is per access level: a grant opens every partition sharing the level — docs/model.md decision 5.)',
  cite: 'paper §5 property 1; Eq. 31',
  transitions: ['D_R_S'],
  condition: () => member(R.acl, ownerOf(f), u, i),
  expected: () => 'holds',
  premises: (ctx) => [
    { name: 'a request is granted', formula: enabledSomewhere(ctx.net, 'D_R_S') },
    {
      name: 'a request without an ACL entry is answered',
      formula: enabledWith(ctx.net, 'D_R_F', not(member(R.acl, ownerOf(f), u, i))),
    },
  ],
};

const h = param('h', 'Principal');

/**
 * P1 completed: the step form checks the SRS's decision on the requested partition; this checks what the
 * decision hands out. Every R_{l-U} anyone holds is one issued to it for a partition at that level that it
 * was granted — in the extended layer a grant on record (auditGrant, written by D_R_S with the R it issues;
 * P1 shows each was under the ACL), in the paper layer an ACL entry (its ACL is fixed in M0). Found missing
 * by the seeded faults `drs-every-level` (R for every level of the file) and `srs-forwards-r-to-cloud`
 * (the cloud handed R): both pass the step form, since the decision itself is right.
 */
export const P1_HELD: InvariantProperty = {
  id: 'P1-held',
  kind: 'invariant',
  title: 'every R held was issued to its holder for a granted partition of its level',
  statement:
    'Whoever holds R_{l-U} of file f (holdsRu(h, f, l)) was issued it for a partition i of f at level l that it was granted: extended layer — the SRS’s grant of (h, f, i) is on record (D_R_S audits each grant, and P1 shows each was under the ACL); paper layer — the ACL grants h partition i (the paper’s ACL never changes). No principal holds R for a level it was not granted, or R issued to someone else.',
  cite: 'paper §5 property 1; Eq. 31',
  formula: (ctx) =>
    forallVars(
      [
        ['h', 'Principal'],
        ['f', 'File'],
        ['l', 'Level'],
      ],
      implies(
        member(R.holdsRu, h, f, l),
        exists('Partition', 'i', (x) =>
          and(
            eq(levelOf(f, x), l),
            ctx.layer === 'extended'
              ? exists('Time', 't', (t) => member(R.auditGrant, h, f, x, t))
              : member(R.acl, ownerOf(f), h, x),
          ),
        ),
      ),
    ),
  expected: () => 'holds',
  premises: () => [
    {
      name: 'a user holds R_{l-U}',
      formula: existsVars(
        [
          ['h', 'Principal'],
          ['f', 'File'],
          ['l', 'Level'],
        ],
        member(R.holdsRu, h, f, l),
      ),
    },
  ],
};
