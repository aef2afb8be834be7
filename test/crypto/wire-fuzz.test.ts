/**
 * Fuzzing the SPHR v1 wire decoders: whatever bytes come in, every decoder either returns a value or
 * throws a `DecodeError` whose field path starts with the object's name — never another exception,
 * never a hang — and a value it does return re-encodes to exactly the bytes it came from (decoding is
 * injective). Error messages never echo secret-key bytes. Valid values round-trip.
 *
 * Layouts are mirrored here (SHAPES) only to find length prefixes to corrupt and to generate bodies of the
 * right shape; a sanity test checks the mirror against real encodings.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend, type PairingBackend } from '../../src/crypto/backend/index.ts';
import { CURVE_ORDER } from '../../src/crypto/constants.ts';
import { DecodeError } from '../../src/crypto/errors.ts';
import type { Scalar } from '../../src/crypto/scalar.ts';
import {
  AEAD_ALGORITHMS,
  type AeadAlgorithm,
  type CipherMode,
  type EncryptedFile,
  type FileHeader,
  type OwnerParameters,
  type PrePublicKey,
  PreSecretKey,
  type ReEncryptedParameter,
  type ReKey,
  type SignedManifest,
  type SignedOwnerParameters,
  type SignedReEncryptedParameter,
  type SignedReKey,
  type SignedTimeToken,
  type SigningPublicKey,
  SigningSecretKey,
  VARIANTS,
} from '../../src/crypto/types.ts';
import { identifierProblem } from '../../src/crypto/validate.ts';
import {
  type ConsistencyProof,
  decodeConsistencyProof,
  decodeInclusionProof,
  decodeLatestVersionProof,
  decodeSignedTreeHead,
  encodeConsistencyProof,
  encodeInclusionProof,
  encodeLatestVersionProof,
  encodeSignedTreeHead,
  type InclusionProof,
  type LatestVersionProof,
  type SignedTreeHead,
} from '../../src/crypto/wire/audit.ts';
import {
  peekKind,
  WIRE_FORMAT_VERSION,
  WIRE_KINDS,
  WIRE_MAGIC,
  type WireKind,
} from '../../src/crypto/wire/envelope.ts';
import {
  decodeEncryptedFile,
  decodeOwnerParameters,
  decodePrePublicKey,
  decodePreSecretKey,
  decodeReEncryptedParameter,
  decodeReKey,
  decodeSignedManifest,
  decodeSignedOwnerParameters,
  decodeSignedReEncryptedParameter,
  decodeSignedReKey,
  decodeSignedTimeToken,
  decodeSigningPublicKey,
  decodeSigningSecretKey,
  encodeEncryptedFile,
  encodeOwnerParameters,
  encodePrePublicKey,
  encodePreSecretKey,
  encodeReEncryptedParameter,
  encodeReKey,
  encodeSignedManifest,
  encodeSignedOwnerParameters,
  encodeSignedReEncryptedParameter,
  encodeSignedReKey,
  encodeSignedTimeToken,
  encodeSigningPublicKey,
  encodeSigningSecretKey,
  expectedCiphertextLength,
} from '../../src/crypto/wire/formats.ts';
import { runs } from '../helpers/effort.ts';

/**
 * Per-run time budget of one decode. A decode takes well under 50 ms even on the noble backend (the GT
 * subgroup check dominates); the budget only exists to turn a hang or a blow-up into a failure.
 */
const RUN_BUDGET_MS = 5_000;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const MAGIC = new TextEncoder().encode(WIRE_MAGIC);
const ENVELOPE_BYTES = MAGIC.length + 2;

const backends = {} as Record<'noble' | 'mcl', PairingBackend>;
beforeAll(async () => {
  backends.noble = await loadBackend('noble');
  backends.mcl = await loadBackend('mcl');
});

// ── layout mirror ───────────────────────────────────────────────────────────────────────────────────

type Item =
  | { readonly t: 'fixed'; readonly n: number }
  | { readonly t: 'bytes'; readonly width: 1 | 4 }
  | { readonly t: 'array'; readonly width: 1 | 2; readonly of: Shape };
type Shape = readonly Item[];

const fixed = (n: number): Item => ({ t: 'fixed', n });
const ID: Item = { t: 'bytes', width: 1 };
const HEADER: Shape = [ID, ID, fixed(4), fixed(3), fixed(24)];

