/**
 * The TPA against the simulator's cloud (docs/audit.md, "For the model"): a read-only StorageService over
 * what the simulated cloud serves (its `Served` items — the bytes and manifest a reader downloading the
 * file gets, after whatever an insider did), so that a TPA audit can run as one concrete step of a
 * simulation and its verdict be appended to the run's log (`auditServedFile`: the latest version of a
 * file, optionally checked against an on-disk log's latest-version proof).
 *
 * `simulationAuditor` is what the simulator's TPA transitions run (src/sim/auditing.ts; the simulator
 * takes it as a parameter, since this module builds on the simulator's world): TPA_Challenge draws the
 * TPA's randomness; each verdict is a round that asks the cloud for the blocks of the version audited — every block
 * the signed commitment has, so that a scenario's verdict never depends on the draw (sampled audits and
 * their detection rate are tested statistically, test/tpa/detection.test.ts) — and checks each with its
 * Merkle path against the owner's signed root.
 */
import { SYSTEM } from '../../model/vocabulary.ts';
import type { EntryInput } from '../audit/entries.ts';
import { MerkleTree } from '../audit/tree.ts';
import { blockLeafHashes, blockOf } from '../crypto/manifest.ts';
import { deterministicRng, type Rng } from '../crypto/rng.ts';
import { decodeSignedManifest } from '../crypto/wire/formats.ts';
import type { AuditEvidence, SimulationAuditor } from '../sim/auditing.ts';
import { CHALLENGE_BYTES } from '../sim/effects.ts';
import type { Item } from '../sim/holdings.ts';
import type { World } from '../sim/world.ts';
import {
  auditFile,
  type ChallengeCount,
  type LatestCheck,
  type StorageService,
  type Verdict,
  verdictEntries,
} from './auditor.ts';
import type { Challenge, ChallengeResponse } from './challenge.ts';
import type { Sampling } from './probability.ts';

/** The File domain value the cloud serves as (owner, file id)'s current version: the highest stored. */
export function servedInstance(world: World, ownerId: string, fileId: string): string | undefined {
  let best: { name: string; version: number } | undefined;
  for (const item of world.holdings.itemsOf([SYSTEM.cloud], 'Served')) {
    const name = String(item.args[0]);
    const x = world.instance(name);
    if (x.file.owner !== ownerId || x.file.id !== fileId) continue;
    if (!best || x.version > best.version) best = { name, version: x.version };
  }
  return best?.name;
}

/**
 * The simulated cloud as the TPA sees it: for a file, the manifest it serves, and blocks of the bytes it
 * serves — in the block size that manifest commits to — with paths in a tree over those bytes (the cloud
 * answers as well as its bytes allow).
 */
export function simulatedCloud(world: World): StorageService {
  const served = (ownerId: string, fileId: string) => {
    const name = servedInstance(world, ownerId, fileId);
    return name === undefined ? undefined : world.holdings.get(SYSTEM.cloud, 'Served', [name]);
  };
  return {
    manifest: (ownerId, fileId) => served(ownerId, fileId)?.manifest,
    respond(challenge: Challenge): ChallengeResponse {
      const item = served(challenge.ownerId, challenge.fileId);
      const size = item?.manifest ? blockSizeOf(item.manifest) : undefined;
      if (!item || size === undefined) return { blocks: [] };
      return answer(item.bytes, size, challenge.indices);
    },
  };
}

/** The cloud as the TPA sees it for one file version: what it serves for that version (its `Served` item). */
export function simulatedVersion(world: World, file: string): StorageService {
  const served = (): Item | undefined => world.holdings.get(SYSTEM.cloud, 'Served', [file]);
  return {
    manifest: () => served()?.manifest,
    respond(challenge: Challenge): ChallengeResponse {
      const item = served();
      const size = item?.manifest ? blockSizeOf(item.manifest) : undefined;
      if (!item || size === undefined) return { blocks: [] };
      return answer(item.bytes, size, challenge.indices);
    },
  };
}

/** The blocks asked for that the bytes have, each with its path in the tree over the bytes' blocks. */
function answer(bytes: Uint8Array, size: number, indices: readonly number[]): ChallengeResponse {
  const tree = new MerkleTree();
  for (const h of blockLeafHashes(bytes, size)) tree.append(h);
  return {
    blocks: indices
      .filter((i) => i >= 0 && i < tree.size)
      .map((index) => ({
        index,
        block: blockOf(bytes, index, size).slice(),
        path: tree.inclusionProof(index),
      })),
  };
}

/** Capped at the block count by the auditor: the simulator's TPA asks for every block. */
const EVERY_BLOCK = Number.MAX_SAFE_INTEGER;

/** The TPA of the simulator's TPA transitions. */
export const simulationAuditor: SimulationAuditor = {
  challenge: (world) => world.rng(CHALLENGE_BYTES),
  judge(world: World, file: string, challenge: Uint8Array): AuditEvidence {
    const { file: config, version } = world.instance(file);
    const verdict = auditFile({
      ownerId: config.owner,
      fileId: config.id,
      version,
      ownerKey: world.signingKeyOf(config.owner),
      cloud: simulatedVersion(world, file),
      challenges: EVERY_BLOCK,
      rng: deterministicRng(challenge),
    });
    return {
      ownerId: verdict.ownerId,
      fileId: verdict.fileId,
      // The version audited (a substituted file's record is filed under the version it stood in for).
      version,
      result: verdict.result,
      blocks: verdict.blocks,
      challenged: verdict.challenged,
      failed: verdict.failed,
      problems: verdict.problems,
    };
  },
};

export interface ServedAuditOptions {
  readonly challenges: ChallengeCount;
  readonly sampling?: Sampling;
  readonly rng: Rng;
  /** The log's view to check the manifest against (omit to skip the rollback check). */
  readonly latest?: LatestCheck;
  /** The entries' time (the model's clock) and actor. */
  readonly time: number;
  readonly actor?: string;
}

/** One TPA audit of what the simulated cloud serves for (owner, file): the verdict and the entries to append. */
export function auditServedFile(
  world: World,
  target: { readonly ownerId: string; readonly fileId: string },
  options: ServedAuditOptions,
): { verdict: Verdict; entries: EntryInput[] } {
  const verdict = auditFile({
    ...target,
    ownerKey: world.signingKeyOf(target.ownerId),
    cloud: simulatedCloud(world),
    challenges: options.challenges,
    ...(options.sampling ? { sampling: options.sampling } : {}),
    ...(options.latest ? { latest: options.latest } : {}),
    rng: options.rng,
  });
  return { verdict, entries: verdictEntries(verdict, options.time, options.actor ?? 'tpa') };
}

/** The block size a signed manifest's bytes commit to, if they decode. */
function blockSizeOf(bytes: Uint8Array): number | undefined {
  try {
    return decodeSignedManifest(bytes).manifest.storage.blockSize;
  } catch {
    return undefined;
  }
}
