/**
 * Test vectors: the SeSPHR algebra and whole protocol runs, computed from fixed scalars and a fixed
 * seed. `generate.ts` writes them with the reference backend (noble); `test/crypto/vectors.test.ts`
 * recomputes them with every backend and requires byte equality, then decrypts the recorded
 * ciphertexts. These are regression vectors of our own construction, not known answers from outside:
 * those live in test/vectors/external/.
 */
import type { BackendName, PairingBackend } from '../../src/crypto/backend/types.ts';
import { bytesToHex, hexToBytes } from '../../src/crypto/bytes.ts';
import { derivePartitionKey } from '../../src/crypto/kdf.ts';
import { DataUser, HardenedOwner, HardenedSrs, PaperOwner, PaperSrs } from '../../src/crypto/parties.ts';
import {
  levelDataKey,
  ownerDataKey,
  ownerParameter,
  reEncrypt,
  reKeyFromPublic,
  reKeyFromSecrets,
  userDataKey,
} from '../../src/crypto/pre.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { isNonZeroScalar, type Scalar } from '../../src/crypto/scalar.ts';
import { type AeadAlgorithm, type CipherMode, PreSecretKey, type Variant } from '../../src/crypto/types.ts';

/** 2: R_{i-P}, RK and R_{i-U} are the signed wire kinds 11–13, and the SRS's signing key is recorded. */
export const VECTOR_FORMAT = 2;
/** The backend that writes the checked-in file: noble, the audited pure-JS reference. */
export const VECTOR_GENERATOR: BackendName = 'noble';

export interface AlgebraInput {
  readonly name: string;
  readonly ownerSecret: string;
  readonly userSecret: string;
  readonly levelSecret: string;
  /** Hex of the canonical partition context used to derive a hybrid AEAD key from K. */
  readonly context: string;
}

export interface AlgebraVector extends AlgebraInput {
  readonly ownerPublicKey: string;
  readonly userPublicKey: string;
  readonly dataKey: string;
  readonly rP: string;
  readonly reKey: string;
  readonly rU: string;
  readonly aeadKey: string;
}

export interface ProtocolInput {
  readonly name: string;
  readonly seed: string;
  readonly variant: Variant;
  readonly mode: CipherMode;
  readonly aead: AeadAlgorithm;
  readonly partitions: readonly { label: string; accessLevel: number; plaintext: string }[];
  readonly read: string;
}

export interface ProtocolVector extends ProtocolInput {
  readonly ownerSigningKey: string;
  readonly srsSigningKey: string;
  readonly file: string;
  readonly manifest: string;
  /** signedOwnerParameters (kind 11). */
  readonly parameters: string;
  /** signedReKey (kind 12) from the hardened owner's grant; empty in the paper variant. */
  readonly reKey: string;
  /** signedReEncryptedParameter (kind 13). */
  readonly reEncrypted: string;
}

export interface VectorFile {
  readonly format: number;
  readonly generatedBy: string;
  readonly algebra: readonly AlgebraVector[];
  readonly protocol: readonly ProtocolVector[];
}

const hex = bytesToHex;

function scalarFromHex(text: string): Scalar {
  const value = BigInt(`0x${text}`);
  if (!isNonZeroScalar(value)) throw new RangeError(`vector scalar out of range: ${text}`);
  return value;
}

export const ALGEBRA_INPUTS: readonly AlgebraInput[] = [
  { name: 'small scalars', ownerSecret: '02', userSecret: '03', levelSecret: '05', context: '00' },
  {
    name: 'q - 1 for every scalar',
    ownerSecret: '73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000',
    userSecret: '73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000',
    levelSecret: '73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000',
    context: '0102030405',
  },
  {
    name: 'random-looking scalars',
    ownerSecret: '3c1f8a0b6e2d4f5a7b9c0d1e2f3a4b5c6d7e8f9012345678abcdef0123456789',
    userSecret: '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a',
    levelSecret: '0fedcba987654321fedcba987654321fedcba987654321fedcba987654321f',
    context: '736573706872',
  },
];

const WINDOW = { notBefore: 1_700_000_000, notAfter: 1_900_000_000 };
const CREATED_AT = 1_750_000_000;

export const PROTOCOL_INPUTS: readonly ProtocolInput[] = [
  {
    name: 'paper variant, hybrid AES-256-GCM, four default partitions',
    seed: 'vector-1',
    variant: 'paper',
    mode: 'hybrid',
    aead: 'aes-256-gcm',
    partitions: [
      { label: 'personal', accessLevel: 0, plaintext: hex(new TextEncoder().encode('Name: A. Patient')) },
      { label: 'medical', accessLevel: 1, plaintext: hex(new TextEncoder().encode('Diagnosis: none')) },
      { label: 'insurance', accessLevel: 2, plaintext: '' },
      { label: 'prescription', accessLevel: 3, plaintext: '00ff'.repeat(40) },
    ],
    read: 'medical',
  },
  {
    name: 'hardened variant, hybrid XChaCha20-Poly1305, two partitions sharing a level',
    seed: 'vector-2',
    variant: 'hardened',
    mode: 'hybrid',
    aead: 'xchacha20-poly1305',
    partitions: [
      { label: 'medical', accessLevel: 7, plaintext: 'aa'.repeat(100) },
      { label: 'prescription', accessLevel: 7, plaintext: 'bb'.repeat(3) },
    ],
    read: 'prescription',
  },
  {
    name: 'paper variant, paper-literal masking, 130 bytes (three 64-byte chunks)',
    seed: 'vector-3',
    variant: 'paper',
    mode: 'literal',
    aead: 'aes-256-gcm',
    partitions: [{ label: 'medical', accessLevel: 1, plaintext: '5c'.repeat(130) }],
    read: 'medical',
  },
];

