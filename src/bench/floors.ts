/**
 * A protocol step's floor: the primitive operations it cannot avoid, stated once as a list of parts (which
 * primitive, how many calls, on how many bytes). The list has two views:
 * - the **composite floor** — a task that runs every part's primitive `calls` times in sequence, on inputs of
 *   the step's sizes — timed interleaved with the step in one measurement (measure.ts `interleaved`); the
 *   step's overhead is median(step) / median(composite). This is the headline.
 * - the **summed floor** — each primitive's median timed on its own (once per run) × its count — kept as a
 *   cross-check; it is taken minutes away from the step and moves with the machine's load.
 */
import { type BackendName, loadBackend } from '../crypto/backend/index.ts';
import type { Variant } from '../crypto/types.ts';
import type { SuiteContext } from './context.ts';
import {
  fileRead,
  fileReadRunner,
  fileWrite,
  fileWriteRunner,
  type GroupPrimitive,
  groupPrimitive,
  groupRunner,
  isPerMiB,
  MIB,
  type OtherPrimitive,
  otherPrimitive,
  otherRunner,
} from './primitives.ts';
import type { Figure, FloorEntry } from './results.ts';

/** Which primitive a part is. */
export type PrimitiveSource =
  | { readonly kind: 'group'; readonly backend: BackendName; readonly name: GroupPrimitive }
  | { readonly kind: 'other'; readonly name: OtherPrimitive }
  | { readonly kind: 'fsWrite' | 'fsRead'; readonly bytes: number };

export interface FloorPart {
  readonly source: PrimitiveSource;
  /** The id of the primitive's own figure (the summed floor's term). */
  readonly primitive: string;
  /** How many times the composite floor runs it. */
  readonly calls: number;
  /** Bytes per call, for the throughput primitives (whose figures are per MiB). */
  readonly bytesPerCall?: number;
  /** How many units of the primitive's figure the step needs: calls, or MiB processed. */
  readonly count: number;
  /** Performs the primitive once (on inputs of `bytesPerCall` bytes where that applies). */
  readonly run: () => unknown;
}

export function primitiveId(source: PrimitiveSource): string {
  switch (source.kind) {
    case 'group':
      return `primitive.${source.name}.${source.backend}`;
    case 'other':
      return `primitive.${source.name}`;
    case 'fsWrite':
      return `primitive.fsWriteFsync.${source.bytes}`;
    case 'fsRead':
      return `primitive.fsRead.${source.bytes}`;
  }
}

async function part(
  ctx: SuiteContext,
  source: PrimitiveSource,
  calls: number,
  bytesPerCall?: number,
): Promise<FloorPart> {
  if (!Number.isInteger(calls) || calls < 0)
    throw new RangeError(`a floor part needs whole calls, not ${calls}`);
  let run: () => unknown;
  let count = calls;
  switch (source.kind) {
    case 'group':
      run = groupRunner(await loadBackend(source.backend), source.name);
      break;
    case 'other':
      if (isPerMiB(source.name)) {
        if (bytesPerCall === undefined) throw new RangeError(`${source.name} needs the bytes per call`);
        count = (calls * bytesPerCall) / MIB;
      }
      run = otherRunner(source.name, bytesPerCall);
      break;
    case 'fsWrite':
      run = fileWriteRunner(ctx.workDir, source.bytes);
      break;
    case 'fsRead':
      run = fileReadRunner(ctx.workDir, source.bytes);
      break;
  }
  return {
    source,
    primitive: primitiveId(source),
    calls,
    ...(bytesPerCall === undefined ? {} : { bytesPerCall }),
    count,
    run,
  };
}

/** The composite floor task: every part's primitive, `calls` times each, in sequence. */
export function compositeFloor(parts: readonly FloorPart[]): () => void {
  return () => {
    for (const p of parts) for (let i = 0; i < p.calls; i++) p.run();
  };
}

/** The figure of a part's primitive timed on its own (once per run). */
export function primitiveFigure(ctx: SuiteContext, source: PrimitiveSource): Promise<Figure> {
  switch (source.kind) {
    case 'group':
      return groupPrimitive(ctx, source.backend, source.name);
    case 'other':
      return otherPrimitive(ctx, source.name);
    case 'fsWrite':
      return fileWrite(ctx, source.bytes);
    case 'fsRead':
      return fileRead(ctx, source.bytes);
  }
}

/** A part's term in the summed floor. */
export interface SummedPart {
  readonly primitive: string;
  readonly calls: number;
  readonly count: number;
  readonly p50: number;
}

/** The summed view of a parts list: each primitive's own figure looked up (measured once per run). */
export async function summedParts(ctx: SuiteContext, parts: readonly FloorPart[]): Promise<SummedPart[]> {
  const out: SummedPart[] = [];
  for (const p of parts) {
    const fig = await primitiveFigure(ctx, p.source);
    out.push({ primitive: p.primitive, calls: p.calls, count: p.count, p50: fig.p50 });
  }
  return out;
}

/**
 * A step against its floor: the headline overhead is median(step) / median(composite floor), both from one
 * interleaved measurement; the summed floor (Σ count × primitive median) is beside it as a cross-check.
 */
export function floorEntry(
  step: string,
  measured: Figure,
  composite: Figure,
  parts: readonly SummedPart[],
): FloorEntry {
  const summedFloorMs = parts.reduce((sum, p) => sum + p.count * p.p50, 0);
  return {
    step,
    figure: measured.id,
    floorFigure: composite.id,
    measuredMs: measured.p50,
    floorMs: composite.p50,
    overhead: composite.p50 > 0 ? measured.p50 / composite.p50 : 0,
    summedFloorMs,
    summedOverhead: summedFloorMs > 0 ? measured.p50 / summedFloorMs : 0,
    parts: parts.map((p) => ({ primitive: p.primitive, calls: p.calls, count: p.count, p50: p.p50 })),
  };
}