const SHAPES: Record<WireKind, Shape> = {
  preSecretKey: [ID, fixed(32)],
  prePublicKey: [ID, fixed(96)],
  signingSecretKey: [ID, fixed(32)],
  signingPublicKey: [ID, fixed(32)],
  ownerParameters: [ID, ID, fixed(4), { t: 'array', width: 2, of: [fixed(2), fixed(48)] }],
  reKey: [ID, ID, fixed(96)],
  reEncryptedParameter: [ID, ID, fixed(6), ID, fixed(576)],
  encryptedFile: [
    ...HEADER,
    {
      t: 'array',
      width: 1,
      of: [ID, fixed(2), { t: 'bytes', width: 1 }, fixed(4), { t: 'bytes', width: 4 }],
    },
  ],
  signedManifestV1: [
    ...HEADER,
    { t: 'array', width: 1, of: [ID, fixed(2), { t: 'bytes', width: 1 }, fixed(40)] },
    fixed(64),
  ],
  // manifest format 2: format 1's body, then the storage commitment (blockSize, objectLength, root)
  signedManifest: [
    ...HEADER,
    { t: 'array', width: 1, of: [ID, fixed(2), { t: 'bytes', width: 1 }, fixed(40)] },
    fixed(44),
    fixed(64),
  ],
  signedTreeHead: [ID, fixed(8 + 8 + 32 + 8 + 32), fixed(64)],
  inclusionProof: [ID, fixed(16), { t: 'bytes', width: 4 }, { t: 'array', width: 1, of: [fixed(32)] }],
  consistencyProof: [ID, fixed(16), { t: 'array', width: 1, of: [fixed(32)] }],
  latestVersionProof: [
    ID,
    fixed(16),
    ID,
    ID,
    fixed(4 + 32 + 8),
    { t: 'array', width: 1, of: [fixed(32)] },
    { t: 'bytes', width: 4 },
    { t: 'array', width: 1, of: [fixed(32)] },
  ],
  timeToken: [ID, ID, fixed(8), fixed(64)],
  signedOwnerParameters: [ID, ID, fixed(4), { t: 'array', width: 2, of: [fixed(2), fixed(48)] }, fixed(64)],
  signedReKey: [ID, ID, fixed(96), fixed(64)],
  signedReEncryptedParameter: [ID, ID, fixed(6), ID, fixed(576), fixed(64)],
};

interface Prefix {
  readonly offset: number;
  readonly width: number;
}

const readBE = (bytes: Uint8Array, offset: number, width: number) => {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (bytes[offset + i] as number);
  return value;
};

const writeBE = (bytes: Uint8Array, offset: number, width: number, value: number) => {
  let rest = value;
  for (let i = width - 1; i >= 0; i--) {
    bytes[offset + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
};

/** Walks a valid encoding along its shape: the offsets of every length prefix and count, and the end. */
function walk(shape: Shape, bytes: Uint8Array, start = ENVELOPE_BYTES): { end: number; prefixes: Prefix[] } {
  const prefixes: Prefix[] = [];
  let pos = start;
  const visit = (items: Shape) => {
    for (const item of items) {
      if (item.t === 'fixed') {
        pos += item.n;
      } else if (item.t === 'bytes') {
        prefixes.push({ offset: pos, width: item.width });
        pos += item.width + readBE(bytes, pos, item.width);
      } else {
        prefixes.push({ offset: pos, width: item.width });
        const count = readBE(bytes, pos, item.width);
        pos += item.width;
        for (let i = 0; i < count; i++) visit(item.of);
      }
    }
  };
  visit(shape);
  return { end: pos, prefixes };
}

const envelope = (kind: number, version = WIRE_FORMAT_VERSION) => Uint8Array.of(...MAGIC, version, kind);
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

const asciiIdentifierBytes = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 })
  .map((s) => new TextEncoder().encode(s));

/** Random bytes with the right shape: lengths and counts consistent, contents mostly random. */
function shapedBody(shape: Shape, depth = 0): fc.Arbitrary<Uint8Array> {
  const items = shape.map((item): fc.Arbitrary<Uint8Array> => {
    if (item.t === 'fixed') return fc.uint8Array({ minLength: item.n, maxLength: item.n });
    if (item.t === 'bytes') {
      const content =
        item.width === 1
          ? fc.oneof(asciiIdentifierBytes, fc.uint8Array({ maxLength: 40 }))
          : fc.uint8Array({ maxLength: 700 });
      return content.map((body) => {
        const prefix = new Uint8Array(item.width);
        writeBE(prefix, 0, item.width, body.length);
        return concat(prefix, body);
      });
    }
    return fc.array(shapedBody(item.of, depth + 1), { maxLength: depth === 0 ? 3 : 1 }).map((elements) => {
      const prefix = new Uint8Array(item.width);
      writeBE(prefix, 0, item.width, elements.length);
      return concat(prefix, ...elements);
    });
  });
  return fc.tuple(...items).map((parts) => concat(...parts));
}

// ── value generators ────────────────────────────────────────────────────────────────────────────────

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const identifier = fc
  .oneof(
    { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 16 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }), weight: 3 },
    // a leading U+FEFF is an ordinary character of an identifier and must survive decoding
    { arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).map((s) => `\uFEFF${s}`), weight: 1 },
    { arbitrary: fc.constantFrom('a'.repeat(128), 'é'.repeat(64), '𝄞'.repeat(32)), weight: 1 },
  )
  .filter((s) => identifierProblem(s) === undefined);
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0xffff_ffff), fc.nat());
const timestamp = fc.oneof(fc.maxSafeNat(), fc.constantFrom(0, MAX_SAFE));
const scalar = fc.oneof(
  fc.bigInt({ min: 1n, max: CURVE_ORDER - 1n }),
  fc.constantFrom(1n, 2n, CURVE_ORDER - 1n),
) as fc.Arbitrary<Scalar>;
const bytesOf = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

const modeAndAead: fc.Arbitrary<{ mode: CipherMode; aead: AeadAlgorithm | null }> = fc.oneof(
  fc.constant({ mode: 'literal' as const, aead: null }),
  fc.constantFrom(...AEAD_ALGORITHMS).map((aead) => ({ mode: 'hybrid' as const, aead })),
);

const header: fc.Arbitrary<FileHeader> = fc
  .record({
    ownerId: identifier,
    fileId: identifier,
    version: u32,
    variant: fc.constantFrom(...VARIANTS),
    modeAead: modeAndAead,
    window: fc.tuple(timestamp, timestamp),
    createdAt: timestamp,
  })
  .map(({ modeAead, window: [a, b], ...rest }) => ({
    ...rest,
    ...modeAead,
    window: { notBefore: Math.min(a, b), notAfter: Math.max(a, b) },
  }));

