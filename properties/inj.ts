/** INJ — messages injected to the SRS yield nothing. */
import { implies, member } from '../model/expr/build.ts';
import { R } from '../model/vocabulary.ts';
import type { InvariantProperty } from './property.ts';
import { existsVars, f, forallVars, l, param, t } from './terms.ts';

export const INJ: InvariantProperty = {
  id: 'INJ',
  kind: 'invariant',
  title: 'every R_{l-P} at the SRS is the owner’s',
  statement:
    'Every R_{l-P} the SRS holds for a file was computed by the file’s owner (Compt_Ri) — none came from an injected message (Inject_Parameters: relabelled, forged or another owner’s). In the simulator the SRS’s real signature check refuses the injected bytes.',
  cite: 'docs/security-notes.md §2',
  appliesTo: (ctx) => ctx.layer === 'extended',
  formula: () =>
    forallVars(
      [
        ['f', 'File'],
        ['l', 'Level'],
      ],
      implies(member(R.srsParam, f, l), member(R.holdsParam, f, l)),
    ),
  expected: () => 'holds',
  premises: () => [
    {
      name: 'a message was injected',
      formula: existsVars(
        [
          ['p', 'Principal'],
          ['t', 'Time'],
        ],
        member(R.auditForgery, param('p', 'Principal'), t),
      ),
    },
  ],
};
