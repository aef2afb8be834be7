/**
 * Key generation for 10 … 10,000 users (the paper's Fig. 3), per variant, on the default backend, timed
 * interleaved with its composite floor: N fixed-base multiplications in G2 (the public key's group). The
 * largest batch is also run spread over every core (worker threads started beforehand).
 */
import os from 'node:os';
import { loadBackend } from '../../crypto/backend/index.ts';
import { HardenedOwner, PaperOwner, PaperSrs } from '../../crypto/parties.ts';
import { VARIANTS } from '../../crypto/types.ts';
import type { Suite } from '../context.ts';
import { type FloorPart, floorEntry, keygenFloor, ownerKeygenFloor, summedParts } from '../floors.ts';
import { generateKeys } from '../keygen-work.ts';
import { figure, sample } from '../measure.ts';
import { PAPER_USER_COUNTS } from '../paper.ts';
import type { Figure, FloorEntry } from '../results.ts';
import { type FlooredResult, flooredOutput, measureFloored } from '../side-by-side.ts';
import { KeygenPool } from '../workers.ts';

const QUICK_USER_COUNTS = [10, 100, 1000];

export const keygenFigureId = (variant: string, users: number, threads = 1) =>
  `keygen.${variant}.${users}${threads > 1 ? `.threads${threads}` : ''}`;

export const keygen: Suite = async (ctx) => {
  const counts = ctx.overrides.userCounts ?? (ctx.quick ? QUICK_USER_COUNTS : PAPER_USER_COUNTS);
  const backendName = ctx.defaultBackend;
  const backend = await loadBackend(backendName);
  const figures: Figure[] = [];
  const floors: FloorEntry[] = [];
  let batch = 0;
  const batchFloors = new Map<number, { figure: Figure; parts: readonly FloorPart[] }>();
  for (const users of counts) {
    // Both variants and their floor (N G2 fixed-base multiplications) interleaved in one measurement: a
    // shared machine's load moves within minutes, and a floor timed at another moment compares moments.
    const floor = await keygenFloor(ctx, backendName, users);
    ctx.task(`keygen ${users} users, both variants beside their floor`);
    const { results } = await measureFloored(
      ctx,
      VARIANTS.map((variant) => ({
        step: `keygen ${users} users ${variant}`,
        suite: 'keygen' as const,
        figureId: keygenFigureId(variant, users),
        title: `key generation for ${users} users, ${variant} variant`,
        params: { backend: backendName, variant, users, threads: 1 },
        run: () => generateKeys(backend, variant, users, `u${batch++}-`),
        floor,
      })),
      ctx.budget(users >= 1000 ? 'heavy' : 'slow'),
    );
    const out = flooredOutput(results);
    figures.push(...out.figures);
    floors.push(...out.floors);
    batchFloors.set(users, { figure: (results[0] as FlooredResult).floorFigure, parts: floor });
  }
  const ownerFloor = await ownerKeygenFloor(ctx, backendName);
  ctx.task('owner keygen, both variants beside their floor');
  const srs = new PaperSrs(backend, { ownerSigningKeys: new Map() });
  const owners = await measureFloored(
    ctx,
    VARIANTS.map((variant) => ({
      step: `owner keygen ${variant}`,
      suite: 'keygen' as const,
      figureId: `keygen.owner.${variant}`,
      title: `one owner's key generation (PRE key pair and Ed25519 signing key), ${variant} variant`,
      params: { backend: backendName, variant, users: 1, threads: 1 },
      run: () =>
        variant === 'paper'
          ? PaperOwner.fromEnrollment(backend, srs.enroll(`owner${batch++}`))
          : HardenedOwner.generate(backend, `owner${batch++}`),
      floor: ownerFloor,
    })),
    ctx.budget('fast'),
  );
  {
    const out = flooredOutput(owners.results);
    figures.push(...out.figures);
    floors.push(...out.floors);
  }
  const largest = Math.max(...counts);
  const threads = Math.min(os.availableParallelism?.() ?? os.cpus().length, 4);
  if (threads > 1) {
    const pool = await KeygenPool.start(backendName, threads);
    try {
      for (const variant of VARIANTS) {
        ctx.task(`keygen ${largest} users ${variant} on ${threads} threads`);
        const samples = await sample(
          `keygen ${largest} users ${variant} on ${threads} threads`,
          () => pool.generate(variant, largest, `t${batch++}`),
          ctx.budget('heavy'),
        );
        const measured = figure(
          'keygen',
          keygenFigureId(variant, largest, threads),
          `key generation for ${largest} users, ${variant} variant, ${threads} worker threads`,
          { backend: backendName, variant, users: largest, threads },
          samples,
        );
        figures.push(measured);
        // Its floor is the one-core batch's, timed before this (not interleaved: the pool's threads would
        // compete with it).
        const oneCore = batchFloors.get(largest) as { figure: Figure; parts: readonly FloorPart[] };
        floors.push(
          floorEntry(
            `keygen ${largest} users ${variant}, ${threads} threads (floor: one core, timed before)`,
            measured,
            oneCore.figure,
            await summedParts(ctx, oneCore.parts),
          ),
        );
      }
    } finally {
      await pool.stop();
    }
  }
  return { figures, floors };
};
