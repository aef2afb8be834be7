/**
 * Benchmarks of the cryptographic core, both pairing backends side by side: the primitives, each
 * protocol step (Eqs. 5–22), the party-level operations on a 1 MiB file, hybrid against paper-literal
 * encryption, and a fixed-base comb on mcl (the evidence behind which tables mcl.ts builds).
 *
 *   node --import tsx bench/crypto.bench.ts [--quick] [--json FILE]
 *
 * Absolute times on a shared VM drift; the ratios between rows measured back to back are what the
 * code's choices (BACKEND_PREFERENCE, comb tables for g1 and Z on mcl) rest on. Tables go to stdout, progress to stderr.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { ed25519 } from '@noble/curves/ed25519.js';
import type * as Mcl from 'mcl-wasm';
import { Bench } from 'tinybench';
import { AEADS } from '../src/crypto/aead.ts';
import {
  BACKEND_NAMES,
  type BackendName,
  type G1,
  type G2,
  type GT,
  loadBackend,
  type PairingBackend,
} from '../src/crypto/backend/index.ts';
import { FixedBaseTable } from '../src/crypto/backend/shared.ts';
import { concatBytes, equalBytes, utf8 } from '../src/crypto/bytes.ts';
import { DST } from '../src/crypto/constants.ts';
import { buildManifest } from '../src/crypto/manifest.ts';
import {
  DataUser,
  HardenedOwner,
  HardenedSrs,
  PaperOwner,
  PaperSrs,
  type Upload,
  type UploadRequest,
} from '../src/crypto/parties.ts';
import { decryptPartition, encryptPhr, type FileSpec, type PartitionPlaintext } from '../src/crypto/phr.ts';
import {
  generatePreKeyPair,
  ownerDataKey,
  ownerParameter,
  reEncrypt,
  reKeyFromPublic,
  reKeyFromSecrets,
  userDataKey,
} from '../src/crypto/pre.ts';
import { deterministicRng, systemRng } from '../src/crypto/rng.ts';
import { randomScalar, type Scalar } from '../src/crypto/scalar.ts';
import type { CipherMode, FileRef, PreKeyPair } from '../src/crypto/types.ts';
import { encodeManifestBody } from '../src/crypto/wire/formats.ts';

// ── options and budgets ─────────────────────────────────────────────────────────────────────────────

interface Options {
  readonly quick: boolean;
  readonly jsonPath: string | undefined;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } },
  });
  return { quick: values.quick === true, jsonPath: values.json };
}

/**
 * `timed` tasks run for a time budget (and at least `iterations`); `heavy` tasks (≈ 1 s per call, the
 * paper-literal mode on noble) run a fixed, small number of times so the whole run stays short.
 */
type Cost = 'timed' | 'heavy';

interface Budget {
  readonly time: number;
  readonly iterations: number;
  readonly warmupTime: number;
  readonly warmupIterations: number;
}

const BUDGETS: Readonly<Record<'full' | 'quick', Readonly<Record<Cost, Budget>>>> = {
  full: {
    timed: { time: 750, iterations: 10, warmupTime: 150, warmupIterations: 3 },
    heavy: { time: 0, iterations: 4, warmupTime: 0, warmupIterations: 1 },
  },
  quick: {
    timed: { time: 0, iterations: 5, warmupTime: 0, warmupIterations: 1 },
    heavy: { time: 0, iterations: 2, warmupTime: 0, warmupIterations: 0 },
  },
};

const options = parseOptions(process.argv.slice(2));
const budgets = BUDGETS[options.quick ? 'quick' : 'full'];

const MIB = 1 << 20;
const SCALAR_POOL_SIZE = 8;

// ── measuring ───────────────────────────────────────────────────────────────────────────────────────

interface Measurement {
  readonly operation: string;
  readonly backend: string;
  readonly meanMs: number;
  readonly p75Ms: number;
  readonly rmePercent: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samples: number;
  /** Sorted ascending (tinybench sorts them), not in time order. */
  readonly samplesMs: readonly number[];
}

interface Row extends Measurement {
  /** The section's ratio (see `Section.ratioLabel`); undefined where it does not apply. */
  readonly ratio: number | undefined;
}

