/**
 * INT — integrity of what the cloud stores (seed paper: the TPA module verifies the stored PHR; the secure
 * auditing storage records every instance of a file hacked or corrupted).
 *
 * Three parts, each a sound statement about the model:
 * - INT: a reader never accepts (decrypts) a copy that fails the owner's signed manifest;
 * - INT-TPA: the TPA never records a corruption verdict for a file the cloud serves as uploaded (no false
 *   accusation) — an invariant, proved unboundedly;
 * - INT-DETECT: an altered file can receive a corruption verdict (reachable).
 * The model lets an audit of an altered file come out intact: a sample of c blocks misses every damaged
 * block with probability (1 − ρ)^c. How often the real TPA detects is the concrete oracle's, not a model
 * invariant: test/tpa/detection.test.ts audits real files with a fraction ρ of their blocks corrupted, 1,000
 * times per case, and requires the observed rate to lie within 5σ of 1 − (1 − ρ)^c (docs/tpa.md); in the
 * simulator, whose TPA asks for every block, a verdict that differs from the model's is a divergence.
 */
import { and, apply, exists, forall, implies, member, not, or } from '../model/expr/build.ts';
import { tampered } from '../model/transitions.ts';
import { F, R } from '../model/vocabulary.ts';
import type { InvariantProperty, ReachableProperty, StepProperty } from './property.ts';
import { enabledSomewhere, existsVars, f, forallVars, u } from './terms.ts';

const extendedOnly = (ctx: { layer: string }) => ctx.layer === 'extended';

/** Why INT holds beyond the guard: every damaged or foreign copy a reader holds is flagged (D_C, Eq. 30). */
const COPY_FLAGGED = {
  name: 'a damaged or foreign copy is flagged',
  formula: forallVars(
    [
      ['u', 'Principal'],
      ['f', 'File'],
    ],
    implies(
      or(
        member(R.holdsDamaged, u, f),
        exists('File', 'g', (g) => member(R.holdsForeign, u, f, g)),
      ),
      member(R.holdsCorrupt, u, f),
    ),
  ),
};

export const INT: StepProperty = {
  id: 'INT',
  kind: 'step',
  title: 'no altered or substituted copy is accepted',
  statement:
    'A reader decrypts (Decrypt_C) only a copy that passes the owner’s signed manifest: never one the cloud altered, stripped, reordered or substituted — stated over what the copy is (damaged, or another upload), not only over the reader’s flag. Such a copy is rejected and audited (Reject_C). Concrete oracle: the simulator’s reader decrypts only through the owner’s signed manifest (decryptDownloadVerified), and conformance ties holdsCorrupt to what the bytes verify as; outside the simulator a reader also checks the log’s latest version (docs/audit.md "Rollback").',
  cite: 'seed paper (TPA, secure auditing storage); docs/model.md decision 12',
  appliesTo: extendedOnly,
  transitions: ['Decrypt_C'],
  // Over what the copy is, not only over the reader's flag: a check that passes an altered or substituted
  // copy (a D_C that does not flag it) is as much a violation as a reader that ignores the flag.
  condition: () =>
    and(
      not(member(R.holdsCorrupt, u, f)),
      not(member(R.holdsDamaged, u, f)),
      not(exists('File', 'g', (g) => member(R.holdsForeign, u, f, g))),
    ),
  lemmas: () => [COPY_FLAGGED],
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

export const INT_TPA: InvariantProperty = {
  id: 'INT-TPA',
  kind: 'invariant',
  title: 'the TPA never accuses the cloud of an intact file',
  statement:
    'Whenever the audit log holds a corruption verdict of the TPA for a file (auditCorruption), a cloud insider has interfered with what the cloud serves for it (altered, misdescribed or substituted it). The converse is probabilistic and not a model invariant: the model lets an audit of an altered file miss; the real detection rate 1 − (1 − ρ)^c is the statistical test’s (test/tpa/detection.test.ts).',
  cite: 'seed paper (TPA module; secure auditing storage); docs/model.md decision 15; docs/tpa.md',
  appliesTo: extendedOnly,
  formula: () =>
    forallVars(
      [['f', 'File']],
      forall('Time', 't', (t) => implies(member(R.auditCorruption, f, t), tampered(f))),
    ),
  expected: () => 'holds',
  premises: () => [
    {
      name: 'an altered file is under audit',
      formula: existsVars([['f', 'File']], and(member(R.tpaChallenged, f), member(R.corrupted, f))),
    },
    {
      name: 'a file the cloud serves as uploaded passes its audit',
      formula: existsVars(
        [['f', 'File']],
        and(
          exists('Time', 't', (t) => member(R.auditIntact, f, t)),
          member(R.stored, f),
          not(tampered(f)),
        ),
      ),
    },
  ],
};

export const INT_DETECT: ReachableProperty = {
  id: 'INT-DETECT',
  kind: 'reachable',
  title: 'an altered file can be caught by the TPA',
  statement:
    'Some run reaches a state in which the ciphertext the cloud serves for a file was altered (Tamper_C) and the audit log holds the TPA’s corruption verdict for it. With the simulator’s TPA, which asks for every block, every altered file is caught (scenario 32).',
  cite: 'seed paper (secure auditing storage: every instance of a file hacked or corrupted is recorded)',
  appliesTo: extendedOnly,
  formula: () =>
    existsVars(
      [['f', 'File']],
      and(
        member(R.corrupted, f),
        exists('Time', 't', (t) => member(R.auditCorruption, f, t)),
      ),
    ),
  expected: () => 'reachable',
  premises: () => [],
};
