/**
 * Messages to and from the SRS are authenticated (docs/security-notes.md, "Messages to the SRS are not
 * authenticated; the SRS overwrites"). Bob is granted level 0 only; alice's file has a level-5 partition.
 * Before the fix (6941339) bob read level 5 by re-submitting alice's level-5 R_{i-P} as level 0 (of the
 * real file, or of an invented one), asking for his level and relabelling the R_{i-U}; anyone could
 * overwrite a stored R_{i-P} or RK. Now the SRS takes R_{i-P} and RK only signed by the owner they name,
 * never replaces a stored R_{i-P}, and signs every R_{i-U}, which users verify.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BACKEND_NAMES,
  type BackendName,
  loadBackend,
  type PairingBackend,
} from '../../src/crypto/backend/index.ts';
import { utf8 } from '../../src/crypto/bytes.ts';
import {
  AccessError,
  DecodeError,
  IntegrityError,
  RefusedError,
  type SesphrError,
  type SesphrErrorCode,
} from '../../src/crypto/errors.ts';
import { generateSigningKeyPair } from '../../src/crypto/manifest.ts';
import {
  DataUser,
  HardenedOwner,
  HardenedSrs,
  PaperOwner,
  PaperSrs,
  SRS_PRINCIPAL,
  type Upload,
} from '../../src/crypto/parties.ts';
import { generatePreKeyPair, reKeyFromPublic } from '../../src/crypto/pre.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { signOwnerParameters, signReEncryptedParameter, signReKey } from '../../src/crypto/srs-messages.ts';
import type { FileRef, OwnerParameters, SigningKeyPair, Variant } from '../../src/crypto/types.ts';
import {
  decodePrePublicKey,
  decodeSignedOwnerParameters,
  decodeSignedReEncryptedParameter,
  decodeSignedReKey,
  encodeOwnerParameters,
  encodeReEncryptedParameter,
  encodeReKey,
  encodeSignedOwnerParameters,
  encodeSignedReEncryptedParameter,
  encodeSignedReKey,
  encodeSigningPublicKey,
} from '../../src/crypto/wire/formats.ts';

const WINDOW = { notBefore: 0, notAfter: 10 };
const REF: FileRef = { ownerId: 'alice', fileId: 'record', version: 1 };
const INVENTED: FileRef = { ownerId: 'alice', fileId: 'invented', version: 1 };
const PUBLIC = utf8('level 0: name and allergies');
const SECRET = utf8('level 5: psychiatric history');

interface World {
  readonly backend: PairingBackend;
  readonly srs: PaperSrs | HardenedSrs;
  readonly alice: PaperOwner | HardenedOwner;
  readonly bob: DataUser;
  /** A registered principal (an owner of her own files) who attacks alice's. */
  readonly mallory: SigningKeyPair;
  readonly upload: Upload;
  /** The SRS's signing identity (given to it, so a test can play an SRS tricked into signing). */
  readonly srsSigning: SigningKeyPair;
  readonly srsKey: Uint8Array;
  /** The signed R_{i-P} message alice sent (an observer of the network has it). */
  readonly sent: OwnerParameters;
}

