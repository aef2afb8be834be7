/**
 * Checking the log's proofs with nothing but a signed tree head and the log's public key — what a
 * reader, the TPA or an outside auditor holds (docs/audit.md, "Proofs"). Each check throws a typed
 * ProofError naming what does not hold; none needs the log's files.
 */
import { equalBytes } from '../crypto/bytes.ts';
import { SesphrError } from '../crypto/errors.ts';
import { sha256Native } from '../crypto/manifest.ts';
import type { SignedManifest, SigningPublicKey } from '../crypto/types.ts';
import {
  type ConsistencyProof,
  encodeLatestLeaf,
  type InclusionProof,
  type LatestVersionProof,
  type SignedTreeHead,
  type TreeHead,
} from '../crypto/wire/audit.ts';
import { consistencyProblem, inclusionProblem, leafHash } from '../crypto/wire/merkle.ts';
import { decodeEntry, type Entry } from './entries.ts';
import { treeHeadProblem } from './head.ts';

/** A proof does not prove what it claims against the tree head given. */
export class ProofError extends SesphrError {
  constructor(
    readonly proof: string,
    readonly reason: string,
  ) {
    super('INTEGRITY', `${proof}: ${reason}`);
  }
}

/** The served manifest is not the latest one the log recorded for its file (docs/audit.md, "Rollback"). */
export class RollbackError extends SesphrError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('INTEGRITY', `${file}: ${reason}`);
  }
}

function checkedHead(signed: SignedTreeHead, key: SigningPublicKey, proof: string): TreeHead {
  const problem = treeHeadProblem(signed, key);
  if (problem !== undefined) throw new ProofError(proof, `the tree head ${problem}`);
  return signed.head;
}

/** Entry `proof.index` is `proof.entry`, in the tree the head signs; returns the decoded entry. */
export function checkInclusion(proof: InclusionProof, signed: SignedTreeHead, key: SigningPublicKey): Entry {
  const name = `inclusion proof of entry ${proof.index}`;
  const head = checkedHead(signed, key, name);
  if (proof.log !== head.log)
    throw new ProofError(name, `is for log "${proof.log}", the head for "${head.log}"`);
  if (proof.size !== head.size)
    throw new ProofError(name, `is for the tree of size ${proof.size}, the head has size ${head.size}`);
  const problem = inclusionProblem(proof.index, proof.size, leafHash(proof.entry), proof.path, head.root);
  if (problem !== undefined) throw new ProofError(name, problem);
  let entry: Entry;
  try {
    entry = decodeEntry(proof.entry);
  } catch (error) {
    throw new ProofError(name, `the entry does not decode: ${(error as Error).message}`);
  }
  if (entry.index !== proof.index) throw new ProofError(name, `the entry says it is entry ${entry.index}`);
  return entry;
}

/** The older head's tree is a prefix of the newer head's: nothing the older one covered was changed. */
export function checkConsistency(
  proof: ConsistencyProof,
  older: SignedTreeHead,
  newer: SignedTreeHead,
  key: SigningPublicKey,
): void {
  const name = `consistency proof ${proof.first} → ${proof.second}`;
  const a = checkedHead(older, key, name);
  const b = checkedHead(newer, key, name);
  if (proof.log !== a.log || proof.log !== b.log)
    throw new ProofError(name, 'the proof and heads name different logs');
  if (proof.first !== a.size || proof.second !== b.size)
    throw new ProofError(name, `the heads have sizes ${a.size} and ${b.size}`);
  const problem = consistencyProblem(a.size, b.size, a.root, b.root, proof.path);
  if (problem !== undefined) throw new ProofError(name, problem);
}

/**
 * The reader's rollback check: `served` (a signed manifest's wire bytes, already verified against its
 * owner's key by the caller) is the latest upload the log recorded for its file, per `proof` and the head.
 * Throws RollbackError naming what the log holds instead.
 */
export function checkLatestManifest(
  served: { readonly bytes: Uint8Array; readonly manifest: SignedManifest },
  proof: LatestVersionProof | undefined,
  signed: SignedTreeHead,
  key: SigningPublicKey,
  /** The file the reader asked for: a manifest of another file is refused before anything else. */
  requested?: { readonly ownerId: string; readonly fileId: string },
): void {
  const { ownerId, fileId, version } = served.manifest.manifest.header;
  const file = `${ownerId}/${fileId}`;
  if (requested && (requested.ownerId !== ownerId || requested.fileId !== fileId))
    throw new RollbackError(
      `${requested.ownerId}/${requested.fileId}`,
      `served the manifest of ${file} instead: another file`,
    );
  if (!proof) throw new RollbackError(file, 'the log recorded no upload of this file');
  const name = `latest-version proof of ${file}`;
  const head = checkedHead(signed, key, name);
  if (proof.log !== head.log)
    throw new ProofError(name, `is for log "${proof.log}", the head for "${head.log}"`);
  if (proof.size !== head.size)
    throw new ProofError(name, `is for size ${proof.size}, the head has size ${head.size}`);
  const { leaf } = proof;
  if (leaf.ownerId !== ownerId || leaf.fileId !== fileId)
    throw new ProofError(name, `is about ${leaf.ownerId}/${leaf.fileId}, not ${file}`);
  const mapProblem = inclusionProblem(
    proof.mapIndex,
    head.latestSize,
    leafHash(encodeLatestLeaf(leaf)),
    proof.mapPath,
    head.latestRoot,
  );
  if (mapProblem !== undefined)
    throw new ProofError(name, `not in the head's map of latest versions: ${mapProblem}`);
  const entryProblem = inclusionProblem(
    leaf.entryIndex,
    head.size,
    leafHash(proof.entry),
    proof.entryPath,
    head.root,
  );
  if (entryProblem !== undefined)
    throw new ProofError(name, `its upload entry is not in the log: ${entryProblem}`);
  let entry: Entry;
  try {
    entry = decodeEntry(proof.entry);
  } catch (error) {
    throw new ProofError(name, `its upload entry does not decode: ${(error as Error).message}`);
  }
  if (
    entry.type !== 'upload' ||
    entry.index !== leaf.entryIndex ||
    entry.ownerId !== ownerId ||
    entry.fileId !== fileId ||
    entry.version !== leaf.version ||
    !equalBytes(entry.manifestSha256, leaf.manifestSha256)
  )
    throw new ProofError(name, `entry ${leaf.entryIndex} is not the upload the map names`);
  const servedHash = sha256Native(served.bytes);
  if (version < leaf.version)
    throw new RollbackError(
      file,
      `served version ${version}, but the log's latest is version ${leaf.version} (entry ${leaf.entryIndex}): a rollback`,
    );
  if (version > leaf.version)
    throw new RollbackError(
      file,
      `served version ${version}, which the log never recorded (its latest is ${leaf.version})`,
    );
  if (!equalBytes(servedHash, leaf.manifestSha256))
    throw new RollbackError(
      file,
      `served a manifest of version ${version} that the log never recorded (the logged one is entry ${leaf.entryIndex})`,
    );
}