interface Section {
  readonly title: string;
  /** One line under the title: what the ratio column means. */
  readonly note: string;
  readonly ratioLabel: string;
  readonly ratioUnit: '×' | 'MiB/s';
  readonly rows: readonly Row[];
}

/** One tinybench instance per task: each task gets its own budget, and the next task waits for it. */
function measure(operation: string, backend: string, cost: Cost, fn: () => unknown): Measurement {
  const budget = budgets[cost];
  const bench = new Bench({
    ...budget,
    warmup: budget.warmupIterations > 0,
    retainSamples: true,
    throws: true,
  });
  bench.add(operation, fn);
  process.stderr.write(`  ${operation} [${backend}]\n`);
  const [task] = bench.runSync();
  const result = task?.result;
  if (result === undefined || (result.state !== 'completed' && result.state !== 'aborted-with-statistics')) {
    throw new Error(
      `benchmark "${operation}" on ${backend} did not complete (${result?.state ?? 'missing'})`,
    );
  }
  const { latency } = result;
  return {
    operation,
    backend,
    meanMs: latency.mean,
    p75Ms: latency.p75,
    rmePercent: latency.rme,
    minMs: latency.min,
    maxMs: latency.max,
    samples: latency.samplesCount,
    samplesMs: [...(latency.samples ?? [])],
  };
}

const withRatio = (m: Measurement, ratio: number | undefined): Row => ({ ...m, ratio });

/** Cycles through a fixed pool so a benchmark does not time one lucky (or unlucky) input. */
function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length] as T;
}

// ── fixtures ────────────────────────────────────────────────────────────────────────────────────────

/** The same scalars on both backends, so both do identical work and decode identical bytes. */
const scalarRng = deterministicRng('sesphr/bench/scalars');
const SCALARS: readonly Scalar[] = Array.from({ length: SCALAR_POOL_SIZE }, () => randomScalar(scalarRng));

const FILE_WINDOW = { notBefore: 0, notAfter: 4_000_000_000 };
const LABEL = 'record';
const LEVEL = 1;
const PLAINTEXT = new Uint8Array(randomBytes(MIB));
const PARTITIONS: readonly PartitionPlaintext[] = [{ label: LABEL, accessLevel: LEVEL, data: PLAINTEXT }];

interface GroupFixture {
  readonly backend: PairingBackend;
  readonly g1: readonly G1[];
  readonly g2: readonly G2[];
  readonly gt: readonly GT[];
  readonly g1Bytes: readonly Uint8Array[];
  readonly g2Bytes: readonly Uint8Array[];
  readonly gtBytes: readonly Uint8Array[];
}

function groupFixture(backend: PairingBackend): GroupFixture {
  const g1 = SCALARS.map((k) => backend.g1MulBase(k));
  const g2 = SCALARS.map((k) => backend.g2MulBase(k));
  const gt = SCALARS.map((k) => backend.gtPowBase(k));
  return {
    backend,
    g1,
    g2,
    gt,
    g1Bytes: g1.map((p) => backend.g1Encode(p)),
    g2Bytes: g2.map((p) => backend.g2Encode(p)),
    gtBytes: gt.map((x) => backend.fp12Encode(x)),
  };
}

interface ProtocolFixture {
  readonly backend: PairingBackend;
  readonly owner: PreKeyPair;
  readonly user: PreKeyPair;
  readonly rP: G1;
  readonly rk: G2;
  readonly rU: GT;
}

function protocolFixture(backend: PairingBackend): ProtocolFixture {
  const rng = deterministicRng(`sesphr/bench/protocol/${backend.name}`);
  const owner = generatePreKeyPair(backend, 'alice', rng);
  const user = generatePreKeyPair(backend, 'bob', rng);
  const rP = ownerParameter(backend, SCALARS[0] as Scalar, owner.secretKey);
  const rk = reKeyFromPublic(backend, owner.secretKey, user.publicKey);
  return { backend, owner, user, rP, rk, rU: reEncrypt(backend, rP, rk) };
}

