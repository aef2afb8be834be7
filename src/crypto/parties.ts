/**
 * The principals of SeSPHR as objects that exchange wire bytes. The two variants have different
 * classes, so a step of one variant cannot be called in the other: only `PaperSrs` can generate keys
 * for others or compute RK from stored secret keys (§3.3); only `HardenedOwner` can compute RK itself
 * (docs/architecture.md). Each principal may run on its own backend; bytes are the only thing that crosses.
 */
import type { G1, G2, PairingBackend } from './backend/types.ts';
import { AccessError, ArgumentError, RefusedError } from './errors.ts';
import {
  buildManifest,
  checkFileAgainstManifest,
  generateSigningKeyPair,
  signManifest,
  verifyManifest,
} from './manifest.ts';
import {
  decryptPartition,
  type EncryptOptions,
  encryptPhr,
  findPartition,
  type PartitionPlaintext,
} from './phr.ts';
import {
  derivePublicKey,
  generatePreKeyPair,
  ownerDataKey,
  reEncrypt,
  reKeyFromPublic,
  reKeyFromSecrets,
  userDataKey,
} from './pre.ts';
import { type Rng, systemRng } from './rng.ts';
import {
  signOwnerParameters,
  signReEncryptedParameter,
  signReKey,
  verifyOwnerParameters,
  verifyReEncryptedParameter,
  verifyReKey,
} from './srs-messages.ts';
import type {
  EncryptedFile,
  FileRef,
  PreKeyPair,
  ReEncryptedParameter,
  SigningKeyDirectory,
  SigningKeyPair,
  TimeWindow,
  Variant,
} from './types.ts';
import { identifierProblem } from './validate.ts';
import {
  decodeEncryptedFile,
  decodePrePublicKey,
  decodePreSecretKey,
  decodeSignedManifest,
  decodeSigningPublicKey,
  encodeEncryptedFile,
  encodePrePublicKey,
  encodePreSecretKey,
  encodeSignedManifest,
  encodeSigningPublicKey,
} from './wire/formats.ts';

/** The three messages of an upload: C for the cloud, R_{i-P} for the SRS, the signed manifest for readers. */
export interface Upload {
  readonly file: Uint8Array;
  readonly manifest: Uint8Array;
  /** Send_Ri: R_{i-P} of every access level, signed by the owner (wire kind signedOwnerParameters). */
  readonly parameters: Uint8Array;
}

export interface UploadRequest {
  readonly fileId: string;
  readonly version: number;
  readonly window: TimeWindow;
  readonly partitions: readonly PartitionPlaintext[];
}

/** A verified, decoded download: what a reader has after checking the manifest. */
export function openVerified(fileBytes: Uint8Array, manifestBytes: Uint8Array, ownerSigningKey: Uint8Array) {
  const owner = decodeSigningPublicKey(ownerSigningKey);
  const manifest = verifyManifest(decodeSignedManifest(manifestBytes), owner);
  const file = decodeEncryptedFile(fileBytes);
  checkFileAgainstManifest(file, manifest);
  return file;
}

const fileKey = (ref: FileRef) => JSON.stringify([ref.ownerId, ref.fileId, ref.version]);

function requireIdentifier(argument: string, value: string): void {
  const problem = identifierProblem(value);
  if (problem !== undefined) throw new ArgumentError(argument, problem);
}

// ── owners ──────────────────────────────────────────────────────────────────────────────────────────

abstract class DataOwner {
  abstract readonly variant: Variant;
  readonly backend: PairingBackend;
  protected readonly keys: PreKeyPair;
  protected readonly signing: SigningKeyPair;

  protected constructor(backend: PairingBackend, keys: PreKeyPair, signing: SigningKeyPair) {
    this.backend = backend;
    this.keys = keys;
    this.signing = signing;
  }

  get id(): string {
    return this.keys.principal;
  }

  /** The manifest-verification key readers need (distributed through the SRS registration). */
  signingPublicKey(): Uint8Array {
    return encodeSigningPublicKey({ principal: this.signing.principal, publicKey: this.signing.publicKey });
  }