const NONCE_BYTES: Record<AeadAlgorithm, number> = { 'aes-256-gcm': 12, 'xchacha20-poly1305': 24 };

const encryptedFile: fc.Arbitrary<EncryptedFile> = header.chain((h) =>
  fc
    .uniqueArray(
      fc.record({ label: identifier, accessLevel: u16, plaintextLength: fc.integer({ min: 0, max: 150 }) }),
      { minLength: 1, maxLength: 5, selector: (p) => p.label },
    )
    .chain((layout) =>
      fc.tuple(
        ...layout.map((p) =>
          fc
            .tuple(
              bytesOf(h.aead === null ? 0 : NONCE_BYTES[h.aead]),
              bytesOf(expectedCiphertextLength(h.mode, p.plaintextLength)),
            )
            .map(([nonce, ciphertext]) => ({ ...p, nonce, ciphertext })),
        ),
      ),
    )
    .map((partitions) => ({ header: h, partitions })),
);

const signedManifest: fc.Arbitrary<SignedManifest> = header.chain((h) =>
  fc.record({
    manifest: fc.record({
      header: fc.constant(h),
      partitions: fc.uniqueArray(
        fc.record({
          label: identifier,
          accessLevel: u16,
          nonce: bytesOf(h.aead === null ? 0 : NONCE_BYTES[h.aead]),
          plaintextLength: u32,
          ciphertextLength: u32,
          ciphertextSha256: bytesOf(32),
        }),
        { minLength: 1, maxLength: 5, selector: (p) => p.label },
      ),
      storage: fc.record({
        blockSize: fc.integer({ min: 6, max: 20 }).map((k) => 2 ** k),
        objectLength: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(MAX_SAFE)),
        blocksRoot: bytesOf(32),
      }),
    }),
    signature: bytesOf(64),
  }),
);

// ── the audit log's objects (src/crypto/wire/audit.ts) ──────────────────────────────────────────────

const count = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(MAX_SAFE));
const hashes = fc.array(bytesOf(32), { maxLength: 6 });
const entryBytes = fc.uint8Array({ minLength: 1, maxLength: 300 });
const signedTreeHead: fc.Arbitrary<SignedTreeHead> = fc
  .tuple(count, count)
  .map(([a, b]) => [Math.max(a, b), Math.min(a, b)] as const)
  .chain(([size, latestSize]) =>
    fc.record({
      head: fc.record({
        log: identifier,
        size: fc.constant(size),
        timestamp: timestamp,
        root: bytesOf(32),
        latestSize: fc.constant(latestSize),
        latestRoot: bytesOf(32),
      }),
      signature: bytesOf(64),
    }),
  );
const inclusionProof: fc.Arbitrary<InclusionProof> = fc.integer({ min: 1, max: MAX_SAFE }).chain((size) =>
  fc.record({
    log: identifier,
    index: fc.integer({ min: 0, max: size - 1 }),
    size: fc.constant(size),
    entry: entryBytes,
    path: hashes,
  }),
);
const consistencyProof: fc.Arbitrary<ConsistencyProof> = count.chain((second) =>
  fc.record({
    log: identifier,
    first: fc.integer({ min: 0, max: second }),
    second: fc.constant(second),
    path: hashes,
  }),
);
const latestVersionProof: fc.Arbitrary<LatestVersionProof> = fc
  .integer({ min: 1, max: MAX_SAFE })
  .chain((size) =>
    fc.record({
      log: identifier,
      size: fc.constant(size),
      mapIndex: count,
      leaf: fc.record({
        ownerId: identifier,
        fileId: identifier,
        version: u32,
        manifestSha256: bytesOf(32),
        entryIndex: fc.integer({ min: 0, max: size - 1 }),
      }),
      mapPath: hashes,
      entry: entryBytes,
      entryPath: hashes,
    }),
  );
const hashesView = (list: readonly Uint8Array[]) => list.map(bytesView);

// ── the codecs under test ───────────────────────────────────────────────────────────────────────────

interface Codec<T> {
  /** Test label. */
  readonly name: string;
  /** The object name every error field must start with. */
  readonly root: WireKind;
  decode(bytes: Uint8Array): T;
  encode(value: T): Uint8Array;
  readonly arbitrary: fc.Arbitrary<T>;
  /** A plain, comparable view (points as canonical bytes, secrets unwrapped). */
  view(value: T): unknown;
  /** Secret bytes carried by an encoding of this value, for the leak check. */
  secret?(value: T): { readonly bytes: Uint8Array; readonly scalar?: bigint };
  /** Generating or decoding values is slow (noble scalar multiplications, GT subgroup check): fewer runs. */
  readonly slow?: boolean;
}

type AnyCodec = Codec<unknown>;
const codec = <T>(c: Codec<T>) => c as unknown as AnyCodec;