const FILE_REF: FileRef = { ownerId: 'alice', fileId: 'bench-file', version: 1 };
const UPLOAD_REQUEST: UploadRequest = {
  fileId: FILE_REF.fileId,
  version: FILE_REF.version,
  window: FILE_WINDOW,
  partitions: PARTITIONS,
};

interface PartyFixture {
  readonly backend: PairingBackend;
  readonly hardenedOwner: HardenedOwner;
  readonly hardenedSrs: HardenedSrs;
  readonly hardenedUser: DataUser;
  readonly hardenedUpload: Upload;
  readonly ownerSigningKey: Uint8Array;
  readonly srsSigningKey: Uint8Array;
  readonly reEncrypted: Uint8Array;
  readonly paperSrs: PaperSrs;
  readonly paperUpload: Upload;
}

/** Both variants wired up on one backend, with one 1 MiB upload each already stored at the SRS. */
function partyFixture(backend: PairingBackend): PartyFixture {
  const hardenedOwner = HardenedOwner.generate(backend, FILE_REF.ownerId);
  const hardenedUser = DataUser.generate(backend, 'bob');
  const ownerSigningKey = hardenedOwner.signingPublicKey();
  // The SRS checks owner-signed R_{i-P} and RK against the registered keys and signs every R_{i-U}.
  const hardenedSrs = new HardenedSrs(backend, {
    ownerSigningKeys: new Map([[FILE_REF.ownerId, ownerSigningKey]]),
  });
  hardenedSrs.storeReKey(hardenedOwner.grant(hardenedUser.publicKey()));
  const hardenedUpload = hardenedOwner.upload(UPLOAD_REQUEST);
  hardenedSrs.storeParameters(hardenedUpload.parameters);
  const reEncrypted = hardenedSrs.reEncrypt(FILE_REF, LEVEL, 'bob');
  const srsSigningKey = hardenedSrs.signingPublicKey();
  const roundTrip = hardenedUser.decrypt(hardenedUpload, ownerSigningKey, srsSigningKey, reEncrypted, LABEL);
  if (!equalBytes(roundTrip, PLAINTEXT)) throw new Error(`party round trip failed on ${backend.name}`);

  const paperKeys = new Map<string, Uint8Array>();
  const paperSrs = new PaperSrs(backend, { ownerSigningKeys: paperKeys });
  const paperOwner = PaperOwner.fromEnrollment(backend, paperSrs.enroll(FILE_REF.ownerId));
  paperKeys.set(FILE_REF.ownerId, paperOwner.signingPublicKey());
  paperSrs.enroll('bob');
  const paperUpload = paperOwner.upload(UPLOAD_REQUEST);
  return {
    backend,
    hardenedOwner,
    hardenedSrs,
    hardenedUser,
    hardenedUpload,
    ownerSigningKey,
    srsSigningKey,
    reEncrypted,
    paperSrs,
    paperUpload,
  };
}

// ── sections comparing the backends ─────────────────────────────────────────────────────────────────

interface BackendOp<F> {
  readonly operation: string;
  readonly cost: Cost;
  readonly task: (fixture: F) => () => unknown;
}

/**
 * Runs every operation on noble, then right after on mcl, so drift on a noisy machine hits both rows of
 * a pair alike. The mcl row carries the speed-up noble mean / mcl mean.
 */
function compareBackends<F extends { readonly backend: PairingBackend }>(
  fixtures: readonly F[],
  ops: readonly BackendOp<F>[],
): Row[] {
  const rows: Row[] = [];
  for (const op of ops) {
    const [noble, mcl] = BACKEND_NAMES.map((name) => {
      const fixture = fixtures.find((f) => f.backend.name === name);
      if (!fixture) throw new Error(`no fixture for backend ${name}`);
      return measure(op.operation, name, op.cost, op.task(fixture));
    }) as [Measurement, Measurement];
    rows.push(withRatio(noble, undefined), withRatio(mcl, noble.meanMs / mcl.meanMs));
  }
  return rows;
}