export function computeAlgebra(backend: PairingBackend, input: AlgebraInput): AlgebraVector {
  const xP = new PreSecretKey(scalarFromHex(input.ownerSecret));
  const xU = new PreSecretKey(scalarFromHex(input.userSecret));
  const r = scalarFromHex(input.levelSecret);
  const pkU = backend.g2MulBase(xU.scalar);
  const rP = ownerParameter(backend, r, xP);
  const rkPaper = reKeyFromSecrets(backend, xP, xU);
  const rkHardened = reKeyFromPublic(backend, xP, pkU);
  if (!backend.g2Equals(rkPaper, rkHardened)) throw new Error('paper and hardened RK differ');
  const rU = reEncrypt(backend, rP, rkPaper);
  const dataKey = levelDataKey(backend, r);
  if (!backend.gtEquals(userDataKey(backend, rU, xU), dataKey)) throw new Error('user recovers another K');
  if (!backend.gtEquals(ownerDataKey(backend, rP, xP), dataKey)) throw new Error('owner recovers another K');
  return {
    ...input,
    ownerPublicKey: hex(backend.g2Encode(backend.g2MulBase(xP.scalar))),
    userPublicKey: hex(backend.g2Encode(pkU)),
    dataKey: hex(backend.fp12Encode(dataKey)),
    rP: hex(backend.g1Encode(rP)),
    reKey: hex(backend.g2Encode(rkPaper)),
    rU: hex(backend.fp12Encode(rU)),
    aeadKey: hex(derivePartitionKey(backend, dataKey, hexToBytes(input.context))),
  };
}

/** One whole protocol run, every random draw from the seed: enrol, upload, re-encrypt, read. */
export function computeProtocol(backend: PairingBackend, input: ProtocolInput): ProtocolVector {
  const rng = deterministicRng(input.seed);
  const request = {
    fileId: 'phr-0001',
    version: 1,
    window: WINDOW,
    partitions: input.partitions.map((p) => ({
      label: p.label,
      accessLevel: p.accessLevel,
      data: hexToBytes(p.plaintext),
    })),
  };
  const options = { mode: input.mode, aead: input.aead, rng, createdAt: CREATED_AT };
  const level = input.partitions.find((p) => p.label === input.read)?.accessLevel ?? -1;
  const ref = { ownerId: 'owner', fileId: 'phr-0001', version: 1 };

  let owner: PaperOwner | HardenedOwner;
  let user: DataUser;
  let srs: PaperSrs | HardenedSrs;
  let reKey: Uint8Array = new Uint8Array(0);
  const ownerSigningKeys = new Map<string, Uint8Array>();
  if (input.variant === 'paper') {
    const paperSrs = new PaperSrs(backend, { ownerSigningKeys, rng });
    owner = PaperOwner.fromEnrollment(backend, paperSrs.enroll('owner'), rng);
    user = DataUser.fromEnrollment(backend, paperSrs.enroll('user'));
    srs = paperSrs;
  } else {
    const hardenedOwner = HardenedOwner.generate(backend, 'owner', rng);
    user = DataUser.generate(backend, 'user', rng);
    const hardenedSrs = new HardenedSrs(backend, { ownerSigningKeys, rng });
    ownerSigningKeys.set(hardenedOwner.id, hardenedOwner.signingPublicKey());
    reKey = hardenedOwner.grant(user.publicKey());
    hardenedSrs.storeReKey(reKey);
    owner = hardenedOwner;
    srs = hardenedSrs;
  }
  ownerSigningKeys.set(owner.id, owner.signingPublicKey());
  const upload = owner.upload(request, options);
  srs.storeParameters(upload.parameters);
  const reEncrypted = srs.reEncrypt(ref, level, 'user');
  const plaintext = user.decrypt(
    upload,
    owner.signingPublicKey(),
    srs.signingPublicKey(),
    reEncrypted,
    input.read,
  );
  if (hex(plaintext) !== input.partitions.find((p) => p.label === input.read)?.plaintext) {
    throw new Error(`${input.name}: round trip returned other plaintext`);
  }
  return {
    ...input,
    ownerSigningKey: hex(owner.signingPublicKey()),
    srsSigningKey: hex(srs.signingPublicKey()),
    file: hex(upload.file),
    manifest: hex(upload.manifest),
    parameters: hex(upload.parameters),
    reKey: hex(reKey),
    reEncrypted: hex(reEncrypted),
  };
}

export function computeVectorFile(backend: PairingBackend): VectorFile {
  return {
    format: VECTOR_FORMAT,
    generatedBy: backend.name,
    algebra: ALGEBRA_INPUTS.map((input) => computeAlgebra(backend, input)),
    protocol: PROTOCOL_INPUTS.map((input) => computeProtocol(backend, input)),
  };
}
