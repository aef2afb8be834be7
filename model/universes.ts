/**
 * Ready-made configurations (universes) for the model. `paperExampleConfig` is the paper's running
 * example: one owner, one user per role of §3.3, the four default partitions each at its own access
 * level, one file, and the role-based ACL the owner hands to the SRS at registration.
 */

import type { CipherMode } from '../common/modes.ts';
import { DEFAULT_PARTITIONS } from '../common/partitions.ts';
import type { Variant } from '../common/variants.ts';
import type { ModelConfig, PastDataPolicy } from './config.ts';
import type { Layer } from './vocabulary.ts';

export const PAPER_EXAMPLE_PARTITIONS = DEFAULT_PARTITIONS;

export function paperExampleConfig(
  layer: Layer,
  variant: Variant,
  pastData: PastDataPolicy = 'from-join-date',
  mode: CipherMode = 'hybrid',
): ModelConfig {
  const maxTime = 4;
  return {
    layer,
    variant,
    pastData,
    mode,
    principals: [
      { id: 'alice', kind: 'owner', role: 'owner' },
      { id: 'bob', kind: 'user', role: 'family' },
      { id: 'carol', kind: 'user', role: 'pharmacist' },
      { id: 'dave', kind: 'user', role: 'insurer' },
      { id: 'erin', kind: 'user', role: 'doctor' },
      { id: 'frank', kind: 'user', role: 'researcher' },
    ],
    partitions: [...PAPER_EXAMPLE_PARTITIONS],
    files: [
      {
        id: 'phr1',
        owner: 'alice',
        window: { start: 0, end: maxTime },
        levels: { personal: 0, medical: 1, insurance: 2, prescription: 3 },
      },
    ],
    roleAccess: [
      { owner: 'alice', role: 'family', partitions: [...PAPER_EXAMPLE_PARTITIONS] },
      { owner: 'alice', role: 'pharmacist', partitions: ['prescription', 'insurance'] },
      { owner: 'alice', role: 'insurer', partitions: ['insurance'] },
      { owner: 'alice', role: 'doctor', partitions: ['medical'] },
      { owner: 'alice', role: 'researcher', partitions: ['medical'] },
    ],
    time: { start: 0, max: maxTime, tokenMaxAge: 1 },
  };
}

/**
 * A small universe for exhaustive and property-based checks: one owner, a family member and a doctor,
 * two partitions, two files — f1 with a level per partition, f2 with both partitions sharing one level
 * (so the level-sharing consequence of Eqs. 6–9 is reachable) — and a short clock.
 */
export function smallConfig(
  layer: Layer,
  variant: Variant,
  pastData: PastDataPolicy = 'from-join-date',
  mode: CipherMode = 'hybrid',
): ModelConfig {
  return {
    layer,
    variant,
    pastData,
    mode,
    principals: [
      { id: 'alice', kind: 'owner', role: 'owner' },
      { id: 'bob', kind: 'user', role: 'family' },
      { id: 'erin', kind: 'user', role: 'doctor' },
    ],
    partitions: ['personal', 'medical'],
    files: [
      { id: 'f1', owner: 'alice', window: { start: 0, end: 3 }, levels: { personal: 0, medical: 1 } },
      { id: 'f2', owner: 'alice', window: { start: 1, end: 4 }, levels: { personal: 0, medical: 0 } },
    ],
    roleAccess: [
      { owner: 'alice', role: 'family', partitions: ['personal', 'medical'] },
      { owner: 'alice', role: 'doctor', partitions: ['medical'] },
    ],
    time: { start: 0, max: 4, tokenMaxAge: 1 },
  };
}

/**
 * The smallest universe the symbolic checks use: one owner, a family member and a doctor, two partitions
 * at different levels, time 0..3. The extended layer's relations are wide (auditRefusal has 5 columns), so
 * its universe keeps one file (in two versions); the paper layer gets a second file whose partitions share
 * a level.
 */
export function tinyConfig(
  layer: Layer,
  variant: Variant,
  pastData: PastDataPolicy = 'from-join-date',
  mode: CipherMode = 'hybrid',
): ModelConfig {
  return {
    layer,
    variant,
    pastData,
    mode,
    principals: [
      { id: 'alice', kind: 'owner', role: 'owner' },
      { id: 'bob', kind: 'user', role: 'family' },
      { id: 'carol', kind: 'user', role: 'doctor' },
    ],
    partitions: ['p1', 'p2'],
    files: [
      {
        id: 'f1',
        owner: 'alice',
        window: { start: 0, end: 2 },
        levels: { p1: 0, p2: 1 },
        // Two versions in the extended layer, so a superseded version and a substituted file are reachable.
        ...(layer === 'extended' ? { versions: 2 } : {}),
      },
      ...(layer === 'paper'
        ? [{ id: 'f2', owner: 'alice', window: { start: 1, end: 3 }, levels: { p1: 1, p2: 1 } }]
        : []),
    ],
    roleAccess: [
      { owner: 'alice', role: 'family', partitions: ['p1', 'p2'] },
      { owner: 'alice', role: 'doctor', partitions: ['p2'] },
    ],
    time: { start: 0, max: 3, tokenMaxAge: 1 },
  };
}