const GROUP_OPS: readonly BackendOp<GroupFixture>[] = [
  {
    operation: 'G1 fixed-base mul (g1MulBase)',
    cost: 'timed',
    task: ({ backend }) => {
      const k = cycle(SCALARS);
      return () => backend.g1MulBase(k());
    },
  },
  {
    operation: 'G1 variable mul (g1Mul)',
    cost: 'timed',
    task: ({ backend, g1 }) => {
      const k = cycle(SCALARS);
      const p = cycle(g1);
      return () => backend.g1Mul(p(), k());
    },
  },
  {
    operation: 'G2 fixed-base mul (g2MulBase)',
    cost: 'timed',
    task: ({ backend }) => {
      const k = cycle(SCALARS);
      return () => backend.g2MulBase(k());
    },
  },
  {
    operation: 'G2 variable mul (g2Mul)',
    cost: 'timed',
    task: ({ backend, g2 }) => {
      const k = cycle(SCALARS);
      const p = cycle(g2);
      return () => backend.g2Mul(p(), k());
    },
  },
  {
    operation: 'pairing e(P, Q)',
    cost: 'timed',
    task: ({ backend, g1, g2 }) => {
      const p = cycle(g1);
      const q = cycle(g2);
      return () => backend.pairing(p(), q());
    },
  },
  {
    operation: 'GT fixed-base pow (gtPowBase)',
    cost: 'timed',
    task: ({ backend }) => {
      const k = cycle(SCALARS);
      return () => backend.gtPowBase(k());
    },
  },
  {
    operation: 'GT variable pow (gtPow)',
    cost: 'timed',
    task: ({ backend, gt }) => {
      const k = cycle(SCALARS);
      const x = cycle(gt);
      return () => backend.gtPow(x(), k());
    },
  },
  {
    operation: 'GT decode + subgroup check (gtDecode)',
    cost: 'timed',
    task: ({ backend, gtBytes }) => {
      const bytes = cycle(gtBytes);
      return () => backend.gtDecode(bytes(), 'bench');
    },
  },
  {
    operation: 'G1 decode (g1Decode)',
    cost: 'timed',
    task: ({ backend, g1Bytes }) => {
      const bytes = cycle(g1Bytes);
      return () => backend.g1Decode(bytes(), 'bench');
    },
  },
  {
    operation: 'G2 decode (g2Decode)',
    cost: 'timed',
    task: ({ backend, g2Bytes }) => {
      const bytes = cycle(g2Bytes);
      return () => backend.g2Decode(bytes(), 'bench');
    },
  },
];

const PROTOCOL_OPS: readonly BackendOp<ProtocolFixture>[] = [
  {
    operation: 'keygen x, PK = g2^x (Eq. 5)',
    cost: 'timed',
    task: ({ backend }) => {
      return () => generatePreKeyPair(backend, 'bob', systemRng);
    },
  },
  {
    operation: 'owner R_{i-P} = g1^{r·x_P} (Eqs. 10–13)',
    cost: 'timed',
    task: ({ backend, owner }) => {
      const r = cycle(SCALARS);
      return () => ownerParameter(backend, r(), owner.secretKey);
    },
  },
  {
    operation: 'RK = g2^{x_U/x_P} from secrets (paper)',
    cost: 'timed',
    task: ({ backend, owner, user }) => {
      return () => reKeyFromSecrets(backend, owner.secretKey, user.secretKey);
    },
  },
  {
    operation: 'RK = PK_U^{1/x_P} from public key (hardened)',
    cost: 'timed',
    task: ({ backend, owner, user }) => {
      return () => reKeyFromPublic(backend, owner.secretKey, user.publicKey);
    },
  },
  {
    operation: 're-encrypt R_{i-U} = e(R_P, RK) (Eq. 17)',
    cost: 'timed',
    task: ({ backend, rP, rk }) => {
      return () => reEncrypt(backend, rP, rk);
    },
  },
  {
    operation: 'user K = R_{i-U}^{1/x_U} (Eqs. 19–22)',
    cost: 'timed',
    task: ({ backend, rU, user }) => {
      return () => userDataKey(backend, rU, user.secretKey);
    },
  },
];

