/** COAL — users pooling what they hold get no data key none of them has. */
import { and, implies, or } from '../model/expr/build.ts';
import { knowsDataKey, single } from '../model/knowledge.ts';
import type { InvariantProperty } from './property.ts';
import { existsVars, f, forallVars, groupOf, isUser, l, param } from './terms.ts';

const u1 = param('u1', 'Principal');
const u2 = param('u2', 'Principal');

export const COAL: InvariantProperty = {
  id: 'COAL',
  kind: 'invariant',
  title: 'a coalition of users has exactly its members’ data keys',
  statement:
    'Two users pooling their bytes know the data key K_{f,l} of a level only if one of them knows it alone: R_{l-U} is bound to its user’s key, so keys do not combine. (Ciphertexts are shared freely — a coalition may hold C from one member and K from another; that reads nothing a member could not read by downloading C.)',
  cite: 'docs/model.md "Knowledge"; the design’s COAL property',
  formula: () =>
    forallVars(
      [
        ['u1', 'Principal'],
        ['u2', 'Principal'],
        ['f', 'File'],
        ['l', 'Level'],
      ],
      implies(
        and(isUser(u1), isUser(u2), knowsDataKey(groupOf(u1, u2), f, l)),
        or(knowsDataKey(single(u1), f, l), knowsDataKey(single(u2), f, l)),
      ),
    ),
  expected: () => 'holds',
  premises: () => [
    {
      name: 'two users each know a data key',
      formula: existsVars(
        [
          ['u1', 'Principal'],
          ['u2', 'Principal'],
          ['f', 'File'],
          ['l', 'Level'],
        ],
        and(isUser(u1), isUser(u2), knowsDataKey(single(u1), f, l), knowsDataKey(single(u2), f, l)),
      ),
    },
  ],
};