const backendCodecs = (name: 'noble' | 'mcl'): AnyCodec[] => {
  const b = () => backends[name];
  return [
    codec<PrePublicKey>({
      name: `prePublicKey (${name})`,
      root: 'prePublicKey',
      decode: (bytes) => decodePrePublicKey(b(), bytes),
      encode: (value) => encodePrePublicKey(b(), value),
      arbitrary: fc
        .record({ principal: identifier, k: scalar })
        .map(({ principal, k }) => ({ principal, publicKey: b().g2MulBase(k) })),
      view: (v) => ({ principal: v.principal, publicKey: hex(b().g2Encode(v.publicKey)) }),
      slow: name === 'noble',
    }),
    codec<OwnerParameters>({
      name: `ownerParameters (${name})`,
      root: 'ownerParameters',
      decode: (bytes) => decodeOwnerParameters(b(), bytes),
      encode: (value) => encodeOwnerParameters(b(), value),
      arbitrary: fc
        .record({
          ownerId: identifier,
          fileId: identifier,
          version: u32,
          levels: fc.uniqueArray(fc.record({ accessLevel: u16, k: scalar }), {
            minLength: 1,
            maxLength: 4,
            selector: (l) => l.accessLevel,
          }),
        })
        .map(({ levels, ...rest }) => ({
          ...rest,
          levels: levels.map(({ accessLevel, k }) => ({ accessLevel, rP: b().g1MulBase(k) })),
        })),
      view: (v) => ({
        ...v,
        levels: v.levels.map((l) => ({ accessLevel: l.accessLevel, rP: hex(b().g1Encode(l.rP)) })),
      }),
      slow: name === 'noble',
    }),
    codec<ReKey>({
      name: `reKey (${name})`,
      root: 'reKey',
      decode: (bytes) => decodeReKey(b(), bytes),
      encode: (value) => encodeReKey(b(), value),
      arbitrary: fc
        .record({ ownerId: identifier, userId: identifier, k: scalar })
        .map(({ k, ...rest }) => ({ ...rest, rk: b().g2MulBase(k) })),
      view: (v) => ({ ...v, rk: hex(b().g2Encode(v.rk)) }),
      slow: name === 'noble',
    }),
    codec<ReEncryptedParameter>({
      name: `reEncryptedParameter (${name})`,
      root: 'reEncryptedParameter',
      decode: (bytes) => decodeReEncryptedParameter(b(), bytes),
      encode: (value) => encodeReEncryptedParameter(b(), value),
      arbitrary: fc
        .record({
          ownerId: identifier,
          fileId: identifier,
          version: u32,
          accessLevel: u16,
          userId: identifier,
          k: scalar,
        })
        .map(({ k, ...rest }) => ({ ...rest, rU: b().gtPowBase(k) })),
      view: (v) => ({ ...v, rU: hex(b().fp12Encode(v.rU)) }),
      slow: name === 'noble',
    }),
    ...signedCodecs(name, b),
  ];
};

/**
 * The signed kinds: the unsigned body plus 64 signature bytes. The decoders check structure and points;
 * signatures are checked by src/crypto/srs-messages.ts, so any 64 bytes decode here.
 */
function signedCodecs(name: 'noble' | 'mcl', b: () => PairingBackend): AnyCodec[] {
  const params = fc
    .record({
      ownerId: identifier,
      fileId: identifier,
      version: u32,
      levels: fc.uniqueArray(fc.record({ accessLevel: u16, k: scalar }), {
        minLength: 1,
        maxLength: 4,
        selector: (l) => l.accessLevel,
      }),
    })
    .map(({ levels, ...rest }) => ({
      ...rest,
      levels: levels.map(({ accessLevel, k }) => ({ accessLevel, rP: b().g1MulBase(k) })),
    }));
  return [
    codec<SignedOwnerParameters>({
      name: `signedOwnerParameters (${name})`,
      root: 'signedOwnerParameters',
      decode: (bytes) => decodeSignedOwnerParameters(b(), bytes),
      encode: (value) => encodeSignedOwnerParameters(b(), value),
      arbitrary: fc.record({ parameters: params, signature: bytesOf(64) }),
      view: (v) => ({
        parameters: {
          ...v.parameters,
          levels: v.parameters.levels.map((l) => ({
            accessLevel: l.accessLevel,
            rP: hex(b().g1Encode(l.rP)),
          })),
        },
        signature: hex(v.signature),
      }),
      slow: name === 'noble',
    }),
    codec<SignedReKey>({
      name: `signedReKey (${name})`,
      root: 'signedReKey',
      decode: (bytes) => decodeSignedReKey(b(), bytes),
      encode: (value) => encodeSignedReKey(b(), value),
      arbitrary: fc.record({
        reKey: fc
          .record({ ownerId: identifier, userId: identifier, k: scalar })
          .map(({ k, ...rest }) => ({ ...rest, rk: b().g2MulBase(k) })),
        signature: bytesOf(64),
      }),
      view: (v) => ({
        reKey: { ...v.reKey, rk: hex(b().g2Encode(v.reKey.rk)) },
        signature: hex(v.signature),
      }),
      slow: name === 'noble',
    }),
    codec<SignedReEncryptedParameter>({
      name: `signedReEncryptedParameter (${name})`,
      root: 'signedReEncryptedParameter',
      decode: (bytes) => decodeSignedReEncryptedParameter(b(), bytes),
      encode: (value) => encodeSignedReEncryptedParameter(b(), value),
      arbitrary: fc.record({
        parameter: fc
          .record({
            ownerId: identifier,
            fileId: identifier,
            version: u32,
            accessLevel: u16,
            userId: identifier,
            k: scalar,
          })
          .map(({ k, ...rest }) => ({ ...rest, rU: b().gtPowBase(k) })),
        signature: bytesOf(64),
      }),
      view: (v) => ({
        parameter: { ...v.parameter, rU: hex(b().fp12Encode(v.parameter.rU)) },
        signature: hex(v.signature),
      }),
      slow: name === 'noble',
    }),
  ];
}