  /** Eqs. 6–13 and 28–29: encrypt, sign the manifest, produce R_{i-P}. */
  upload(request: UploadRequest, options: EncryptOptions = {}): Upload {
    const { file, parameters } = encryptPhr(
      this.backend,
      this.keys.secretKey,
      {
        ownerId: this.id,
        fileId: request.fileId,
        version: request.version,
        variant: this.variant,
        window: request.window,
      },
      request.partitions,
      options,
    );
    return {
      file: encodeEncryptedFile(file),
      manifest: encodeSignedManifest(signManifest(buildManifest(file), this.signing)),
      parameters: signOwnerParameters(this.backend, parameters, this.signing),
    };
  }

  /** The owner reads its own file back: K = e(R_{i-P}, g2)^{1/x_P}, no r kept. */
  readOwn(upload: Upload, label: string): Uint8Array {
    const ownKey = this.signingPublicKey();
    const file = openVerified(upload.file, upload.manifest, ownKey);
    const parameters = verifyOwnerParameters(this.backend, upload.parameters, new Map([[this.id, ownKey]]));
    if (fileKey(parameters) !== fileKey(file.header))
      throw new AccessError('R_{i-P} was made for another file or version');
    const level = findPartition(file, label).accessLevel;
    const rP = parameters.levels.find((l) => l.accessLevel === level)?.rP;
    if (!rP) throw new AccessError(`no R_{i-P} for access level ${level}`);
    return decryptPartition(this.backend, file, label, ownerDataKey(this.backend, rP, this.keys.secretKey));
  }
}

/** Paper variant: the owner's key pair was generated by the SRS (Eqs. 23–24). */
export class PaperOwner extends DataOwner {
  readonly variant = 'paper' as const;

  /** Builds the owner from the secret-key message the SRS sent it (Send_Keys, Eq. 24). */
  static fromEnrollment(
    backend: PairingBackend,
    secretKeyMessage: Uint8Array,
    rng: Rng = systemRng,
  ): PaperOwner {
    const { principal, secretKey } = decodePreSecretKey(secretKeyMessage);
    const keys = { principal, secretKey, publicKey: derivePublicKey(backend, secretKey) };
    return new PaperOwner(backend, keys, generateSigningKeyPair(principal, rng));
  }
}

/** Hardened variant: the owner generates its own key and delegates by computing RK itself. */
export class HardenedOwner extends DataOwner {
  readonly variant = 'hardened' as const;

  static generate(backend: PairingBackend, principal: string, rng: Rng = systemRng): HardenedOwner {
    requireIdentifier('principal', principal);
    return new HardenedOwner(
      backend,
      generatePreKeyPair(backend, principal, rng),
      generateSigningKeyPair(principal, rng),
    );
  }

  publicKey(): Uint8Array {
    return encodePrePublicKey(this.backend, this.keys);
  }

  /** On approval of a user: RK_{P→U} = PK_U^{1/x_P}, signed and sent to the SRS (wire kind signedReKey). */
  grant(userPublicKey: Uint8Array): Uint8Array {
    const user = decodePrePublicKey(this.backend, userPublicKey);
    const rk = reKeyFromPublic(this.backend, this.keys.secretKey, user.publicKey);
    return signReKey(this.backend, { ownerId: this.id, userId: user.principal, rk }, this.signing);
  }
}

// ── users ───────────────────────────────────────────────────────────────────────────────────────────

export class DataUser {
  readonly backend: PairingBackend;
  readonly #keys: PreKeyPair;

  private constructor(backend: PairingBackend, keys: PreKeyPair) {
    this.backend = backend;
    this.#keys = keys;
  }

  /** Paper variant: the key pair the SRS generated and sent (Eq. 24). */
  static fromEnrollment(backend: PairingBackend, secretKeyMessage: Uint8Array): DataUser {
    const { principal, secretKey } = decodePreSecretKey(secretKeyMessage);
    return new DataUser(backend, { principal, secretKey, publicKey: derivePublicKey(backend, secretKey) });
  }

