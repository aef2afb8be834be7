/**
 * Real-crypto round trips through the party classes: the owner uploads, the SRS stores R_{i-P} and
 * re-encrypts, the user decrypts every partition, the owner reads every partition back — all byte for
 * byte. Parties exchange only wire bytes, so every party may run on its own backend.
 *
 * The matrix is chosen for coverage per second, not as a full cartesian product (noble is slow: literal
 * mode over 2 MiB takes several seconds there):
 *  - every (mode × variant × backend) cell, with all parties on that backend, uploads every size from
 *    0 B to 2 MiB (hybrid: both AEADs on mcl, one per variant on noble; literal: 2 MiB in the mcl paper
 *    cell, 256 KiB in the others; the fast suite stops at 256 KiB in hybrid and 64 KiB in literal mode,
 *    uploads literal files on noble only up to 4 KiB — every size edge, 0 B to 65 B, stays in — and runs
 *    two noble cells, hybrid/paper and literal/hardened, the mixed cases covering the other two);
 *  - 1…8 partitions with shared access levels, in both modes (variants alternating), on mcl (the fast
 *    suite: 1, 2 and 8);
 *  - mixed backends (owner and SRS on different backends, the user on either), in both modes, each
 *    combination in both variants, plus 2 MiB across backends;
 *  - a property over random partition layouts on mcl.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BackendName, loadBackend, type PairingBackend } from '../../src/crypto/backend/index.ts';
import { ArgumentError } from '../../src/crypto/errors.ts';
import {
  DataUser,
  HardenedOwner,
  HardenedSrs,
  PaperOwner,
  PaperSrs,
  type Upload,
} from '../../src/crypto/parties.ts';
import type { PartitionPlaintext } from '../../src/crypto/phr.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import type { AeadAlgorithm, CipherMode, FileRef, Variant } from '../../src/crypto/types.ts';
import { identifierProblem } from '../../src/crypto/validate.ts';
import { decodeEncryptedFile, decodeSignedOwnerParameters } from '../../src/crypto/wire/formats.ts';
import { FAST, runs } from '../helpers/effort.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const SIZES = [0, 1, 63, 64, 65, 4 * KiB, 64 * KiB, 2 * MiB] as const;
const WINDOW = { notBefore: 1_700_000_000, notAfter: 1_800_000_000 };

const backends = {} as Record<BackendName, PairingBackend>;
beforeAll(async () => {
  backends.noble = await loadBackend('noble');
  backends.mcl = await loadBackend('mcl');
});

/** Deterministic, incompressible plaintext (so a skipped or partial decryption cannot pass by luck). */
function plaintext(label: string, size: number): Uint8Array {
  return deterministicRng(`roundtrip/${label}/${size}`)(size).slice();
}

function expectSameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  expect(actual, what).toBeInstanceOf(Uint8Array);
  expect(actual.length, `${what}: length`).toBe(expected.length);
  if (Buffer.compare(actual, expected) === 0) return;
  const first = actual.findIndex((byte, i) => byte !== expected[i]);
  expect.fail(`${what}: first differing byte at offset ${first}`);
}

interface Scenario {
  readonly variant: Variant;
  readonly mode: CipherMode;
  /** Hybrid mode only. */
  readonly aead?: AeadAlgorithm;
  readonly owner: BackendName;
  readonly srs: BackendName;
  readonly user: BackendName;
  readonly partitions: readonly PartitionPlaintext[];
  readonly fileId?: string;
  readonly version?: number;
}