function world(backend: PairingBackend, variant: Variant): World {
  const rng = deterministicRng(`srs-auth/${variant}/${backend.name}`);
  const ownerSigningKeys = new Map<string, Uint8Array>();
  const mallory = generateSigningKeyPair('mallory', rng);
  ownerSigningKeys.set('mallory', encodeSigningPublicKey(mallory));
  const srsSigning = generateSigningKeyPair(SRS_PRINCIPAL, rng);
  let srs: PaperSrs | HardenedSrs;
  let alice: PaperOwner | HardenedOwner;
  let bob: DataUser;
  if (variant === 'paper') {
    const paper = new PaperSrs(backend, { ownerSigningKeys, signing: srsSigning, rng });
    alice = PaperOwner.fromEnrollment(backend, paper.enroll('alice'), rng);
    bob = DataUser.fromEnrollment(backend, paper.enroll('bob'));
    paper.enroll('mallory');
    srs = paper;
  } else {
    const hardened = new HardenedSrs(backend, { ownerSigningKeys, signing: srsSigning, rng });
    const owner = HardenedOwner.generate(backend, 'alice', rng);
    ownerSigningKeys.set('alice', owner.signingPublicKey());
    bob = DataUser.generate(backend, 'bob', rng);
    hardened.storeReKey(owner.grant(bob.publicKey()));
    alice = owner;
    srs = hardened;
  }
  ownerSigningKeys.set('alice', alice.signingPublicKey());
  const upload = alice.upload(
    {
      fileId: 'record',
      version: 1,
      window: WINDOW,
      partitions: [
        { label: 'public', accessLevel: 0, data: PUBLIC },
        { label: 'secret', accessLevel: 5, data: SECRET },
      ],
    },
    { rng, createdAt: 1 },
  );
  expect(srs.storeParameters(upload.parameters)).toEqual(REF);
  const sent = decodeSignedOwnerParameters(backend, upload.parameters).parameters;
  expect(srs.signingPublicKey()).toEqual(encodeSigningPublicKey(srsSigning));
  return { backend, srs, alice, bob, mallory, upload, srsSigning, srsKey: srs.signingPublicKey(), sent };
}

const rPOf = (w: World, level: number) => {
  const rP = w.sent.levels.find((l) => l.accessLevel === level)?.rP;
  if (!rP) throw new Error(`no level ${level}`);
  return rP;
};

/** The call must throw the given typed error; returns it. */
function refused<E extends SesphrError>(
  fn: () => unknown,
  type: abstract new (...args: never[]) => E,
  what: string,
  code?: SesphrErrorCode,
): E {
  let outcome: unknown;
  try {
    outcome = fn();
  } catch (error) {
    expect(error, `${what}: ${String(error)}`).toBeInstanceOf(type);
    if (code) expect((error as SesphrError).code).toBe(code);
    return error as E;
  }
  return expect.fail(
    `${what}: accepted (returned ${outcome instanceof Uint8Array ? `${outcome.length} bytes` : String(outcome)})`,
  );
}

/** Every way an attacker can present "alice's" R_{i-P} message with changed contents. */
function forgedParameterMessages(
  w: World,
  forged: OwnerParameters,
): [string, Uint8Array, typeof SesphrError][] {
  const original = decodeSignedOwnerParameters(w.backend, w.upload.parameters);
  return [
    ['unsigned (kind 5)', encodeOwnerParameters(w.backend, forged), DecodeError],
    [
      "alice's signature on the changed body",
      encodeSignedOwnerParameters(w.backend, { parameters: forged, signature: original.signature }),
      IntegrityError,
    ],
    [
      "mallory's signature, naming alice",
      encodeSignedOwnerParameters(w.backend, {
        parameters: forged,
        signature: decodeSignedOwnerParameters(
          w.backend,
          signOwnerParameters(w.backend, { ...forged, ownerId: 'mallory' }, w.mallory),
        ).signature,
      }),
      IntegrityError,
    ],
  ];
}

const backends = {} as Record<BackendName, PairingBackend>;
beforeAll(async () => {
  for (const name of BACKEND_NAMES) backends[name] = await loadBackend(name);
});

