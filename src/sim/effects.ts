/**
 * The concrete meaning of each transition: the real cryptography it performs on the bytes principals
 * hold. Enabledness is never decided here — the model's guard has already said yes; a step that cannot
 * be carried out with the bytes at hand throws, and the simulator reports the divergence.
 *
 * Transitions that only change policy state (ACL, membership, clock, audit) have no concrete effect and
 * are listed in POLICY_ONLY, so that a transition missing from both tables is caught by a test.
 */
import type { Value } from '../../model/expr/ast.ts';
import { SYSTEM } from '../../model/vocabulary.ts';
import { IntegrityError } from '../crypto/errors.ts';
import { buildManifest, signManifest } from '../crypto/manifest.ts';
import { decryptDownload } from '../crypto/parties.ts';
import { encryptPartition, fileHeader } from '../crypto/phr.ts';
import {
  derivePublicKey,
  generatePreKeyPair,
  levelDataKey,
  ownerParameter,
  reEncrypt,
  reKeyFromPublic,
  reKeyFromSecrets,
} from '../crypto/pre.ts';
import { decodeScalar, encodeScalar, randomScalar } from '../crypto/scalar.ts';
import { signTimeToken, verifyTimeToken } from '../crypto/time-token.ts';
import type { EncryptedPartition, FileHeader, PreSecretKey } from '../crypto/types.ts';
import {
  decodeOwnerParameters,
  decodePrePublicKey,
  decodePreSecretKey,
  decodeReKey,
  decodeSignedTimeToken,
  decodeSigningPublicKey,
  encodeEncryptedFile,
  encodeOwnerParameters,
  encodePrePublicKey,
  encodePreSecretKey,
  encodeReEncryptedParameter,
  encodeReKey,
  encodeSignedManifest,
  encodeSignedTimeToken,
} from '../crypto/wire/formats.ts';
import { itemFingerprint } from './holdings.ts';
import type { World } from './world.ts';

export type Binding = Readonly<Record<string, Value>>;
export type ConcreteEffect = (world: World, binding: Binding, now: number) => void;

const SRS = SYSTEM.srs;
const CLOUD = SYSTEM.cloud;
const str = (b: Binding, name: string) => b[name] as string;
const num = (b: Binding, name: string) => b[name] as number;

function secretKeyOf(world: World, holder: string, principal: string): PreSecretKey {
  const item = world.holdings.require(holder, 'SK', [principal]);
  // Keyed by the bytes, shared with the oracle: a replaced key can never be served from a stale entry.
  return world.memo(`sk:${itemFingerprint(item)}`, () => decodePreSecretKey(item.bytes).secretKey);
}

/** The header every partition of a file is bound to; the model clock's window becomes the file's window. */
function headerOf(world: World, file: string): FileHeader {
  const window = {
    notBefore: world.staticValue('windowStart', [file]) as number,
    notAfter: world.staticValue('windowEnd', [file]) as number,
  };
  return fileHeader(
    { ownerId: world.ownerOf(file), fileId: file, version: 1, variant: world.options.variant, window },
    { mode: world.options.mode, aead: world.options.aead, createdAt: window.notBefore },
  );
}

/** K = Z^r of a level, memoized under the same key the oracle uses for the same r item. */
function levelKey(world: World, file: string, level: number) {
  const item = world.holdings.require(world.ownerOf(file), 'r', [file, level]);
  return world.memo(`K:${itemFingerprint(item)}`, () =>
    levelDataKey(world.backend, decodeScalar(item.bytes, 'r')),
  );
}