const bytesView = (bytes: Uint8Array) => hex(bytes);

const CODECS: AnyCodec[] = [
  codec<EncryptedFile>({
    name: 'encryptedFile',
    root: 'encryptedFile',
    decode: decodeEncryptedFile,
    encode: encodeEncryptedFile,
    arbitrary: encryptedFile,
    view: (v) => ({
      header: v.header,
      partitions: v.partitions.map((p) => ({
        ...p,
        nonce: bytesView(p.nonce),
        ciphertext: bytesView(p.ciphertext),
      })),
    }),
  }),
  codec<SignedManifest>({
    name: 'signedManifest',
    root: 'signedManifest',
    decode: decodeSignedManifest,
    encode: encodeSignedManifest,
    arbitrary: signedManifest,
    view: (v) => ({
      manifest: {
        header: v.manifest.header,
        partitions: v.manifest.partitions.map((p) => ({
          ...p,
          ciphertextSha256: bytesView(p.ciphertextSha256),
        })),
        storage: { ...v.manifest.storage, blocksRoot: bytesView(v.manifest.storage.blocksRoot) },
      },
      signature: bytesView(v.signature),
    }),
  }),
  codec<SignedTreeHead>({
    name: 'signedTreeHead',
    root: 'signedTreeHead',
    decode: decodeSignedTreeHead,
    encode: encodeSignedTreeHead,
    arbitrary: signedTreeHead,
    view: (v) => ({
      head: { ...v.head, root: bytesView(v.head.root), latestRoot: bytesView(v.head.latestRoot) },
      signature: bytesView(v.signature),
    }),
  }),
  codec<InclusionProof>({
    name: 'inclusionProof',
    root: 'inclusionProof',
    decode: decodeInclusionProof,
    encode: encodeInclusionProof,
    arbitrary: inclusionProof,
    view: (v) => ({ ...v, entry: bytesView(v.entry), path: hashesView(v.path) }),
  }),
  codec<ConsistencyProof>({
    name: 'consistencyProof',
    root: 'consistencyProof',
    decode: decodeConsistencyProof,
    encode: encodeConsistencyProof,
    arbitrary: consistencyProof,
    view: (v) => ({ ...v, path: hashesView(v.path) }),
  }),
  codec<LatestVersionProof>({
    name: 'latestVersionProof',
    root: 'latestVersionProof',
    decode: decodeLatestVersionProof,
    encode: encodeLatestVersionProof,
    arbitrary: latestVersionProof,
    view: (v) => ({
      ...v,
      leaf: { ...v.leaf, manifestSha256: bytesView(v.leaf.manifestSha256) },
      mapPath: hashesView(v.mapPath),
      entry: bytesView(v.entry),
      entryPath: hashesView(v.entryPath),
    }),
  }),
  codec<{ principal: string; secretKey: PreSecretKey }>({
    name: 'preSecretKey',
    root: 'preSecretKey',
    decode: decodePreSecretKey,
    encode: (v) => encodePreSecretKey(v.principal, v.secretKey),
    arbitrary: fc
      .record({ principal: identifier, k: scalar })
      .map(({ principal, k }) => ({ principal, secretKey: new PreSecretKey(k) })),
    view: (v) => ({ principal: v.principal, scalar: v.secretKey.scalar.toString(16) }),
    secret: (v) => ({
      bytes: Buffer.from(v.secretKey.scalar.toString(16).padStart(64, '0'), 'hex'),
      scalar: v.secretKey.scalar,
    }),
  }),
  codec<{ principal: string; secretKey: SigningSecretKey }>({
    name: 'signingSecretKey',
    root: 'signingSecretKey',
    decode: decodeSigningSecretKey,
    encode: (v) => encodeSigningSecretKey(v.principal, v.secretKey),
    arbitrary: fc
      .record({ principal: identifier, seed: bytesOf(32) })
      .map(({ principal, seed }) => ({ principal, secretKey: new SigningSecretKey(seed) })),
    view: (v) => ({ principal: v.principal, seed: bytesView(v.secretKey.seed) }),
    secret: (v) => ({ bytes: v.secretKey.seed }),
  }),
  codec<SigningPublicKey>({
    name: 'signingPublicKey',
    root: 'signingPublicKey',
    decode: decodeSigningPublicKey,
    encode: encodeSigningPublicKey,
    arbitrary: fc
      .record({ principal: identifier, seed: bytesOf(32) })
      .map(({ principal, seed }) => ({ principal, publicKey: ed25519.getPublicKey(seed) })),
    view: (v) => ({ principal: v.principal, publicKey: bytesView(v.publicKey) }),
  }),
  codec<SignedTimeToken>({
    name: 'timeToken',
    root: 'timeToken',
    decode: decodeSignedTimeToken,
    encode: encodeSignedTimeToken,
    arbitrary: fc.record({
      token: fc.record({ issuer: identifier, subject: identifier, time: timestamp }),
      signature: bytesOf(64),
    }),
    view: (v) => ({ token: v.token, signature: bytesView(v.signature) }),
  }),
  ...backendCodecs('mcl'),
  ...backendCodecs('noble'),
];

// ── outcome checks ──────────────────────────────────────────────────────────────────────────────────

type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: DecodeError };

function describeBytes(bytes: Uint8Array): string {
  return bytes.length <= 64 ? hex(bytes) : `${hex(bytes.subarray(0, 64))}… (${bytes.length} bytes)`;
}