  /** Hardened variant: the user generates its own key pair. */
  static generate(backend: PairingBackend, principal: string, rng: Rng = systemRng): DataUser {
    requireIdentifier('principal', principal);
    return new DataUser(backend, generatePreKeyPair(backend, principal, rng));
  }

  get id(): string {
    return this.#keys.principal;
  }

  publicKey(): Uint8Array {
    return encodePrePublicKey(this.backend, this.#keys);
  }

  /**
   * Decrypt_C (Eq. 33) of several partitions of one download: the manifest and the file are verified
   * once for all of them; see `decryptPartitionsVerified`.
   */
  decryptPartitions(
    download: Download,
    ownerSigningKey: Uint8Array,
    srsSigningKey: Uint8Array,
    requests: readonly PartitionRequest[],
  ): Uint8Array[] {
    return decryptPartitionsVerified(
      this.backend,
      this.#keys,
      download,
      ownerSigningKey,
      srsSigningKey,
      requests,
    );
  }

  /** Decrypt_C (Eq. 33) with an SRS-signed R_{i-U}; see `decryptDownloadVerified`. */
  decrypt(
    download: Download,
    ownerSigningKey: Uint8Array,
    srsSigningKey: Uint8Array,
    reEncrypted: Uint8Array,
    label: string,
  ): Uint8Array {
    return decryptDownloadVerified(
      this.backend,
      this.#keys,
      download,
      ownerSigningKey,
      srsSigningKey,
      reEncrypted,
      label,
    );
  }
}

/** What a reader fetches from the cloud: the encrypted file and its signed manifest. */
export interface Download {
  readonly file: Uint8Array;
  readonly manifest: Uint8Array;
}

/**
 * Decrypt_C (Eq. 33) as a step any holder of the bytes can run: verify the manifest and the file, verify
 * the SRS's signature on R_{i-U} (wire kind signedReEncryptedParameter, `srsSigningKey` the SRS's encoded
 * signingPublicKey), check that it is for this user, this file and this partition's access level, then
 * K = R_{i-U}^{1/x_U}. A relabelled R_{i-U} fails the signature: IntegrityError.
 */
export function decryptDownloadVerified(
  backend: PairingBackend,
  keys: Pick<PreKeyPair, 'principal' | 'secretKey'>,
  download: Download,
  ownerSigningKey: Uint8Array,
  srsSigningKey: Uint8Array,
  signedReEncrypted: Uint8Array,
  label: string,
): Uint8Array {
  const [plaintext] = decryptPartitionsVerified(backend, keys, download, ownerSigningKey, srsSigningKey, [
    { reEncrypted: signedReEncrypted, label },
  ]);
  return plaintext as Uint8Array;
}

/** One partition a reader wants from a download: its label and the SRS-signed R_{i-U} for it. */
export interface PartitionRequest {
  readonly reEncrypted: Uint8Array;
  readonly label: string;
}

/**
 * `decryptDownloadVerified` for several partitions of one download: the manifest signature, the file
 * decoding and the file-against-manifest check (a SHA-256 of every partition) run once per file, not
 * once per partition; each R_{i-U} is still verified and checked on its own. Plaintexts in request order.
 */
export function decryptPartitionsVerified(
  backend: PairingBackend,
  keys: Pick<PreKeyPair, 'principal' | 'secretKey'>,
  download: Download,
  ownerSigningKey: Uint8Array,
  srsSigningKey: Uint8Array,
  requests: readonly PartitionRequest[],
): Uint8Array[] {
  const file = openVerified(download.file, download.manifest, ownerSigningKey);
  return requests.map(({ reEncrypted, label }) =>
    decryptWithParameter(
      backend,
      keys,
      file,
      verifyReEncryptedParameter(backend, reEncrypted, srsSigningKey),
      label,
    ),
  );
}

function decryptWithParameter(
  backend: PairingBackend,
  keys: Pick<PreKeyPair, 'principal' | 'secretKey'>,
  file: EncryptedFile,
  param: ReEncryptedParameter,
  label: string,
): Uint8Array {
  const partition = findPartition(file, label);
  const { header } = file;
  if (param.userId !== keys.principal)
    throw new AccessError(`R_{i-U} was issued to "${param.userId}", not "${keys.principal}"`);
  if (fileKey(param) !== fileKey(header))
    throw new AccessError('R_{i-U} was issued for another file or version');
  if (param.accessLevel !== partition.accessLevel) {
    throw new AccessError(
      `R_{i-U} is for access level ${param.accessLevel}; partition "${label}" is at level ${partition.accessLevel}`,
    );
  }
  return decryptPartition(backend, file, label, userDataKey(backend, param.rU, keys.secretKey));
}

// ── the SRS ─────────────────────────────────────────────────────────────────────────────────────────

/** The SRS's principal name, in its signing identity (and in the model, model/vocabulary.ts). */
export const SRS_PRINCIPAL = 'srs';

export interface SrsOptions {
  /**
   * The owners' registered signing public keys (principal → encoded signingPublicKey). The SRS accepts
   * R_{i-P} and RK only when signed by the key registered for the owner they name; it looks keys up
   * when a message arrives, so owners may register later.
   */
  readonly ownerSigningKeys: SigningKeyDirectory;
  /** The SRS's own identity, which signs every R_{i-U}; generated from `rng` when omitted. */
  readonly signing?: SigningKeyPair;
  readonly rng?: Rng;
}

/** What both SRS variants share: the store of R_{i-P} (Eq. 29) and the re-encryption of Eq. 17. */
abstract class SetupAndReEncryptionServer {
  abstract readonly variant: Variant;
  readonly backend: PairingBackend;
  protected readonly owners: SigningKeyDirectory;
  readonly #signing: SigningKeyPair;
  readonly #parameters = new Map<string, Map<number, G1>>();

