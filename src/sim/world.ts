/**
 * The simulated world: the pairing backend, a seeded RNG, every principal's holdings, the public
 * directory (owners' manifest keys and the time server's key), the uploads as made, and memo tables for
 * pure crypto (decoding and key derivations are pure functions of their input bytes, so caching is sound).
 */
import type { CipherMode } from '../../common/modes.ts';
import type { Variant } from '../../common/variants.ts';
import { type FileInstance, fileInstances } from '../../model/config.ts';
import type { Value } from '../../model/expr/ast.ts';
import { tupleKey } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { SYSTEM } from '../../model/vocabulary.ts';
import type { PairingBackend } from '../crypto/backend/types.ts';
import { concatBytes, equalBytes, utf8 } from '../crypto/bytes.ts';
import { SesphrError } from '../crypto/errors.ts';
import { generateSigningKeyPair } from '../crypto/manifest.ts';
import { openVerified } from '../crypto/parties.ts';
import { deterministicRng, type Rng } from '../crypto/rng.ts';
import type { AeadAlgorithm, EncryptedFile, SigningKeyPair } from '../crypto/types.ts';
import {
  decodeEncryptedFile,
  encodeSigningPublicKey,
  encodeSigningSecretKey,
} from '../crypto/wire/formats.ts';
import type { AuditEvidence, SimulationAuditor } from './auditing.ts';
import { Holdings, type Item } from './holdings.ts';

/** A scenario's explicit plaintext for one partition of one file version. */
export interface ExplicitPlaintext {
  readonly file: string;
  readonly partition: string;
  readonly text: string;
}

export interface WorldOptions {
  readonly backend: PairingBackend;
  readonly seed: string;
  readonly aead: AeadAlgorithm;
  /** Size of each generated partition plaintext. */
  readonly partitionBytes: number;
  /** Explicit plaintexts; the others are generated from the seed. */
  readonly plaintexts?: readonly ExplicitPlaintext[];
  /** The third-party auditor the TPA transitions run (src/tpa/from-sim.ts); without one they cannot fire. */
  readonly auditor?: SimulationAuditor;
}

/** What a held file's bytes are, judged from the bytes alone. */
export interface Identity {
  /** The file version whose owner-signed manifest these bytes pass (the reader's check). */
  readonly verifiesAs?: string;
  /** The file version whose every partition's ciphertext these bytes carry unchanged. */
  readonly carries?: string;
}

export class World {
  readonly net: Net;
  readonly backend: PairingBackend;
  readonly rng: Rng;
  readonly options: WorldOptions;
  readonly variant: Variant;
  readonly mode: CipherMode;
  readonly holdings = new Holdings();
  /** Public directory: owners' and the time server's signing public keys (wire bytes). */
  readonly signingKeys = new Map<string, Uint8Array>();
  readonly #instances: ReadonlyMap<string, FileInstance>;
  /** The owners' original plaintexts by tupleKey([file, partition]), to check every decryption against. */
  readonly #plaintexts = new Map<string, Uint8Array>();
  /** Every upload as its owner made it, by file version. */
  readonly #uploads = new Map<string, EncryptedFile>();
  readonly #memo = new Map<string, unknown>();
  readonly #decoded = new WeakMap<Item, EncryptedFile | null>();
  readonly #identities = new WeakMap<Item, Identity>();
  /** The TPA's verdicts, by the index of the step that gave them (for the audit log). */
  readonly #evidence = new Map<number, AuditEvidence>();
  #pendingEvidence: AuditEvidence | undefined;

  constructor(net: Net, options: WorldOptions) {
    this.net = net;
    this.backend = options.backend;
    this.options = options;
    this.variant = net.config.variant;
    this.mode = net.config.mode;
    this.rng = deterministicRng(options.seed);
    this.#instances = new Map(fileInstances(net.config).map((x) => [x.name, x]));
    this.#initialize();
  }

