/**
 * The principals a benchmark needs, set up once per (backend, variant): an SRS, an owner and users
 * registered with it, and helpers to make partitioned plaintexts and the requests of a full download.
 * Everything is the real library (src/crypto/parties.ts); nothing is stubbed.
 */
import { randomBytes } from 'node:crypto';
import { type BackendName, loadBackend, type PairingBackend } from '../crypto/backend/index.ts';
import {
  DataUser,
  HardenedOwner,
  HardenedSrs,
  PaperOwner,
  PaperSrs,
  type PartitionRequest,
  type Upload,
  type UploadRequest,
} from '../crypto/parties.ts';
import type { PartitionPlaintext } from '../crypto/phr.ts';
import { partitionLabels } from '../crypto/roundtrip.ts';
import type { CipherMode, FileRef, Variant } from '../crypto/types.ts';

export const WINDOW = { notBefore: 0, notAfter: Number.MAX_SAFE_INTEGER };

export interface World {
  readonly backend: PairingBackend;
  readonly variant: Variant;
  readonly owner: PaperOwner | HardenedOwner;
  readonly srs: PaperSrs | HardenedSrs;
  readonly ownerKey: Uint8Array;
  readonly srsKey: Uint8Array;
  /** Registers (paper: enrolls; hardened: generates and grants) another user. */
  addUser(principal: string): DataUser;
}

export async function makeWorld(backendName: BackendName, variant: Variant): Promise<World> {
  const backend = await loadBackend(backendName);
  const ownerSigningKeys = new Map<string, Uint8Array>();
  if (variant === 'paper') {
    const srs = new PaperSrs(backend, { ownerSigningKeys });
    const owner = PaperOwner.fromEnrollment(backend, srs.enroll('owner'));
    ownerSigningKeys.set(owner.id, owner.signingPublicKey());
    return {
      backend,
      variant,
      owner,
      srs,
      ownerKey: owner.signingPublicKey(),
      srsKey: srs.signingPublicKey(),
      addUser: (principal) => DataUser.fromEnrollment(backend, srs.enroll(principal)),
    };
  }
  const srs = new HardenedSrs(backend, { ownerSigningKeys });
  const owner = HardenedOwner.generate(backend, 'owner');
  ownerSigningKeys.set(owner.id, owner.signingPublicKey());
  return {
    backend,
    variant,
    owner,
    srs,
    ownerKey: owner.signingPublicKey(),
    srsKey: srs.signingPublicKey(),
    addUser: (principal) => {
      const user = DataUser.generate(backend, principal);
      srs.storeReKey(owner.grant(user.publicKey()));
      return user;
    },
  };
}

/** `bytes` of random plaintext split evenly over `count` partitions, one access level each. */
export function makePartitions(bytes: number, count: number): PartitionPlaintext[] {
  const base = Math.floor(bytes / count);
  const extra = bytes % count;
  return partitionLabels(count).map((label, i) => ({
    label,
    accessLevel: i,
    data: new Uint8Array(randomBytes(base + (i < extra ? 1 : 0))),
  }));
}

let nextFile = 0;

/** An upload request for a fresh file id. */
export function uploadRequest(partitions: readonly PartitionPlaintext[]): UploadRequest {
  nextFile += 1;
  return { fileId: `bench-${nextFile}`, version: 1, window: WINDOW, partitions };
}

export const encryptOptions = (mode: CipherMode) =>
  mode === 'literal' ? { mode } : { mode, aead: 'aes-256-gcm' as const };

/** Uploads, stores R_{i-P} at the SRS and obtains the user's R_{i-U} for every partition. */
export function uploadAndGrant(
  world: World,
  user: DataUser,
  partitions: readonly PartitionPlaintext[],
  mode: CipherMode,
): { upload: Upload; ref: FileRef; requests: PartitionRequest[] } {
  const upload = world.owner.upload(uploadRequest(partitions), encryptOptions(mode));
  const ref = world.srs.storeParameters(upload.parameters);
  const requests = partitions.map((p) => ({
    label: p.label,
    reEncrypted: world.srs.reEncrypt(ref, p.accessLevel, user.id),
  }));
  return { upload, ref, requests };
}

/** Decrypts every requested partition and checks each against its plaintext (a wrong answer ends the run). */
export function decryptAndCheck(
  world: World,
  user: DataUser,
  upload: Upload,
  requests: readonly PartitionRequest[],
  partitions: readonly PartitionPlaintext[],
): void {
  const plaintexts = user.decryptPartitions(upload, world.ownerKey, world.srsKey, requests);
  plaintexts.forEach((plaintext, i) => {
    const expected = partitions[i]?.data;
    if (!expected || !Buffer.from(plaintext).equals(Buffer.from(expected)))
      throw new Error(`partition ${partitions[i]?.label ?? i} did not decrypt to its plaintext`);
  });
}