const PARTY_OPS: readonly BackendOp<PartyFixture>[] = [
  {
    operation: 'owner upload 1 MiB (encrypt + sign + encode)',
    cost: 'timed',
    task: ({ hardenedOwner }) => {
      return () => hardenedOwner.upload(UPLOAD_REQUEST);
    },
  },
  {
    // Includes verifying the owner's signature on R_{i-P} (the second store of the same message is a
    // no-op) and signing R_{i-U}.
    operation: 'SRS R_{i-P} msg → R_{i-U} msg (paper, RK from SKs)',
    cost: 'timed',
    task: ({ paperSrs, paperUpload }) => {
      return () => {
        paperSrs.storeParameters(paperUpload.parameters);
        return paperSrs.reEncrypt(FILE_REF, LEVEL, 'bob');
      };
    },
  },
  {
    operation: 'SRS R_{i-P} msg → R_{i-U} msg (hardened, stored RK)',
    cost: 'timed',
    task: ({ hardenedSrs, hardenedUpload }) => {
      return () => {
        hardenedSrs.storeParameters(hardenedUpload.parameters);
        return hardenedSrs.reEncrypt(FILE_REF, LEVEL, 'bob');
      };
    },
  },
  {
    operation: 'user decrypt 1 MiB (verify + decode + K + open)',
    cost: 'timed',
    task: ({ hardenedUser, hardenedUpload, ownerSigningKey, srsSigningKey, reEncrypted }) => {
      return () => hardenedUser.decrypt(hardenedUpload, ownerSigningKey, srsSigningKey, reEncrypted, LABEL);
    },
  },
];

// ── backend-independent primitives ──────────────────────────────────────────────────────────────────

/** The exact bytes `signManifest` signs for the 1 MiB single-partition file (manifest.ts keeps it private). */
function manifestMessage(backend: PairingBackend): Uint8Array {
  const owner = generatePreKeyPair(backend, FILE_REF.ownerId, systemRng);
  const spec: FileSpec = { ...FILE_REF, variant: 'hardened', window: FILE_WINDOW };
  const { file } = encryptPhr(backend, owner.secretKey, spec, PARTITIONS);
  return concatBytes(utf8(DST.manifestSignature), encodeManifestBody(buildManifest(file)));
}

const mibPerSecond = (m: Measurement): number => 1000 / m.meanMs;

function symmetricRows(message: Uint8Array): Row[] {
  const key = new Uint8Array(randomBytes(32));
  const aad = utf8('sesphr/bench/aad');
  const rows: Row[] = [];
  for (const [algorithm, library] of [
    ['aes-256-gcm', 'node:crypto'],
    ['xchacha20-poly1305', '@noble/ciphers'],
  ] as const) {
    const aead = AEADS[algorithm];
    const nonce = new Uint8Array(randomBytes(aead.nonceBytes));
    const sealed = aead.seal(key, nonce, aad, PLAINTEXT);
    const seal = measure(`${algorithm} seal 1 MiB`, library, 'timed', () =>
      aead.seal(key, nonce, aad, PLAINTEXT),
    );
    const open = measure(`${algorithm} open 1 MiB`, library, 'timed', () =>
      aead.open(key, nonce, aad, sealed, 'bench'),
    );
    rows.push(withRatio(seal, mibPerSecond(seal)), withRatio(open, mibPerSecond(open)));
  }
  const sha = measure('SHA-256 1 MiB', 'node:crypto', 'timed', () =>
    createHash('sha256').update(PLAINTEXT).digest(),
  );
  rows.push(withRatio(sha, mibPerSecond(sha)));

  const seed = new Uint8Array(randomBytes(32));
  const publicKey = ed25519.getPublicKey(seed);
  const signature = ed25519.sign(message, seed);
  if (!ed25519.verify(signature, message, publicKey)) throw new Error('Ed25519 self-check failed');
  const size = `${message.length}-byte manifest`;
  rows.push(
    withRatio(
      measure(`Ed25519 sign (${size})`, '@noble/curves', 'timed', () => ed25519.sign(message, seed)),
      undefined,
    ),
    withRatio(
      measure(`Ed25519 verify (${size})`, '@noble/curves', 'timed', () =>
        ed25519.verify(signature, message, publicKey),
      ),
      undefined,
    ),
  );
  return rows;
}

