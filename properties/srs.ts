/** SRS — a curious SRS, alone or colluding, never learns a plaintext (where the variant protects it). */
import { and, apply, exists, implies, member, not } from '../model/expr/build.ts';
import { canRead, coalition } from '../model/knowledge.ts';
import { F, R, SYSTEM } from '../model/vocabulary.ts';
import type { InvariantProperty } from './property.ts';
import {
  CLOUD,
  existsVars,
  f,
  forallVars,
  groupOf,
  i,
  isUser,
  levelOf,
  SRS as SRS_PRINCIPAL,
  u,
} from './terms.ts';

const readsNothing = (group: ReturnType<typeof coalition>, layer: 'paper' | 'extended') =>
  forallVars(
    [
      ['f', 'File'],
      ['i', 'Partition'],
    ],
    not(canRead(group, f, i, layer)),
  );

export const SRS_ALONE: InvariantProperty = {
  id: 'SRS',
  kind: 'invariant',
  title: 'a curious SRS alone reads nothing',
  statement:
    'The SRS on its own — every key pair it keeps (paper variant), every R_{i-P} and RK it stores — can read no partition: it never holds a ciphertext.',
  cite: 'paper §1 (semi-trusted SRS); docs/architecture.md ("Variants")',
  formula: (ctx) => readsNothing(coalition([SYSTEM.srs]), ctx.layer),
  expected: () => 'holds',
  premises: () => [
    {
      name: 'the SRS holds an owner parameter',
      formula: existsVars(
        [['f', 'File']],
        exists('Level', 'l', (l) => member(R.srsParam, f, l)),
      ),
    },
  ],
  lemmas: () => [
    {
      name: 'the SRS holds no ciphertext',
      formula: forallVars([['f', 'File']], not(member(R.holdsC, SRS_PRINCIPAL, f))),
    },
  ],
};

export const SRS_CLOUD: InvariantProperty = {
  id: 'SRS+cloud',
  kind: 'invariant',
  title: 'the SRS colluding with the cloud reads nothing',
  statement:
    'The SRS and the cloud together can read no partition. Paper variant: FAILS — the SRS keeps x_P and R_{i-P}, so e(R_{i-P}, g2)^{1/x_P} = Z^{r_i} opens the cloud’s ciphertext. Hardened: holds in hybrid mode (the SRS holds only public keys and RKs); fails in literal mode (the cloud alone reads).',
  cite: 'docs/architecture.md ("Variants"); docs/paper.md §2 (consequences)',
  formula: (ctx) => readsNothing(coalition([SYSTEM.srs, SYSTEM.cloud]), ctx.layer),
  expected: (ctx) => (ctx.variant === 'paper' || ctx.mode === 'literal' ? 'fails' : 'holds'),
  premises: () => [
    {
      name: 'a file is stored and its parameters are at the SRS',
      formula: existsVars(
        [['f', 'File']],
        and(
          member(R.stored, f),
          exists('Level', 'l', (l) => member(R.srsParam, f, l)),
        ),
      ),
    },
  ],
};

export const SRS_CLOUD_USER: InvariantProperty = {
  id: 'SRS+cloud+user',
  kind: 'invariant',
  title: 'the SRS, the cloud and a user read only what the user was given',
  statement:
    'The SRS, the cloud and any one user together read no partition at a level the user holds no R_{l-U} for. FAILS in every configuration: in the hardened variant RK_{o→u}^{1/x_u} = g2^{1/x_o}, so with u’s key the SRS’s R_{l-P} opens every level of that owner; the paper variant fails already without the user.',
  cite: 'docs/architecture.md ("Variants")',
  formula: (ctx) =>
    forallVars(
      [
        ['u', 'Principal'],
        ['f', 'File'],
        ['i', 'Partition'],
      ],
      implies(
        and(isUser(u), not(member(R.holdsRu, u, f, levelOf(f, i)))),
        not(canRead(groupOf(SRS_PRINCIPAL, CLOUD, u), f, i, ctx.layer)),
      ),
    ),
  expected: () => 'fails',
  premises: (ctx) => [
    {
      name: 'a user the SRS can re-encrypt for',
      formula: existsVars(
        [['u', 'Principal']],
        ctx.variant === 'paper'
          ? and(isUser(u), member(R.srsKeyPair, u))
          : exists('Principal', 'o', (o) => and(apply(F.isOwner, o), member(R.srsReKey, o, u))),
      ),
    },
  ],
};
