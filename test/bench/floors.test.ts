/**
 * The composite floors perform the operations docs/benchmarks.md states, counted through the parts list
 * (each part's runner wrapped with a counter), on inputs of the step's sizes; the interleaved measurement
 * runs every task once per round in rotating order, and the side-by-side entry divides the two medians of
 * that one measurement. Real primitives (mcl); nothing about speed is asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUDGETS, type SuiteContext } from '../../src/bench/context.ts';
import {
  compositeFloor,
  decryptFloor,
  downloadTurnaroundFloor,
  encryptFloor,
  type FloorPart,
  keygenFloor,
  ownerKeygenFloor,
  reEncryptFloor,
  uploadTurnaroundFloor,
} from '../../src/bench/floors.ts';
import { BenchTaskError, interleaved, roundOrder } from '../../src/bench/measure.ts';
import { groupPrimitive, gtMembershipSideBySide, MIB } from '../../src/bench/primitives.ts';
import { measureFloored } from '../../src/bench/side-by-side.ts';

const workDir = mkdtempSync(join(tmpdir(), 'sesphr-floors-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const cache = new Map<string, Promise<unknown>>();
const ctx: SuiteContext = {
  quick: true,
  backends: ['mcl'],
  defaultBackend: 'mcl',
  overrides: {},
  workDir,
  budget: (kind) => BUDGETS.quick[kind],
  task: () => {},
  once: <T>(key: string, make: () => Promise<T>) => {
    let pending = cache.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = make();
      cache.set(key, pending);
    }
    return pending;
  },
  note: () => {},
};

/** The parts with counting runners, and the counts by primitive after running the composite once. */
function countRun(parts: readonly FloorPart[]): Record<string, number> {
  const calls: Record<string, number> = {};
  const counted = parts.map((p) => ({
    ...p,
    run: () => {
      calls[p.primitive] = (calls[p.primitive] ?? 0) + 1;
      return p.run();
    },
  }));
  compositeFloor(counted)();
  return calls;
}

/** The one part of `parts` that is primitive `id`. */
function one(parts: readonly FloorPart[], id: string): FloorPart {
  const found = parts.filter((p) => p.primitive === id);
  if (found.length !== 1) throw new Error(`expected one ${id} part, found ${found.length}`);
  return found[0] as FloorPart;
}
const QUARTER = MIB / 4;

describe('composite floors perform the stated operations', () => {
  it('user decrypt, 1 MiB in 4 partitions', async () => {
    const parts = await decryptFloor(ctx, 'mcl', MIB, 4);
    expect(countRun(parts)).toEqual({
      'primitive.ed25519Verify': 5, // the manifest, then each R_{i-U}
      'primitive.sha256PerMiB': 1,
      'primitive.gtDecode.mcl': 4,
      'primitive.gtPow.mcl': 4,
      'primitive.hkdf': 4,
      'primitive.aesGcmOpenPerMiB': 4,
    });
    const open = one(parts, 'primitive.aesGcmOpenPerMiB');
    expect(open.bytesPerCall).toBe(QUARTER);
    expect(open.count).toBe(1); // 4 × ¼ MiB, in the per-MiB figure's unit
    expect((open.run() as Uint8Array).length).toBe(QUARTER);
    const hash = one(parts, 'primitive.sha256PerMiB');
    expect(hash.bytesPerCall).toBe(MIB);
    expect((hash.run() as Uint8Array).length).toBe(32);
  });

  it('owner encrypt + upload, 1 MiB in 4 partitions', async () => {
    const parts = await encryptFloor(ctx, 'mcl', MIB, 4);
    expect(countRun(parts)).toEqual({
      'primitive.gtPowBase.mcl': 4,
      'primitive.g1MulBase.mcl': 4,
      'primitive.hkdf': 4,
      'primitive.aesGcmSealPerMiB': 4,
      'primitive.sha256PerMiB': 2,
      'primitive.ed25519Sign': 2,
    });
    const seal = one(parts, 'primitive.aesGcmSealPerMiB');
    expect((seal.run() as Uint8Array).length).toBe(QUARTER + 16); // ciphertext + GCM tag
    expect(one(parts, 'primitive.sha256PerMiB').count).toBe(2);
  });

  it('SRS re-encryption: pairing and signature per partition, RK only in the paper variant', async () => {
    expect(countRun(await reEncryptFloor(ctx, 'mcl', 'paper', 4))).toEqual({
      'primitive.pairing.mcl': 4,
      'primitive.ed25519Sign': 4,
      'primitive.g2MulBase.mcl': 4,
    });
    expect(countRun(await reEncryptFloor(ctx, 'mcl', 'hardened'))).toEqual({
      'primitive.pairing.mcl': 1,
      'primitive.ed25519Sign': 1,
    });
  });

  it('key generation: N G2 fixed-base multiplications; one owner: one more signature-sized one', async () => {
    expect(countRun(await keygenFloor(ctx, 'mcl', 10))).toEqual({ 'primitive.g2MulBase.mcl': 10 });
    expect(countRun(await ownerKeygenFloor(ctx, 'mcl'))).toEqual({
      'primitive.g2MulBase.mcl': 1,
      'primitive.ed25519Sign': 1,
    });
  });

  it('turnaround: the steps’ floors plus one durable write / one read of the uploaded bytes', async () => {
    const up = await uploadTurnaroundFloor(ctx, 'mcl', 64 * 1024, 4, 70_000);
    const down = await downloadTurnaroundFloor(ctx, 'mcl', 64 * 1024, 4, 70_000);
    expect(countRun(up)).toMatchObject({ 'primitive.fsWriteFsync.70000': 1, 'primitive.gtPowBase.mcl': 4 });
    expect(countRun(down)).toMatchObject({
      'primitive.fsRead.70000': 1,
      'primitive.pairing.mcl': 4,
      'primitive.g2MulBase.mcl': 4,
      'primitive.gtPow.mcl': 4,
    });
    const read = one(down, 'primitive.fsRead.70000');
    expect((read.run() as Uint8Array).length).toBe(70_000);
  });

  it('a part of the real primitives runs without error (a failed check would throw)', async () => {
    const parts = await decryptFloor(ctx, 'mcl', 4096, 2);
    expect(() => compositeFloor(parts)()).not.toThrow();
  });
});

