/** P2 — the paper's property 2: encryption and decryption work correctly. */
import { and, member, not, TRUE } from '../model/expr/build.ts';
import { R } from '../model/vocabulary.ts';
import type { StepProperty } from './property.ts';
import { enabledSomewhere, f, i, levelOf, u } from './terms.ts';

export const P2: StepProperty = {
  id: 'P2',
  kind: 'step',
  title: 'a reader accepts only the owner’s partition',
  statement:
    'A reader decrypts (Decrypt_C) only a copy that passes the check of the owner’s signed manifest, with R_{l-U} of the partition’s level issued to it and its own key; and then obtains exactly the owner’s plaintext (the simulator compares the bytes on every decryption — a mismatch is a divergence, so every scenario and random run checks it on real crypto).',
  cite: 'paper §5 property 2; Eq. 33',
  transitions: ['Decrypt_C'],
  condition: (ctx) =>
    and(
      member(R.holdsC, u, f),
      ctx.layer === 'extended' ? not(member(R.holdsCorrupt, u, f)) : TRUE,
      member(R.holdsRu, u, f, levelOf(f, i)),
      member(R.holdsKeys, u),
    ),
  expected: () => 'holds',
  premises: (ctx) => [
    { name: 'a reader decrypts a partition', formula: enabledSomewhere(ctx.net, 'Decrypt_C') },
  ],
};