/** Runs one decode: a value or a well-formed DecodeError under `root`; anything else fails the run. */
function decodeOutcome(decode: (bytes: Uint8Array) => unknown, root: string, bytes: Uint8Array): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { ok: true, value: decode(bytes) };
  } catch (error) {
    if (!(error instanceof DecodeError)) {
      throw new Error(
        `decoding ${root} threw a non-DecodeError on ${describeBytes(bytes)}: ${String(error)}`,
        {
          cause: error,
        },
      );
    }
    outcome = { ok: false, error };
  }
  const elapsed = performance.now() - started;
  if (elapsed > RUN_BUDGET_MS)
    throw new Error(`decoding ${root} took ${elapsed.toFixed(0)} ms (budget exceeded)`);
  if (!outcome.ok) {
    const { error } = outcome;
    expect(error.code).toBe('DECODE');
    expect(error.field.length).toBeGreaterThan(0);
    expect(
      error.field === root || error.field.startsWith(`${root}.`),
      `field "${error.field}" under ${root}`,
    ).toBe(true);
    expect(error.reason.length).toBeGreaterThan(0);
    expect(error.message).toBe(`invalid ${error.field}: ${error.reason}`);
  }
  return outcome;
}

/** Decodes and, if accepted, checks that the value re-encodes to exactly the input. */
function checkDecoder(c: AnyCodec, bytes: Uint8Array): Outcome {
  const outcome = decodeOutcome(c.decode, c.root, bytes);
  if (outcome.ok) expect(hex(c.encode(outcome.value)), 'an accepted encoding is canonical').toBe(hex(bytes));
  return outcome;
}

function expectRejected(c: AnyCodec, bytes: Uint8Array, field?: string | RegExp): DecodeError {
  const outcome = checkDecoder(c, bytes);
  expect(outcome.ok, `${c.name} accepted ${describeBytes(bytes)}`).toBe(false);
  const { error } = outcome as { error: DecodeError };
  if (typeof field === 'string') expect(error.field).toBe(field);
  else if (field) expect(error.field).toMatch(field);
  return error;
}

/** The secret in any common text form, whole or as any 8-byte window of its hex. */
function secretRenderings(secret: { bytes: Uint8Array; scalar?: bigint }): string[] {
  const { bytes } = secret;
  const buffer = Buffer.from(bytes);
  const forms = [
    buffer.toString('hex'),
    buffer.toString('base64'),
    buffer.toString('base64url'),
    Array.from(bytes).join(','),
  ];
  // windows of one repeated byte (e.g. the zero bytes of a small scalar) say nothing about the key
  for (let i = 0; i + 8 <= bytes.length; i++) {
    const window = buffer.subarray(i, i + 8);
    if (window.some((byte) => byte !== window[0])) forms.push(window.toString('hex'));
  }
  if (secret.scalar !== undefined) {
    forms.push(secret.scalar.toString(10), secret.scalar.toString(16));
  }
  // a short rendering (the scalar 2 is "2") could match any message; a key is never that short
  return forms.filter((form) => form.length >= 16);
}

function expectNoSecretIn(
  error: DecodeError,
  secrets: readonly { bytes: Uint8Array; scalar?: bigint }[],
): void {
  const texts = [error.message, error.field, error.reason, String(error), error.stack ?? ''].map((t) =>
    t.toLowerCase(),
  );
  for (const secret of secrets) {
    if (secret.bytes.every((byte) => byte === 0)) continue;
    for (const form of secretRenderings(secret)) {
      for (const text of texts)
        expect(text.includes(form.toLowerCase()), `error text leaks "${form}"`).toBe(false);
    }
  }
}

// ── mutations ───────────────────────────────────────────────────────────────────────────────────────

type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'delete'; readonly at: number; readonly count: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'append'; readonly bytes: Uint8Array }
  | { readonly op: 'overwrite'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'lengthPrefix'; readonly which: number; readonly value: number; readonly delta: boolean }
  | { readonly op: 'kind'; readonly value: number }
  | { readonly op: 'version'; readonly value: number };

const position = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('flip' as const),
      at: position,
      bit: fc.integer({ min: 0, max: 7 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: position,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      at: position,
      count: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: position }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('append' as const),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('overwrite' as const),
      at: position,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 100 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('lengthPrefix' as const),
      which: fc.nat(),
      value: fc.integer({ min: -3, max: 0xffff }),
      delta: fc.boolean(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ op: fc.constant('kind' as const), value: fc.integer({ min: 0, max: 255 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ op: fc.constant('version' as const), value: fc.integer({ min: 0, max: 255 }) }),
    weight: 1,
  },
);

