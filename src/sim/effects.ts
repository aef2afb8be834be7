/**
 * The concrete meaning of each transition: the real cryptography it performs on the bytes principals
 * hold. Enabledness is never decided here — the model's guard has already said yes — and neither is
 * anything else the model states: where a step's bytes depend on the model's decision (which key pair
 * Depart deletes, where RK comes from), the effect reads the decision from the model (the marking before
 * and after, the net's variant). A step that cannot be carried out with the bytes at hand throws, and the
 * simulator reports the divergence.
 *
 * `CONCRETE_EFFECTS` has an entry for every transition name: `null` marks a transition whose effect is
 * policy state only (ACL, membership, clock, audit), so a new transition cannot be forgotten.
 */
import type { Value } from '../../model/expr/ast.ts';
import { type Marking, tupleKey } from '../../model/expr/evaluate.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { AUDITOR, R, SYSTEM } from '../../model/vocabulary.ts';
import { equalBytes } from '../crypto/bytes.ts';
import { GT_BYTES } from '../crypto/constants.ts';
import { IntegrityError, RefusedError, SesphrError } from '../crypto/errors.ts';
import { buildManifest, generateSigningKeyPair, signManifest } from '../crypto/manifest.ts';
import { decryptDownloadVerified } from '../crypto/parties.ts';
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
import {
  signOwnerParameters,
  signReEncryptedParameter,
  signReKey,
  verifyOwnerParameters,
  verifyReKey,
} from '../crypto/srs-messages.ts';
import { signTimeToken, verifyTimeToken } from '../crypto/time-token.ts';
import type { EncryptedFile, EncryptedPartition, FileHeader, PreSecretKey } from '../crypto/types.ts';
import {
  decodePrePublicKey,
  decodePreSecretKey,
  decodeSignedOwnerParameters,
  decodeSignedReKey,
  decodeSignedTimeToken,
  decodeSigningPublicKey,
  encodeEncryptedFile,
  encodePrePublicKey,
  encodePreSecretKey,
  encodeSignedManifest,
  encodeSignedOwnerParameters,
  encodeSignedTimeToken,
} from '../crypto/wire/formats.ts';
import type { AuditEvidence } from './auditing.ts';
import { type Item, itemFingerprint } from './holdings.ts';
import type { World } from './world.ts';

export type Binding = Readonly<Record<string, Value>>;

/** What a concrete effect may know about its step besides the binding. */
export interface ConcreteStep {
  readonly now: number;
  /** How the adversary does it, where the model abstracts that away (see CONCRETE_DETAILS). */
  readonly detail?: string;
  /** The marking before and after the model's effect: the model's decisions, for effects that follow them. */
  readonly before: Marking;
  readonly after: Marking;
}

export type ConcreteEffect = (world: World, binding: Binding, step: ConcreteStep) => void;

/**
 * The concrete variants of adversary steps the model treats as one transition (the first is the default).
 * Each variant has the same abstract effect: Tamper_C damages every partition's ciphertext, Tamper_Manifest
 * leaves the ciphertext intact but the reader's check fails, Request_Bad_Token's token fails the SRS's check.
 */
export const CONCRETE_DETAILS = {
  Tamper_C: ['flip', 'truncate'],
  Tamper_Manifest: ['strip', 'replace', 'reorder'],
  Request_Bad_Token: ['forged', 'foreign', 'other-issuer'],
} as const satisfies Partial<Record<TransitionName, readonly string[]>>;
export type DetailedTransition = keyof typeof CONCRETE_DETAILS;

const SRS = SYSTEM.srs;
const CLOUD = SYSTEM.cloud;
const str = (b: Binding, name: string) => b[name] as string;
const num = (b: Binding, name: string) => b[name] as number;

function secretKeyOf(world: World, holder: string, principal: string): PreSecretKey {
  const item = world.holdings.require(holder, 'SK', [principal]);
  // Keyed by the bytes, shared with the oracle: a replaced key can never be served from a stale entry.
  return world.memo(`sk:${itemFingerprint(item)}`, () => decodePreSecretKey(item.bytes).secretKey);
}

