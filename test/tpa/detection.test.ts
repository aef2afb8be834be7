/**
 * Detection probability: the formula and its inverse, a published figure, and the observed detection
 * rate of real audits (the TPA against a cloud whose blocks are corrupted) within a tolerance derived
 * from the number of trials. Seeded, so a failure reproduces.
 *
 * Tolerance: the observed rate over T independent trials has standard deviation √(p(1 − p)/T); the test
 * allows 5 of those plus 1/T (a false failure about once in 1.7 million comparisons). SESPHR_TPA_TRIALS sets T
 * (default 1,000; 300 in the fast suite).
 */
import { describe, expect, it } from 'vitest';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { auditFile } from '../../src/tpa/auditor.ts';
import { drawIndices } from '../../src/tpa/challenge.ts';
import { CloudStore } from '../../src/tpa/cloud.ts';
import {
  challengesFor,
  detectionProbability,
  exactDetectionProbability,
  probabilityFor,
  type Sampling,
} from '../../src/tpa/probability.ts';
import { FAST } from '../helpers/effort.ts';
import { owner, syntheticUpload } from './helpers.ts';

const TRIALS = Number(process.env.SESPHR_TPA_TRIALS ?? (FAST ? 300 : 1000));
const tolerance = (p: number, t: number) => 5 * Math.sqrt((p * (1 - p)) / t) + 1 / t;

describe('detection probability', () => {
  it('1 − (1 − ρ)^c and the smallest c for a target', () => {
    expect(detectionProbability(0.5, 1)).toBe(0.5);
    expect(detectionProbability(0.1, 2)).toBeCloseTo(0.19, 12);
    expect(detectionProbability(0, 100)).toBe(0);
    // ln(0.01) / ln(0.99) = 458.21…, so 459 challenges reach 99 % at ρ = 1 %; 458 do not
    expect(challengesFor(0.99, 0.01)).toBe(459);
    expect(0.99 ** 458).toBeGreaterThan(0.01);
    expect(0.99 ** 459).toBeLessThan(0.01);
    // ln(0.05) / ln(0.99) = 298.07…: 299 for 95 %
    expect(challengesFor(0.95, 0.01)).toBe(299);
    expect(challengesFor(0.99, 0.01, 100)).toBe(100);
    expect(challengesFor(0.5, 1)).toBe(1);
    expect(() => challengesFor(1, 0.1)).toThrow(RangeError);
    expect(() => challengesFor(0.9, 0)).toThrow(RangeError);
  });

  it('the published PDP figure: 1 % of 10,000 blocks corrupted, 460 challenges detect with > 99 %, 300 with > 95 %', () => {
    // Ateniese et al., "Provable Data Possession at Untrusted Stores", ACM CCS 2007, §3 (sampling).
    expect(exactDetectionProbability(10_000, 100, 460)).toBeGreaterThan(0.99);
    expect(exactDetectionProbability(10_000, 100, 300)).toBeGreaterThan(0.95);
  });

  it('distinct challenges never do worse than the formula, and match it as the file grows', () => {
    for (const [n, k, c] of [
      [100, 5, 30],
      [1000, 10, 200],
      [50, 50, 1],
      [10, 1, 10],
    ] as const) {
      expect(exactDetectionProbability(n, k, c)).toBeGreaterThanOrEqual(
        detectionProbability(k / n, c) - 1e-12,
      );
    }
    expect(exactDetectionProbability(10, 1, 10)).toBe(1);
    expect(
      Math.abs(exactDetectionProbability(1_000_000, 10_000, 100) - detectionProbability(0.01, 100)),
    ).toBeLessThan(1e-3);
  });

  it('distinct indices are distinct, in range, and uniform enough (every index drawn about equally)', () => {
    const rng = deterministicRng('indices');
    const n = 50;
    const hits = new Array(n).fill(0);
    for (let t = 0; t < 2000; t++) {
      const drawn = drawIndices(rng, n, 10);
      expect(new Set(drawn).size).toBe(10);
      for (const i of drawn) hits[i]++;
    }
    // each index is drawn with probability 10/50 per trial: mean 400, σ = √(2000·0.2·0.8) ≈ 17.9
    for (const h of hits) expect(Math.abs(h - 400)).toBeLessThan(5 * 17.9);
  });
});

interface Case {
  readonly name: string;
  readonly sampling: Sampling;
  readonly rho: number;
  readonly c: number;
  /** Where the corruption goes: random blocks each trial, or always the last ones (an adversary who does not know the challenge). */
  readonly placement: 'random' | 'last';
}

describe('observed detection rate of real audits against the formula', () => {
  const alice = owner('alice');
  // one partition sized so that the stored object is exactly 2,048 blocks of 64 bytes (a power of two:
  // every path the cloud returns is made of cached subtrees, which keeps 4,800 audits quick)
  const overhead = syntheticUpload(alice, 'phr', 1, 0, 64).object.length;
  const upload = syntheticUpload(alice, 'phr', 1, 2048 * 64 - overhead, 64);
  const cloud = new CloudStore();
  cloud.accept(upload.object, upload.manifest, alice.publicKey);
  const n = Math.ceil(upload.object.length / 64);
  it('the stored object has 2,048 blocks', () => expect(n).toBe(2048));

  const cases: Case[] = [
    {
      name: 'independent challenges, random corruption',
      sampling: 'independent',
      rho: 0.02,
      c: 60,
      placement: 'random',
    },
    {
      name: 'distinct challenges, random corruption',
      sampling: 'distinct',
      rho: 0.02,
      c: 60,
      placement: 'random',
    },
    {
      name: 'distinct challenges, the last blocks corrupted',
      sampling: 'distinct',
      rho: 0.05,
      c: 20,
      placement: 'last',
    },
    {
      name: 'independent challenges, 5 % corrupted, c chosen for 90 %',
      sampling: 'independent',
      rho: 0.05,
      c: challengesFor(0.9, 0.05),
      placement: 'random',
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, k) => {
    const corrupted = Math.round(k.rho * n);
    const rng = deterministicRng(`trials:${k.name}`);
    const expected = probabilityFor(k.sampling, n, corrupted, k.c);
    let detected = 0;
    for (let t = 0; t < TRIALS; t++) {
      const blocks =
        k.placement === 'last'
          ? cloud.flipBits('alice', 'phr', { blocks: Array.from({ length: corrupted }, (_, i) => n - 1 - i) })
          : cloud.flipBits('alice', 'phr', { count: corrupted, rng });
      const verdict = auditFile({
        ownerId: 'alice',
        fileId: 'phr',
        ownerKey: alice.publicKey,
        cloud,
        challenges: k.c,
        sampling: k.sampling,
        rng,
      });
      if (verdict.result === 'failed') {
        detected++;
        // what it names is among what was corrupted
        for (const p of verdict.problems) for (const b of p.blocks) expect(blocks).toContain(b);
      }
      cloud.flipBits('alice', 'phr', { blocks }); // flip back
    }
    const observed = detected / TRIALS;
    const allowed = tolerance(expected, TRIALS);
    console.log(
      `detection: ${k.name}: n=${n} ρ=${k.rho} c=${k.c}: formula ${detectionProbability(k.rho, k.c).toFixed(4)}, exact ${expected.toFixed(4)}, observed ${observed.toFixed(4)} over ${TRIALS} trials (±${allowed.toFixed(4)})`,
    );
    expect(Math.abs(observed - expected)).toBeLessThanOrEqual(allowed);
  });
});
