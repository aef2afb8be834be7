/**
 * SRS re-encryption (Eqs. 14–18), which the paper never reports: per partition (one R_{i-U} for one
 * user) and per request (every partition of a 4-partition file), in both variants — the paper's SRS
 * derives RK from the two stored secret keys on every call, the hardened SRS uses the RK the owner stored
 * — on each backend, timed interleaved with the composite floor (the pairing and the signature, plus RK's
 * G2 multiplication in the paper variant, per partition).
 */
import { VARIANTS } from '../../crypto/types.ts';
import type { Suite } from '../context.ts';
import { reEncryptFloor } from '../floors.ts';
import type { Figure, FloorEntry } from '../results.ts';
import { flooredOutput, measureFloored } from '../side-by-side.ts';
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
      ctx.task(`re-encrypt one partition and a request beside their floors, ${variant} [${backend}]`);
      const { results } = await measureFloored(
        ctx,
        [
          {
            step: `re-encrypt one partition ${variant} [${backend}]`,
            suite: 'reenc',
            figureId: reencFigureId('partition', variant, backend),
            title: `SRS re-encryption of one partition, ${variant} variant`,
            params: { ...params, partitions: 1 },
            run: () => world.srs.reEncrypt(ref, 0, user.id),
            floor: await reEncryptFloor(ctx, backend, variant, 1),
          },
          {
            step: `re-encrypt a request ${variant} [${backend}]`,
            suite: 'reenc',
            figureId: reencFigureId('request', variant, backend),
            title: `SRS re-encryption of a request (${ENCDEC_PARTITIONS} partitions), ${variant} variant`,
            params,
            run: () => partitions.map((p) => world.srs.reEncrypt(ref, p.accessLevel, user.id)),
            floor: await reEncryptFloor(ctx, backend, variant, ENCDEC_PARTITIONS),
          },
        ],
        ctx.budget('fast'),
      );
      const out = flooredOutput(results);
      figures.push(...out.figures);
      floors.push(...out.floors);
    }
  }
  return { figures, floors };
};