/** The header every partition of a file version is bound to; the model clock's window is the file's. */
function headerOf(world: World, file: string): FileHeader {
  const { file: config, version } = world.instance(file);
  const window = { notBefore: config.window.start, notAfter: config.window.end };
  return fileHeader(
    { ownerId: config.owner, fileId: config.id, version, variant: world.variant, window },
    { mode: world.mode, aead: world.options.aead, createdAt: window.notBefore },
  );
}

/** K = Z^r of a level, memoized under the same key the oracle uses for the same r item. */
function levelKey(world: World, file: string, level: number) {
  const item = world.holdings.require(world.ownerOf(file), 'r', [file, level]);
  return world.memo(`K:${itemFingerprint(item)}`, () =>
    levelDataKey(world.backend, decodeScalar(item.bytes, 'r')),
  );
}

/** Tuples of a relation the model's effect removed. */
function removed(step: ConcreteStep, relation: string, tuple: readonly Value[]): boolean {
  const key = tupleKey(tuple);
  return (
    (step.before.relations.get(relation)?.has(key) ?? false) &&
    !(step.after.relations.get(relation)?.has(key) ?? false)
  );
}

/** The SRS's check of a presented time token: the time server's signature, the subject, the time. */
function checkToken(world: World, bytes: Uint8Array, user: string, time?: number): void {
  const signed = decodeSignedTimeToken(bytes);
  const token = verifyTimeToken(signed, decodeSigningPublicKey(world.signingKeyOf(SYSTEM.timeServer)));
  if (token.subject !== user)
    throw new IntegrityError('time token', `issued to "${token.subject}", not "${user}"`);
  if (time !== undefined && token.time !== time)
    throw new IntegrityError('time token', 'does not match the request');
}

/** A token that is not the user's own valid one, made the way `detail` says. */
function badToken(world: World, user: string, now: number, detail: string): Uint8Array {
  switch (detail) {
    case 'forged': {
      // Claims the time server as issuer, signed with a key the time server does not have.
      const impostor = {
        ...generateSigningKeyPair(SYSTEM.timeServer, world.rng),
        principal: SYSTEM.timeServer,
      };
      return encodeSignedTimeToken(
        signTimeToken({ issuer: SYSTEM.timeServer, subject: user, time: now }, impostor),
      );
    }
    case 'foreign': {
      // A genuine token the time server issued to another user (another principal if there is none).
      const principals = world.net.interpretation.domains.Principal as string[];
      const other =
        principals.find((p) => p !== user && world.staticValue('isUser', [p]) === true) ??
        (user === CLOUD ? SRS : CLOUD);
      const signer = world.signer(SYSTEM.timeServer);
      return encodeSignedTimeToken(
        signTimeToken({ issuer: SYSTEM.timeServer, subject: other, time: now }, signer),
      );
    }
    case 'other-issuer': {
      // Signed by a real key of the directory that is not the time server's (an owner's).
      const issuer = [...world.signingKeys.keys()].find((p) => p !== SYSTEM.timeServer);
      if (!issuer) throw new Error('no signer other than the time server to issue a token');
      return encodeSignedTimeToken(signTimeToken({ issuer, subject: user, time: now }, world.signer(issuer)));
    }
    default:
      throw new Error(`unknown bad-token kind "${detail}"`);
  }
}

/** The SRS's check must refuse the message: an IntegrityError is the expected outcome, acceptance is not. */
function expectRefused(check: () => unknown, subject: string): void {
  try {
    check();
  } catch (error) {
    if (error instanceof IntegrityError) return;
    throw error;
  }
  throw new IntegrityError(subject, 'the SRS accepted a message its owner did not sign');
}

/** How many bytes of the TPA's randomness a file under audit gets (its rounds' block indices are drawn from them). */
export const CHALLENGE_BYTES = 32;

/** The TPA's held challenge for f: its randomness, then the round (4 bytes, big-endian). */
function heldChallenge(world: World, f: string): Item {
  return world.holdings.require(AUDITOR, 'Challenge', [f]);
}

/** This round's audit of f on what the cloud serves now (a pure function of the held bytes and the cloud's). */
function judgeHeld(world: World, f: string): AuditEvidence {
  return world.auditor().judge(world, f, heldChallenge(world, f).bytes);
}

