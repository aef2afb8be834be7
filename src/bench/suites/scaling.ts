/**
 * Scaling: cost against the number of partitions (1 … 16, 1 MiB in all, hybrid, default backend), against
 * the number of users one SRS serves (re-encryption of one partition with N users enrolled), and the peak
 * resident memory of a process whose SRS holds 10,000 users' keys (a child process, beside a baseline
 * child that enrolls none).
 */
import { z } from 'zod';
import { besideThis, runChild } from '../child.ts';
import type { Suite } from '../context.ts';
import { decryptFloor, encryptFloor } from '../floors.ts';
import { figure, sample } from '../measure.ts';
import type { Figure, FloorEntry } from '../results.ts';
import { flooredOutput, measureFloored } from '../side-by-side.ts';
import {
  decryptAndCheck,
  encryptOptions,
  makePartitions,
  makeWorld,
  uploadAndGrant,
  uploadRequest,
} from '../world.ts';
import { KB } from './encdec.ts';

const FULL_PARTITIONS = [1, 2, 4, 8, 16];
const QUICK_PARTITIONS = [1, 4, 16];
const FULL_SRS_USERS = [10, 100, 1000, 10000];
const QUICK_SRS_USERS = [10, 100];
const RSS_USERS = { full: 10000, quick: 1000 };
const SCALING_KB = 1024;
const MIB_BYTES = 1 << 20;

const rssReport = z.object({
  users: z.number(),
  maxRssBytes: z.number().positive(),
  rssBytes: z.number().positive(),
  heapUsedDeltaBytes: z.number(),
});

export const scaling: Suite = async (ctx) => {
  const backend = ctx.defaultBackend;
  const figures: Figure[] = [];
  const floors: FloorEntry[] = [];
  const bytes = SCALING_KB * KB;

  const world = await makeWorld(backend, 'paper');
  const user = world.addUser('reader');
  for (const count of ctx.overrides.partitionCounts ?? (ctx.quick ? QUICK_PARTITIONS : FULL_PARTITIONS)) {
    const partitions = makePartitions(bytes, count);
    const params = { backend, kb: SCALING_KB, partitions: count };
    const { upload, requests } = uploadAndGrant(world, user, partitions, 'hybrid');
    ctx.task(`encrypt + decrypt 1 MiB in ${count} partitions beside their floors`);
    const { results } = await measureFloored(
      ctx,
      [
        {
          step: `encrypt 1 MiB, ${count} partitions [${backend}]`,
          suite: 'scaling',
          figureId: `scaling.partitions.encrypt.${count}`,
          title: `owner encrypt + upload, 1 MiB in ${count} partitions`,
          params,
          run: () => world.owner.upload(uploadRequest(partitions), encryptOptions('hybrid')),
          floor: await encryptFloor(ctx, backend, bytes, count),
        },
        {
          step: `decrypt 1 MiB, ${count} partitions [${backend}]`,
          suite: 'scaling',
          figureId: `scaling.partitions.decrypt.${count}`,
          title: `user decrypt, 1 MiB in ${count} partitions`,
          params,
          run: () => decryptAndCheck(world, user, upload, requests, partitions),
          floor: await decryptFloor(ctx, backend, bytes, count),
        },
      ],
      ctx.budget('slow'),
    );
    const out = flooredOutput(results);
    figures.push(...out.figures);
    floors.push(...out.floors);
  }

  for (const users of ctx.overrides.userCounts ?? (ctx.quick ? QUICK_SRS_USERS : FULL_SRS_USERS)) {
    ctx.task(`SRS serving ${users} users`);
    const served = await makeWorld(backend, 'paper');
    const readers = Array.from({ length: users }, (_, i) => served.addUser(`reader${i}`));
    const partitions = makePartitions(4096, 1);
    const { ref } = uploadAndGrant(served, readers[0] ?? served.addUser('reader'), partitions, 'hybrid');
    let next = 0;
    figures.push(
      figure(
        'scaling',
        `scaling.srsUsers.${users}`,
        `SRS re-encryption of one partition with ${users} users enrolled`,
        { backend, users },
        await sample(
          `re-encrypt with ${users} users`,
          () => served.srs.reEncrypt(ref, 0, (readers[next++ % readers.length] as { id: string }).id),
          ctx.budget('fast'),
        ),
      ),
    );
  }

  const rssUsers = ctx.overrides.userCounts
    ? Math.max(...ctx.overrides.userCounts)
    : RSS_USERS[ctx.quick ? 'quick' : 'full'];
  for (const users of [0, rssUsers]) {
    ctx.task(`peak RSS with ${users} users (child process)`);
    const report = rssReport.parse(
      await runChild(
        `peak-RSS child (${users} users)`,
        besideThis('rss-child'),
        [String(users), backend],
        300_000,
      ),
    );
    figures.push(
      figure(
        'scaling',
        `scaling.peakRss.${users}`,
        `peak RSS of a process whose SRS holds ${users} users' key pairs`,
        { backend, users },
        [report.maxRssBytes / MIB_BYTES],
        'MiB',
      ),
      figure(
        'scaling',
        `scaling.rss.${users}`,
        `RSS after its SRS enrolled ${users} users`,
        { backend, users },
        [report.rssBytes / MIB_BYTES],
        'MiB',
      ),
      figure(
        'scaling',
        `scaling.heapGrowth.${users}`,
        `JS heap growth while its SRS enrolled ${users} users`,
        { backend, users },
        [Math.max(0, report.heapUsedDeltaBytes) / MIB_BYTES],
        'MiB',
      ),
    );
  }
  return { figures, floors };
};