describe('the interleaved measurement', () => {
  it('rotates the order each round, so every task leads in turn', () => {
    expect(roundOrder(2, 0)).toEqual([0, 1]);
    expect(roundOrder(2, 1)).toEqual([1, 0]);
    expect(roundOrder(3, 1)).toEqual([1, 2, 0]);
  });

  it('runs warm-up rounds, then one sample per task per round, alternating', async () => {
    const log: string[] = [];
    const samples = await interleaved(
      [
        { name: 'A', fn: () => log.push('A') },
        { name: 'B', fn: () => log.push('B') },
      ],
      { timeMs: 0, minSamples: 3, warmup: 1 },
    );
    expect(log.join('')).toBe('AB' + 'ABBAAB');
    expect(samples.map((s) => s.length)).toEqual([3, 3]);
  });

  it('a task that throws ends the measurement, naming the task', async () => {
    await expect(
      interleaved(
        [
          { name: 'fine', fn: () => 1 },
          {
            name: 'broken step',
            fn: () => {
              throw new Error('boom');
            },
          },
        ],
        { timeMs: 0, minSamples: 2, warmup: 0 },
      ),
    ).rejects.toThrow(BenchTaskError);
    await expect(
      interleaved([{ name: 'broken step', fn: () => Promise.reject(new Error('boom')) }], {
        timeMs: 0,
        minSamples: 1,
        warmup: 0,
      }),
    ).rejects.toThrow(/broken step.*boom/);
  });

  it('a floor shared by two steps is one task; each entry divides that measurement’s medians', async () => {
    const floor = await keygenFloor(ctx, 'mcl', 2);
    const runs = { a: 0, b: 0, g2: 0 };
    const counted = floor.map((p) => ({
      ...p,
      run: () => {
        runs.g2++;
        return p.run();
      },
    }));
    const step = (name: 'a' | 'b') => ({
      step: name,
      suite: 'keygen' as const,
      figureId: `keygen.${name}`,
      title: name,
      params: {},
      run: () => runs[name]++,
      floor: counted,
    });
    const { results } = await measureFloored(ctx, [step('a'), step('b')], {
      timeMs: 0,
      minSamples: 4,
      warmup: 1,
    });
    expect(runs).toEqual({ a: 5, b: 5, g2: 10 }); // 5 rounds; the floor (2 calls) once per round
    const [a, b] = results;
    expect(a?.floorFigure).toBe(b?.floorFigure);
    expect(a?.floorFigure.id).toBe('floor.keygen.a');
    for (const r of results) {
      expect(r.samples).toHaveLength(4);
      expect(r.entry.overhead).toBe(r.figure.p50 / r.floorFigure.p50);
      expect(r.entry.parts).toEqual([
        expect.objectContaining({ primitive: 'primitive.g2MulBase.mcl', calls: 2, count: 2 }),
      ]);
      expect(r.entry.summedFloorMs).toBeCloseTo(2 * (r.entry.parts[0]?.p50 ?? Number.NaN), 12);
    }
  });
});

describe('the GT membership test both ways', () => {
  it('is one interleaved measurement, cached as the two primitives’ figures', async () => {
    await gtMembershipSideBySide(ctx, 'mcl');
    const generic = await groupPrimitive(ctx, 'mcl', 'gtCheckGeneric');
    const fast = await groupPrimitive(ctx, 'mcl', 'gtDecode');
    expect(generic.id).toBe('primitive.gtCheckGeneric.mcl');
    expect(fast.id).toBe('primitive.gtDecode.mcl');
    expect(generic.samples.length).toBe(fast.samples.length);
  });
});
