/** P1 — the paper's property 1: a valid user cannot obtain R for a partition it was not granted. */
import { member, not } from '../model/expr/build.ts';
import { R } from '../model/vocabulary.ts';
import type { StepProperty } from './property.ts';
import { enabledSomewhere, enabledWith, f, i, ownerOf, u } from './terms.ts';

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
