/** ROLLBACK — a reader never obtains R for a superseded version. */
import { and, apply, exists, member, not, or } from '../model/expr/build.ts';
import { F, R } from '../model/vocabulary.ts';
import type { StepProperty } from './property.ts';
import { enabledWith, f } from './terms.ts';

const superseded = exists('File', 'later', (g) =>
  and(
    apply(F.laterVersion, f, g),
    exists('Level', 'l', (l) => member(R.srsParam, g, l)),
  ),
);

export const ROLLBACK: StepProperty = {
  id: 'ROLLBACK',
  kind: 'step',
  title: 'no R for a superseded version',
  statement:
    'The SRS issues R (D_R_S) for a version of a file only if no later version’s R_{l-P} is at the SRS, unless the owner allows old versions of that file.',
  cite: 'docs/security-notes.md §4',
  appliesTo: (ctx) => ctx.layer === 'extended',
  transitions: ['D_R_S'],
  condition: () => or(apply(F.allowOldVersions, f), not(superseded)),
  expected: () => 'holds',
  premises: (ctx) => [
    {
      name: 'a request for a superseded version is answered',
      formula: enabledWith(ctx.net, 'D_R_F', superseded),
    },
  ],
};
