/**
 * A protocol step's floor: the sum of the primitive operations it cannot avoid (each primitive's median
 * times how often the step needs it; throughput primitives scaled by the bytes), and the step's overhead
 * over it (measured median / floor).
 */
import type { BackendName } from '../crypto/backend/index.ts';
import type { Variant } from '../crypto/types.ts';
import type { SuiteContext } from './context.ts';
import { groupPrimitive, MIB, otherPrimitive } from './primitives.ts';
import type { Figure, FloorEntry } from './results.ts';

export interface FloorPart {
  readonly figure: Figure;
  /** How many times the step needs it (for a per-MiB primitive: the MiB it processes). */
  readonly count: number;
}

export const perMiB = (figure: Figure, bytes: number): FloorPart => ({ figure, count: bytes / MIB });

export function floorEntry(step: string, measured: Figure, parts: readonly FloorPart[]): FloorEntry {
  const floorMs = parts.reduce((sum, part) => sum + part.count * part.figure.p50, 0);
  return {
    step,
    figure: measured.id,
    floorMs,
    measuredMs: measured.p50,
    overhead: floorMs > 0 ? measured.p50 / floorMs : 0,
    parts: parts.map((part) => ({ primitive: part.figure.id, count: part.count, p50: part.figure.p50 })),
  };
}

// ── the floors of the protocol steps ────────────────────────────────────────────────────────────────

/**
 * Owner encrypt + upload (Eqs. 6–13): per access level K = Z^r (GT fixed base), R_{i-P} = g1^{r·x_P}
 * (G1 fixed base) and one HKDF; AES-256-GCM over the plaintext; SHA-256 over the ciphertext twice (the
 * manifest's partition hashes and the storage commitment's block leaves); two Ed25519 signatures (the
 * manifest and the R_{i-P} message).
 */
export async function encryptFloor(
  ctx: SuiteContext,
  backend: BackendName,
  bytes: number,
  partitions: number,
): Promise<FloorPart[]> {
  return [
    { figure: await groupPrimitive(ctx, backend, 'gtPowBase'), count: partitions },
    { figure: await groupPrimitive(ctx, backend, 'g1MulBase'), count: partitions },
    { figure: await otherPrimitive(ctx, 'hkdf'), count: partitions },
    perMiB(await otherPrimitive(ctx, 'aesGcmSealPerMiB'), bytes),
    { figure: await otherPrimitive(ctx, 'sha256PerMiB'), count: (2 * bytes) / MIB },
    { figure: await otherPrimitive(ctx, 'ed25519Sign'), count: 2 },
  ];
}

/**
 * User decrypt of every partition (Eqs. 19–22): once per file the manifest signature and SHA-256 over
 * the ciphertext; per partition the SRS's signature on R_{i-U}, the GT decode with the fast membership
 * test, K = R_{i-U}^{1/x_U} (GT variable base) and one HKDF; AES-256-GCM open over the ciphertext.
 */
export async function decryptFloor(
  ctx: SuiteContext,
  backend: BackendName,
  bytes: number,
  partitions: number,
): Promise<FloorPart[]> {
  return [
    { figure: await otherPrimitive(ctx, 'ed25519Verify'), count: 1 + partitions },
    perMiB(await otherPrimitive(ctx, 'sha256PerMiB'), bytes),
    { figure: await groupPrimitive(ctx, backend, 'gtDecode'), count: partitions },
    { figure: await groupPrimitive(ctx, backend, 'gtPow'), count: partitions },
    { figure: await otherPrimitive(ctx, 'hkdf'), count: partitions },
    perMiB(await otherPrimitive(ctx, 'aesGcmOpenPerMiB'), bytes),
  ];
}

/**
 * SRS re-encryption of one partition for one user (Eqs. 14–18): the pairing e(R_{i-P}, RK) and the
 * Ed25519 signature on R_{i-U}; in the paper variant also RK = g2^{x_U/x_P} (G2 fixed base).
 */
export async function reEncryptFloor(
  ctx: SuiteContext,
  backend: BackendName,
  variant: Variant,
): Promise<FloorPart[]> {
  const parts: FloorPart[] = [
    { figure: await groupPrimitive(ctx, backend, 'pairing'), count: 1 },
    { figure: await otherPrimitive(ctx, 'ed25519Sign'), count: 1 },
  ];
  if (variant === 'paper') parts.push({ figure: await groupPrimitive(ctx, backend, 'g2MulBase'), count: 1 });
  return parts;
}

/** Key generation for `users` users (Eq. 5): one G2 fixed-base multiplication each. */
export async function keygenFloor(
  ctx: SuiteContext,
  backend: BackendName,
  users: number,
): Promise<FloorPart[]> {
  return [{ figure: await groupPrimitive(ctx, backend, 'g2MulBase'), count: users }];
}