/** A verdict step: the real audit must come out as the model's transition says; the next round is another. */
function verdictStep(world: World, f: string, expected: AuditEvidence['result']): void {
  const evidence = judgeHeld(world, f);
  if (evidence.result !== expected)
    throw new IntegrityError(
      `the TPA's audit of ${f}`,
      `came out ${evidence.result}${evidence.problems[0] ? ` (${evidence.problems[0].detail})` : ''}, but the model's verdict is ${expected}`,
    );
  const item = heldChallenge(world, f);
  const bytes = item.bytes.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(CHALLENGE_BYTES, view.getUint32(CHALLENGE_BYTES) + 1);
  world.holdings.put(AUDITOR, { ...item, bytes });
  world.setEvidence(evidence);
}

/** Re-encodes a file with each partition changed by `change`. */
function rewritten(file: EncryptedFile, change: (p: EncryptedPartition) => EncryptedPartition): Uint8Array {
  return encodeEncryptedFile({ header: file.header, partitions: file.partitions.map(change) });
}

/** Flips one bit of every partition's ciphertext (an empty one gets a junk block instead). */
function flipEveryPartition(world: World, file: EncryptedFile): Uint8Array {
  return rewritten(file, (p) => {
    if (p.ciphertext.length === 0) return { ...p, plaintextLength: 1, ciphertext: world.rng(GT_BYTES) };
    const ciphertext = p.ciphertext.slice();
    const index = Number(world.rng(1)[0] ?? 0) % ciphertext.length;
    ciphertext[index] = (ciphertext[index] ?? 0) ^ 0x01;
    return { ...p, ciphertext };
  });
}

function servedFile(world: World, f: string): { item: Item; file: EncryptedFile } {
  const item = world.holdings.require(CLOUD, 'Served', [f]);
  const file = world.decoded(item);
  if (!file) throw new IntegrityError(`the cloud's copy of ${f}`, 'does not decode');
  return { item, file };
}

