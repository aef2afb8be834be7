/** P3 — the paper's property 3: an unauthorized user can neither obtain R nor decrypt. */
import { and, apply, member, not, TRUE } from '../model/expr/build.ts';
import { canRead, single } from '../model/knowledge.ts';
import { F, R } from '../model/vocabulary.ts';
import type { InvariantProperty, ReadClaim, StepProperty } from './property.ts';
import { nobodyReads } from './reads.ts';
import { enabledSomewhere, existsVars, f, i, isUser, levelOf, ownerOf, u } from './terms.ts';

/** A user reads no partition at a level it holds no R_{l-U} for (canRead ⇒ holdsRu, contraposed). */
const P3_CLAIM: ReadClaim = {
  vars: [
    ['u', 'Principal'],
    ['f', 'File'],
    ['i', 'Partition'],
  ],
  premise: and(isUser(u), not(member(R.holdsRu, u, f, levelOf(f, i)))),
  group: [{ variable: 'u' }],
  file: 'f',
  partition: 'i',
};

export const P3_READ: InvariantProperty = {
  id: 'P3',
  kind: 'invariant',
  title: 'a user reads only what R was issued to it for',
  statement:
    'A user can read partition i of file f (the knowledge rules’ canRead, alone) only if R_{l-U} of that partition’s level was issued to it. In literal mode this fails: the ciphertext alone gives the plaintext (docs/security-notes.md §1).',
  cite: 'paper §5 property 3; docs/model.md "Knowledge"',
  reads: () => P3_CLAIM,
  formula: (ctx) => nobodyReads(P3_CLAIM, ctx.layer),
  expected: (ctx) => (ctx.mode === 'literal' ? 'fails' : 'holds'),
  premises: (ctx) => [
    {
      name: 'a user reads a partition',
      formula: existsVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
          ['i', 'Partition'],
        ],
        and(isUser(u), canRead(single(u), f, i, ctx.layer)),
      ),
    },
  ],
  lemmas: () => [],
};

export const P3_ISSUE: StepProperty = {
  id: 'P3-R',
  kind: 'step',
  title: 'R only to registered, authorized, granted users',
  statement:
    'The SRS issues R_{l-U} (D_R_S) only to a user that is registered, authorized by the admin, and granted the partition by the owner’s ACL (the paper layer has no registration: the ACL alone).',
  cite: 'paper §5 property 3; §3.3; seed paper (admin authorization)',
  transitions: ['D_R_S'],
  condition: (ctx) =>
    and(
      apply(F.isUser, u),
      ctx.layer === 'extended' ? and(member(R.registered, u), member(R.authorized, u)) : TRUE,
      member(R.acl, ownerOf(f), u, i),
    ),
  expected: () => 'holds',
  premises: (ctx) => [{ name: 'a request is granted', formula: enabledSomewhere(ctx.net, 'D_R_S') }],
};
