/** INT — integrity: a reader never accepts a modified or substituted ciphertext. */
import { and, apply, exists, member, not } from '../model/expr/build.ts';
import { F, R } from '../model/vocabulary.ts';
import type { StepProperty } from './property.ts';
import { enabledSomewhere, existsVars, f, u } from './terms.ts';

export const INT: StepProperty = {
  id: 'INT',
  kind: 'step',
  title: 'no altered or substituted copy is accepted',
  statement:
    'A reader decrypts (Decrypt_C) only a copy that passes the owner’s signed manifest: never one the cloud altered, stripped, reordered or substituted. Such a copy is rejected and audited (Reject_C).',
  cite: 'seed paper (TPA, secure auditing storage); docs/model.md decision 12',
  appliesTo: (ctx) => ctx.layer === 'extended',
  transitions: ['Decrypt_C'],
  condition: () => not(member(R.holdsCorrupt, u, f)),
  expected: () => 'holds',
  premises: (ctx) => [
    {
      name: 'a reader holds a copy that fails the check, and has R for it',
      formula: existsVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
        ],
        and(
          member(R.holdsCorrupt, u, f),
          exists('Level', 'l', (l) => and(apply(F.usesLevel, f, l), member(R.holdsRu, u, f, l))),
        ),
      ),
    },
    { name: 'the reader rejects it', formula: enabledSomewhere(ctx.net, 'Reject_C') },
  ],
};
