/**
 * The third-party auditor (docs/tpa.md). It holds no decryption key and sees no plaintext: only the
 * owners' signing public keys, the audit log's public key and head, and the ciphertext blocks the cloud
 * returns. An audit of a file:
 *
 *   1. asks the cloud for the file's signed manifest and checks the owner's signature and that it names
 *      the file audited (else `badManifest` / `wrongFile`);
 *   2. checks against the audit log that this manifest is the latest upload logged for the file — an
 *      inclusion proof for it in the head's map of latest versions (else `staleVersion` or `wrongFile`);
 *   3. draws c block indices (`distinct` by default), asks the cloud for those blocks and their paths,
 *      and checks each against the manifest's storage commitment: the block's length, its leaf hash and
 *      path to the signed root (else `missingBlock`, `lengthMismatch`, `blockMismatch`);
 *   4. returns a verdict; `verdictEntries` turns it into the log's auditVerdict entry and, on failure, one
 *      corruption entry per kind of problem naming the file and the blocks.
 *
 * `auditFile` is a pure function of what it is given, so the simulator can run it as one concrete step
 * on the bytes its cloud serves (docs/audit.md, "For the model"); `ThirdPartyAuditor` runs it against an
 * on-disk log and appends the entries.
 */

import { type CorruptionKind, verdictEntries } from '../audit/entries.ts';
import type { AppendResult, AuditLog } from '../audit/log.ts';
import { checkLatestManifest, RollbackError } from '../audit/proofs.ts';
import { blockCount, sha256Native, verifyManifest } from '../crypto/manifest.ts';
import type { Rng } from '../crypto/rng.ts';
import type { Manifest, SignedManifest, SigningKeyDirectory, SigningPublicKey } from '../crypto/types.ts';
import type { LatestVersionProof, SignedTreeHead } from '../crypto/wire/audit.ts';
import { decodeSignedManifest, decodeSigningPublicKey } from '../crypto/wire/formats.ts';
import { inclusionProblem, leafHash } from '../crypto/wire/merkle.ts';
import { type Challenge, type ChallengeResponse, drawIndices } from './challenge.ts';
import { challengesFor, detectionProbability, type Sampling } from './probability.ts';

/** What the TPA talks to: the cloud, as an untrusted service. */
export interface StorageService {
  /** The signed manifest the cloud serves as the current one for (owner, file); undefined: none. */
  manifest(ownerId: string, fileId: string): Uint8Array | undefined;
  respond(challenge: Challenge): ChallengeResponse;
}

/** The log's view the TPA checks the manifest against (a head, the log's key and the proof for the file). */
export interface LatestCheck {
  readonly head: SignedTreeHead;
  readonly logKey: SigningPublicKey;
  readonly proof: LatestVersionProof | undefined;
}

export type ChallengeCount = number | { readonly target: number; readonly rho: number };

export interface AuditRequest {
  readonly ownerId: string;
  readonly fileId: string;
  /** The owner's signing public key (wire kind 4). */
  readonly ownerKey: Uint8Array;
  readonly cloud: StorageService;
  readonly challenges: ChallengeCount;
  /** Without it, step 2 is skipped (and the verdict says so). */
  readonly latest?: LatestCheck;
  readonly rng: Rng;
  readonly sampling?: Sampling;
  /**
   * The version audited, as the TPA knows it (from the upload it saw logged): a manifest of an older
   * version is `staleVersion`, of another one `wrongFile`. Without it, any version of the file is audited.
   */
  readonly version?: number;
}

export interface Problem {
  readonly kind: CorruptionKind;
  readonly blocks: readonly number[];
  readonly detail: string;
}

export interface Verdict {
  readonly ownerId: string;
  readonly fileId: string;
  /** The version audited: the served manifest's, else the log's latest, else 0 (unknown). */
  readonly version: number;
  readonly result: 'intact' | 'failed';
  readonly blocks: number;
  readonly challenged: number;
  /** Challenged blocks that failed. */
  readonly failed: number;
  readonly problems: readonly Problem[];
  /** Whether the manifest was checked against the log (step 2). */
  readonly latestChecked: boolean;
  /** When the count came from a target: the ρ it was chosen for and 1 − (1 − ρ)^c. */
  readonly planned?: { readonly rho: number; readonly probability: number };
}

/**
 * Manifests already verified, by owner key and manifest bytes: verification is a pure function of both,
 * and the TPA audits the same file over and over. Bounded.
 */
const verifiedManifests = new Map<string, Manifest>();
const VERIFIED_MAX = 512;

function verifiedManifest(
  bytes: Uint8Array,
  ownerKey: Uint8Array,
): { signed: SignedManifest; manifest: Manifest } {
  const id = `${Buffer.from(ownerKey).toString('hex')}:${Buffer.from(sha256Native(bytes)).toString('hex')}`;
  const signed = decodeSignedManifest(bytes);
  const known = verifiedManifests.get(id);
  if (known) return { signed, manifest: known };
  const manifest = verifyManifest(signed, decodeSigningPublicKey(ownerKey));
  if (verifiedManifests.size >= VERIFIED_MAX) verifiedManifests.clear();
  verifiedManifests.set(id, manifest);
  return { signed, manifest };
}

function failed(
  request: AuditRequest,
  version: number,
  problem: Problem,
  latestChecked: boolean,
  blocks = 0,
): Verdict {
  return {
    ownerId: request.ownerId,
    fileId: request.fileId,
    version,
    result: 'failed',
    blocks,
    challenged: 0,
    failed: 0,
    problems: [problem],
    latestChecked,
  };
}