export const CONCRETE_EFFECTS: { readonly [T in TransitionName]: ConcreteEffect | null } = {
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
  /** Eqs. 23–24 at once for a re-joining user: the old key stays with the user, under a retired name. */
  Rekey(world, b) {
    const u = str(b, 'u');
    const keys = generatePreKeyPair(world.backend, u, world.rng);
    const item = { kind: 'SK' as const, args: [u], bytes: encodePreSecretKey(u, keys.secretKey) };
    const old = world.holdings.require(u, 'SK', [u]);
    let n = 1;
    while (world.holdings.get(u, 'SK', [u, n])) n++;
    world.holdings.put(u, { ...old, args: [u, n] });
    world.holdings.put(SRS, item);
    world.holdings.put(u, { ...item });
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
    const bytes = signReKey(world.backend, { ownerId: o, userId: u, rk }, world.signer(o));
    // The SRS accepts an RK only under the signature of the owner it names.
    verifyReKey(world.backend, bytes, world.signingKeys);
    world.holdings.put(SRS, { kind: 'RK', args: [o, u], bytes });
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
    const { file, version } = world.instance(f);
    const r = decodeScalar(world.holdings.require(owner, 'r', [f, l]).bytes, 'r');
    const rP = ownerParameter(world.backend, r, secretKeyOf(world, owner, owner));
    const bytes = signOwnerParameters(
      world.backend,
      { ownerId: owner, fileId: file.id, version, levels: [{ accessLevel: l, rP }] },
      world.signer(owner),
    );
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
    world.recordUpload(f, file);
    world.holdings.put(owner, item);
    world.holdings.put(CLOUD, item);
    world.holdings.put(CLOUD, { ...item, kind: 'Served' });
  },
  /**
   * Eq. 29: the SRS checks the owner's signature on the R_{i-P} message and that it is for the file
   * version and level it is filed under, and never replaces an R_{i-P} it holds.
   */
  Send_Ri(world, b) {
    const [f, l] = [str(b, 'f'), num(b, 'l')];
    const item = world.holdings.require(world.ownerOf(f), 'Rp', [f, l]);
    const params = verifyOwnerParameters(world.backend, item.bytes, world.signingKeys);
    const { file, version } = world.instance(f);
    if (
      params.fileId !== file.id ||
      params.version !== version ||
      !params.levels.some((x) => x.accessLevel === l)
    )
      throw new IntegrityError('R_{i-P}', `the signed message is not for ${f} level ${l}`);
    const held = world.holdings.get(SRS, 'Rp', [f, l]);
    if (held && !equalBytes(held.bytes, item.bytes))
      throw new RefusedError(`R_{i-P} of ${f} level ${l}`, 'the SRS already holds another one');
    world.holdings.put(SRS, { ...item });
  },
  /** Eq. 30: the user gets whatever the cloud serves; a new download replaces the old copy. */
  D_C(world, b) {
    const [u, f] = [str(b, 'u'), str(b, 'f')];
    world.holdings.put(u, { ...world.holdings.require(CLOUD, 'Served', [f]), kind: 'C' });
  },
  /** The SRS checks the time server's signature on the presented token (freshness is the guard's). */
  Request_R(world, b) {
    const [u, t] = [str(b, 'u'), num(b, 't')];
    checkToken(world, world.holdings.require(u, 'Token', [t]).bytes, u, t);
  },
  /** The SRS's check must reject the token; accepting it is a divergence from the model. */
  Request_Bad_Token(world, b, step) {
    const u = str(b, 'u');
    const token = badToken(world, u, step.now, step.detail ?? CONCRETE_DETAILS.Request_Bad_Token[0]);
    let accepted = false;
    try {
      checkToken(world, token, u);
      accepted = true;
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
    }
    if (accepted)
      throw new IntegrityError('time token', `the SRS accepted a ${step.detail ?? 'forged'} token`);
  },
  /**
   * Eq. 31: R_{l-U} = e(R_{l-P}, RK_{P→U}). Where RK comes from is the variant's (the grant condition
   * `noKeys` reads srsKeyPair in the paper variant and srsReKey in the hardened one).
   */
  D_R_S(world, b) {
    const [u, f, i] = [str(b, 'u'), str(b, 'f'), str(b, 'i')];
    const owner = world.ownerOf(f);
    const level = world.levelOf(f, i);
    const { file, version } = world.instance(f);
    const stored = world.holdings.require(SRS, 'Rp', [f, level]).bytes;
    const params = decodeSignedOwnerParameters(world.backend, stored).parameters;
    const rP = params.levels.find((x) => x.accessLevel === level)?.rP;
    if (!rP) throw new IntegrityError('R_{l-P}', `the stored message has no level ${level}`);
    const rk =
      world.variant === 'paper'
        ? reKeyFromSecrets(world.backend, secretKeyOf(world, SRS, owner), secretKeyOf(world, SRS, u))
        : decodeSignedReKey(world.backend, world.holdings.require(SRS, 'RK', [owner, u]).bytes).reKey.rk;
    const rU = reEncrypt(world.backend, rP, rk);
    const bytes = signReEncryptedParameter(
      world.backend,
      { ownerId: owner, fileId: file.id, version, accessLevel: level, userId: u, rU },
      world.signer(SRS),
    );
    world.holdings.put(u, { kind: 'Ru', args: [f, level], bytes });
  },
  D_R_F: null,
  /** Eq. 33: verify, recover K, decrypt — and the result must be the owner's plaintext. */
  Decrypt_C(world, b) {
    const [u, f, i] = [str(b, 'u'), str(b, 'f'), str(b, 'i')];
    const level = world.levelOf(f, i);
    const download = world.holdings.require(u, 'C', [f]);
    const reEncrypted = world.holdings.require(u, 'Ru', [f, level]).bytes;
    // The user tries its current key, then any it held before a re-key (R may predate the re-key).
    const keys = world.holdings.itemsOf([u], 'SK').filter((k) => k.args[0] === u);
    let plaintext: Uint8Array | undefined;
    let failure: unknown;
    for (const key of keys.sort((a, b) => a.args.length - b.args.length)) {
      try {
        plaintext = decryptDownloadVerified(
          world.backend,
          {
            principal: u,
            secretKey: world.memo(
              `sk:${itemFingerprint(key)}`,
              () => decodePreSecretKey(key.bytes).secretKey,
            ),
          },
          { file: download.bytes, manifest: download.manifest ?? new Uint8Array(0) },
          world.signingKeyOf(world.ownerOf(f)),
          world.signingKeyOf(SRS),
          reEncrypted,
          i,
        );
        break;
      } catch (error) {
        if (!(error instanceof SesphrError)) throw error;
        failure = error;
      }
    }
    if (!plaintext) throw failure ?? new IntegrityError(`${f}/${i}`, `${u} holds no key`);
    if (Buffer.compare(plaintext, world.plaintextOf(f, i)) !== 0)
      throw new IntegrityError(`${f}/${i}`, 'decrypted to other bytes');
    world.holdings.put(u, { kind: 'PT', args: [f, i], bytes: plaintext });
  },
  Register: null,
  Reregister: null,
  Authorize: null,
  Request_Join: null,
  Approve_Join: null,
  Deny_Join: null,
  Grant_Partition: null,
  Limit_Partition: null,
  Allow_Past_Data: null,
  /** Depart: the SRS deletes what the model's effect removed (a key pair, an RK); the user keeps its bytes. */
  Depart(world, b, step) {
    const [o, u] = [str(b, 'o'), str(b, 'u')];
    if (removed(step, R.srsKeyPair.name, [u])) world.holdings.delete(SRS, 'SK', [u]);
    if (removed(step, R.srsReKey.name, [o, u])) world.holdings.delete(SRS, 'RK', [o, u]);
  },
  Tick: null,
  Get_Time_Token(world, b, step) {
    const u = str(b, 'u');
    const signed = signTimeToken(
      { issuer: SYSTEM.timeServer, subject: u, time: step.now },
      world.signer(SYSTEM.timeServer),
    );
    world.holdings.put(u, { kind: 'Token', args: [step.now], bytes: encodeSignedTimeToken(signed) });
  },
  /** A cloud insider damages every partition of what it serves: a bit of each, or the file cut short. */
  Tamper_C(world, b, step) {
    const f = str(b, 'f');
    const { item, file } = servedFile(world, f);
    const bytes =
      (step.detail ?? 'flip') === 'truncate'
        ? item.bytes.slice(0, Math.floor(item.bytes.length / 2))
        : flipEveryPartition(world, file);
    world.holdings.put(CLOUD, { ...item, bytes });
  },
  /** The ciphertext stays intact; what describes it does not (the manifest, or the partitions' order). */
  Tamper_Manifest(world, b, step) {
    const f = str(b, 'f');
    const { item, file } = servedFile(world, f);
    switch (step.detail ?? 'strip') {
      case 'strip':
        world.holdings.put(CLOUD, { ...item, manifest: new Uint8Array(0) });
        return;
      case 'replace': {
        const other = world.holdings.itemsOf([CLOUD], 'C').find((c) => c.args[0] !== f);
        const manifest = other?.manifest?.slice() ?? (item.manifest ?? new Uint8Array(1)).slice();
        // Without another upload, a manifest whose signature no longer verifies.
        if (!other) manifest[manifest.length - 1] = (manifest[manifest.length - 1] ?? 0) ^ 0x01;
        world.holdings.put(CLOUD, { ...item, manifest });
        return;
      }
      case 'reorder': {
        if (file.partitions.length < 2)
          throw new Error('reordering needs a file with two partitions or more');
        const bytes = encodeEncryptedFile({
          header: file.header,
          partitions: [...file.partitions].reverse(),
        });
        world.holdings.put(CLOUD, { ...item, bytes });
        return;
      }
      default:
        throw new Error(`unknown manifest tampering "${step.detail}"`);
    }
  },
  /** The cloud serves another stored upload, with its own (valid) manifest, for f. */
  Substitute_C(world, b) {
    const [f, g] = [str(b, 'f'), str(b, 'g')];
    const other = world.holdings.require(CLOUD, 'C', [g]);
    world.holdings.put(CLOUD, { ...other, kind: 'Served', args: [f] });
  },
  /**
   * A forged R_{l-P} for (f, l): the owner's genuine message for another level of f relabelled (its
   * signature kept), when the SRS holds one; otherwise a fresh parameter signed with a key that is not the
   * owner's. The SRS's check must refuse it; accepting it is a divergence from the model.
   */
  Inject_Parameters(world, b) {
    const [p, f, l] = [str(b, 'p'), str(b, 'f'), num(b, 'l')];
    const owner = world.ownerOf(f);
    const { file, version } = world.instance(f);
    const genuine = world.holdings
      .itemsOf([SRS], 'Rp')
      .map((item) => decodeSignedOwnerParameters(world.backend, item.bytes))
      .find(
        (m) =>
          m.parameters.ownerId === owner &&
          m.parameters.fileId === file.id &&
          m.parameters.levels.every((x) => x.accessLevel !== l),
      );
    const relabelled = genuine && {
      parameters: {
        ...genuine.parameters,
        version,
        levels: genuine.parameters.levels.map((x) => ({ ...x, accessLevel: l })),
      },
      signature: genuine.signature,
    };
    const forged = relabelled
      ? encodeSignedOwnerParameters(world.backend, relabelled)
      : signOwnerParameters(
          world.backend,
          {
            ownerId: owner,
            fileId: file.id,
            version,
            levels: [{ accessLevel: l, rP: world.backend.g1MulBase(randomScalar(world.rng)) }],
          },
          { ...generateSigningKeyPair(p, world.rng), principal: owner },
        );
    expectRefused(() => verifyOwnerParameters(world.backend, forged, world.signingKeys), `R_{l-P} from ${p}`);
  },
  /** An RK_{o→u} computed from the injector's own key (or a random point), signed by a key that is not o's. */
  Inject_ReKey(world, b) {
    const [p, o, u] = [str(b, 'p'), str(b, 'o'), str(b, 'u')];
    const ownKey = world.holdings.get(p, 'SK', [p]);
    const userKey = world.holdings.get(SRS, 'PK', [u]);
    const rk =
      ownKey && userKey
        ? reKeyFromPublic(
            world.backend,
            decodePreSecretKey(ownKey.bytes).secretKey,
            decodePrePublicKey(world.backend, userKey.bytes).publicKey,
          )
        : world.backend.g2MulBase(randomScalar(world.rng));
    const signer = world.signingKeys.has(p) ? world.signer(p) : generateSigningKeyPair(p, world.rng);
    const forged = signReKey(world.backend, { ownerId: o, userId: u, rk }, { ...signer, principal: o });
    expectRefused(() => verifyReKey(world.backend, forged, world.signingKeys), `RK from ${p}`);
  },
  /** The user's check must reject the copy it holds as f. */
  Reject_C(world, b) {
    const [u, f] = [str(b, 'u'), str(b, 'f')];
    const copy = world.holdings.require(u, 'C', [f]);
    if (world.identify(copy).verifiesAs === f)
      throw new IntegrityError(`${u}'s copy of ${f}`, 'verifies, but the model says the check fails');
  },
  /** The TPA draws its randomness for f (its own) and holds it, with the round number, while f is under audit. */
  TPA_Challenge(world, b) {
    const f = str(b, 'f');
    const randomness = world.auditor().challenge(world, f);
    if (randomness.length !== CHALLENGE_BYTES)
      throw new Error(`the TPA's challenge for ${f} is ${randomness.length} bytes, not ${CHALLENGE_BYTES}`);
    const bytes = new Uint8Array(CHALLENGE_BYTES + 4);
    bytes.set(randomness);
    world.holdings.put(AUDITOR, { kind: 'Challenge', args: [f], bytes });
  },
  /** The cloud answers from what it serves; every challenged block must match the signed commitment. */
  TPA_Verdict_Intact(world, b) {
    verdictStep(world, str(b, 'f'), 'intact');
  },
  /** The cloud's answer must fail the signed commitment; the evidence names the kinds and blocks. */
  TPA_Verdict_Corrupt(world, b) {
    verdictStep(world, str(b, 'f'), 'failed');
  },
};

/**
 * For alternatives the model leaves open at once (model/procedures.ts, `fireObserved`): whether the
 * concrete world says this one happened. The TPA's verdict is the real audit of what the cloud serves.
 */
export const CONCRETE_OBSERVATIONS: Partial<
  Record<TransitionName, (world: World, binding: Binding) => boolean>
> = {
  TPA_Verdict_Intact: (world, b) => judgeHeld(world, str(b, 'f')).result === 'intact',
  TPA_Verdict_Corrupt: (world, b) => judgeHeld(world, str(b, 'f')).result === 'failed',
};

/** Transitions whose effect is policy state only. */
export const POLICY_ONLY: ReadonlySet<TransitionName> = new Set(
  (Object.keys(CONCRETE_EFFECTS) as TransitionName[]).filter((t) => CONCRETE_EFFECTS[t] === null),
);