function applyMutation(bytes: Uint8Array, m: Mutation, prefixes: readonly Prefix[]): Uint8Array {
  const out = bytes.slice();
  switch (m.op) {
    case 'flip': {
      if (out.length === 0) return out;
      const at = m.at % out.length;
      out[at] = (out[at] as number) ^ (1 << m.bit);
      return out;
    }
    case 'insert': {
      const at = m.at % (out.length + 1);
      return concat(out.subarray(0, at), m.bytes, out.subarray(at));
    }
    case 'delete': {
      if (out.length === 0) return out;
      const at = m.at % out.length;
      return concat(out.subarray(0, at), out.subarray(at + m.count));
    }
    case 'truncate':
      return out.subarray(0, m.at % (out.length + 1));
    case 'append':
      return concat(out, m.bytes);
    case 'overwrite': {
      if (out.length === 0) return out;
      const at = m.at % out.length;
      out.set(m.bytes.subarray(0, out.length - at), at);
      return out;
    }
    case 'lengthPrefix': {
      const prefix = prefixes[m.which % Math.max(prefixes.length, 1)];
      if (!prefix || prefix.offset + prefix.width > out.length) return out;
      const max = 2 ** (8 * prefix.width) - 1;
      const current = readBE(out, prefix.offset, prefix.width);
      const value = m.delta ? current + (m.value % 4 || 1) : Math.abs(m.value);
      writeBE(out, prefix.offset, prefix.width, ((value % (max + 1)) + max + 1) % (max + 1));
      return out;
    }
    case 'kind':
      if (out.length > MAGIC.length + 1) out[MAGIC.length + 1] = m.value;
      return out;
    case 'version':
      if (out.length > MAGIC.length) out[MAGIC.length] = m.value;
      return out;
  }
}

const runsFor = (c: AnyCodec, full: number) => runs(c.slow ? Math.ceil(full / 3) : full);

// ── tests ───────────────────────────────────────────────────────────────────────────────────────────

describe('layout mirror (test infrastructure)', () => {
  it.each(CODECS.map((c) => [c.name, c] as const))('%s: SHAPES walks a valid encoding to its end', (_, c) => {
    fc.assert(
      fc.property(c.arbitrary, (value) => {
        const bytes = c.encode(value);
        expect(walk(SHAPES[c.root], bytes).end).toBe(bytes.length);
      }),
      { numRuns: runsFor(c, 10) },
    );
  });
});

describe.each(CODECS.map((c) => [c.name, c] as const))('%s', (_, c) => {
  it('round-trips random valid values: decode(encode(x)) = x, canonically, at any byte offset', () => {
    fc.assert(
      fc.property(c.arbitrary, fc.integer({ min: 0, max: 7 }), (value, offset) => {
        const bytes = c.encode(value);
        expect(peekKind(bytes)).toBe(c.root);
        const decoded = decodeOutcome(c.decode, c.root, bytes);
        expect(decoded.ok).toBe(true);
        const back = (decoded as { value: unknown }).value;
        expect(c.view(back)).toEqual(c.view(value));
        expect(hex(c.encode(back))).toBe(hex(bytes));
        // the same bytes inside a larger buffer (non-zero byteOffset) decode to the same value
        const container = new Uint8Array(bytes.length + offset + 3).fill(0xa5);
        container.set(bytes, offset);
        const shifted = decodeOutcome(c.decode, c.root, container.subarray(offset, offset + bytes.length));
        expect(shifted.ok).toBe(true);
        expect(c.view((shifted as { value: unknown }).value)).toEqual(c.view(value));
      }),
      { numRuns: runsFor(c, 60) },
    );
  });

  it('(a) arbitrary bytes: a value or a DecodeError, nothing else', () => {
    const prefix = fc.constantFrom(
      new Uint8Array(0),
      MAGIC,
      Uint8Array.of(...MAGIC, WIRE_FORMAT_VERSION),
      envelope(WIRE_KINDS[c.root]),
    );
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 1_200 }), (head, tail) => {
        checkDecoder(c, concat(head, tail));
      }),
      { numRuns: runsFor(c, 300) },
    );
  });

  it('(b) valid encodings with random mutations: a value (re-encoding to the input) or a DecodeError', () => {
    fc.assert(
      fc.property(c.arbitrary, fc.array(mutation, { minLength: 1, maxLength: 3 }), (value, mutations) => {
        const valid = c.encode(value);
        const { prefixes } = walk(SHAPES[c.root], valid);
        let bytes = valid;
        for (const m of mutations) bytes = applyMutation(bytes, m, prefixes);
        const outcome = checkDecoder(c, bytes);
        if (!outcome.ok && c.secret) {
          // the secret as it was, and whatever now sits where it was
          const original = c.secret(value);
          const at = valid.length - original.bytes.length;
          expectNoSecretIn(outcome.error, [
            original,
            { bytes: bytes.subarray(at, at + original.bytes.length) },
          ]);
        }
      }),
      { numRuns: runsFor(c, 400) },
    );
  });

  it('(b) truncation, appended bytes, wrong magic, version or kind byte: always a DecodeError', () => {
    fc.assert(
      fc.property(
        c.arbitrary,
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        fc.integer({ min: 0, max: 255 }),
        (value, cut, extra, byte) => {
          const valid = c.encode(value);
          // every strict prefix (the format is self-delimiting) and every extension is rejected
          expectRejected(c, valid.subarray(0, cut % valid.length), new RegExp(`^${c.root}`));
          expectRejected(c, concat(valid, extra), c.root);
          const version = valid.slice();
          version[MAGIC.length] = byte === WIRE_FORMAT_VERSION ? 0 : byte;
          expectRejected(c, version, `${c.root}.formatVersion`);
          const kind = valid.slice();
          kind[MAGIC.length + 1] = byte === WIRE_KINDS[c.root] ? 0 : byte;
          expectRejected(c, kind, `${c.root}.kind`);
          const magic = valid.slice();
          magic[cut % MAGIC.length] = (magic[cut % MAGIC.length] as number) ^ (1 << (byte % 8));
          expectRejected(c, magic, `${c.root}.magic`);
        },
      ),
      { numRuns: runsFor(c, 60) },
    );
  });

  it('(b) every length prefix and count, changed: a value or a DecodeError', () => {
    fc.assert(
      fc.property(
        c.arbitrary,
        fc.nat(),
        fc.integer({ min: -3, max: 3 }),
        fc.nat(),
        (value, which, delta, raw) => {
          const valid = c.encode(value);
          const { prefixes } = walk(SHAPES[c.root], valid);
          const prefix = prefixes[which % prefixes.length] as Prefix;
          const max = 2 ** (8 * prefix.width) - 1;
          const current = readBE(valid, prefix.offset, prefix.width);
          for (const next of [current + delta, raw % (max + 1), 0, max]) {
            if (next < 0 || next > max || next === current) continue;
            const bytes = valid.slice();
            writeBE(bytes, prefix.offset, prefix.width, next);
            checkDecoder(c, bytes);
          }
        },
      ),
      { numRuns: runsFor(c, 150) },
    );
  });

  it('(c) valid envelope + random body (raw, and shaped like the layout): a value or a DecodeError', () => {
    const head = envelope(WIRE_KINDS[c.root]);
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 1_000 }), shapedBody(SHAPES[c.root])), (body) => {
        checkDecoder(c, concat(head, body));
      }),
      { numRuns: runsFor(c, 300) },
    );
  });
});

