/**
 * SRS re-encryption (Eqs. 14–18), which the paper never reports: per partition (one R_{i-U} for one
 * user) and per request (every partition of a 4-partition file), in both variants — the paper's SRS
 * derives RK from the two stored secret keys on every call, the hardened SRS uses the RK the owner stored
 * — on each backend, against the floor (the pairing and the signature, plus RK's G2 multiplication in
 * the paper variant).
 */
import { VARIANTS } from '../../crypto/types.ts';
import type { Suite } from '../context.ts';
import { floorEntry, reEncryptFloor } from '../floors.ts';
import { figure, sample } from '../measure.ts';
import type { Figure, FloorEntry } from '../results.ts';
import { makePartitions, makeWorld, uploadAndGrant } from '../world.ts';
import { ENCDEC_PARTITIONS } from './encdec.ts';

export const reencFigureId = (scope: 'partition' | 'request', variant: string, backend: string) =>
  `reenc.${scope}.${variant}.${backend}`;

export const reenc: Suite = async (ctx) => {
  const figures: Figure[] = [];
  const floors: FloorEntry[] = [];
  for (const backend of ctx.backends) {
    for (const variant of VARIANTS) {
      const world = await makeWorld(backend, variant);
      const user = world.addUser('reader');
      const partitions = makePartitions(4096, ENCDEC_PARTITIONS);
      const { ref } = uploadAndGrant(world, user, partitions, 'hybrid');
      const params = { backend, variant, partitions: ENCDEC_PARTITIONS };
      ctx.task(`re-encrypt one partition ${variant} [${backend}]`);
      const one = figure(
        'reenc',
        reencFigureId('partition', variant, backend),
        `SRS re-encryption of one partition, ${variant} variant`,
        { ...params, partitions: 1 },
        await sample(
          `re-encrypt one partition ${variant} [${backend}]`,
          () => world.srs.reEncrypt(ref, 0, user.id),
          ctx.budget('fast'),
        ),
      );
      ctx.task(`re-encrypt a request ${variant} [${backend}]`);
      const request = figure(
        'reenc',
        reencFigureId('request', variant, backend),
        `SRS re-encryption of a request (${ENCDEC_PARTITIONS} partitions), ${variant} variant`,
        params,
        await sample(
          `re-encrypt a request ${variant} [${backend}]`,
          () => partitions.map((p) => world.srs.reEncrypt(ref, p.accessLevel, user.id)),
          ctx.budget('fast'),
        ),
      );
      figures.push(one, request);
      const perPartition = await reEncryptFloor(ctx, backend, variant);
      floors.push(
        floorEntry(`re-encrypt one partition ${variant} [${backend}]`, one, perPartition),
        floorEntry(
          `re-encrypt a request ${variant} [${backend}]`,
          request,
          perPartition.map((part) => ({ ...part, count: part.count * ENCDEC_PARTITIONS })),
        ),
      );
    }
  }
  return { figures, floors };
};
