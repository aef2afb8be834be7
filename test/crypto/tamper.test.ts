/**
 * Tampering, with real crypto (mcl backend): every attack ends in a typed `SesphrError` — the specific
 * subclass where it is determined — and never in plaintext other than the owner's.
 *
 * Literal mode has no integrity of its own, so in literal mode everything below rests on the signed
 * manifest (and the user's R_{i-U} bookkeeping); hybrid mode additionally has the AEAD.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend, type PairingBackend } from '../../src/crypto/backend/index.ts';
import {
  AccessError,
  DecodeError,
  IntegrityError,
  SesphrError,
  type SesphrErrorCode,
} from '../../src/crypto/errors.ts';
import { buildManifest, generateSigningKeyPair } from '../../src/crypto/manifest.ts';
import {
  DataUser,
  type Download,
  HardenedOwner,
  HardenedSrs,
  PaperOwner,
  PaperSrs,
  SRS_PRINCIPAL,
  type Upload,
} from '../../src/crypto/parties.ts';
import { decryptPartition, encryptPhr, type PartitionPlaintext } from '../../src/crypto/phr.ts';
import { generatePreKeyPair, ownerDataKey } from '../../src/crypto/pre.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import type { Scalar } from '../../src/crypto/scalar.ts';
import { signReEncryptedParameter } from '../../src/crypto/srs-messages.ts';
import type {
  AeadAlgorithm,
  CipherMode,
  EncryptedFile,
  FileRef,
  SigningKeyPair,
  Variant,
} from '../../src/crypto/types.ts';
import {
  decodeEncryptedFile,
  decodeSignedManifest,
  decodeSignedReEncryptedParameter,
  encodeEncryptedFile,
  encodeFileHeader,
  encodeSignedManifest,
  encodeSignedReEncryptedParameter,
  encodeSigningPublicKey,
} from '../../src/crypto/wire/formats.ts';
import { positions, runs } from '../helpers/effort.ts';

const WINDOW = { notBefore: 1_700_000_000, notAfter: 1_800_000_000 };
const ENVELOPE_BYTES = 6;

let mcl: PairingBackend;
beforeAll(async () => {
  mcl = await loadBackend('mcl');
});

// ── outcome helpers ─────────────────────────────────────────────────────────────────────────────────

type Attempt =
  | { readonly returned: true; readonly value: unknown }
  | { readonly returned: false; readonly error: unknown };

function attempt(fn: () => unknown): Attempt {
  try {
    return { returned: true, value: fn() };
  } catch (error) {
    return { returned: false, error };
  }
}

function describeValue(value: unknown): string {
  return value instanceof Uint8Array ? `${value.length} bytes of plaintext` : String(value);
}

/** The call must throw a SesphrError with one of the given codes; returns it. */
function expectRejected(fn: () => unknown, codes: readonly SesphrErrorCode[], what: string): SesphrError {
  const outcome = attempt(fn);
  if (outcome.returned)
    expect.fail(`${what}: expected a typed error, but got ${describeValue(outcome.value)}`);
  const { error } = outcome as { error: unknown };
  expect(error, what).toBeInstanceOf(SesphrError);
  expect(codes, `${what}: ${String(error)}`).toContain((error as SesphrError).code);
  return error as SesphrError;
}