for (const name of BACKEND_NAMES) {
  for (const variant of ['paper', 'hardened'] as const) {
    describe(`${variant}, ${name}: messages to and from the SRS are authenticated`, () => {
      let w: World;
      beforeAll(() => {
        w = world(backends[name], variant);
      });

      it('control: bob, granted level 0, reads level 0', () => {
        const r = w.srs.reEncrypt(REF, 0, 'bob');
        expect(w.bob.decrypt(w.upload, w.alice.signingPublicKey(), w.srsKey, r, 'public')).toEqual(PUBLIC);
      });

      it("relabelled level: the owner's level-5 R_{i-P} resubmitted as level 0 of the real file is refused", () => {
        const forged: OwnerParameters = { ...REF, levels: [{ accessLevel: 0, rP: rPOf(w, 5) }] };
        for (const [how, message, type] of forgedParameterMessages(w, forged)) {
          refused(() => w.srs.storeParameters(message), type, how);
        }
        // The stored level 0 is still alice's: bob's level-0 R_{i-U} opens level 0, and nothing else.
        const r = w.srs.reEncrypt(REF, 0, 'bob');
        expect(w.bob.decrypt(w.upload, w.alice.signingPublicKey(), w.srsKey, r, 'public')).toEqual(PUBLIC);
      });

      it('invented file id: the level-5 R_{i-P} submitted as level 0 of a file alice never uploaded is refused', () => {
        const forged: OwnerParameters = { ...INVENTED, levels: [{ accessLevel: 0, rP: rPOf(w, 5) }] };
        for (const [how, message, type] of forgedParameterMessages(w, forged)) {
          refused(() => w.srs.storeParameters(message), type, how);
        }
        refused(() => w.srs.reEncrypt(INVENTED, 0, 'bob'), AccessError, 'the SRS holds nothing for it');
      });

      it('overwrite (DoS): a second R_{i-P} for a stored (owner, file, version, level) is refused', () => {
        const fresh = world(backends[name], variant);
        // Even alice's own, validly signed second upload of the same version may not replace level 0.
        const again = fresh.alice.upload(
          {
            fileId: 'record',
            version: 1,
            window: WINDOW,
            partitions: [
              { label: 'public', accessLevel: 0, data: PUBLIC },
              { label: 'new', accessLevel: 7, data: PUBLIC },
            ],
          },
          { rng: deterministicRng('again'), createdAt: 1 },
        );
        const error = refused(
          () => fresh.srs.storeParameters(again.parameters),
          RefusedError,
          'second R_{i-P}',
          'REFUSED',
        );
        expect(error.subject).toBe('R_{i-P} of alice/record@1 level 0');
        // Nothing of the refused message was stored (level 7 is new, but the message is refused whole).
        refused(() => fresh.srs.reEncrypt(REF, 7, 'bob'), AccessError, 'level 7 of the refused message');
        // The same message again is a no-op, and bob's granted level still reads.
        expect(fresh.srs.storeParameters(fresh.upload.parameters)).toEqual(REF);
        const r = fresh.srs.reEncrypt(REF, 0, 'bob');
        expect(
          fresh.bob.decrypt(fresh.upload, fresh.alice.signingPublicKey(), fresh.srsKey, r, 'public'),
        ).toEqual(PUBLIC);
      });

      it('an owner without a registered signing key: AccessError', () => {
        const stranger = generateSigningKeyPair('stranger', deterministicRng('stranger'));
        const message = signOwnerParameters(
          w.backend,
          { ownerId: 'stranger', fileId: 'x', version: 1, levels: [{ accessLevel: 0, rP: rPOf(w, 0) }] },
          stranger,
        );
        refused(() => w.srs.storeParameters(message), AccessError, 'unregistered owner');
      });

      if (variant === 'hardened') {
        it('RK from a non-owner: an RK naming alice, made by mallory, is refused', () => {
          const fresh = world(backends[name], variant);
          const srs = fresh.srs as HardenedSrs;
          const malloryPre = generatePreKeyPair(fresh.backend, 'mallory', deterministicRng('mallory'));
          const bobKey = decodePrePublicKey(fresh.backend, fresh.bob.publicKey());
          const rk = reKeyFromPublic(fresh.backend, malloryPre.secretKey, bobKey.publicKey);
          const forged = { ownerId: 'alice', userId: 'bob', rk };
          const alicesGrant = decodeSignedReKey(
            fresh.backend,
            (fresh.alice as HardenedOwner).grant(fresh.bob.publicKey()),
          );
          const attempts: [string, Uint8Array, typeof SesphrError][] = [
            ['unsigned (kind 6)', encodeReKey(fresh.backend, forged), DecodeError],
            [
              "alice's signature on another RK",
              encodeSignedReKey(fresh.backend, { reKey: forged, signature: alicesGrant.signature }),
              IntegrityError,
            ],
            [
              "mallory's signature, naming alice",
              encodeSignedReKey(fresh.backend, {
                reKey: forged,
                signature: decodeSignedReKey(
                  fresh.backend,
                  signReKey(fresh.backend, { ...forged, ownerId: 'mallory' }, fresh.mallory),
                ).signature,
              }),
              IntegrityError,
            ],
          ];
          for (const [how, message, type] of attempts) refused(() => srs.storeReKey(message), type, how);
          // Bob's RK is alice's still.
          const r = srs.reEncrypt(REF, 0, 'bob');
          expect(
            fresh.bob.decrypt(fresh.upload, fresh.alice.signingPublicKey(), fresh.srsKey, r, 'public'),
          ).toEqual(PUBLIC);
        });
      }

      it('relabelled R_{i-U}: any changed label, an unsigned copy or a foreign signature is refused', () => {
        const issued = decodeSignedReEncryptedParameter(w.backend, w.srs.reEncrypt(REF, 0, 'bob'));
        const relabel = (change: Partial<typeof issued.parameter>) =>
          encodeSignedReEncryptedParameter(w.backend, {
            parameter: { ...issued.parameter, ...change },
            signature: issued.signature,
          });
        const read = (bytes: Uint8Array, label: string) =>
          w.bob.decrypt(w.upload, w.alice.signingPublicKey(), w.srsKey, bytes, label);
        for (const [how, bytes, label] of [
          ['level 0 → 5', relabel({ accessLevel: 5 }), 'secret'],
          ['another version', relabel({ version: 2 }), 'public'],
          ['another file', relabel({ fileId: 'other' }), 'public'],
          ['another user', relabel({ userId: 'carol' }), 'public'],
        ] as const) {
          const error = refused(() => read(bytes, label), IntegrityError, how);
          expect(error.message).toMatch(/signature of "srs" does not verify/);
        }
        refused(
          () => read(encodeReEncryptedParameter(w.backend, issued.parameter), 'public'),
          DecodeError,
          'unsigned',
        );
        const fakeSrs = generateSigningKeyPair(SRS_PRINCIPAL, deterministicRng('fake srs'));
        const foreign = signReEncryptedParameter(w.backend, { ...issued.parameter, accessLevel: 5 }, fakeSrs);
        refused(() => read(foreign, 'secret'), IntegrityError, 'signed by another key');
      });

      it("the old attack chain end to end: a level-5 value issued as level 0 can't be relabelled to 5", () => {
        // Suppose the SRS had been tricked into R_{i-U} = e(R_{5-P}, RK) labelled level 0 (what bob got
        // before the fix). Its signature binds level 0, so the relabelled copy is refused.
        const tricked = signReEncryptedParameter(
          w.backend,
          {
            ...REF,
            accessLevel: 0,
            userId: 'bob',
            rU: decodeSignedReEncryptedParameter(w.backend, w.srs.reEncrypt(REF, 5, 'bob')).parameter.rU,
          },
          // The SRS's own key: it signs what it was tricked into computing.
          w.srsSigning,
        );
        // As issued it is a level-0 R_{i-U}: not for the level-5 partition.
        refused(
          () => w.bob.decrypt(w.upload, w.alice.signingPublicKey(), w.srsKey, tricked, 'secret'),
          AccessError,
          'level-0 R_{i-U} for a level-5 partition',
        );
        const { parameter, signature } = decodeSignedReEncryptedParameter(w.backend, tricked);
        const relabelled = encodeSignedReEncryptedParameter(w.backend, {
          parameter: { ...parameter, accessLevel: 5 },
          signature,
        });
        refused(
          () => w.bob.decrypt(w.upload, w.alice.signingPublicKey(), w.srsKey, relabelled, 'secret'),
          IntegrityError,
          'relabelled tricked R_{i-U}',
        );
      });
    });
  }
}
