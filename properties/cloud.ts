/** CLOUD — a cloud insider never learns a plaintext. */
import { member, not } from '../model/expr/build.ts';
import { R, SYSTEM } from '../model/vocabulary.ts';
import type { InvariantProperty, ReadClaim } from './property.ts';
import { nobodyReads } from './reads.ts';
import { CLOUD as CLOUD_PRINCIPAL, existsVars, f, forallVars, i } from './terms.ts';

const CLOUD_CLAIM: ReadClaim = {
  vars: [
    ['f', 'File'],
    ['i', 'Partition'],
  ],
  group: [{ principal: SYSTEM.cloud }],
  file: 'f',
  partition: 'i',
};

export const CLOUD: InvariantProperty = {
  id: 'CLOUD',
  kind: 'invariant',
  title: 'the cloud alone never reads a partition',
  statement:
    'The cloud (an insider with every stored ciphertext, and whatever it serves) can read no partition. Hybrid: holds. Literal: fails — for C = M·Z^r, C·conj(C) = M² gives the plaintext without a key (docs/security-notes.md §1).',
  cite: 'docs/architecture.md; paper §3.3 (insider threats)',
  reads: () => CLOUD_CLAIM,
  formula: (ctx) => nobodyReads(CLOUD_CLAIM, ctx.layer),
  expected: (ctx) => (ctx.mode === 'literal' ? 'fails' : 'holds'),
  premises: () => [
    { name: 'the cloud stores a ciphertext', formula: existsVars([['f', 'File']], member(R.stored, f)) },
  ],
  lemmas: () => [
    { name: 'the cloud holds no key', formula: not(member(R.holdsKeys, CLOUD_PRINCIPAL)) },
    { name: 'the SRS keeps no key of the cloud', formula: not(member(R.srsKeyPair, CLOUD_PRINCIPAL)) },
    {
      name: 'the cloud holds no plaintext',
      formula: forallVars(
        [
          ['f', 'File'],
          ['i', 'Partition'],
        ],
        not(member(R.holdsPT, CLOUD_PRINCIPAL, f, i)),
      ),
    },
  ],
};