// ── hybrid vs paper-literal ─────────────────────────────────────────────────────────────────────────

interface ModeRatio {
  readonly backend: BackendName;
  readonly step: 'encrypt' | 'decrypt';
  readonly literalOverHybrid: number;
}

/**
 * One 1 MiB single-partition file through encryptPhr / decryptPartition (phr.ts) in each mode.
 * Encryption includes the KEM half (K = Z^r, R_{i-P}); decryption starts from K, as decryptPartition
 * does, so its ratio compares the data-encapsulation halves alone.
 */
function modeRows(backend: PairingBackend): { rows: Row[]; ratios: ModeRatio[] } {
  const owner = generatePreKeyPair(backend, FILE_REF.ownerId, systemRng);
  const spec: FileSpec = { ...FILE_REF, variant: 'hardened', window: FILE_WINDOW };
  const encrypted = (mode: CipherMode) => encryptPhr(backend, owner.secretKey, spec, PARTITIONS, { mode });
  const fixtures = (['hybrid', 'literal'] as const).map((mode) => {
    const { file, parameters } = encrypted(mode);
    const rP = parameters.levels[0]?.rP as G1;
    const dataKey = ownerDataKey(backend, rP, owner.secretKey);
    if (!equalBytes(decryptPartition(backend, file, LABEL, dataKey), PLAINTEXT)) {
      throw new Error(`${mode} round trip failed on ${backend.name}`);
    }
    return { mode, file, dataKey };
  });
  // noble's literal mode takes over a second per MiB: a few runs say enough and keep the bench short.
  const literalCost: Cost = backend.name === 'noble' ? 'heavy' : 'timed';
  const rows: Row[] = [];
  const ratios: ModeRatio[] = [];
  for (const step of ['encrypt', 'decrypt'] as const) {
    const [hybrid, literal] = fixtures.map(({ mode, file, dataKey }) => {
      const cost = mode === 'literal' ? literalCost : 'timed';
      const name = `${step} 1 MiB ${mode === 'hybrid' ? 'hybrid (AES-256-GCM)' : 'literal (Fp12 mask)'}`;
      const fn =
        step === 'encrypt' ? () => encrypted(mode) : () => decryptPartition(backend, file, LABEL, dataKey);
      return measure(name, backend.name, cost, fn);
    }) as [Measurement, Measurement];
    const literalOverHybrid = literal.meanMs / hybrid.meanMs;
    rows.push(withRatio(hybrid, undefined), withRatio(literal, literalOverHybrid));
    ratios.push({ backend: backend.name, step, literalOverHybrid });
  }
  return { rows, ratios };
}

// ── fixed-base comb on mcl ──────────────────────────────────────────────────────────────────────────

interface CombRatio {
  readonly group: string;
  readonly combOverNative: number;
}

/**
 * One group: check the comb against native on every pool scalar, then time the comb, native with the
 * bigint → Fr conversion the backend pays on every call, native on ready-made Fr (the conversion's share)
 * and the one-off table build.
 */
function combGroup<E>(
  group: string,
  newTable: () => FixedBaseTable<E>,
  native: (k: Mcl.Fr) => E,
  toFr: (k: bigint) => Mcl.Fr,
  equal: (a: E, b: E) => boolean,
): { rows: Row[]; ratio: CombRatio } {
  const table = newTable();
  for (const k of SCALARS) {
    if (!equal(table.pow(k), native(toFr(k)))) throw new Error(`comb and native ${group}^k disagree`);
  }
  const combK = cycle(SCALARS);
  const nativeK = cycle(SCALARS);
  const readyFr = cycle(SCALARS.map(toFr));
  const comb = measure(`${group}^k comb (FixedBaseTable, w = 4)`, 'mcl', 'timed', () => table.pow(combK()));
  const direct = measure(`${group}^k native mcl.mul/pow (bigint → Fr)`, 'mcl', 'timed', () =>
    native(toFr(nativeK())),
  );
  const ready = measure(`${group}^k native (Fr ready-made)`, 'mcl', 'timed', () => native(readyFr()));
  // pow(1) forces the lazy table build and adds a single lookup.
  const build = measure(`${group} comb table build (one-off)`, 'mcl', 'timed', () => newTable().pow(1n));
  const combOverNative = comb.meanMs / direct.meanMs;
  return {
    rows: [
      withRatio(comb, combOverNative),
      withRatio(direct, undefined),
      withRatio(ready, undefined),
      withRatio(build, undefined),
    ],
    ratio: { group, combOverNative },
  };
}