/** Runs one audit; never throws for anything the cloud does (that is a verdict), only for bad arguments. */
export function auditFile(request: AuditRequest): Verdict {
  const { ownerId, fileId } = request;
  decodeSigningPublicKey(request.ownerKey);
  const loggedVersion = request.latest?.proof?.leaf.version ?? 0;
  // 1. the manifest
  const bytes = request.cloud.manifest(ownerId, fileId);
  if (!bytes || bytes.length === 0)
    return failed(
      request,
      loggedVersion,
      { kind: 'badManifest', blocks: [], detail: 'the cloud serves no manifest' },
      false,
    );
  let signed: SignedManifest;
  let manifest: Manifest;
  try {
    ({ signed, manifest } = verifiedManifest(bytes, request.ownerKey));
  } catch (error) {
    return failed(
      request,
      loggedVersion,
      { kind: 'badManifest', blocks: [], detail: (error as Error).message },
      false,
    );
  }
  const { version } = manifest.header;
  if (manifest.header.ownerId !== ownerId || manifest.header.fileId !== fileId)
    return failed(
      request,
      version,
      {
        kind: 'wrongFile',
        blocks: [],
        detail: `the manifest is ${manifest.header.ownerId}/${manifest.header.fileId}'s`,
      },
      false,
    );
  if (request.version !== undefined && version !== request.version)
    return failed(
      request,
      version,
      {
        kind: version < request.version ? 'staleVersion' : 'wrongFile',
        blocks: [],
        detail: `the cloud serves version ${version} for version ${request.version}`,
      },
      false,
    );
  // 2. the latest logged version
  if (request.latest) {
    try {
      checkLatestManifest(
        { bytes, manifest: signed },
        request.latest.proof,
        request.latest.head,
        request.latest.logKey,
      );
    } catch (error) {
      const stale = error instanceof RollbackError && version < loggedVersion;
      return failed(
        request,
        version,
        { kind: stale ? 'staleVersion' : 'wrongFile', blocks: [], detail: (error as Error).message },
        true,
      );
    }
  }
  // 3. the blocks
  const { blockSize, objectLength, blocksRoot } = manifest.storage;
  const n = blockCount(objectLength, blockSize);
  const c =
    typeof request.challenges === 'number'
      ? Math.min(request.challenges, n)
      : challengesFor(request.challenges.target, request.challenges.rho, n);
  const indices = drawIndices(request.rng, n, c, request.sampling ?? 'distinct');
  const response = request.cloud.respond({ ownerId, fileId, version, indices });
  const answers = new Map(response.blocks.map((a) => [a.index, a]));
  const bad: Record<'missingBlock' | 'lengthMismatch' | 'blockMismatch', number[]> = {
    missingBlock: [],
    lengthMismatch: [],
    blockMismatch: [],
  };
  const failedIndices = new Set<number>();
  for (const index of new Set(indices)) {
    const answer = answers.get(index);
    const expectedLength = index < n - 1 ? blockSize : objectLength - (n - 1) * blockSize;
    let kind: keyof typeof bad | undefined;
    if (!answer) kind = 'missingBlock';
    else if (answer.block.length !== expectedLength) kind = 'lengthMismatch';
    else if (inclusionProblem(index, n, leafHash(answer.block), answer.path, blocksRoot) !== undefined)
      kind = 'blockMismatch';
    if (kind) {
      bad[kind].push(index);
      failedIndices.add(index);
    }
  }
  const problems: Problem[] = (Object.keys(bad) as (keyof typeof bad)[])
    .filter((kind) => bad[kind].length > 0)
    .map((kind) => ({
      kind,
      blocks: [...bad[kind]].sort((a, b) => a - b),
      detail: `${bad[kind].length} of ${indices.length} challenged blocks: ${kind}`,
    }));
  const planned =
    typeof request.challenges === 'number'
      ? undefined
      : {
          rho: request.challenges.rho,
          probability: detectionProbability(request.challenges.rho, c),
        };
  return {
    ownerId,
    fileId,
    version,
    result: problems.length === 0 ? 'intact' : 'failed',
    blocks: n,
    challenged: new Set(indices).size,
    failed: failedIndices.size,
    problems,
    latestChecked: request.latest !== undefined,
    ...(planned ? { planned } : {}),
  };
}

export { verdictEntries } from '../audit/entries.ts';

export interface AuditorOptions {
  readonly name?: string;
  /** The audit log (the secure auditing storage) the TPA checks against and records in. */
  readonly log: AuditLog;
  /** Owners' signing public keys (wire kind 4), as the SRS's registration publishes them. */
  readonly ownerKeys: SigningKeyDirectory;
  readonly rng: Rng;
  /** The time entries carry (the SRS's trusted clock). */
  readonly clock: () => number;
}

export class ThirdPartyAuditor {
  readonly name: string;
  readonly #options: AuditorOptions;

  constructor(options: AuditorOptions) {
    this.name = options.name ?? 'tpa';
    this.#options = options;
  }

  /** Audits one file and records the verdict (and any corruption) in the log. */
  audit(
    target: { readonly ownerId: string; readonly fileId: string },
    cloud: StorageService,
    options: { readonly challenges: ChallengeCount; readonly sampling?: Sampling },
  ): { verdict: Verdict; appended: AppendResult } {
    const { log, ownerKeys, rng, clock } = this.#options;
    const ownerKey = ownerKeys.get(target.ownerId);
    if (!ownerKey) throw new RangeError(`no signing key registered for owner ${target.ownerId}`);
    const verdict = auditFile({
      ...target,
      ownerKey,
      cloud,
      challenges: options.challenges,
      ...(options.sampling ? { sampling: options.sampling } : {}),
      latest: {
        head: log.latestHead(),
        logKey: log.key,
        proof: log.latestVersionProof(target.ownerId, target.fileId),
      },
      rng,
    });
    const appended = log.append(verdictEntries(verdict, clock(), this.name));
    return { verdict, appended };
  }
}
