/**
 * The arithmetic of the report on synthetic samples: quantiles, distributions, ratios of medians, floors
 * and the headline ratios (which figure each one divides by which). No timing is asserted anywhere.
 */
import { describe, expect, it } from 'vitest';
import { floorEntry } from '../../src/bench/floors.ts';
import { figure } from '../../src/bench/measure.ts';
import { computeRatios } from '../../src/bench/ratios.ts';
import { RATIO_NAMES } from '../../src/bench/results.ts';
import { distribution, quantile, ratioOfMedians, sumOfMedians } from '../../src/bench/stats.ts';

const fig = (id: string, samples: number[], params: Record<string, string | number> = {}) =>
  figure(id.startsWith('primitive.') ? 'primitives' : 'encdec', id, id, params, samples);

describe('statistics', () => {
  it('quantiles interpolate between closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.99)).toBe(5);
    expect(quantile([0, 10], 0.99)).toBeCloseTo(9.9);
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('a distribution keeps every sample and its summary', () => {
    const d = distribution([3, 1, 2, 10]);
    expect(d).toMatchObject({ mean: 4, p50: 2.5, min: 1, max: 10, samples: [3, 1, 2, 10] });
    expect(d.p99).toBeCloseTo(9.79);
    expect(() => distribution([])).toThrow(RangeError);
    expect(() => distribution([1, Number.NaN])).toThrow(RangeError);
  });

  it('ratios are of medians, undefined when a side is missing or zero', () => {
    expect(ratioOfMedians(distribution([10, 20, 30]), distribution([1, 2, 1000]))).toBe(10);
    expect(ratioOfMedians(undefined, { p50: 1 })).toBeUndefined();
    expect(ratioOfMedians({ p50: 1 }, { p50: 0 })).toBeUndefined();
    expect(sumOfMedians([{ p50: 1 }, { p50: 2.5 }])).toBe(3.5);
    expect(sumOfMedians([{ p50: 1 }, undefined])).toBeUndefined();
  });
});

describe('floors', () => {
  it('the overhead is the step median over the composite floor median; the summed floor is beside it', () => {
    const measured = fig('encdec.encrypt.hybrid.mcl.1024KB', [30, 31, 29]);
    const composite = fig('floor.encdec.encrypt.hybrid.mcl.1024KB', [12, 20, 10]);
    const entry = floorEntry('encrypt', measured, composite, [
      { primitive: 'primitive.gtPowBase.mcl', calls: 4, count: 4, p50: 1 },
      { primitive: 'primitive.aesGcmSealPerMiB', calls: 2, count: 0.5, p50: 2 },
    ]);
    expect(entry.measuredMs).toBe(30);
    expect(entry.floorMs).toBe(12);
    expect(entry.floorFigure).toBe(composite.id);
    expect(entry.overhead).toBe(2.5); // 30 / 12
    expect(entry.summedFloorMs).toBe(5); // 4 × 1 + 0.5 × 2
    expect(entry.summedOverhead).toBe(6); // 30 / 5
    expect(entry.parts.map((p) => [p.calls, p.count])).toEqual([
      [4, 4],
      [2, 0.5],
    ]);
  });

  it('a zero floor gives overhead 0 (which the ratios turn into null), never infinity', () => {
    const entry = floorEntry('x', fig('a', [1]), fig('floor.a', [0]), []);
    expect(entry.overhead).toBe(0);
    expect(entry.summedOverhead).toBe(0);
    expect(
      computeRatios(
        [fig('turnaround.total.mcl.1024KB', [1])],
        [{ ...entry, figure: 'turnaround.total.mcl.1024KB' }],
        'mcl',
        undefined,
      ).turnaroundOverFloor1MiB,
    ).toBeNull();
  });
});

describe('headline ratios', () => {
  const figures = [
    fig('encdec.encrypt.literal.mcl.1024KB', [300, 300, 300]),
    fig('encdec.decrypt.literal.mcl.1024KB', [200, 210, 190]),
    fig('encdec.encrypt.hybrid.mcl.1024KB', [10, 10, 10]),
    fig('encdec.decrypt.hybrid.mcl.1024KB', [15, 14, 16]),
    fig('primitive.pairing.noble', [20, 21, 19]),
    fig('primitive.pairing.mcl', [4, 5, 3]),
    fig('peers.ours.encrypt.1024', [2]),
    fig('peers.ours.reencrypt.1024', [3]),
    fig('peers.ours.decrypt.1024', [5]),
    fig('peers.umbral.encrypt.1024', [1]),
    fig('peers.umbral.reencrypt.1024', [1]),
    fig('peers.umbral.decrypt.1024', [2]),
    fig('primitive.gtCheckGeneric.mcl', [6, 6, 6]),
    fig('primitive.gtDecode.mcl', [2, 2, 2]),
    fig('turnaround.total.mcl.1024KB', [50]),
  ];
  const floors = [
    floorEntry('T', figures[14] as never, fig('floor.turnaround.total.mcl.1024KB', [40, 41, 39]), []),
  ];

  it('each is the documented quotient of medians', () => {
    const ratios = computeRatios(figures, floors, 'mcl', undefined);
    expect(Object.keys(ratios).sort()).toEqual([...RATIO_NAMES].sort());
    expect(ratios.hybridVsLiteral1MiB).toBe(20); // (300 + 200) / (10 + 15)
    expect(ratios.mclVsNoblePairing).toBe(5); // 20 / 4
    expect(ratios.umbralVsOurs1KiB).toBe(2.5); // (2 + 3 + 5) / (1 + 1 + 2)
    expect(ratios.gtCheckFastVsGeneric).toBe(3);
    expect(ratios.turnaroundOverFloor1MiB).toBe(1.25);
  });

  it('a ratio whose figures were not measured is null, never a guess', () => {
    const ratios = computeRatios(figures.slice(0, 4), [], 'noble', undefined);
    expect(ratios.hybridVsLiteral1MiB).toBeNull(); // the figures are mcl's, the default is noble
    expect(ratios.keygenOverFloor).toBeNull();
    expect(ratios.umbralVsOurs1KiB).toBeNull();
  });
});
