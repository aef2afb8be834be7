/**
 * Encryption and decryption (the paper's Figs. 4–5): 50 KB … 2 MB files in 4 partitions, hybrid and
 * paper-literal, on each backend. Encrypt is the owner's whole upload (encrypt, manifest, signatures,
 * R_{i-P} message); decrypt is the user's read of every partition of the download (manifest and file
 * checked once, each R_{i-U} verified, K recovered, AEAD opened or the literal mask removed), with
 * R_{i-U} already obtained (its cost is the reenc suite's). Hybrid encrypt and decrypt are timed interleaved
 * with their composite floors (side-by-side.ts), which gives both the figures and the step-over-floor ratios.
 */
import type { CipherMode } from '../../crypto/types.ts';
import type { Suite } from '../context.ts';
import { decryptFloor, encryptFloor } from '../floors.ts';
import { figure, sample } from '../measure.ts';
import { PAPER_FILE_SIZES_KB } from '../paper.ts';
import { gtMembershipSideBySide } from '../primitives.ts';
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

export const ENCDEC_PARTITIONS = 4;
const QUICK_SIZES_KB = [50, 1024];
/** The paper's sizes are KB of 1024 bytes (its 1024 KB point is 1 MiB). */
export const KB = 1024;

export const encdecFigureId = (step: 'encrypt' | 'decrypt', mode: CipherMode, backend: string, kb: number) =>
  `encdec.${step}.${mode}.${backend}.${kb}KB`;

export const encdec: Suite = async (ctx) => {
  const sizes = ctx.overrides.sizesKB ?? (ctx.quick ? QUICK_SIZES_KB : PAPER_FILE_SIZES_KB);
  const modes = ctx.overrides.modes ?? (['hybrid', 'literal'] as const);
  const figures: Figure[] = [];
  const floors: FloorEntry[] = [];
  for (const backend of ctx.backends) {
    // The fast GT membership test's gain: the generic x^q = 1 beside the decode that replaced it, timed
    // interleaved (both primitives; the run lists every primitive once).
    await gtMembershipSideBySide(ctx, backend);
    const world = await makeWorld(backend, 'paper');
    const user = world.addUser('reader');
    for (const kb of sizes) {
      const bytes = kb * KB;
      const partitions = makePartitions(bytes, ENCDEC_PARTITIONS);
      for (const mode of modes) {
        // Quick runs time the paper's literal masking of 1 MiB on the default backend only (noble: ~10 s).
        if (ctx.quick && mode === 'literal' && backend !== ctx.defaultBackend && kb !== Math.min(...sizes))
          continue;
        // The paper's literal masking costs about a second per MiB on noble: fewer samples there.
        const budget = ctx.budget(mode === 'literal' && (backend === 'noble' || kb > 200) ? 'heavy' : 'slow');
        const params = { backend, mode, kb, partitions: ENCDEC_PARTITIONS };
        const encrypt = () => world.owner.upload(uploadRequest(partitions), encryptOptions(mode));
        const { upload, requests } = uploadAndGrant(world, user, partitions, mode);
        const decrypt = () => decryptAndCheck(world, user, upload, requests, partitions);
        const encTitle = `owner encrypt + upload, ${kb} KB, ${mode}`;
        const decTitle = `user decrypt of every partition, ${kb} KB, ${mode}`;
        if (mode === 'hybrid') {
          // Encrypt, decrypt and their composite floors, interleaved in one measurement.
          ctx.task(`encrypt + decrypt ${kb} KB hybrid beside their floors [${backend}]`);
          const { results } = await measureFloored(
            ctx,
            [
              {
                step: `encrypt ${kb} KB [${backend}]`,
                suite: 'encdec',
                figureId: encdecFigureId('encrypt', mode, backend, kb),
                title: encTitle,
                params,
                run: encrypt,
                floor: await encryptFloor(ctx, backend, bytes, ENCDEC_PARTITIONS),
              },
              {
                step: `decrypt ${kb} KB [${backend}]`,
                suite: 'encdec',
                figureId: encdecFigureId('decrypt', mode, backend, kb),
                title: decTitle,
                params,
                run: decrypt,
                floor: await decryptFloor(ctx, backend, bytes, ENCDEC_PARTITIONS),
              },
            ],
            budget,
          );
          const out = flooredOutput(results);
          figures.push(...out.figures);
          floors.push(...out.floors);
          continue;
        }
        ctx.task(`encrypt ${kb} KB ${mode} [${backend}]`);
        const enc = figure(
          'encdec',
          encdecFigureId('encrypt', mode, backend, kb),
          encTitle,
          params,
          await sample(`encrypt ${kb} KB ${mode} [${backend}]`, encrypt, budget),
        );
        ctx.task(`decrypt ${kb} KB ${mode} [${backend}]`);
        const dec = figure(
          'encdec',
          encdecFigureId('decrypt', mode, backend, kb),
          decTitle,
          params,
          await sample(`decrypt ${kb} KB ${mode} [${backend}]`, decrypt, budget),
        );
        figures.push(enc, dec);
      }
    }
  }
  return { figures, floors };
};