/**
 * The comb mcl.ts uses for g1 and Z (not g2, a tie): FixedBaseTable over mcl-wasm's own group operations, against mcl's
 * native mul/pow fed a bigint scalar exactly as the backend does (hex → Fr on every call). mcl-wasm is
 * imported here, after loadBackend('mcl') initialised the module (curve, ETH serialization).
 */
async function combRows(backend: PairingBackend): Promise<{ rows: Row[]; ratios: CombRatio[] }> {
  const mcl = await import('mcl-wasm');
  const toFr = (k: bigint): Mcl.Fr => {
    const fr = new mcl.Fr();
    fr.setStr(k.toString(16), 16);
    return fr;
  };
  // The generators from their canonical encodings, as mcl.ts builds them.
  const one = 1n as Scalar;
  const g1 = new mcl.G1();
  g1.deserialize(backend.g1Encode(backend.g1MulBase(one)));
  const g2 = new mcl.G2();
  g2.deserialize(backend.g2Encode(backend.g2MulBase(one)));
  const z = mcl.pairing(g1, g2);

  const results = [
    combGroup<Mcl.G1>(
      'g1',
      () => new FixedBaseTable(g1, (a, b) => mcl.add(a, b)),
      (k) => mcl.mul(g1, k),
      toFr,
      (a, b) => a.isEqual(b),
    ),
    combGroup<Mcl.G2>(
      'g2',
      () => new FixedBaseTable(g2, (a, b) => mcl.add(a, b)),
      (k) => mcl.mul(g2, k),
      toFr,
      (a, b) => a.isEqual(b),
    ),
    combGroup<Mcl.GT>(
      'Z',
      () => new FixedBaseTable(z, (a, b) => mcl.mul(a, b)),
      (k) => mcl.pow(z, k),
      toFr,
      (a, b) => a.isEqual(b),
    ),
  ];
  return { rows: results.flatMap((r) => r.rows), ratios: results.map((r) => r.ratio) };
}

// ── output ──────────────────────────────────────────────────────────────────────────────────────────

function formatMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(1);
  if (ms >= 10) return ms.toFixed(2);
  if (ms >= 1) return ms.toFixed(3);
  return ms.toFixed(4);
}

function formatRatio(ratio: number | undefined, unit: Section['ratioUnit']): string {
  if (ratio === undefined) return '';
  return unit === '×' ? `${ratio.toFixed(2)}×` : `${ratio.toFixed(0)} MiB/s`;
}

function renderSection(section: Section): string {
  const header = ['operation', 'backend', 'mean ms', 'p75 ms', '± rme', 'samples', section.ratioLabel];
  const body = section.rows.map((r) => [
    r.operation,
    r.backend,
    formatMs(r.meanMs),
    formatMs(r.p75Ms),
    `${r.rmePercent.toFixed(1)}%`,
    String(r.samples),
    formatRatio(r.ratio, section.ratioUnit),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((cells) => (cells[c] ?? '').length)));
  // Text columns left-aligned, numbers right-aligned.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [`## ${section.title}`, section.note, '', line(header), rule, ...body.map(line), ''].join('\n');
}

interface MachineDescription {
  readonly node: string;
  readonly os: string;
  readonly cpu: string;
  readonly cpus: number;
  readonly totalMemoryGiB: number;
  readonly date: string;
}