function expectError<E extends SesphrError>(
  fn: () => unknown,
  type: abstract new (...args: never[]) => E,
  what: string,
): E {
  const outcome = attempt(fn);
  if (outcome.returned)
    expect.fail(`${what}: expected ${type.name}, but got ${describeValue(outcome.value)}`);
  const { error } = outcome as { error: unknown };
  expect(error, what).toBeInstanceOf(SesphrError);
  expect(error, `${what}: ${String(error)}`).toBeInstanceOf(type);
  return error as E;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

function flipBit(bytes: Uint8Array, at: number, bit: number): Uint8Array {
  const out = bytes.slice();
  out[at] = (out[at] as number) ^ (1 << bit);
  return out;
}

/** Offset of `needle` in `haystack`; it must occur exactly once. */
function locate(haystack: Uint8Array, needle: Uint8Array): number {
  const h = Buffer.from(haystack);
  const at = h.indexOf(Buffer.from(needle));
  expect(at, 'needle occurs').toBeGreaterThanOrEqual(0);
  expect(h.lastIndexOf(Buffer.from(needle)), 'needle occurs once').toBe(at);
  return at;
}

function swapSpans(bytes: Uint8Array, a: number, b: number, length: number): Uint8Array {
  const out = bytes.slice();
  out.set(bytes.subarray(a, a + length), b);
  out.set(bytes.subarray(b, b + length), a);
  return out;
}

// ── the world: alice (owner), bob and carol (users), an SRS, several uploads ──────────────────────────

interface Partition {
  readonly label: string;
  readonly accessLevel: number;
  readonly size: number;
}

/**
 * medical and insurance share level 1 and a size; prescription has the same size at another level.
 * 128 bytes is a whole number of literal-mode chunks (no zero padding to betray a wrong key), 40 is not.
 */
const LAYOUT: readonly Partition[] = [
  { label: 'personal', accessLevel: 0, size: 40 },
  { label: 'medical', accessLevel: 1, size: 128 },
  { label: 'insurance', accessLevel: 1, size: 128 },
  { label: 'prescription', accessLevel: 2, size: 128 },
];
const LEVELS = [0, 1, 2] as const;

function partitionsFor(tag: string, layout: readonly Partition[] = LAYOUT): PartitionPlaintext[] {
  return layout.map((p) => ({
    label: p.label,
    accessLevel: p.accessLevel,
    data: deterministicRng(`tamper/${tag}/${p.label}`)(p.size).slice(),
  }));
}

type AnyOwner = PaperOwner | HardenedOwner;
type AnySrs = PaperSrs | HardenedSrs;

/** A user of this world: DataUser.decrypt with the world's SRS key (every R_{i-U} is SRS-signed). */
interface Reader {
  readonly id: string;
  publicKey(): Uint8Array;
  decrypt(
    download: Download,
    ownerSigningKey: Uint8Array,
    reEncrypted: Uint8Array,
    label: string,
  ): Uint8Array;
  /** Several partitions of one download, the manifest verified once (DataUser.decryptPartitions). */
  decryptPartitions(
    download: Download,
    ownerSigningKey: Uint8Array,
    requests: readonly { reEncrypted: Uint8Array; label: string }[],
  ): Uint8Array[];
}

function reader(user: DataUser, srsKey: Uint8Array): Reader {
  return {
    id: user.id,
    publicKey: () => user.publicKey(),
    decrypt: (download, ownerSigningKey, reEncrypted, label) =>
      user.decrypt(download, ownerSigningKey, srsKey, reEncrypted, label),
    decryptPartitions: (download, ownerSigningKey, requests) =>
      user.decryptPartitions(download, ownerSigningKey, srsKey, requests),
  };
}

interface World {
  readonly variant: Variant;
  readonly mode: CipherMode;
  readonly aead: AeadAlgorithm | undefined;
  readonly owner: AnyOwner;
  readonly srs: AnySrs;
  /** The SRS's signing identity: tests that rewrite an R_{i-U} re-sign it, as a tricked SRS would. */
  readonly srsSigning: SigningKeyPair;
  readonly srsKey: Uint8Array;
  readonly bob: Reader;
  readonly carol: Reader;
  readonly ownerKey: Uint8Array;
  /** alice/record@1 — the file under attack. */
  readonly f1: Upload;
  readonly f1Data: PartitionPlaintext[];
  /** alice/record@2 and alice/other@1: same layout, other keys and data. */
  readonly f1v2: Upload;
  readonly f2: Upload;
  /** alice/tiny@1: one 65-byte and one empty partition, for exhaustive truncation. */
  readonly tiny: Upload;
  /** Creates another owner (another key) under the given principal name, on its own SRS if paper. */
  newOwner(principal: string): AnyOwner;
  /** Enrolls (paper) or generates and grants (hardened) a new user. */
  newUser(principal: string): Reader;
  /** Removes a user at the SRS (paper: deletes the key pair; hardened: deletes its re-keys). */
  depart(principal: string): void;
  r(ref: FileRef, level: number, user: string): Uint8Array;
}

const REF_F1: FileRef = { ownerId: 'alice', fileId: 'record', version: 1 };
const REF_F1V2: FileRef = { ownerId: 'alice', fileId: 'record', version: 2 };
const REF_F2: FileRef = { ownerId: 'alice', fileId: 'other', version: 1 };
const REF_TINY: FileRef = { ownerId: 'alice', fileId: 'tiny', version: 1 };

function makeWorld(variant: Variant, mode: CipherMode): World {
  const aead: AeadAlgorithm | undefined =
    mode === 'literal' ? undefined : variant === 'paper' ? 'aes-256-gcm' : 'xchacha20-poly1305';
  const options = mode === 'literal' ? { mode } : { mode, ...(aead ? { aead } : {}) };
  let owner: AnyOwner;
  let srs: AnySrs;
  let newUser: (principal: string) => Reader;
  let depart: (principal: string) => void;
  let newOwner: (principal: string) => AnyOwner;
  const srsSigning = generateSigningKeyPair(SRS_PRINCIPAL, deterministicRng(`tamper/${variant}/${mode}/srs`));
  const srsKey = encodeSigningPublicKey({ principal: srsSigning.principal, publicKey: srsSigning.publicKey });
  const ownerSigningKeys = new Map<string, Uint8Array>();
  const srsOptions = { ownerSigningKeys, signing: srsSigning };
  if (variant === 'paper') {
    const paperSrs = new PaperSrs(mcl, srsOptions);
    srs = paperSrs;
    owner = PaperOwner.fromEnrollment(mcl, paperSrs.enroll('alice'));
    newUser = (principal) => reader(DataUser.fromEnrollment(mcl, paperSrs.enroll(principal)), srsKey);
    depart = (principal) => {
      expect(paperSrs.removeKeys(principal)).toBe(true);
    };
    newOwner = (principal) =>
      PaperOwner.fromEnrollment(mcl, new PaperSrs(mcl, { ownerSigningKeys: new Map() }).enroll(principal));
  } else {
    const hardenedSrs = new HardenedSrs(mcl, srsOptions);
    const hardenedOwner = HardenedOwner.generate(mcl, 'alice');
    ownerSigningKeys.set('alice', hardenedOwner.signingPublicKey());
    srs = hardenedSrs;
    owner = hardenedOwner;
    newUser = (principal) => {
      const user = DataUser.generate(mcl, principal);
      hardenedSrs.storeReKey(hardenedOwner.grant(user.publicKey()));
      return reader(user, srsKey);
    };
    depart = (principal) => {
      expect(hardenedSrs.removeReKeys(principal)).toBe(true);
    };
    newOwner = (principal) => HardenedOwner.generate(mcl, principal);
  }
  ownerSigningKeys.set('alice', owner.signingPublicKey());
  const bob = newUser('bob');
  const carol = newUser('carol');
  const upload = (ref: FileRef, partitions: PartitionPlaintext[]) => {
    const result = owner.upload(
      { fileId: ref.fileId, version: ref.version, window: WINDOW, partitions },
      options,
    );
    expect(srs.storeParameters(result.parameters)).toEqual(ref);
    return result;
  };
  const f1Data = partitionsFor('f1');
  const cache = new Map<string, Uint8Array>();
  return {
    variant,
    mode,
    aead,
    owner,
    srs,
    srsSigning,
    srsKey,
    bob,
    carol,
    ownerKey: owner.signingPublicKey(),
    f1: upload(REF_F1, f1Data),
    f1Data,
    f1v2: upload(REF_F1V2, partitionsFor('f1v2')),
    f2: upload(REF_F2, partitionsFor('f2')),
    tiny: upload(
      REF_TINY,
      partitionsFor('tiny', [
        { label: 'note', accessLevel: 1, size: 65 },
        { label: 'empty', accessLevel: 1, size: 0 },
      ]),
    ),
    newOwner,
    newUser,
    depart,
    r(ref, level, user) {
      const key = JSON.stringify([ref, level, user]);
      let r = cache.get(key);
      if (!r) {
        r = srs.reEncrypt(ref, level, user);
        cache.set(key, r);
      }
      return r;
    },
  };
}

const levelOf = (label: string) => (LAYOUT.find((p) => p.label === label) as Partition).accessLevel;
const dataOf = (w: World, label: string) =>
  (w.f1Data.find((p) => p.label === label) as PartitionPlaintext).data;

const rOf = (bytes: Uint8Array) => decodeSignedReEncryptedParameter(mcl, bytes).parameter;

/**
 * Re-labels an R_{i-U} (keeping its GT element) or swaps its GT element (keeping the labels). `signer`
 * re-signs it, as an SRS tricked into issuing it would (what the key or the labels then do is the test);
 * without a signer the old signature is kept, and the SRS signature check must catch it.
 */
function rewriteR(
  base: Uint8Array,
  change: { userId?: string; accessLevel?: number; rUFrom?: Uint8Array; ref?: FileRef },
  signer?: SigningKeyPair,
): Uint8Array {
  const { parameter, signature } = decodeSignedReEncryptedParameter(mcl, base);
  const rewritten = {
    ...parameter,
    ...(change.ref ?? {}),
    ...(change.userId !== undefined ? { userId: change.userId } : {}),
    ...(change.accessLevel !== undefined ? { accessLevel: change.accessLevel } : {}),
    ...(change.rUFrom ? { rU: rOf(change.rUFrom).rU } : {}),
  };
  return signer
    ? signReEncryptedParameter(mcl, rewritten, signer)
    : encodeSignedReEncryptedParameter(mcl, { parameter: rewritten, signature });
}

// ── attacks that hold in both variants and both modes ───────────────────────────────────────────────

const WORLDS: [Variant, CipherMode][] = [
  ['paper', 'hybrid'],
  ['paper', 'literal'],
  ['hardened', 'hybrid'],
  ['hardened', 'literal'],
];

describe.each(WORLDS)('%s variant, %s mode', (variant, mode) => {
  let w: World;
  beforeAll(() => {
    w = makeWorld(variant, mode);
  });

  it('control: with the right R, bob and alice read every partition', () => {
    for (const p of w.f1Data) {
      expect(
        sameBytes(w.bob.decrypt(w.f1, w.ownerKey, w.r(REF_F1, p.accessLevel, 'bob'), p.label), p.data),
      ).toBe(true);
      expect(sameBytes(w.owner.readOwn(w.f1, p.label), p.data)).toBe(true);
    }
  });

  describe('several partitions in one call (manifest and file verified once per file)', () => {
    const allOf = (w: World, user: string) =>
      w.f1Data.map((p) => ({ reEncrypted: w.r(REF_F1, p.accessLevel, user), label: p.label }));

    it('control: every partition, in request order, equal to the plaintext', () => {
      const requests = allOf(w, 'bob').reverse();
      const plaintexts = w.bob.decryptPartitions(w.f1, w.ownerKey, requests);
      expect(plaintexts).toHaveLength(requests.length);
      requests.forEach((request, i) => {
        expect(sameBytes(plaintexts[i] as Uint8Array, dataOf(w, request.label))).toBe(true);
      });
      expect(w.bob.decryptPartitions(w.f1, w.ownerKey, [])).toEqual([]);
    });

    it('a substituted file or manifest fails the whole call (IntegrityError)', () => {
      const requests = allOf(w, 'bob');
      expectError(
        () => w.bob.decryptPartitions({ file: w.f2.file, manifest: w.f1.manifest }, w.ownerKey, requests),
        IntegrityError,
        'batch, other file',
      );
      expectError(
        () => w.bob.decryptPartitions({ file: w.f1.file, manifest: w.f1v2.manifest }, w.ownerKey, requests),
        IntegrityError,
        'batch, other manifest',
      );
    });

    it("each R_{i-U} is still checked: carol's R among bob's → AccessError", () => {
      const requests = allOf(w, 'bob');
      const [first] = w.f1Data;
      if (!first) throw new Error('no partitions');
      const mixed = [
        ...requests,
        { reEncrypted: w.r(REF_F1, first.accessLevel, 'carol'), label: first.label },
      ];
      expectError(() => w.bob.decryptPartitions(w.f1, w.ownerKey, mixed), AccessError, 'batch, mixed R');
    });
  });

  describe('a user without R for the partition → AccessError', () => {
    it('the SRS has no R_{i-P} or no key for the request: nothing to give', () => {
      expectError(() => w.srs.reEncrypt(REF_F1, 7, 'bob'), AccessError, 'unknown level');
      expectError(
        () => w.srs.reEncrypt({ ...REF_F1, fileId: 'nope' }, 1, 'bob'),
        AccessError,
        'unknown file',
      );
      expectError(() => w.srs.reEncrypt({ ...REF_F1, version: 9 }, 1, 'bob'), AccessError, 'unknown version');
      expectError(
        () => w.srs.reEncrypt({ ...REF_F1, ownerId: 'bob' }, 1, 'carol'),
        AccessError,
        'unknown owner',
      );
      expectError(() => w.srs.reEncrypt(REF_F1, 1, 'dave'), AccessError, 'unknown user');
    });

    it('a departed user gets no further R', () => {
      const erin = w.newUser('erin');
      const r = w.srs.reEncrypt(REF_F1, 1, 'erin');
      expect(sameBytes(erin.decrypt(w.f1, w.ownerKey, r, 'medical'), dataOf(w, 'medical'))).toBe(true);
      w.depart('erin');
      expectError(() => w.srs.reEncrypt(REF_F1, 1, 'erin'), AccessError, 'after depart');
      expectError(() => w.srs.reEncrypt(REF_F2, 0, 'erin'), AccessError, 'after depart, other file');
    });

    it('no R at all: empty or garbage bytes in its place → DecodeError', () => {
      for (const bytes of [new Uint8Array(0), new Uint8Array(600), w.f1.manifest]) {
        const error = expectError(
          () => w.bob.decrypt(w.f1, w.ownerKey, bytes, 'medical'),
          DecodeError,
          'no R',
        );
        expect(error.field.startsWith('signedReEncryptedParameter')).toBe(true);
      }
    });

    it('R for another access level', () => {
      for (const p of LAYOUT) {
        for (const level of LEVELS.filter((l) => l !== p.accessLevel)) {
          expectError(
            () => w.bob.decrypt(w.f1, w.ownerKey, w.r(REF_F1, level, 'bob'), p.label),
            AccessError,
            `${p.label} with R of level ${level}`,
          );
        }
      }
    });

    it('R for another file or another version of the file', () => {
      for (const ref of [REF_F2, REF_F1V2, REF_TINY]) {
        expectError(
          () => w.bob.decrypt(w.f1, w.ownerKey, w.r(ref, 1, 'bob'), 'medical'),
          AccessError,
          `R of ${ref.fileId}@${ref.version}`,
        );
      }
    });

    it('R issued to another user', () => {
      for (const p of LAYOUT) {
        const error = expectError(
          () => w.bob.decrypt(w.f1, w.ownerKey, w.r(REF_F1, p.accessLevel, 'carol'), p.label),
          AccessError,
          `bob with carol's R for ${p.label}`,
        );
        expect(error.message).toMatch(/issued to "carol"/);
      }
    });
  });

  describe('a wrong key or a wrong R → IntegrityError, never plaintext', () => {
    it("carol decrypts with bob's R, re-encoded in her name (wrong secret key)", () => {
      for (const p of LAYOUT) {
        const forged = rewriteR(w.r(REF_F1, p.accessLevel, 'bob'), { userId: 'carol' }, w.srsSigning);
        expectError(() => w.carol.decrypt(w.f1, w.ownerKey, forged, p.label), IntegrityError, p.label);
        const unsigned = rewriteR(w.r(REF_F1, p.accessLevel, 'bob'), { userId: 'carol' });
        const error = expectError(
          () => w.carol.decrypt(w.f1, w.ownerKey, unsigned, p.label),
          IntegrityError,
          `${p.label}, not re-signed`,
        );
        expect(error.message).toMatch(/signature of "srs" does not verify/);
      }
    });

    it('R_{i-U} with a valid but wrong GT element: another level, another file, another user, a random Z^k', () => {
      const randomGt = signReEncryptedParameter(
        mcl,
        { ...REF_F1, accessLevel: 1, userId: 'bob', rU: mcl.gtPowBase(0x1234567890abcdefn as Scalar) },
        w.srsSigning,
      );
      for (const p of LAYOUT) {
        const genuine = w.r(REF_F1, p.accessLevel, 'bob');
        const donors: [string, Uint8Array][] = [
          ...LEVELS.filter((l) => l !== p.accessLevel).map((l): [string, Uint8Array] => [
            `level ${l}`,
            w.r(REF_F1, l, 'bob'),
          ]),
          ['another file', w.r(REF_F2, p.accessLevel, 'bob')],
          ['another version', w.r(REF_F1V2, p.accessLevel, 'bob')],
          ["carol's", w.r(REF_F1, p.accessLevel, 'carol')],
          ['random Z^k', randomGt],
        ];
        for (const [name, donor] of donors) {
          const tampered = rewriteR(genuine, { rUFrom: donor }, w.srsSigning);
          expectError(
            () => w.bob.decrypt(w.f1, w.ownerKey, tampered, p.label),
            IntegrityError,
            `${p.label}: ${name}`,
          );
        }
      }
    });

    it("R of another file relabelled as this file's (a tampered R_{i-U}) → IntegrityError", () => {
      // Relabelled in transit: the SRS signature fails. Issued so by a tricked SRS: the key is wrong.
      for (const signer of [undefined, w.srsSigning]) {
        const relabelled = rewriteR(w.r(REF_F2, 1, 'bob'), { ref: REF_F1 }, signer);
        expectError(
          () => w.bob.decrypt(w.f1, w.ownerKey, relabelled, 'medical'),
          IntegrityError,
          signer ? 'relabelled R, re-signed' : 'relabelled R',
        );
      }
    });
  });

  describe('swapped partitions and files → typed error', () => {
    it("two partitions' ciphertexts swapped inside the encoded file (same level; different levels)", () => {
      const file = decodeEncryptedFile(w.f1.file);
      const byLabel = new Map(file.partitions.map((p) => [p.label, p]));
      for (const [a, b] of [
        ['medical', 'insurance'],
        ['medical', 'prescription'],
      ] as const) {
        const pa = byLabel.get(a);
        const pb = byLabel.get(b);
        if (!pa || !pb) throw new Error('layout');
        expect(pa.ciphertext.length).toBe(pb.ciphertext.length);
        const swapped = swapSpans(
          w.f1.file,
          locate(w.f1.file, pa.ciphertext),
          locate(w.f1.file, pb.ciphertext),
          pa.ciphertext.length,
        );
        // …and with the nonces travelling along (hybrid): the AEAD inputs of one slot moved to another
        const variants = [swapped];
        if (pa.nonce.length > 0) {
          variants.push(
            swapSpans(swapped, locate(swapped, pa.nonce), locate(swapped, pb.nonce), pa.nonce.length),
          );
        }
        for (const bytes of variants) {
          for (const label of [a, b]) {
            expectError(
              () =>
                w.bob.decrypt(
                  { file: bytes, manifest: w.f1.manifest },
                  w.ownerKey,
                  w.r(REF_F1, levelOf(label), 'bob'),
                  label,
                ),
              IntegrityError,
              `${a}↔${b}, reading ${label}`,
            );
            expectError(
              () => w.owner.readOwn({ ...w.f1, file: bytes }, label),
              IntegrityError,
              `alice ${label}`,
            );
          }
        }
      }
    });

    it('partitions reordered', () => {
      const file = decodeEncryptedFile(w.f1.file);
      const reordered = encodeEncryptedFile({ ...file, partitions: [...file.partitions].reverse() });
      expectError(
        () =>
          w.bob.decrypt(
            { file: reordered, manifest: w.f1.manifest },
            w.ownerKey,
            w.r(REF_F1, 1, 'bob'),
            'medical',
          ),
        IntegrityError,
        'reordered',
      );
    });

    it('whole files swapped between uploads', () => {
      const r1 = w.r(REF_F1, 1, 'bob');
      for (const [name, other] of [
        ['another file', w.f2],
        ['another version', w.f1v2],
      ] as const) {
        // the other file under this file's manifest, and this file under the other's manifest
        expectError(
          () => w.bob.decrypt({ file: other.file, manifest: w.f1.manifest }, w.ownerKey, r1, 'medical'),
          IntegrityError,
          `${name}'s file`,
        );
        expectError(
          () => w.bob.decrypt({ file: w.f1.file, manifest: other.manifest }, w.ownerKey, r1, 'medical'),
          IntegrityError,
          `${name}'s manifest`,
        );
        // the whole other upload served instead: consistent, but bob's R is for this file
        expectError(() => w.bob.decrypt(other, w.ownerKey, r1, 'medical'), AccessError, `${name}, whole`);
        expectError(() => w.owner.readOwn({ ...w.f1, file: other.file }, 'medical'), IntegrityError, 'alice');
        expectError(
          () => w.owner.readOwn({ ...w.f1, manifest: other.manifest }, 'medical'),
          IntegrityError,
          'alice',
        );
      }
    });
  });

  describe('manifests → IntegrityError', () => {
    it('signed by a different owner key (an impostor also named "alice")', () => {
      const impostor = w.newOwner('alice');
      const fake = impostor.upload(
        { fileId: REF_F1.fileId, version: REF_F1.version, window: WINDOW, partitions: w.f1Data },
        w.mode === 'literal' ? { mode: 'literal' } : { mode: 'hybrid', ...(w.aead ? { aead: w.aead } : {}) },
      );
      const r = w.r(REF_F1, 1, 'bob');
      const signature = /owner signature does not verify/;
      expect(
        expectError(() => w.bob.decrypt(fake, w.ownerKey, r, 'medical'), IntegrityError, 'impostor upload')
          .message,
      ).toMatch(signature);
      expect(
        expectError(
          () => w.bob.decrypt({ file: w.f1.file, manifest: fake.manifest }, w.ownerKey, r, 'medical'),
          IntegrityError,
          'impostor manifest',
        ).message,
      ).toMatch(signature);
      expect(
        expectError(
          () => w.bob.decrypt({ file: fake.file, manifest: w.f1.manifest }, w.ownerKey, r, 'medical'),
          IntegrityError,
          'impostor file',
        ).message,
      ).toMatch(/differs from the (signed )?manifest/);
      // even with the impostor's key, bob's R (for alice's real file) does not open the fake
      expect(
        expectError(
          () => w.bob.decrypt(fake, impostor.signingPublicKey(), r, 'medical'),
          IntegrityError,
          'fake key',
        ).message,
      ).toMatch(/authentication failed|does not unmask/);
      expect(
        expectError(
          () => w.owner.readOwn({ ...w.f1, manifest: fake.manifest }, 'medical'),
          IntegrityError,
          'alice',
        ).message,
      ).toMatch(signature);
    });

    it('a manifest recomputed for a tampered file, under the old signature (only the signature stands)', () => {
      // Literal mode has no integrity of its own: medical and insurance share level 1, so with their
      // ciphertexts swapped and a manifest re-hashed to match, only the signature prevents bob from
      // reading insurance's plaintext as "medical".
      const signature = /owner signature does not verify/;
      const file = decodeEncryptedFile(w.f1.file);
      const swapped: EncryptedFile = {
        ...file,
        partitions: file.partitions.map((p, _, all) => {
          const other = (label: string) => all.find((q) => q.label === label) as (typeof all)[number];
          if (p.label === 'medical') return { ...other('insurance'), label: 'medical' };
          if (p.label === 'insurance') return { ...other('medical'), label: 'insurance' };
          return p;
        }),
      };
      const signed = decodeSignedManifest(w.f1.manifest);
      const forged = encodeSignedManifest({ manifest: buildManifest(swapped), signature: signed.signature });
      const download = { file: encodeEncryptedFile(swapped), manifest: forged };
      for (const label of ['medical', 'insurance']) {
        const error = expectError(
          () => w.bob.decrypt(download, w.ownerKey, w.r(REF_F1, 1, 'bob'), label),
          IntegrityError,
          label,
        );
        expect(error.message).toMatch(signature);
        expect(
          expectError(() => w.owner.readOwn({ ...w.f1, ...download }, label), IntegrityError, label).message,
        ).toMatch(signature);
      }
    });

    it("another principal's key, or a manifest naming another owner", () => {
      const mallory = w.newOwner('mallory');
      const hers = mallory.upload({
        fileId: REF_F1.fileId,
        version: 1,
        window: WINDOW,
        partitions: w.f1Data,
      });
      const r = w.r(REF_F1, 1, 'bob');
      expect(
        expectError(
          () => w.bob.decrypt(w.f1, mallory.signingPublicKey(), r, 'medical'),
          IntegrityError,
          'her key',
        ).message,
      ).toMatch(/names owner "alice", but the key is "mallory"'s/);
      expect(
        expectError(() => w.bob.decrypt(hers, w.ownerKey, r, 'medical'), IntegrityError, 'her manifest')
          .message,
      ).toMatch(/names owner "mallory", but the key is "alice"'s/);
    });

    it('a manifest for another file or version', () => {
      for (const other of [w.f2, w.f1v2, w.tiny]) {
        for (const p of LAYOUT) {
          expectError(
            () =>
              w.bob.decrypt(
                { file: w.f1.file, manifest: other.manifest },
                w.ownerKey,
                w.r(REF_F1, p.accessLevel, 'bob'),
                p.label,
              ),
            IntegrityError,
            p.label,
          );
        }
      }
    });
  });

  it("the owner's own read with R_{i-P} of another file or without the level → AccessError", () => {
    expectError(
      () => w.owner.readOwn({ ...w.f1, parameters: w.f2.parameters }, 'medical'),
      AccessError,
      'another file',
    );
    // The owner's own signed R_{i-P} for this file version, from an upload without level 1.
    const withoutLevel1 = w.owner.upload(
      {
        fileId: REF_F1.fileId,
        version: REF_F1.version,
        window: WINDOW,
        partitions: w.f1Data.filter((p) => p.accessLevel !== 1),
      },
      { mode: w.mode },
    ).parameters;
    expectError(
      () => w.owner.readOwn({ ...w.f1, parameters: withoutLevel1 }, 'medical'),
      AccessError,
      'no level',
    );
  });
});

// ── bit flips and truncation, over the whole byte range ─────────────────────────────────────────────

describe.each(['hybrid', 'literal'] as const)('bit flips and truncation (%s mode)', (mode) => {
  let w: World;
  let file: EncryptedFile;
  let rByLevel: Map<number, Uint8Array>;
  /** Byte ranges of each partition's nonce (signed in the manifest since format v1 includes it). */
  let nonceSpans: { label: string; from: number; to: number }[];
  /** Positions worth hitting on purpose: every field boundary of header, nonces, ciphertexts and tags. */
  let landmarks: number[];

  beforeAll(() => {
    w = makeWorld('paper', mode);
    file = decodeEncryptedFile(w.f1.file);
    rByLevel = new Map(LEVELS.map((l) => [l, w.r(REF_F1, l, 'bob')]));
    nonceSpans = file.partitions
      .filter((p) => p.nonce.length > 0)
      .map((p) => {
        const from = locate(w.f1.file, p.nonce);
        return { label: p.label, from, to: from + p.nonce.length };
      });
    const headerEnd = ENVELOPE_BYTES + encodeFileHeader(file.header).length;
    landmarks = [0, 4, 5, ENVELOPE_BYTES, headerEnd - 1, headerEnd, w.f1.file.length - 1];
    for (const p of file.partitions) {
      const at = locate(w.f1.file, p.ciphertext);
      landmarks.push(at - 1, at, at + p.ciphertext.length - 1);
      if (mode === 'hybrid') landmarks.push(at + p.ciphertext.length - 16); // first tag byte
      if (p.nonce.length > 0) {
        const n = locate(w.f1.file, p.nonce);
        landmarks.push(n - 1, n, n + p.nonce.length - 1);
      }
    }
  });

  const allowed: SesphrErrorCode[] = ['DECODE', 'INTEGRITY'];

  function checkDecodeField(error: SesphrError, root: string): void {
    if (error instanceof DecodeError) expect(error.field.startsWith(root), error.field).toBe(true);
  }

  /** Every partition, for the user and the owner: a typed error. The signed manifest covers every byte
   *  that matters, nonces included, so no flip anywhere leaves any partition readable. */
  function expectFileFlipCaught(bytes: Uint8Array, at: number): void {
    const inNonce = nonceSpans.some((s) => at >= s.from && at < s.to);
    for (const p of w.f1Data) {
      const read = () =>
        w.bob.decrypt(
          { file: bytes, manifest: w.f1.manifest },
          w.ownerKey,
          rByLevel.get(p.accessLevel) as Uint8Array,
          p.label,
        );
      const own = () => w.owner.readOwn({ ...w.f1, file: bytes }, p.label);
      for (const [who, fn] of [
        ['bob', read],
        ['alice', own],
      ] as const) {
        const error = expectRejected(fn, allowed, `${who} reads ${p.label}, bit flipped at ${at}`);
        checkDecodeField(error, 'encryptedFile');
        // a nonce flip is caught by the manifest check, before any decryption
        if (inNonce) expect(error.message).toMatch(/nonce differs from the manifest/);
      }
    }
  }

  function expectManifestFlipCaught(bytes: Uint8Array, at: number): void {
    for (const p of w.f1Data) {
      const error = expectRejected(
        () =>
          w.bob.decrypt(
            { file: w.f1.file, manifest: bytes },
            w.ownerKey,
            rByLevel.get(p.accessLevel) as Uint8Array,
            p.label,
          ),
        allowed,
        `bob reads ${p.label}, manifest bit flipped at ${at}`,
      );
      checkDecodeField(error, 'signedManifest');
    }
    const error = expectRejected(
      () => w.owner.readOwn({ ...w.f1, manifest: bytes }, 'medical'),
      allowed,
      'alice',
    );
    checkDecodeField(error, 'signedManifest');
  }

  it('a flipped bit anywhere in the encoded file (ciphertext, tag, nonce, header) is caught (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: w.f1.file.length - 1 }), fc.constantFrom(...landmarks)),
        fc.integer({ min: 0, max: 7 }),
        (at, bit) => {
          expectFileFlipCaught(flipBit(w.f1.file, at, bit), at);
        },
      ),
      { numRuns: runs(150) },
    );
  });

  it('a flipped bit anywhere in the encoded manifest is caught (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: w.f1.manifest.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        (at, bit) => {
          expectManifestFlipCaught(flipBit(w.f1.manifest, at, bit), at);
        },
      ),
      { numRuns: runs(120) },
    );
  });

  it('every single-bit flip in the header region of the file is caught (exhaustive)', () => {
    // envelope ‖ header ‖ partition count
    const end = ENVELOPE_BYTES + encodeFileHeader(file.header).length + 1;
    for (const at of positions(end)) {
      for (let bit = 0; bit < 8; bit++) {
        const error = expectRejected(
          () =>
            w.bob.decrypt(
              { file: flipBit(w.f1.file, at, bit), manifest: w.f1.manifest },
              w.ownerKey,
              rByLevel.get(1) as Uint8Array,
              'medical',
            ),
          allowed,
          `file byte ${at} bit ${bit}`,
        );
        checkDecodeField(error, 'encryptedFile');
      }
    }
  });

  it('every single-bit flip in the header region of the manifest is caught (exhaustive)', () => {
    const end = ENVELOPE_BYTES + encodeFileHeader(file.header).length + 1;
    for (const at of positions(end)) {
      for (let bit = 0; bit < 8; bit++) {
        const error = expectRejected(
          () =>
            w.bob.decrypt(
              { file: w.f1.file, manifest: flipBit(w.f1.manifest, at, bit) },
              w.ownerKey,
              rByLevel.get(1) as Uint8Array,
              'medical',
            ),
          allowed,
          `manifest byte ${at} bit ${bit}`,
        );
        checkDecodeField(error, 'signedManifest');
      }
    }
  });

  it('every truncation of a small file, of its manifest and of R_{i-U} → DecodeError', () => {
    const r = w.r(REF_TINY, 1, 'bob');
    expect(w.bob.decrypt(w.tiny, w.ownerKey, r, 'note').length).toBe(65);
    for (const length of positions(w.tiny.file.length)) {
      const cut = { file: w.tiny.file.subarray(0, length), manifest: w.tiny.manifest };
      const error = expectError(
        () => w.bob.decrypt(cut, w.ownerKey, r, 'note'),
        DecodeError,
        `file[0, ${length})`,
      );
      expect(error.field.startsWith('encryptedFile')).toBe(true);
    }
    for (const length of positions(w.tiny.manifest.length)) {
      const cut = { file: w.tiny.file, manifest: w.tiny.manifest.subarray(0, length) };
      const error = expectError(
        () => w.bob.decrypt(cut, w.ownerKey, r, 'note'),
        DecodeError,
        `manifest[0, ${length})`,
      );
      expect(error.field.startsWith('signedManifest')).toBe(true);
    }
    for (const length of positions(r.length)) {
      const error = expectError(
        () => w.bob.decrypt(w.tiny, w.ownerKey, r.subarray(0, length), 'note'),
        DecodeError,
        `R[0, ${length})`,
      );
      expect(error.field.startsWith('signedReEncryptedParameter')).toBe(true);
    }
  });
});