  protected constructor(backend: PairingBackend, options: SrsOptions) {
    this.backend = backend;
    this.owners = options.ownerSigningKeys;
    this.#signing = options.signing ?? generateSigningKeyPair(SRS_PRINCIPAL, options.rng ?? systemRng);
  }

  /** The key users verify R_{i-U} with (an encoded signingPublicKey). */
  signingPublicKey(): Uint8Array {
    return encodeSigningPublicKey({ principal: this.#signing.principal, publicKey: this.#signing.publicKey });
  }

  /** RK_{P→U}, however this variant obtains it. */
  protected abstract reKeyFor(ownerId: string, userId: string): G2;

  /**
   * Send_Ri (Eq. 29): the owner's R_{i-P} per access level for one file version, signed by the owner
   * (wire kind signedOwnerParameters). A slot (owner, file, version, level) is written once: the same
   * R_{i-P} again is a no-op, another one is refused (RefusedError) and nothing of the message is stored.
   */
  storeParameters(message: Uint8Array): FileRef {
    const params = verifyOwnerParameters(this.backend, message, this.owners);
    const key = fileKey(params);
    const stored = this.#parameters.get(key) ?? new Map<number, G1>();
    for (const { accessLevel, rP } of params.levels) {
      const existing = stored.get(accessLevel);
      if (existing && !this.backend.g1Equals(existing, rP)) {
        throw new RefusedError(
          `R_{i-P} of ${params.ownerId}/${params.fileId}@${params.version} level ${accessLevel}`,
          'the SRS already holds another R_{i-P} for this slot and never replaces one',
        );
      }
    }
    for (const { accessLevel, rP } of params.levels) stored.set(accessLevel, rP);
    this.#parameters.set(key, stored);
    return { ownerId: params.ownerId, fileId: params.fileId, version: params.version };
  }

  /**
   * Eqs. 14–18: R_{i-U} = e(R_{i-P}, RK_{P→U}), signed by the SRS (wire kind signedReEncryptedParameter).
   * The ACL decision (D_R_S vs D_R_F, Eqs. 31–32) is the caller's: this method performs the algebra for
   * whatever it is asked.
   */
  reEncrypt(ref: FileRef, accessLevel: number, userId: string): Uint8Array {
    const rP = this.#parameters.get(fileKey(ref))?.get(accessLevel);
    if (!rP)
      throw new AccessError(
        `SRS holds no R_{i-P} for ${ref.ownerId}/${ref.fileId}@${ref.version} level ${accessLevel}`,
      );
    const rU = reEncrypt(this.backend, rP, this.reKeyFor(ref.ownerId, userId));
    const parameter = {
      ownerId: ref.ownerId,
      fileId: ref.fileId,
      version: ref.version,
      accessLevel,
      userId,
      rU,
    };
    return signReEncryptedParameter(this.backend, parameter, this.#signing);
  }
}

/** §3.3 as published: the SRS generates and stores every key pair and computes RK itself. */
export class PaperSrs extends SetupAndReEncryptionServer {
  readonly variant = 'paper' as const;
  readonly #keys = new Map<string, PreKeyPair>();
  readonly #rng: Rng;

  constructor(backend: PairingBackend, options: SrsOptions) {
    super(backend, options);
    this.#rng = options.rng ?? systemRng;
  }

  /** Gen_Keys + Send_Keys (Eqs. 23–24): generate, keep, and return the secret-key message for the principal. */
  enroll(principal: string): Uint8Array {
    requireIdentifier('principal', principal);
    if (this.#keys.has(principal)) throw new ArgumentError('principal', `"${principal}" is already enrolled`);
    const keys = generatePreKeyPair(this.backend, principal, this.#rng);
    this.#keys.set(principal, keys);
    return encodePreSecretKey(principal, keys.secretKey);
  }

  /** Depart (§3.3): delete the user's key pair; nothing else changes. */
  removeKeys(principal: string): boolean {
    return this.#keys.delete(principal);
  }

  hasKeys(principal: string): boolean {
    return this.#keys.has(principal);
  }

  protected reKeyFor(ownerId: string, userId: string): G2 {
    const owner = this.#keys.get(ownerId);
    const user = this.#keys.get(userId);
    if (!owner) throw new AccessError(`SRS holds no key pair for owner "${ownerId}"`);
    if (!user) throw new AccessError(`SRS holds no key pair for user "${userId}"`);
    return reKeyFromSecrets(this.backend, owner.secretKey, user.secretKey);
  }
}

/** Hardened: the SRS holds only public keys, RKs and R_{i-P}; it can decrypt nothing. */
export class HardenedSrs extends SetupAndReEncryptionServer {
  readonly variant = 'hardened' as const;
  /** RK_{P→U} by user, then owner: depart removes a user's whole row at once. */
  readonly #reKeys = new Map<string, Map<string, G2>>();

  constructor(backend: PairingBackend, options: SrsOptions) {
    super(backend, options);
  }

  /**
   * Stores the RK an owner computed on approving a user (wire kind signedReKey), only when signed by the
   * registered key of the owner it names. The owner may replace its own RK (e.g. after the user re-keyed).
   */
  storeReKey(message: Uint8Array): void {
    const { ownerId, userId, rk } = verifyReKey(this.backend, message, this.owners);
    let row = this.#reKeys.get(userId);
    if (!row) {
      row = new Map();
      this.#reKeys.set(userId, row);
    }
    row.set(ownerId, rk);
  }

  /** Depart: delete every RK towards the user. */
  removeReKeys(userId: string): boolean {
    return this.#reKeys.delete(userId);
  }

  protected reKeyFor(ownerId: string, userId: string): G2 {
    const rk = this.#reKeys.get(userId)?.get(ownerId);
    if (!rk) throw new AccessError(`SRS holds no re-encryption key from "${ownerId}" to "${userId}"`);
    return rk;
  }
}
