/** FAC — forward access control (§4): after a user departs, nothing new is opened to it. */
import { and, exists, implies, member, not } from '../model/expr/build.ts';
import { canRead, single } from '../model/knowledge.ts';
import { R } from '../model/vocabulary.ts';
import type { InvariantProperty, StepProperty } from './property.ts';
import { enabledSomewhere, existsVars, f, forallVars, i, ownerOf, u } from './terms.ts';

const extendedOnly = (ctx: { layer: string }) => ctx.layer === 'extended';
const departedFromOwner = member(R.departed, ownerOf(f), u);

export const FAC: InvariantProperty = {
  id: 'FAC',
  kind: 'invariant',
  title: 'a departed user cannot read what is uploaded after it left',
  statement:
    'While u is departed from o’s circle (it left and was not approved again), u cannot read any partition of a file o uploaded after u left — new versions included.',
  cite: 'paper §4 (forward access control); docs/model.md decision 7',
  appliesTo: extendedOnly,
  formula: (ctx) =>
    forallVars(
      [
        ['u', 'Principal'],
        ['f', 'File'],
        ['i', 'Partition'],
      ],
      implies(
        and(member(R.uploadedWhileDeparted, f, u), departedFromOwner),
        not(canRead(single(u), f, i, ctx.layer)),
      ),
    ),
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
  formula: (ctx) =>
    forallVars(
      [
        ['u', 'Principal'],
        ['f', 'File'],
        ['i', 'Partition'],
      ],
      implies(departedFromOwner, not(canRead(single(u), f, i, ctx.layer))),
    ),
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