/** Enrolls alice (owner) and bob (user), uploads, re-encrypts per level, and checks every partition. */
function roundTrip(s: Scenario): void {
  const ownerBackend = backends[s.owner];
  const srsBackend = backends[s.srs];
  const userBackend = backends[s.user];
  const fileId = s.fileId ?? 'phr';
  const version = s.version ?? 1;

  let owner: PaperOwner | HardenedOwner;
  let user: DataUser;
  let srs: PaperSrs | HardenedSrs;
  const ownerSigningKeys = new Map<string, Uint8Array>();
  if (s.variant === 'paper') {
    const paperSrs = new PaperSrs(srsBackend, { ownerSigningKeys });
    owner = PaperOwner.fromEnrollment(ownerBackend, paperSrs.enroll('alice'));
    ownerSigningKeys.set('alice', owner.signingPublicKey());
    user = DataUser.fromEnrollment(userBackend, paperSrs.enroll('bob'));
    srs = paperSrs;
  } else {
    const hardenedOwner = HardenedOwner.generate(ownerBackend, 'alice');
    ownerSigningKeys.set('alice', hardenedOwner.signingPublicKey());
    user = DataUser.generate(userBackend, 'bob');
    const hardenedSrs = new HardenedSrs(srsBackend, { ownerSigningKeys });
    hardenedSrs.storeReKey(hardenedOwner.grant(user.publicKey()));
    owner = hardenedOwner;
    srs = hardenedSrs;
  }
  expect(owner.variant).toBe(s.variant);
  expect(srs.variant).toBe(s.variant);

  const upload: Upload = owner.upload(
    { fileId, version, window: WINDOW, partitions: s.partitions },
    s.mode === 'hybrid' ? { mode: 'hybrid', ...(s.aead ? { aead: s.aead } : {}) } : { mode: 'literal' },
  );

  // What went to the cloud says what it is, and does not contain the plaintext.
  const file = decodeEncryptedFile(upload.file);
  expect(file.header).toMatchObject({ ownerId: 'alice', fileId, version, variant: s.variant, mode: s.mode });
  expect(file.header.aead).toBe(s.mode === 'hybrid' ? (s.aead ?? 'aes-256-gcm') : null);
  expect(file.partitions.map((p) => [p.label, p.accessLevel, p.plaintextLength])).toEqual(
    s.partitions.map((p) => [p.label, p.accessLevel, p.data.length]),
  );
  const cloud = Buffer.from(upload.file);
  for (const p of s.partitions) {
    if (p.data.length >= 32)
      expect(cloud.includes(Buffer.from(p.data)), `plaintext of ${p.label} in C`).toBe(false);
  }

  // One R_{i-P} per distinct access level, and the SRS accepts them.
  const levels = [...new Set(s.partitions.map((p) => p.accessLevel))].sort((a, b) => a - b);
  expect(
    decodeSignedOwnerParameters(srsBackend, upload.parameters).parameters.levels.map((l) => l.accessLevel),
  ).toEqual(levels);
  const ref: FileRef = srs.storeParameters(upload.parameters);
  expect(ref).toEqual({ ownerId: 'alice', fileId, version });

  // One R_{i-U} per level serves every partition of that level.
  const reEncrypted = new Map(levels.map((level) => [level, srs.reEncrypt(ref, level, 'bob')]));
  const ownerKey = owner.signingPublicKey();
  const srsKey = srs.signingPublicKey();
  for (const p of s.partitions) {
    const r = reEncrypted.get(p.accessLevel) as Uint8Array;
    expectSameBytes(user.decrypt(upload, ownerKey, srsKey, r, p.label), p.data, `bob reads ${p.label}`);
    expectSameBytes(owner.readOwn(upload, p.label), p.data, `alice reads ${p.label}`);
  }
}

const BACKEND_LIST: readonly BackendName[] = ['noble', 'mcl'];
const VARIANT_LIST: readonly Variant[] = ['paper', 'hardened'];

/** Every size below 2 MiB in one file, levels shared. */
const SMALL_SIZES: PartitionPlaintext[] = SIZES.filter((size) => size < 2 * MiB).map((size, i) => ({
  label: `part-${size}`,
  accessLevel: [0, 1, 1, 2, 0, 3, 2][i] as number,
  data: plaintext('all-sizes', size),
}));

/**
 * 2 MiB in a file of its own (every read re-verifies the whole file against the manifest, so the small
 * sizes are cheaper elsewhere), sharing its level with a 1-byte partition.
 */
const bigFile = (size: number): PartitionPlaintext[] => [
  { label: 'scan', accessLevel: 1, data: plaintext('big', size) },
  { label: 'scan-note', accessLevel: 1, data: plaintext('big-note', 1) },
];
/** The fast suite never uploads 2 MiB; the full suite does in every hybrid cell and one literal cell. */
const BIG_SIZE = FAST ? 256 * KiB : 2 * MiB;
const BIG = bigFile(BIG_SIZE);
/** Literal mode is ~200× slower than hybrid: 2 MiB in one literal cell (mcl, paper) is enough. */
const LITERAL_BIG = (variant: Variant, backend: BackendName) =>
  variant === 'paper' && backend === 'mcl'
    ? bigFile(FAST ? 64 * KiB : 2 * MiB)
    : bigFile(FAST ? 16 * KiB : 256 * KiB);