// ── below the manifest: the AEAD alone binds each hybrid partition to its slot ──────────────────────

describe('hybrid mode without the manifest: the AEAD binds every partition to its context', () => {
  it('moved, relabelled or re-headed ciphertexts fail to open even with the right data key', () => {
    const owner = generatePreKeyPair(mcl, 'alice', deterministicRng('tamper/aead-owner'));
    const plaintexts = partitionsFor('aead');
    for (const aead of ['aes-256-gcm', 'xchacha20-poly1305'] as const) {
      const { file, parameters } = encryptPhr(
        mcl,
        owner.secretKey,
        { ownerId: 'alice', fileId: 'record', version: 1, variant: 'hardened', window: WINDOW },
        plaintexts,
        { mode: 'hybrid', aead },
      );
      const level1 = parameters.levels.find((l) => l.accessLevel === 1);
      if (!level1) throw new Error('no level 1');
      const key = ownerDataKey(mcl, level1.rP, owner.secretKey);
      const [, medical, insurance] = file.partitions;
      if (!medical || !insurance) throw new Error('layout');
      // control: the untouched file opens with this key
      expect(sameBytes(decryptPartition(mcl, file, 'medical', key), plaintexts[1]?.data as Uint8Array)).toBe(
        true,
      );
      expect(
        sameBytes(decryptPartition(mcl, file, 'insurance', key), plaintexts[2]?.data as Uint8Array),
      ).toBe(true);
      const tampered: [string, EncryptedFile][] = [
        [
          'same-level partitions swapped (labels kept)',
          {
            ...file,
            partitions: file.partitions.map((p) =>
              p.label === 'medical'
                ? { ...insurance, label: 'medical' }
                : p.label === 'insurance'
                  ? { ...medical, label: 'insurance' }
                  : p,
            ),
          },
        ],
        ['another fileId', { ...file, header: { ...file.header, fileId: 'other' } }],
        ['another version', { ...file, header: { ...file.header, version: 2 } }],
        [
          'another window',
          { ...file, header: { ...file.header, window: { ...WINDOW, notAfter: WINDOW.notAfter + 1 } } },
        ],
        ['another variant', { ...file, header: { ...file.header, variant: 'paper' } }],
        [
          'another access level',
          {
            ...file,
            partitions: file.partitions.map((p) => (p.label === 'medical' ? { ...p, accessLevel: 5 } : p)),
          },
        ],
      ];
      for (const [name, changed] of tampered) {
        expectError(() => decryptPartition(mcl, changed, 'medical', key), IntegrityError, `${aead}: ${name}`);
      }
    }
  });
});