function machineDescription(): MachineDescription {
  return {
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    date: new Date().toISOString(),
  };
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const started = performance.now();
  const machine = machineDescription();
  console.log(`# sesphr crypto bench (${options.quick ? 'quick' : 'full'})`);
  console.log(`${machine.date} · node ${machine.node} · ${machine.os} · ${machine.cpus}× ${machine.cpu}\n`);

  const backends = await Promise.all(BACKEND_NAMES.map((name) => loadBackend(name)));
  const sections: Section[] = [];
  const emit = (section: Section) => {
    sections.push(section);
    console.log(renderSection(section));
  };
  const speedUp = 'ratio = noble mean / mcl mean (mcl speed-up), on the mcl row.';

  process.stderr.write('pairing-group primitives\n');
  emit({
    title: 'Pairing-group primitives (BLS12-381)',
    note: speedUp,
    ratioLabel: 'mcl speed-up',
    ratioUnit: '×',
    rows: compareBackends(backends.map(groupFixture), GROUP_OPS),
  });

  process.stderr.write('symmetric primitives\n');
  const message = manifestMessage(backends[0] as PairingBackend);
  emit({
    title: 'Symmetric primitives, hashing, signatures (backend-independent)',
    note: 'ratio = throughput of a 1 MiB operation.',
    ratioLabel: 'throughput',
    ratioUnit: 'MiB/s',
    rows: symmetricRows(message),
  });

  process.stderr.write('protocol steps\n');
  emit({
    title: 'Protocol steps (src/crypto/pre.ts)',
    note: speedUp,
    ratioLabel: 'mcl speed-up',
    ratioUnit: '×',
    rows: compareBackends(backends.map(protocolFixture), PROTOCOL_OPS),
  });

  process.stderr.write('party steps\n');
  emit({
    title: 'Party steps, 1 MiB single-partition file (src/crypto/parties.ts, hybrid AES-256-GCM)',
    note: `${speedUp} SRS rows: decode the R_{i-P} message, store, re-encrypt, encode R_{i-U}.`,
    ratioLabel: 'mcl speed-up',
    ratioUnit: '×',
    rows: compareBackends(backends.map(partyFixture), PARTY_OPS),
  });

  process.stderr.write('hybrid vs literal\n');
  const modes = backends.map(modeRows);
  emit({
    title: 'Hybrid vs paper-literal, 1 MiB (encryptPhr / decryptPartition, src/crypto/phr.ts)',
    note:
      'ratio = literal mean / hybrid mean on the same backend, on the literal row. Encrypt includes ' +
      'K = Z^r and R_{i-P}; decrypt starts from K (its recovery is in the protocol table).',
    ratioLabel: 'literal/hybrid',
    ratioUnit: '×',
    rows: modes.flatMap((m) => m.rows),
  });
  for (const r of modes.flatMap((m) => m.ratios)) {
    console.log(`literal/hybrid ${r.step} on ${r.backend}: ${r.literalOverHybrid.toFixed(1)}×`);
  }
  console.log('');

  process.stderr.write('fixed-base comb on mcl\n');
  const mclBackend = backends.find((backend) => backend.name === 'mcl');
  if (!mclBackend) throw new Error('the mcl backend did not load');
  const comb = await combRows(mclBackend);
  emit({
    title: 'Fixed-base comb vs native on mcl (FixedBaseTable from src/crypto/backend/shared.ts)',
    note: 'ratio = comb mean / native mean, on the comb row (> 1: the comb is slower).',
    ratioLabel: 'comb/native',
    ratioUnit: '×',
    rows: comb.rows,
  });
  for (const r of comb.ratios) {
    const verdict = r.combOverNative > 1 ? 'slower' : 'faster';
    console.log(`comb/native ${r.group}: ${r.combOverNative.toFixed(2)}× (comb ${verdict} than native)`);
  }

  const totalSeconds = (performance.now() - started) / 1000;
  console.log(`\ntotal ${totalSeconds.toFixed(1)} s`);
  if (options.jsonPath !== undefined) {
    const report = {
      machine,
      mode: options.quick ? 'quick' : 'full',
      budgets,
      totalSeconds,
      sections,
      literalOverHybrid: modes.flatMap((m) => m.ratios),
      combOverNative: comb.ratios,
    };
    mkdirSync(dirname(options.jsonPath), { recursive: true });
    writeFileSync(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${options.jsonPath}`);
  }
}

await main();
