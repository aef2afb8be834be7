/**
 * The simulated world: the pairing backend, a seeded RNG, every principal's holdings, the public
 * directory (owners' manifest keys and the time server's key), and memo tables for pure crypto
 * (decoding and key derivations are pure functions of their input bytes, so caching them is sound).
 */
import type { Value } from '../../model/expr/ast.ts';
import { tupleKey } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { SYSTEM } from '../../model/vocabulary.ts';
import type { PairingBackend } from '../crypto/backend/types.ts';
import { bytesToHex, concatBytes, utf8 } from '../crypto/bytes.ts';
import { SesphrError } from '../crypto/errors.ts';
import { generateSigningKeyPair, sha256Native } from '../crypto/manifest.ts';
import { type Download, openVerified } from '../crypto/parties.ts';
import { deterministicRng, type Rng } from '../crypto/rng.ts';
import type { AeadAlgorithm, CipherMode, EncryptedFile, SigningKeyPair, Variant } from '../crypto/types.ts';
import { encodeSigningPublicKey, encodeSigningSecretKey } from '../crypto/wire/formats.ts';
import { Holdings } from './holdings.ts';

export interface WorldOptions {
  readonly backend: PairingBackend;
  readonly seed: string;
  readonly variant: Variant;
  readonly mode: CipherMode;
  readonly aead: AeadAlgorithm;
  /** Size of each generated partition plaintext. */
  readonly partitionBytes: number;
  /** Explicit plaintexts by `file/partition`; others are generated from the seed. */
  readonly plaintexts?: Readonly<Record<string, string>>;
}

export class World {
  readonly net: Net;
  readonly backend: PairingBackend;
  readonly rng: Rng;
  readonly options: WorldOptions;
  readonly holdings = new Holdings();
  /** Public directory: owners' and the time server's signing public keys (wire bytes). */
  readonly signingKeys = new Map<string, Uint8Array>();
  /** The owners' original plaintexts, to check every decryption against. */
  readonly plaintexts = new Map<string, Uint8Array>();
  readonly #memo = new Map<string, unknown>();

  constructor(net: Net, options: WorldOptions) {
    this.net = net;
    this.backend = options.backend;
    this.options = options;
    this.rng = deterministicRng(options.seed);
    this.#initialize();
  }

  /** M0's concrete counterpart: signing identities, and every owner's plaintext PHR. */
  #initialize(): void {
    const domains = this.net.interpretation.domains;
    for (const principal of domains.Principal as string[]) {
      if (principal === SYSTEM.timeServer || this.isOwner(principal)) this.#enrolSigner(principal);
    }
    for (const file of domains.File as string[]) {
      for (const partition of domains.Partition as string[]) {
        const given = this.options.plaintexts?.[`${file}/${partition}`];
        const bytes =
          given === undefined
            ? concatBytes(utf8(`PHR ${file}/${partition}: `), this.rng(this.options.partitionBytes))
            : utf8(given);
        this.plaintexts.set(`${file}/${partition}`, bytes);
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

  /** Memoizes a pure computation under a key derived from its inputs. */
  memo<T>(key: string, compute: () => T): T {
    if (this.#memo.has(key)) return this.#memo.get(key) as T;
    const value = compute();
    this.#memo.set(key, value);
    return value;
  }

  /** A file download verified against its owner's signed manifest, or `undefined` when it fails. */
  verifiedDownload(download: Download, owner: string): EncryptedFile | undefined {
    const key = `verified:${owner}:${bytesToHex(sha256Native(concatBytes(download.file, download.manifest)))}`;
    return this.memo(key, () => {
      try {
        return openVerified(download.file, download.manifest, this.signingKeyOf(owner));
      } catch (error) {
        if (error instanceof SesphrError) return undefined;
        throw error;
      }
    });
  }
}
