/**
 * One complete SeSPHR exchange in one process, timed step by step: the owner and a user are set up,
 * the owner encrypts and uploads, the SRS re-encrypts, the user decrypts and the plaintext is compared.
 * `sesphr crypto roundtrip` is a thin layer over `runRoundtrip`.
 */
import { DEFAULT_AEAD } from './aead.ts';
import {
  type BackendChoice,
  type BackendName,
  type PairingBackend,
  resolveBackend,
} from './backend/index.ts';
import { equalBytes } from './bytes.ts';
import { DEFAULT_PARTITIONS } from './constants.ts';
import { ArgumentError } from './errors.ts';
import { DataUser, HardenedOwner, HardenedSrs, PaperOwner, PaperSrs, type Upload } from './parties.ts';
import type { PartitionPlaintext } from './phr.ts';
import { deterministicRng, type Rng, systemRng } from './rng.ts';
import type { AeadAlgorithm, CipherMode, Variant } from './types.ts';
import { PARTITION_PLAINTEXT_MAX, PARTITIONS_MAX } from './validate.ts';

export interface RoundtripOptions {
  /** Total plaintext bytes, split as evenly as possible across the partitions. */
  readonly sizeBytes: number;
  readonly partitions: number;
  readonly mode: CipherMode;
  readonly aead?: AeadAlgorithm;
  readonly backend: BackendChoice;
  readonly variant: Variant;
  /** Makes keys, plaintext and nonces reproducible; omit for the system CSPRNG. */
  readonly seed?: string;
  /**
   * Time a cold process (default false): otherwise one untimed 1-byte exchange runs first, so that
   * one-off costs (WASM compilation, lazily built tables, the first Ed25519 use) are not charged to a step.
   */
  readonly cold?: boolean;
}

/** Steps in protocol order; each is timed separately. */
export const ROUNDTRIP_STEPS = [
  'keyGeneration',
  'reKeyGeneration',
  'encryptAndSign',
  'sendParameters',
  'reEncrypt',
  'decrypt',
] as const;
export type RoundtripStep = (typeof ROUNDTRIP_STEPS)[number];

export interface RoundtripReport {
  readonly ok: boolean;
  readonly backend: BackendName;
  readonly variant: Variant;
  readonly mode: CipherMode;
  readonly aead: AeadAlgorithm | null;
  readonly sizeBytes: number;
  readonly partitions: number;
  readonly ciphertextBytes: number;
  /** Milliseconds per step; `reKeyGeneration` is 0 in the paper variant (the SRS derives RK inside reEncrypt). */
  readonly timingsMs: Readonly<Record<RoundtripStep, number>>;
  readonly totalMs: number;
  /** Labels whose decrypted plaintext differed (empty when ok). */
  readonly mismatched: readonly string[];
}

export function partitionLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => DEFAULT_PARTITIONS[i] ?? `partition-${i + 1}`);
}

function checkOptions(options: RoundtripOptions): void {
  if (!Number.isInteger(options.sizeBytes) || options.sizeBytes < 0) {
    throw new ArgumentError('size', 'expected a non-negative whole number of bytes');
  }
  if (
    !Number.isInteger(options.partitions) ||
    options.partitions < 1 ||
    options.partitions > PARTITIONS_MAX
  ) {
    throw new ArgumentError('partitions', `expected a whole number from 1 to ${PARTITIONS_MAX}`);
  }
  if (options.sizeBytes > PARTITION_PLAINTEXT_MAX) {
    throw new ArgumentError('size', `at most ${PARTITION_PLAINTEXT_MAX} bytes`);
  }
}

function makePartitions(options: RoundtripOptions, rng: Rng): PartitionPlaintext[] {
  const base = Math.floor(options.sizeBytes / options.partitions);
  const extra = options.sizeBytes % options.partitions;
  return partitionLabels(options.partitions).map((label, i) => ({
    label,
    accessLevel: i,
    data: rng(base + (i < extra ? 1 : 0)),
  }));
}