/** In the fast suite, literal mode on slow noble stops at 4 KiB (the 64 KiB size runs on mcl). */
const literalSmallSizes = (backend: BackendName) =>
  FAST && backend === 'noble' ? SMALL_SIZES.filter((p) => p.data.length <= 4 * KiB) : SMALL_SIZES;

describe('every (mode × variant × backend) cell: every size from 0 B to 2 MiB', () => {
  // Both AEADs in every mcl cell; on slow noble one AEAD per variant (the AEAD does not touch the backend).
  // The fast suite runs two noble cells: hybrid in the paper variant, literal in the hardened one (the
  // mixed-backend cases below run noble in the other two pairings).
  const cells = (backend: BackendName, variant: Variant): { mode: CipherMode; aead?: AeadAlgorithm }[] => [
    ...(backend === 'mcl' || variant === 'paper'
      ? [{ mode: 'hybrid' as const, aead: 'aes-256-gcm' as const }]
      : []),
    ...(backend === 'mcl' || (variant === 'hardened' && !FAST)
      ? [{ mode: 'hybrid' as const, aead: 'xchacha20-poly1305' as const }]
      : []),
    ...(backend === 'mcl' || variant === 'hardened' || !FAST ? [{ mode: 'literal' as const }] : []),
  ];
  for (const backend of BACKEND_LIST) {
    for (const variant of VARIANT_LIST) {
      for (const { mode, aead } of cells(backend, variant)) {
        it(`${mode}${aead ? ` (${aead})` : ''}, ${variant}, ${backend}`, () => {
          const cell = {
            variant,
            mode,
            ...(aead ? { aead } : {}),
            owner: backend,
            srs: backend,
            user: backend,
          };
          roundTrip({
            ...cell,
            fileId: 'small',
            partitions: mode === 'literal' ? literalSmallSizes(backend) : SMALL_SIZES,
          });
          roundTrip({
            ...cell,
            fileId: 'big',
            partitions: mode === 'literal' ? LITERAL_BIG(variant, backend) : BIG,
          });
        });
      }
    }
  }
});

describe('1 … 8 partitions, some sharing an access level (mcl)', () => {
  const levelPattern = [4, 0, 4, 1, 0, 7, 1, 4];
  const sizePattern = [65, 0, 1, 64, 200, 63, 4 * KiB, 128];
  // every count in both modes (the fast suite: 1, 2 and 8); the variant alternates so that each
  // (count parity, mode) sees both variants
  const counts = FAST ? [1, 2, 8] : [1, 2, 3, 4, 5, 6, 7, 8];
  for (const count of counts) {
    for (const mode of ['hybrid', 'literal'] as const) {
      const variant: Variant = (count + (mode === 'literal' ? 1 : 0)) % 2 === 0 ? 'paper' : 'hardened';
      const aead: AeadAlgorithm = count % 4 < 2 ? 'xchacha20-poly1305' : 'aes-256-gcm';
      it(`${count} partition${count > 1 ? 's' : ''}, ${variant}, ${mode}${mode === 'hybrid' ? ` (${aead})` : ''}`, () => {
        roundTrip({
          variant,
          mode,
          ...(mode === 'hybrid' ? { aead } : {}),
          owner: 'mcl',
          srs: 'mcl',
          user: 'mcl',
          fileId: `count-${count}`,
          version: count,
          partitions: Array.from({ length: count }, (_, i) => ({
            label: ['personal', 'medical', 'insurance', 'prescription', 'imaging', 'labs', 'notes', 'genome'][
              i
            ] as string,
            accessLevel: levelPattern[i] as number,
            data: plaintext(`count-${count}-${i}`, sizePattern[i] as number),
          })),
        });
      });
    }
  }
});