  /** M0's concrete counterpart: signing identities, and every owner's plaintext PHR. */
  #initialize(): void {
    const domains = this.net.interpretation.domains;
    for (const principal of domains.Principal as string[]) {
      // Owners sign manifests and their messages to the SRS; the SRS signs R_{i-U}; the time server tokens.
      if (principal === SYSTEM.timeServer || principal === SYSTEM.srs || this.isOwner(principal))
        this.#enrolSigner(principal);
    }
    const given = new Map(
      (this.options.plaintexts ?? []).map((p) => [tupleKey([p.file, p.partition]), p.text]),
    );
    for (const file of domains.File as string[]) {
      for (const partition of domains.Partition as string[]) {
        const key = tupleKey([file, partition]);
        const text = given.get(key);
        const bytes =
          text === undefined
            ? concatBytes(utf8(`PHR ${file}/${partition}: `), this.rng(this.options.partitionBytes))
            : utf8(text);
        this.#plaintexts.set(key, bytes);
        this.holdings.put(this.ownerOf(file), { kind: 'PT', args: [file, partition], bytes });
      }
    }
  }

  #enrolSigner(principal: string): SigningKeyPair {
    const pair = generateSigningKeyPair(principal, this.rng);
    this.holdings.put(principal, {
      kind: 'SigSK',
      args: [principal],
      bytes: encodeSigningSecretKey(principal, pair.secretKey),
    });
    this.signingKeys.set(principal, encodeSigningPublicKey({ principal, publicKey: pair.publicKey }));
    this.memo(`signer:${principal}`, () => pair);
    return pair;
  }

  signer(principal: string): SigningKeyPair {
    return this.memo(`signer:${principal}`, () => {
      throw new Error(`${principal} has no signing identity`);
    });
  }

  signingKeyOf(principal: string): Uint8Array {
    const key = this.signingKeys.get(principal);
    if (!key) throw new Error(`no signing key published for ${principal}`);
    return key;
  }

  staticValue(fn: string, args: readonly Value[]): Value {
    const value = this.net.interpretation.functions.get(fn)?.get(tupleKey(args));
    if (value === undefined) throw new Error(`${fn}(${args.join(', ')}) is undefined`);
    return value;
  }

  ownerOf(file: string): string {
    return this.staticValue('ownerOf', [file]) as string;
  }

  levelOf(file: string, partition: string): number {
    return this.staticValue('levelOf', [file, partition]) as number;
  }

  isOwner(principal: string): boolean {
    return this.staticValue('isOwner', [principal]) === true;
  }

  /** The file id and version a File domain value stands for. */
  instance(file: string): FileInstance {
    const instance = this.#instances.get(file);
    if (!instance) throw new Error(`no file version ${file} in this universe`);
    return instance;
  }

  /** The File domain value of (owner, file id, version), if the universe has it. */
  instanceNamed(ownerId: string, fileId: string, version: number): string | undefined {
    for (const x of this.#instances.values())
      if (x.file.id === fileId && x.file.owner === ownerId && x.version === version) return x.name;
    return undefined;
  }

  plaintextOf(file: string, partition: string): Uint8Array {
    const bytes = this.#plaintexts.get(tupleKey([file, partition]));
    if (!bytes) throw new Error(`no plaintext for ${file}/${partition}`);
    return bytes;
  }

  /** The auditor the TPA transitions need; a typed failure when the simulation was made without one. */
  auditor(): SimulationAuditor {
    const auditor = this.options.auditor;
    if (!auditor)
      throw new Error('this simulation has no TPA attached (create it with an auditor, src/tpa/from-sim.ts)');
    return auditor;
  }

  /** A verdict step's concrete effect leaves its evidence here; the simulation files it under the step. */
  setEvidence(evidence: AuditEvidence): void {
    this.#pendingEvidence = evidence;
  }

  fileEvidence(step: number): void {
    if (this.#pendingEvidence) this.#evidence.set(step, this.#pendingEvidence);
    this.#pendingEvidence = undefined;
  }

  /** The TPA's verdict given at step `step` (1-based, as StepRecord.index), if that step was a verdict. */
  evidenceOf(step: number): AuditEvidence | undefined {
    return this.#evidence.get(step);
  }

  recordUpload(file: string, upload: EncryptedFile): void {
    this.#uploads.set(file, upload);
  }

  /** Memoizes a pure computation under a key derived from its inputs. */
  memo<T>(key: string, compute: () => T): T {
    if (this.#memo.has(key)) return this.#memo.get(key) as T;
    const value = compute();
    this.#memo.set(key, value);
    return value;
  }

  /** A held file's bytes decoded (no manifest check), or `undefined` when they do not decode. */
  decoded(item: Item): EncryptedFile | undefined {
    let file = this.#decoded.get(item);
    if (file === undefined) {
      try {
        file = decodeEncryptedFile(item.bytes);
      } catch (error) {
        if (!(error instanceof SesphrError)) throw error;
        file = null;
      }
      this.#decoded.set(item, file);
    }
    return file ?? undefined;
  }

  /** What the bytes of a held file are: which upload they verify as, and whose ciphertext they carry. */
  identify(item: Item): Identity {
    let identity = this.#identities.get(item);
    if (!identity) {
      identity = this.#identify(item);
      this.#identities.set(item, identity);
    }
    return identity;
  }

  #identify(item: Item): Identity {
    const file = this.decoded(item);
    if (!file) return {};
    const { ownerId, fileId, version } = file.header;
    const name = this.instanceNamed(ownerId, fileId, version);
    if (name === undefined) return {};
    const original = this.#uploads.get(name);
    const carries = original && sameCiphertexts(original, file) ? name : undefined;
    let verifiesAs: string | undefined;
    try {
      openVerified(item.bytes, item.manifest ?? new Uint8Array(0), this.signingKeyOf(ownerId));
      verifiesAs = name;
    } catch (error) {
      if (!(error instanceof SesphrError)) throw error;
    }
    return { ...(verifiesAs ? { verifiesAs } : {}), ...(carries ? { carries } : {}) };
  }
}

/** Every partition of the upload, by label, with the same level, nonce, lengths and ciphertext. */
function sameCiphertexts(original: EncryptedFile, held: EncryptedFile): boolean {
  if (original.partitions.length !== held.partitions.length) return false;
  return original.partitions.every((p) => {
    const q = held.partitions.find((x) => x.label === p.label);
    return (
      q !== undefined &&
      q.accessLevel === p.accessLevel &&
      q.plaintextLength === p.plaintextLength &&
      equalBytes(q.nonce, p.nonce) &&
      equalBytes(q.ciphertext, p.ciphertext)
    );
  });
}
