/**
 * Turnaround (Eqs. 34–35) through a cloud store on the local file system (a real directory, fsynced):
 * T_up = t_enc + t_upload, T_down = t_request + t_dec + t_download, for the paper's file sizes in 4
 * partitions, hybrid, paper variant, default backend — each timed as one whole task, and against its
 * floor (the steps' floors plus one write + fsync, or one read, of the same bytes).
 */
import { join } from 'node:path';
import { FileCloudStore } from '../cloud-store.ts';
import type { Suite } from '../context.ts';
import { decryptFloor, encryptFloor, floorEntry, reEncryptFloor } from '../floors.ts';
import { figure, sample } from '../measure.ts';
import { PAPER_FILE_SIZES_KB } from '../paper.ts';
import { fileRead, fileWrite } from '../primitives.ts';
import type { Figure, FloorEntry } from '../results.ts';
import { encryptOptions, makePartitions, makeWorld, uploadRequest } from '../world.ts';
import { ENCDEC_PARTITIONS, KB } from './encdec.ts';

const QUICK_SIZES_KB = [50, 1024];

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
    let lastUpload = '';
    let uploadedBytes = 0;
    let lastParameters: Uint8Array = new Uint8Array();
    ctx.task(`T_up ${kb} KB [${backend}]`);
    const up = await sample(
      `T_up ${kb} KB`,
      () => {
        const request = uploadRequest(partitions);
        const upload = world.owner.upload(request, encryptOptions('hybrid'));
        cloud.put(`${request.fileId}.phr`, upload.file);
        cloud.put(`${request.fileId}.manifest`, upload.manifest);
        lastUpload = request.fileId;
        lastParameters = upload.parameters;
        uploadedBytes = upload.file.length + upload.manifest.length;
      },
      ctx.budget('slow'),
    );
    // Send_Ri to the SRS is not part of T_up (Eq. 34); the last upload's R_{i-P} is stored for T_down.
    world.srs.storeParameters(lastParameters);
    const fileId = lastUpload;
    const ref = { ownerId: world.owner.id, fileId, version: 1 };
    ctx.task(`T_down ${kb} KB [${backend}]`);
    const down = await sample(
      `T_down ${kb} KB`,
      () => {
        const requests = partitions.map((p) => ({
          label: p.label,
          reEncrypted: world.srs.reEncrypt(ref, p.accessLevel, user.id),
        }));
        const download = { file: cloud.get(`${fileId}.phr`), manifest: cloud.get(`${fileId}.manifest`) };
        const plaintexts = user.decryptPartitions(download, world.ownerKey, world.srsKey, requests);
        plaintexts.forEach((plaintext, i) => {
          if (!Buffer.from(plaintext).equals(Buffer.from(partitions[i]?.data ?? new Uint8Array())))
            throw new Error(`turnaround: partition ${i} did not decrypt to its plaintext`);
        });
      },
      ctx.budget('slow'),
    );
    const params = { backend, kb, partitions: ENCDEC_PARTITIONS, mode: 'hybrid', variant: 'paper' };
    const upFigure = figure(
      'turnaround',
      turnaroundFigureId('up', backend, kb),
      `T_up (Eq. 34), ${kb} KB`,
      params,
      up,
    );
    const downFigure = figure(
      'turnaround',
      turnaroundFigureId('down', backend, kb),
      `T_down (Eq. 35), ${kb} KB`,
      params,
      down,
    );
    // T_up + T_down by rank (tinybench returns samples sorted, so equal ranks pair up): the median of
    // these sums is the sum of the two medians.
    const pairs = Math.min(up.length, down.length);
    const total = figure(
      'turnaround',
      turnaroundFigureId('total', backend, kb),
      `T_up + T_down, ${kb} KB`,
      params,
      up.slice(0, pairs).map((u, i) => u + (down[i] as number)),
    );
    figures.push(upFigure, downFigure, total);
    const upFloor = [
      ...(await encryptFloor(ctx, backend, bytes, ENCDEC_PARTITIONS)),
      { figure: await fileWrite(ctx, uploadedBytes), count: 1 },
    ];
    const reEncrypt = await reEncryptFloor(ctx, backend, 'paper');
    const downFloor = [
      ...reEncrypt.map((part) => ({ ...part, count: part.count * ENCDEC_PARTITIONS })),
      { figure: await fileRead(ctx, uploadedBytes), count: 1 },
      ...(await decryptFloor(ctx, backend, bytes, ENCDEC_PARTITIONS)),
    ];
    floors.push(
      floorEntry(`T_up ${kb} KB [${backend}]`, upFigure, upFloor),
      floorEntry(`T_down ${kb} KB [${backend}]`, downFigure, downFloor),
      floorEntry(`T_up + T_down ${kb} KB [${backend}]`, total, [...upFloor, ...downFloor]),
    );
  }
  return { figures, floors };
};