describe('peekKind', () => {
  const kindByNumber = new Map<number, string>(
    Object.entries(WIRE_KINDS).map(([name, value]) => [value, name]),
  );

  it('returns a kind exactly for magic ‖ version 1 ‖ known kind, else a DecodeError under "object"', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          fc
            .tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 32 }))
            .map(([kind, rest]) => concat(envelope(kind), rest)),
          fc
            .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
            .map(([version, kind]) => envelope(kind, version)),
          fc.nat({ max: ENVELOPE_BYTES }).map((n) => envelope(WIRE_KINDS.reKey).subarray(0, n)),
        ),
        (bytes) => {
          const outcome = decodeOutcome(peekKind, 'object', bytes);
          const wellFormed =
            bytes.length >= ENVELOPE_BYTES &&
            MAGIC.every((byte, i) => bytes[i] === byte) &&
            bytes[MAGIC.length] === WIRE_FORMAT_VERSION;
          const expected = wellFormed ? kindByNumber.get(bytes[MAGIC.length + 1] as number) : undefined;
          if (expected === undefined)
            expect(outcome.ok, `peekKind accepted ${describeBytes(bytes)}`).toBe(false);
          else expect(outcome).toEqual({ ok: true, value: expected });
        },
      ),
      { numRuns: runs(1_000) },
    );
  });

  it('rejects non-byte inputs with a DecodeError', () => {
    for (const input of [undefined, null, 'SPHR\u0001\u0001', [83, 80, 72, 82, 1, 1], 42, {}]) {
      const outcome = decodeOutcome(peekKind, 'object', input as unknown as Uint8Array);
      expect(outcome.ok).toBe(false);
    }
  });
});

describe('decoders never echo secret keys', () => {
  const secretCodecs = CODECS.filter((c) => c.secret !== undefined);

  it.each(secretCodecs.map((c) => [c.name, c] as const))(
    '%s: targeted corruptions are rejected without the key bytes in the error',
    (_, c) => {
      fc.assert(
        fc.property(c.arbitrary, fc.uint8Array({ minLength: 1, maxLength: 4 }), (value, junk) => {
          const valid = c.encode(value);
          const secret = c.secret?.(value) as { bytes: Uint8Array; scalar?: bigint };
          const keyAt = valid.length - secret.bytes.length;
          const cases: Uint8Array[] = [
            concat(valid, junk), // trailing bytes after the key
            valid.subarray(0, valid.length - 1), // key truncated by one byte
            concat(
              valid.subarray(0, ENVELOPE_BYTES),
              Uint8Array.of(0xff),
              valid.subarray(ENVELOPE_BYTES + 1),
            ), // principal length overruns
            concat(
              valid.subarray(0, ENVELOPE_BYTES + 1),
              Uint8Array.of(0xc3, 0x28),
              valid.subarray(ENVELOPE_BYTES + 3),
            ), // bad UTF-8
          ];
          if (c.root === 'preSecretKey') {
            for (const k of [0n, CURVE_ORDER, CURVE_ORDER + 1n, 2n ** 256n - 1n]) {
              const bytes = valid.slice();
              bytes.set(Buffer.from(k.toString(16).padStart(64, '0'), 'hex'), keyAt);
              cases.push(bytes);
              const error = expectRejected(c, bytes, 'preSecretKey.secretKey');
              expect(error.reason).toMatch(/out of range/);
              expectNoSecretIn(error, [{ bytes: bytes.subarray(keyAt), scalar: k }]);
            }
          }
          for (const bytes of cases) {
            const outcome = checkDecoder(c, bytes);
            if (!outcome.ok) expectNoSecretIn(outcome.error, [secret]);
          }
        }),
        { numRuns: runs(50) },
      );
    },
  );
});

describe('identifiers decode injectively', () => {
  it('a UTF-8 byte-order mark is part of the identifier, not stripped', () => {
    const withBom = encodePreSecretKey('\uFEFFalice', new PreSecretKey(7n as Scalar));
    const plain = encodePreSecretKey('alice', new PreSecretKey(7n as Scalar));
    expect(hex(withBom)).not.toBe(hex(plain));
    expect(decodePreSecretKey(withBom).principal).toBe('\uFEFFalice');
    expect(decodePreSecretKey(plain).principal).toBe('alice');
  });
});
