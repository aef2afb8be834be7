/** SRS — a curious SRS, alone or colluding, never learns a plaintext (where the variant protects it). */
import { and, apply, exists, member, not } from '../model/expr/build.ts';
import { F, R, SYSTEM } from '../model/vocabulary.ts';
import type { InvariantProperty, ReadClaim } from './property.ts';
import { nobodyReads } from './reads.ts';
import { existsVars, f, forallVars, i, isUser, levelOf, SRS as SRS_PRINCIPAL, u } from './terms.ts';

/** The group of these system principals reads no partition of any file. */
const readsNothing = (...principals: string[]): ReadClaim => ({
  vars: [
    ['f', 'File'],
    ['i', 'Partition'],
  ],
  group: principals.map((principal) => ({ principal })),
  file: 'f',
  partition: 'i',
});
const SRS_ALONE_CLAIM = readsNothing(SYSTEM.srs);
const SRS_CLOUD_CLAIM = readsNothing(SYSTEM.srs, SYSTEM.cloud);
/** The SRS, the cloud and a user u read no partition at a level u holds no R_{l-U} for. */
const SRS_CLOUD_USER_CLAIM: ReadClaim = {
  vars: [
    ['u', 'Principal'],
    ['f', 'File'],
    ['i', 'Partition'],
  ],
  premise: and(isUser(u), not(member(R.holdsRu, u, f, levelOf(f, i)))),
  group: [{ principal: SYSTEM.srs }, { principal: SYSTEM.cloud }, { variable: 'u' }],
  file: 'f',
  partition: 'i',
};

export const SRS_ALONE: InvariantProperty = {
  id: 'SRS',
  kind: 'invariant',
  title: 'a curious SRS alone reads nothing',
  statement:
    'The SRS on its own — every key pair it keeps (paper variant), every R_{i-P} and RK it stores — can read no partition: it never holds a ciphertext.',
  cite: 'paper §1 (semi-trusted SRS); docs/architecture.md ("Variants")',
  reads: () => SRS_ALONE_CLAIM,
  formula: (ctx) => nobodyReads(SRS_ALONE_CLAIM, ctx.layer),
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
  reads: () => SRS_CLOUD_CLAIM,
  formula: (ctx) => nobodyReads(SRS_CLOUD_CLAIM, ctx.layer),
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
  reads: () => SRS_CLOUD_USER_CLAIM,
  formula: (ctx) => nobodyReads(SRS_CLOUD_USER_CLAIM, ctx.layer),
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
