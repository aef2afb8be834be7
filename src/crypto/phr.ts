/**
 * Encrypting a partitioned PHR (Eqs. 6–13) and decrypting one partition with its level's data key
 * (Eqs. 19–22), in hybrid or paper-literal mode.
 */
import { AEADS, DEFAULT_AEAD } from './aead.ts';
import type { GT, PairingBackend } from './backend/types.ts';
import { ArgumentError, IntegrityError } from './errors.ts';
import { derivePartitionKey, partitionAad } from './kdf.ts';
import { literalMask, literalUnmask } from './literal.ts';
import { drawLevelSecret, levelDataKey, ownerParameter } from './pre.ts';
import { type Rng, systemRng } from './rng.ts';
import type {
  AeadAlgorithm,
  CipherMode,
  EncryptedFile,
  EncryptedPartition,
  FileHeader,
  OwnerParameters,
  PreSecretKey,
  TimeWindow,
  Variant,
} from './types.ts';
import {
  accessLevelProblem,
  duplicateLabel,
  identifierProblem,
  PARTITION_PLAINTEXT_MAX,
  PARTITIONS_MAX,
  timestampProblem,
  versionProblem,
  windowProblem,
} from './validate.ts';
import { encodePartitionContext } from './wire/formats.ts';

export interface PartitionPlaintext {
  readonly label: string;
  readonly accessLevel: number;
  readonly data: Uint8Array;
}

export interface FileSpec {
  readonly ownerId: string;
  readonly fileId: string;
  readonly version: number;
  readonly variant: Variant;
  readonly window: TimeWindow;
}

export interface EncryptOptions {
  readonly mode?: CipherMode;
  /** Hybrid mode only; defaults to AES-256-GCM. */
  readonly aead?: AeadAlgorithm;
  readonly rng?: Rng;
  /** Unix seconds; defaults to now. */
  readonly createdAt?: number;
}

export interface EncryptedPhr {
  /** C, for the cloud (Eq. 28). */
  readonly file: EncryptedFile;
  /** R_{i-P} per access level, for the SRS (Eq. 29). */
  readonly parameters: OwnerParameters;
}

function reject(argument: string, problem: string | undefined): void {
  if (problem !== undefined) throw new ArgumentError(argument, problem);
}

/** The header every partition of an upload is bound to (and the manifest signs). */
export function fileHeader(spec: FileSpec, options: EncryptOptions = {}): FileHeader {
  const mode = options.mode ?? 'hybrid';
  const header: FileHeader = {
    ownerId: spec.ownerId,
    fileId: spec.fileId,
    version: spec.version,
    variant: spec.variant,
    mode,
    aead: mode === 'hybrid' ? (options.aead ?? DEFAULT_AEAD) : null,
    window: spec.window,
    createdAt: options.createdAt ?? Math.floor(Date.now() / 1000),
  };
  reject('ownerId', identifierProblem(spec.ownerId));
  reject('fileId', identifierProblem(spec.fileId));
  reject('version', versionProblem(spec.version));
  reject('window', windowProblem(spec.window));
  reject('createdAt', timestampProblem(header.createdAt));
  return header;
}

/** Eq. 26 for one partition: C_i under K = Z^{r} of its access level, bound to the header. */
export function encryptPartition(
  backend: PairingBackend,
  header: FileHeader,
  partition: PartitionPlaintext,
  dataKey: GT,
  rng: Rng = systemRng,
): EncryptedPartition {
  reject('label', identifierProblem(partition.label));
  reject('accessLevel', accessLevelProblem(partition.accessLevel));
  if (partition.data.length > PARTITION_PLAINTEXT_MAX) {
    throw new ArgumentError('data', `larger than ${PARTITION_PLAINTEXT_MAX} bytes`);
  }
  const { label, accessLevel, data } = partition;
  if (header.aead === null) {
    return {
      label,
      accessLevel,
      nonce: new Uint8Array(0),
      plaintextLength: data.length,
      ciphertext: literalMask(backend, dataKey, data),
    };
  }
  const aead = AEADS[header.aead];
  const context = encodePartitionContext(header, label, accessLevel);
  const nonce = rng(aead.nonceBytes);
  const key = derivePartitionKey(backend, dataKey, context);
  return {
    label,
    accessLevel,
    nonce,
    plaintextLength: data.length,
    ciphertext: aead.seal(key, nonce, partitionAad(context), data),
  };
}

/**
 * Encrypts every partition. One fresh r per distinct access level (Eqs. 6–9); R_{i-P} = g1^{r·x_P} per
 * level (Eqs. 10–13). The level secrets r are dropped when this returns: the owner recovers K from R_{i-P}.
 */
export function encryptPhr(
  backend: PairingBackend,
  owner: PreSecretKey,
  spec: FileSpec,
  partitions: readonly PartitionPlaintext[],
  options: EncryptOptions = {},
): EncryptedPhr {
  const rng = options.rng ?? systemRng;
  const header = fileHeader(spec, options);
  if (partitions.length === 0 || partitions.length > PARTITIONS_MAX) {
    throw new ArgumentError(
      'partitions',
      `expected 1 to ${PARTITIONS_MAX} partitions, got ${partitions.length}`,
    );
  }
  const duplicate = duplicateLabel(partitions.map((p) => p.label));
  if (duplicate !== undefined) throw new ArgumentError('partitions', `duplicate label "${duplicate}"`);

  const levels = [...new Set(partitions.map((p) => p.accessLevel))].sort((a, b) => a - b);
  const dataKeys = new Map<number, GT>();
  const parameterLevels = levels.map((accessLevel) => {
    const r = drawLevelSecret(rng);
    dataKeys.set(accessLevel, levelDataKey(backend, r));
    return { accessLevel, rP: ownerParameter(backend, r, owner) };
  });
  const encrypted = partitions.map((p, i) => {
    try {
      return encryptPartition(backend, header, p, dataKeys.get(p.accessLevel) as GT, rng);
    } catch (error) {
      if (error instanceof ArgumentError)
        throw new ArgumentError(`partitions[${i}].${error.argument}`, error.reason);
      throw error;
    }
  });
  return {
    file: { header, partitions: encrypted },
    parameters: {
      ownerId: spec.ownerId,
      fileId: spec.fileId,
      version: spec.version,
      levels: parameterLevels,
    },
  };
}

export function findPartition(file: EncryptedFile, label: string): EncryptedPartition {
  const partition = file.partitions.find((p) => p.label === label);
  if (!partition) throw new ArgumentError('label', `file ${file.header.fileId} has no partition "${label}"`);
  return partition;
}

/** Decrypts one partition with its level's data key K_i. Wrong key or tampering → IntegrityError. */
export function decryptPartition(
  backend: PairingBackend,
  file: EncryptedFile,
  label: string,
  dataKey: GT,
): Uint8Array {
  const partition = findPartition(file, label);
  const subject = `partition "${label}" of ${file.header.ownerId}/${file.header.fileId}@${file.header.version}`;
  const { header } = file;
  if (header.aead === null) {
    return literalUnmask(backend, dataKey, partition.ciphertext, partition.plaintextLength, subject);
  }
  const context = encodePartitionContext(header, partition.label, partition.accessLevel);
  const key = derivePartitionKey(backend, dataKey, context);
  const plaintext = AEADS[header.aead].open(
    key,
    partition.nonce,
    partitionAad(context),
    partition.ciphertext,
    subject,
  );
  if (plaintext.length !== partition.plaintextLength) {
    plaintext.fill(0);
    throw new IntegrityError(subject, 'stated plaintext length does not match the authenticated ciphertext');
  }
  return plaintext;
}