/** The id of a step's composite-floor figure. */
export const floorFigureId = (stepFigureId: string) => `floor.${stepFigureId}`;

// ── the floors of the protocol steps (the one definition of each; docs/benchmarks.md states them) ──────

const perPartition = (bytes: number, partitions: number) => Math.round(bytes / partitions);

/**
 * Owner encrypt + upload (Eqs. 6–13): per access level K = Z^r (GT fixed base), R_{i-P} = g1^{r·x_P}
 * (G1 fixed base), one HKDF and AES-256-GCM over the partition's plaintext; SHA-256 over the ciphertext
 * twice (the manifest's partition hashes and the storage commitment's block leaves); two Ed25519 signatures
 * (the manifest and the R_{i-P} message).
 */
export async function encryptFloor(
  ctx: SuiteContext,
  backend: BackendName,
  bytes: number,
  partitions: number,
): Promise<FloorPart[]> {
  return [
    await part(ctx, { kind: 'group', backend, name: 'gtPowBase' }, partitions),
    await part(ctx, { kind: 'group', backend, name: 'g1MulBase' }, partitions),
    await part(ctx, { kind: 'other', name: 'hkdf' }, partitions),
    await part(ctx, { kind: 'other', name: 'aesGcmSealPerMiB' }, partitions, perPartition(bytes, partitions)),
    await part(ctx, { kind: 'other', name: 'sha256PerMiB' }, 2, bytes),
    await part(ctx, { kind: 'other', name: 'ed25519Sign' }, 2),
  ];
}

/**
 * User decrypt of every partition (Eqs. 19–22): once per file the manifest signature and SHA-256 over
 * the ciphertext; per partition the SRS's signature on R_{i-U}, the GT decode with the fast membership
 * test, K = R_{i-U}^{1/x_U} (GT variable base), one HKDF and AES-256-GCM open over the partition's
 * ciphertext.
 */
export async function decryptFloor(
  ctx: SuiteContext,
  backend: BackendName,
  bytes: number,
  partitions: number,
): Promise<FloorPart[]> {
  return [
    await part(ctx, { kind: 'other', name: 'ed25519Verify' }, 1 + partitions),
    await part(ctx, { kind: 'other', name: 'sha256PerMiB' }, 1, bytes),
    await part(ctx, { kind: 'group', backend, name: 'gtDecode' }, partitions),
    await part(ctx, { kind: 'group', backend, name: 'gtPow' }, partitions),
    await part(ctx, { kind: 'other', name: 'hkdf' }, partitions),
    await part(ctx, { kind: 'other', name: 'aesGcmOpenPerMiB' }, partitions, perPartition(bytes, partitions)),
  ];
}

/**
 * SRS re-encryption of `partitions` partitions for one user (Eqs. 14–18): per partition the pairing
 * e(R_{i-P}, RK) and the Ed25519 signature on R_{i-U}; in the paper variant also RK = g2^{x_U/x_P}
 * (G2 fixed base).
 */
export async function reEncryptFloor(
  ctx: SuiteContext,
  backend: BackendName,
  variant: Variant,
  partitions = 1,
): Promise<FloorPart[]> {
  const parts: FloorPart[] = [
    await part(ctx, { kind: 'group', backend, name: 'pairing' }, partitions),
    await part(ctx, { kind: 'other', name: 'ed25519Sign' }, partitions),
  ];
  if (variant === 'paper')
    parts.push(await part(ctx, { kind: 'group', backend, name: 'g2MulBase' }, partitions));
  return parts;
}

/** Key generation for `users` users (Eq. 5): one G2 fixed-base multiplication each. */
export async function keygenFloor(
  ctx: SuiteContext,
  backend: BackendName,
  users: number,
): Promise<FloorPart[]> {
  return [await part(ctx, { kind: 'group', backend, name: 'g2MulBase' }, users)];
}

/**
 * One owner's key generation: the PRE key pair's G2 fixed-base multiplication and the Ed25519 signing
 * key's base-point multiplication, costed as one signature (the same work).
 */
export async function ownerKeygenFloor(ctx: SuiteContext, backend: BackendName): Promise<FloorPart[]> {
  return [
    ...(await keygenFloor(ctx, backend, 1)),
    await part(ctx, { kind: 'other', name: 'ed25519Sign' }, 1),
  ];
}

/** T_up (Eq. 34): encrypt's floor + one write + fsync of the uploaded bytes. */
export async function uploadTurnaroundFloor(
  ctx: SuiteContext,
  backend: BackendName,
  bytes: number,
  partitions: number,
  uploadedBytes: number,
): Promise<FloorPart[]> {
  return [
    ...(await encryptFloor(ctx, backend, bytes, partitions)),
    await part(ctx, { kind: 'fsWrite', bytes: uploadedBytes }, 1),
  ];
}

/** T_down (Eq. 35): every partition's re-encryption floor (paper variant) + one read + decrypt's floor. */
export async function downloadTurnaroundFloor(
  ctx: SuiteContext,
  backend: BackendName,
  bytes: number,
  partitions: number,
  uploadedBytes: number,
): Promise<FloorPart[]> {
  return [
    ...(await reEncryptFloor(ctx, backend, 'paper', partitions)),
    await part(ctx, { kind: 'fsRead', bytes: uploadedBytes }, 1),
    ...(await decryptFloor(ctx, backend, bytes, partitions)),
  ];
}