/** Runs `work` and adds its wall time to `timings[step]`. */
function timed<T>(timings: Record<RoundtripStep, number>, step: RoundtripStep, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    timings[step] += performance.now() - start;
  }
}

export async function runRoundtrip(options: RoundtripOptions): Promise<RoundtripReport> {
  checkOptions(options);
  const backend = await resolveBackend(options.backend);
  if (!options.cold)
    exchange(backend, { ...options, sizeBytes: 1, partitions: 1 }, deterministicRng('warm-up'));
  const rng = options.seed === undefined ? systemRng : deterministicRng(options.seed);
  return exchange(backend, options, rng);
}

function exchange(backend: PairingBackend, options: RoundtripOptions, rng: Rng): RoundtripReport {
  const partitions = makePartitions(options, rng);
  const timings = Object.fromEntries(ROUNDTRIP_STEPS.map((s) => [s, 0])) as Record<RoundtripStep, number>;
  const request = {
    fileId: 'phr',
    version: 1,
    window: { notBefore: 0, notAfter: Number.MAX_SAFE_INTEGER },
    partitions,
  };
  const encryptOptions = { mode: options.mode, aead: options.aead ?? DEFAULT_AEAD, rng };

  let owner: PaperOwner | HardenedOwner;
  let user: DataUser;
  let srs: PaperSrs | HardenedSrs;
  // The owners' signing keys the SRS checks R_{i-P} and RK against (registered at key generation).
  const ownerSigningKeys = new Map<string, Uint8Array>();
  if (options.variant === 'paper') {
    const paperSrs = new PaperSrs(backend, { ownerSigningKeys, rng });
    [owner, user] = timed(timings, 'keyGeneration', () => {
      const paperOwner = PaperOwner.fromEnrollment(backend, paperSrs.enroll('owner'), rng);
      ownerSigningKeys.set(paperOwner.id, paperOwner.signingPublicKey());
      return [paperOwner, DataUser.fromEnrollment(backend, paperSrs.enroll('user'))];
    });
    srs = paperSrs;
  } else {
    const hardenedSrs = new HardenedSrs(backend, { ownerSigningKeys, rng });
    const [hardenedOwner, hardenedUser] = timed(timings, 'keyGeneration', () => {
      const generated = HardenedOwner.generate(backend, 'owner', rng);
      ownerSigningKeys.set(generated.id, generated.signingPublicKey());
      return [generated, DataUser.generate(backend, 'user', rng)];
    });
    timed(timings, 'reKeyGeneration', () =>
      hardenedSrs.storeReKey(hardenedOwner.grant(hardenedUser.publicKey())),
    );
    [owner, user, srs] = [hardenedOwner, hardenedUser, hardenedSrs];
  }

  const upload: Upload = timed(timings, 'encryptAndSign', () => owner.upload(request, encryptOptions));
  const ref = timed(timings, 'sendParameters', () => srs.storeParameters(upload.parameters));
  const reEncrypted = timed(timings, 'reEncrypt', () =>
    partitions.map((p) => srs.reEncrypt(ref, p.accessLevel, user.id)),
  );
  const ownerKey = owner.signingPublicKey();
  const srsKey = srs.signingPublicKey();
  const decrypted = timed(timings, 'decrypt', () =>
    user.decryptPartitions(
      upload,
      ownerKey,
      srsKey,
      partitions.map((p, i) => ({ reEncrypted: reEncrypted[i] as Uint8Array, label: p.label })),
    ),
  );
  const mismatched = partitions
    .filter((p, i) => !equalBytes(p.data, decrypted[i] as Uint8Array))
    .map((p) => p.label);

  return {
    ok: mismatched.length === 0,
    backend: backend.name,
    variant: options.variant,
    mode: options.mode,
    aead: options.mode === 'hybrid' ? encryptOptions.aead : null,
    sizeBytes: options.sizeBytes,
    partitions: options.partitions,
    ciphertextBytes: upload.file.length,
    timingsMs: timings,
    totalMs: ROUNDTRIP_STEPS.reduce((sum, step) => sum + timings[step], 0),
    mismatched,
  };
}