export const CONCRETE_EFFECTS: Readonly<Record<string, ConcreteEffect>> = {
  /** Eq. 23: the SRS generates and keeps the key pair. */
  Gen_Keys(world, b) {
    const keys = generatePreKeyPair(world.backend, str(b, 'u'), world.rng);
    world.holdings.put(SRS, {
      kind: 'SK',
      args: [keys.principal],
      bytes: encodePreSecretKey(keys.principal, keys.secretKey),
    });
  },
  /** Eq. 24: the SRS sends the secret-key message. */
  Send_Keys(world, b) {
    const u = str(b, 'u');
    world.holdings.put(u, { ...world.holdings.require(SRS, 'SK', [u]) });
  },
  Gen_Keys_Self(world, b) {
    const keys = generatePreKeyPair(world.backend, str(b, 'u'), world.rng);
    world.holdings.put(keys.principal, {
      kind: 'SK',
      args: [keys.principal],
      bytes: encodePreSecretKey(keys.principal, keys.secretKey),
    });
  },
  Send_PK(world, b) {
    const u = str(b, 'u');
    const publicKey = derivePublicKey(world.backend, secretKeyOf(world, u, u));
    world.holdings.put(SRS, {
      kind: 'PK',
      args: [u],
      bytes: encodePrePublicKey(world.backend, { principal: u, publicKey }),
    });
  },
  /** Hardened: the owner fetches PK_u from the SRS directory and computes RK = PK_u^{1/x_o}. */
  Grant_RK(world, b) {
    const [o, u] = [str(b, 'o'), str(b, 'u')];
    const userKey = decodePrePublicKey(world.backend, world.holdings.require(SRS, 'PK', [u]).bytes);
    const rk = reKeyFromPublic(world.backend, secretKeyOf(world, o, o), userKey.publicKey);
    world.holdings.put(SRS, {
      kind: 'RK',
      args: [o, u],
      bytes: encodeReKey(world.backend, { ownerId: o, userId: u, rk }),
    });
  },
  /** Eq. 25. */
  Gen_ri(world, b) {
    const [f, l] = [str(b, 'f'), num(b, 'l')];
    world.holdings.put(world.ownerOf(f), {
      kind: 'r',
      args: [f, l],
      bytes: encodeScalar(randomScalar(world.rng)),
    });
  },
  /** Eq. 26: C_i under K = Z^r of the partition's level (hybrid AEAD or the paper's masking). */
  Encrypt_Pi(world, b) {
    const [f, i] = [str(b, 'f'), str(b, 'i')];
    const owner = world.ownerOf(f);
    const level = world.levelOf(f, i);
    const data = world.holdings.require(owner, 'PT', [f, i]).bytes;
    const partition = encryptPartition(
      world.backend,
      headerOf(world, f),
      { label: i, accessLevel: level, data },
      levelKey(world, f, level),
      world.rng,
    );
    world.holdings.put(owner, { kind: 'Cpart', args: [f, i], bytes: partition.ciphertext, partition });
  },
  /** Eq. 27: R_{l-P} = g1^{r·x_P}. */
  Compt_Ri(world, b) {
    const [f, l] = [str(b, 'f'), num(b, 'l')];
    const owner = world.ownerOf(f);
    const r = decodeScalar(world.holdings.require(owner, 'r', [f, l]).bytes, 'r');
    const rP = ownerParameter(world.backend, r, secretKeyOf(world, owner, owner));
    const bytes = encodeOwnerParameters(world.backend, {
      ownerId: owner,
      fileId: f,
      version: 1,
      levels: [{ accessLevel: l, rP }],
    });
    world.holdings.put(owner, { kind: 'Rp', args: [f, l], bytes });
  },
  /** Eq. 28: assemble every partition, sign the manifest, upload. */
  Send_C(world, b) {
    const f = str(b, 'f');
    const owner = world.ownerOf(f);
    const partitions = (world.net.interpretation.domains.Partition as string[]).map(
      (i) => world.holdings.require(owner, 'Cpart', [f, i]).partition as EncryptedPartition,
    );
    const file = { header: headerOf(world, f), partitions };
    const item = {
      kind: 'C' as const,
      args: [f],
      bytes: encodeEncryptedFile(file),
      manifest: encodeSignedManifest(signManifest(buildManifest(file), world.signer(owner))),
    };
    world.holdings.put(owner, item);
    world.holdings.put(CLOUD, item);
    world.holdings.put(CLOUD, { ...item, kind: 'Served' });
  },
  /** Eq. 29: the SRS checks and stores the owner's parameter message. */
  Send_Ri(world, b) {
    const [f, l] = [str(b, 'f'), num(b, 'l')];
    const item = world.holdings.require(world.ownerOf(f), 'Rp', [f, l]);
    decodeOwnerParameters(world.backend, item.bytes);
    world.holdings.put(SRS, { ...item });
  },
  /** Eq. 30: the user gets whatever the cloud serves. */
  D_C(world, b) {
    const [u, f] = [str(b, 'u'), str(b, 'f')];
    world.holdings.put(u, { ...world.holdings.require(CLOUD, 'Served', [f]), kind: 'C' });
  },
  /** The SRS checks the time server's signature on the presented token (freshness is the guard's). */
  Request_R(world, b) {
    const [u, t] = [str(b, 'u'), num(b, 't')];
    const signed = decodeSignedTimeToken(world.holdings.require(u, 'Token', [t]).bytes);
    const token = verifyTimeToken(signed, decodeSigningPublicKey(world.signingKeyOf(SYSTEM.timeServer)));
    if (token.subject !== u || token.time !== t)
      throw new IntegrityError('time token', 'does not match the request');
  },
  /** Eq. 31: R_{l-U} = e(R_{l-P}, RK_{P→U}); RK from stored secret keys (paper) or the stored RK (hardened). */
  D_R_S(world, b) {
    const [u, f, i] = [str(b, 'u'), str(b, 'f'), str(b, 'i')];
    const owner = world.ownerOf(f);
    const level = world.levelOf(f, i);
    const params = decodeOwnerParameters(world.backend, world.holdings.require(SRS, 'Rp', [f, level]).bytes);
    const rP = params.levels.find((x) => x.accessLevel === level)?.rP;
    if (!rP) throw new IntegrityError('R_{l-P}', `the stored message has no level ${level}`);
    const rk = world.holdings.get(SRS, 'RK', [owner, u])
      ? decodeReKey(world.backend, world.holdings.require(SRS, 'RK', [owner, u]).bytes).rk
      : reKeyFromSecrets(world.backend, secretKeyOf(world, SRS, owner), secretKeyOf(world, SRS, u));
    const rU = reEncrypt(world.backend, rP, rk);
    const bytes = encodeReEncryptedParameter(world.backend, {
      ownerId: owner,
      fileId: f,
      version: 1,
      accessLevel: level,
      userId: u,
      rU,
    });
    world.holdings.put(u, { kind: 'Ru', args: [f, level], bytes });
  },
  /** Eq. 33: verify, recover K, decrypt — and the result must be the owner's plaintext. */
  Decrypt_C(world, b) {
    const [u, f, i] = [str(b, 'u'), str(b, 'f'), str(b, 'i')];
    const level = world.levelOf(f, i);
    const download = world.holdings.require(u, 'C', [f]);
    const plaintext = decryptDownload(
      world.backend,
      { principal: u, secretKey: secretKeyOf(world, u, u) },
      { file: download.bytes, manifest: download.manifest ?? new Uint8Array(0) },
      world.signingKeyOf(world.ownerOf(f)),
      world.holdings.require(u, 'Ru', [f, level]).bytes,
      i,
    );
    const original = world.plaintexts.get(`${f}/${i}`);
    if (!original || Buffer.compare(plaintext, original) !== 0)
      throw new IntegrityError(`${f}/${i}`, 'decrypted to other bytes');
    world.holdings.put(u, { kind: 'PT', args: [f, i], bytes: plaintext });
  },
  /** Depart: the SRS deletes the user's keys (paper) or RK_{o→u} (hardened); the user keeps its bytes. */
  Depart(world, b) {
    const [o, u] = [str(b, 'o'), str(b, 'u')];
    world.holdings.delete(SRS, 'SK', [u]);
    world.holdings.delete(SRS, 'RK', [o, u]);
  },
  Get_Time_Token(world, b, now) {
    const u = str(b, 'u');
    const signed = signTimeToken(
      { issuer: SYSTEM.timeServer, subject: u, time: now },
      world.signer(SYSTEM.timeServer),
    );
    world.holdings.put(u, { kind: 'Token', args: [now], bytes: encodeSignedTimeToken(signed) });
  },
  /** A cloud insider flips one bit of the first partition's ciphertext in what the cloud serves. */
  Tamper_C(world, b) {
    const f = str(b, 'f');
    const served = world.holdings.require(CLOUD, 'Served', [f]);
    const altered = served.bytes.slice();
    const index = altered.length - 1 - (Number(world.rng(1)[0] ?? 0) % Math.min(16, altered.length));
    altered[index] = (altered[index] ?? 0) ^ 0x01;
    world.holdings.put(CLOUD, { ...served, bytes: altered });
  },
  /** The user's manifest check must fail on the altered copy. */
  Reject_C(world, b) {
    const [u, f] = [str(b, 'u'), str(b, 'f')];
    const copy = world.holdings.require(u, 'C', [f]);
    const verified = world.verifiedDownload(
      { file: copy.bytes, manifest: copy.manifest ?? new Uint8Array(0) },
      world.ownerOf(f),
    );
    if (verified)
      throw new IntegrityError(`${u}'s copy of ${f}`, 'verifies, but the model says it was altered');
  },
};

/** Transitions whose effect is policy state only; every other transition has a concrete effect above. */
export const POLICY_ONLY: ReadonlySet<string> = new Set([
  'D_R_F',
  'Register',
  'Authorize',
  'Request_Join',
  'Approve_Join',
  'Deny_Join',
  'Grant_Partition',
  'Limit_Partition',
  'Allow_Past_Data',
  'Tick',
]);
