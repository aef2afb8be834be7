/**
 * Turnaround (Eqs. 34–35) through a cloud store on the local file system (a real directory, fsynced):
 * T_up = t_enc + t_upload, T_down = t_request + t_dec + t_download, for the paper's file sizes in 4
 * partitions, hybrid, paper variant, default backend — each timed as one whole task, interleaved with its
 * composite floor (the steps' floors plus one write + fsync, or one read, of the same bytes).
 */
import { join } from 'node:path';
import { FileCloudStore } from '../cloud-store.ts';
import type { Suite } from '../context.ts';
import {
  downloadTurnaroundFloor,
  floorEntry,
  floorFigureId,
  summedParts,
  uploadTurnaroundFloor,
} from '../floors.ts';
import { figure } from '../measure.ts';
import { PAPER_FILE_SIZES_KB } from '../paper.ts';
import type { Figure, FloorEntry } from '../results.ts';
import { type FlooredResult, flooredOutput, measureFloored } from '../side-by-side.ts';
import { encryptOptions, makePartitions, makeWorld, uploadRequest } from '../world.ts';
import { ENCDEC_PARTITIONS, KB } from './encdec.ts';

const QUICK_SIZES_KB = [50, 1024];

/** Element-wise sums of two series of per-round samples (the shorter length). */
export function sumByRound(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  return Array.from({ length: n }, (_, i) => (a[i] as number) + (b[i] as number));
}

export const turnaroundFigureId = (direction: 'up' | 'down' | 'total', backend: string, kb: number) =>
  `turnaround.${direction}.${backend}.${kb}KB`;

export const turnaround: Suite = async (ctx) => {
  const sizes = ctx.overrides.sizesKB ?? (ctx.quick ? QUICK_SIZES_KB : PAPER_FILE_SIZES_KB);
  const backend = ctx.defaultBackend;
  const world = await makeWorld(backend, 'paper');
  const user = world.addUser('reader');
  const cloud = new FileCloudStore(join(ctx.workDir, 'cloud'));
  const figures: Figure[] = [];
  const floors: FloorEntry[] = [];
  for (const kb of sizes) {
    const bytes = kb * KB;
    const partitions = makePartitions(bytes, ENCDEC_PARTITIONS);
    const putUpload = () => {
      const request = uploadRequest(partitions);
      const upload = world.owner.upload(request, encryptOptions('hybrid'));
      cloud.put(`${request.fileId}.phr`, upload.file);
      cloud.put(`${request.fileId}.manifest`, upload.manifest);
      return { fileId: request.fileId, upload };
    };
    // One upload first: T_down reads it back in every round (Send_Ri to the SRS is not part of T_up,
    // Eq. 34), and its size is the floor's write and read size.
    const first = putUpload();
    world.srs.storeParameters(first.upload.parameters);
    const uploadedBytes = first.upload.file.length + first.upload.manifest.length;
    const ref = { ownerId: world.owner.id, fileId: first.fileId, version: 1 };
    const download = () => {
      const requests = partitions.map((p) => ({
        label: p.label,
        reEncrypted: world.srs.reEncrypt(ref, p.accessLevel, user.id),
      }));
      const files = { file: cloud.get(`${ref.fileId}.phr`), manifest: cloud.get(`${ref.fileId}.manifest`) };
      const plaintexts = user.decryptPartitions(files, world.ownerKey, world.srsKey, requests);
      plaintexts.forEach((plaintext, i) => {
        if (!Buffer.from(plaintext).equals(Buffer.from(partitions[i]?.data ?? new Uint8Array())))
          throw new Error(`turnaround: partition ${i} did not decrypt to its plaintext`);
      });
    };
    const params = { backend, kb, partitions: ENCDEC_PARTITIONS, mode: 'hybrid', variant: 'paper' };
    ctx.task(`T_up and T_down ${kb} KB beside their floors [${backend}]`);
    const { results } = await measureFloored(
      ctx,
      [
        {
          step: `T_up ${kb} KB [${backend}]`,
          suite: 'turnaround',
          figureId: turnaroundFigureId('up', backend, kb),
          title: `T_up (Eq. 34), ${kb} KB`,
          params,
          run: putUpload,
          floor: await uploadTurnaroundFloor(ctx, backend, bytes, ENCDEC_PARTITIONS, uploadedBytes),
        },
        {
          step: `T_down ${kb} KB [${backend}]`,
          suite: 'turnaround',
          figureId: turnaroundFigureId('down', backend, kb),
          title: `T_down (Eq. 35), ${kb} KB`,
          params,
          run: download,
          floor: await downloadTurnaroundFloor(ctx, backend, bytes, ENCDEC_PARTITIONS, uploadedBytes),
        },
      ],
      ctx.budget('slow'),
    );
    const [up, down] = results as [FlooredResult, FlooredResult];
    // T_up + T_down, and its floor, round by round (sample i of every task is from round i).
    const total = figure(
      'turnaround',
      turnaroundFigureId('total', backend, kb),
      `T_up + T_down, ${kb} KB`,
      params,
      sumByRound(up.samples, down.samples),
    );
    const totalFloor = figure(
      'turnaround',
      floorFigureId(total.id),
      `composite floor of: T_up + T_down, ${kb} KB (timed interleaved with it)`,
      params,
      sumByRound(up.floorSamples, down.floorSamples),
    );
    const out = flooredOutput(results);
    figures.push(...out.figures, total, totalFloor);
    floors.push(
      ...out.floors,
      floorEntry(`T_up + T_down ${kb} KB [${backend}]`, total, totalFloor, [
        ...(await summedParts(ctx, up.floorParts)),
        ...(await summedParts(ctx, down.floorParts)),
      ]),
    );
  }
  return { figures, floors };
};