describe('mixed backends: owner and SRS on different backends, the user on either', () => {
  const MIXED: PartitionPlaintext[] = [
    { label: 'personal', accessLevel: 0, data: plaintext('mixed-personal', 0) },
    { label: 'medical', accessLevel: 1, data: plaintext('mixed-medical', 65) },
    { label: 'imaging', accessLevel: 1, data: plaintext('mixed-imaging', 4 * KiB) },
  ];
  const combos: [BackendName, BackendName, BackendName][] = [
    ['noble', 'mcl', 'noble'],
    ['noble', 'mcl', 'mcl'],
    ['mcl', 'noble', 'mcl'],
    ['mcl', 'noble', 'noble'],
  ];
  // Full suite: every combination in both modes; the variant alternates so that each combination sees
  // both variants. Fast suite: each combination once, hybrid/paper, literal/hardened, hybrid/hardened,
  // literal/paper (noble as owner, then as SRS, in every mode and variant).
  const modes = (i: number): readonly CipherMode[] =>
    FAST ? [i % 2 === 0 ? 'hybrid' : 'literal'] : ['hybrid', 'literal'];
  const variantOf = (i: number, mode: CipherMode): Variant =>
    ((FAST ? i >> 1 : i) + (mode === 'literal' ? 1 : 0)) % 2 === 0 ? 'paper' : 'hardened';
  combos.forEach(([owner, srs, user], i) => {
    for (const mode of modes(i)) {
      const variant = variantOf(i, mode);
      const aead: AeadAlgorithm = owner === 'noble' ? 'xchacha20-poly1305' : 'aes-256-gcm';
      it(`owner ${owner}, SRS ${srs}, user ${user}: ${variant}, ${mode}`, () => {
        roundTrip({
          variant,
          mode,
          ...(mode === 'hybrid' ? { aead } : {}),
          owner,
          srs,
          user,
          partitions: MIXED,
        });
      });
    }
  });

  it('2 MiB across backends in hybrid mode (owner noble, SRS mcl, user mcl; and the reverse)', () => {
    const big = [{ label: 'imaging', accessLevel: 9, data: plaintext('mixed-big', BIG_SIZE) }];
    roundTrip({
      variant: 'hardened',
      mode: 'hybrid',
      owner: 'noble',
      srs: 'mcl',
      user: 'mcl',
      partitions: big,
    });
    roundTrip({
      variant: 'paper',
      mode: 'hybrid',
      aead: 'xchacha20-poly1305',
      owner: 'mcl',
      srs: 'noble',
      user: 'noble',
      partitions: big,
    });
  });
});

describe('random partition layouts (mcl, property)', () => {
  const label = fc
    .oneof(
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 6 }).map((s) => `\uFEFF${s}`),
    )
    .filter((s) => identifierProblem(s) === undefined);
  const layout = fc.uniqueArray(
    fc.record({
      label,
      accessLevel: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(0xffff)),
      data: fc.uint8Array({ maxLength: 300 }),
    }),
    { minLength: 1, maxLength: 8, selector: (p) => p.label },
  );

  it('every partition of every layout round-trips for the user and the owner', () => {
    fc.assert(
      fc.property(
        layout,
        fc.constantFrom(...VARIANT_LIST),
        fc.constantFrom<{ mode: CipherMode; aead?: AeadAlgorithm }>(
          { mode: 'hybrid', aead: 'aes-256-gcm' },
          { mode: 'hybrid', aead: 'xchacha20-poly1305' },
          { mode: 'literal' },
        ),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        (partitions, variant, { mode, aead }, version) => {
          roundTrip({
            variant,
            mode,
            ...(aead ? { aead } : {}),
            owner: 'mcl',
            srs: 'mcl',
            user: 'mcl',
            version,
            partitions,
          });
        },
      ),
      { numRuns: runs(12) },
    );
  });
});

describe('identifiers', () => {
  it('a label with a leading U+FEFF round-trips like any other', () => {
    roundTrip({
      variant: 'paper',
      mode: 'hybrid',
      owner: 'mcl',
      srs: 'mcl',
      user: 'mcl',
      partitions: [
        { label: '\uFEFFmedical', accessLevel: 1, data: plaintext('bom', 100) },
        { label: 'medical', accessLevel: 1, data: plaintext('no-bom', 100) },
      ],
    });
  });

  it('labels that have no UTF-8 encoding (lone surrogates) are refused at upload, not mangled', async () => {
    const mcl = await loadBackend('mcl');
    const owner = HardenedOwner.generate(mcl, 'alice');
    for (const bad of ['\uD800', 'x\uDFFF', '\uDC00\uD800']) {
      expect(() =>
        owner.upload({
          fileId: 'f',
          version: 1,
          window: WINDOW,
          partitions: [{ label: bad, accessLevel: 0, data: new Uint8Array(1) }],
        }),
      ).toThrow(ArgumentError);
    }
    expect(() => HardenedOwner.generate(mcl, 'al\uD800ice')).toThrow(ArgumentError);
  });
});
