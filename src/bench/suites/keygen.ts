/**
 * Key generation for 10 … 10,000 users (the paper's Fig. 3), per variant, on the default backend, against
 * its floor: N fixed-base multiplications in G2 (the public key's group), timed as one batch right before. The
 * largest batch is also run spread over every core (worker threads started beforehand).
 */
import os from 'node:os';
import { loadBackend } from '../../crypto/backend/index.ts';
import { HardenedOwner, PaperOwner, PaperSrs } from '../../crypto/parties.ts';
import { systemRng } from '../../crypto/rng.ts';
import { randomScalar } from '../../crypto/scalar.ts';
import { VARIANTS } from '../../crypto/types.ts';
import type { Suite } from '../context.ts';
import { floorEntry, keygenFloor } from '../floors.ts';
import { generateKeys } from '../keygen-work.ts';
import { figure, sample } from '../measure.ts';
import { PAPER_USER_COUNTS } from '../paper.ts';
import { otherPrimitive } from '../primitives.ts';
import type { Figure, FloorEntry } from '../results.ts';
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
  const floorScalars = (n: number) => Array.from({ length: n }, () => randomScalar(systemRng));
  const batchFloors = new Map<number, Figure>();
  for (const users of counts) {
    // The floor, timed as a batch beside the batches it is the floor of: a shared machine's load moves
    // within minutes, and N × the median of a multiplication timed at another moment would compare moments.
    ctx.task(`floor: ${users} G2 fixed-base multiplications`);
    const scalars = floorScalars(users);
    const floorFigure = figure(
      'keygen',
      `keygen.floor.${users}`,
      `floor: ${users} G2 fixed-base multiplications, timed as one batch`,
      { backend: backendName, users },
      await sample(
        `floor ${users}`,
        () => {
          for (const k of scalars) backend.g2MulBase(k);
        },
        ctx.budget(users >= 1000 ? 'heavy' : 'slow'),
      ),
    );
    figures.push(floorFigure);
    batchFloors.set(users, floorFigure);
    for (const variant of VARIANTS) {
      ctx.task(`keygen ${users} users ${variant}`);
      const samples = await sample(
        `keygen ${users} users ${variant}`,
        () => generateKeys(backend, variant, users, `u${batch++}-`),
        ctx.budget(users >= 1000 ? 'heavy' : 'slow'),
      );
      const measured = figure(
        'keygen',
        keygenFigureId(variant, users),
        `key generation for ${users} users, ${variant} variant`,
        { backend: backendName, variant, users, threads: 1 },
        samples,
      );
      figures.push(measured);
      floors.push(
        floorEntry(`keygen ${users} users ${variant}`, measured, [{ figure: floorFigure, count: 1 }]),
      );
    }
  }
  for (const variant of VARIANTS) {
    ctx.task(`owner keygen ${variant}`);
    const srs = new PaperSrs(backend, { ownerSigningKeys: new Map() });
    const samples = await sample(
      `owner keygen ${variant}`,
      () =>
        variant === 'paper'
          ? PaperOwner.fromEnrollment(backend, srs.enroll(`owner${batch++}`))
          : HardenedOwner.generate(backend, `owner${batch++}`),
      ctx.budget('fast'),
    );
    const measured = figure(
      'keygen',
      `keygen.owner.${variant}`,
      `one owner's key generation (PRE key pair and Ed25519 signing key), ${variant} variant`,
      { backend: backendName, variant, users: 1, threads: 1 },
      samples,
    );
    figures.push(measured);
    // Ed25519 key generation is one base-point multiplication, costed as one signature (the same work).
    floors.push(
      floorEntry(`owner keygen ${variant}`, measured, [
        ...(await keygenFloor(ctx, backendName, 1)),
        { figure: await otherPrimitive(ctx, 'ed25519Sign'), count: 1 },
      ]),
    );
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
        floors.push(
          floorEntry(`keygen ${largest} users ${variant}, ${threads} threads (floor: one core)`, measured, [
            { figure: batchFloors.get(largest) as Figure, count: 1 },
          ]),
        );
      }
    } finally {
      await pool.stop();
    }
  }
  return { figures, floors };
};
