/**
 * The primitive operations the protocol steps are made of, each timed on its own: group operations and
 * pairings per backend, the fast GT membership test and its generic reference, Ed25519, SHA-256, HKDF,
 * AES-256-GCM (node:crypto, the fastest AEAD available here) and the file system. A step's floor is the
 * sum of the primitives it needs (floors.ts); measuring them in the same run as the step makes the
 * overhead a ratio of numbers taken side by side.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AEADS } from '../crypto/aead.ts';
import { type BackendName, loadBackend, type PairingBackend } from '../crypto/backend/index.ts';
import { mclFp12Ops } from '../crypto/backend/mcl.ts';
import { nobleFp12Ops } from '../crypto/backend/noble.ts';
import { type Fp12Ops, isInGtGeneric } from '../crypto/backend/shared.ts';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from '../crypto/ed25519.ts';
import { hkdfSha256 } from '../crypto/kdf.ts';
import { deterministicRng } from '../crypto/rng.ts';
import { randomScalar, type Scalar } from '../crypto/scalar.ts';
import type { SuiteContext } from './context.ts';
import { figure, sample } from './measure.ts';
import type { Figure } from './results.ts';

export const MIB = 1 << 20;

/** The pairing-group primitives, per backend. */
export const GROUP_PRIMITIVES = [
  'g1MulBase',
  'g1Mul',
  'g2MulBase',
  'pairing',
  'gtPowBase',
  'gtPow',
  'gtDecode',
  'gtCheckGeneric',
] as const;
export type GroupPrimitive = (typeof GROUP_PRIMITIVES)[number];

/** Backend-independent primitives; the throughput ones are per MiB. */
export const OTHER_PRIMITIVES = [
  'ed25519Sign',
  'ed25519Verify',
  'sha256PerMiB',
  'aesGcmSealPerMiB',
  'aesGcmOpenPerMiB',
  'hkdf',
] as const;
export type OtherPrimitive = (typeof OTHER_PRIMITIVES)[number];

const POOL = 8;
const scalarRng = deterministicRng('sesphr/bench/primitives');
const SCALARS: readonly Scalar[] = Array.from({ length: POOL }, () => randomScalar(scalarRng));

function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length] as T;
}

const FP12_OPS: Record<BackendName, Fp12Ops<unknown>> = {
  noble: nobleFp12Ops as Fp12Ops<unknown>,
  mcl: mclFp12Ops as Fp12Ops<unknown>,
};

function groupTask(backend: PairingBackend, name: GroupPrimitive): () => unknown {
  const k = cycle(SCALARS);
  const g1 = SCALARS.map((s) => backend.g1MulBase(s));
  const g2 = SCALARS.map((s) => backend.g2MulBase(s));
  const gt = SCALARS.map((s) => backend.gtPowBase(s));
  const gtBytes = gt.map((x) => backend.fp12Encode(x));
  const pick1 = cycle(g1);
  const pick2 = cycle(g2);
  const pickT = cycle(gt);
  const pickBytes = cycle(gtBytes);
  const ops = FP12_OPS[backend.name];
  const decoded = gtBytes.map((b) => ops.fromCanonical(b));
  const pickDecoded = cycle(decoded);
  switch (name) {
    case 'g1MulBase':
      return () => backend.g1MulBase(k());
    case 'g1Mul':
      return () => backend.g1Mul(pick1(), k());
    case 'g2MulBase':
      return () => backend.g2MulBase(k());
    case 'pairing':
      return () => backend.pairing(pick1(), pick2());
    case 'gtPowBase':
      return () => backend.gtPowBase(k());
    case 'gtPow':
      return () => backend.gtPow(pickT(), k());
    case 'gtDecode':
      return () => backend.gtDecode(pickBytes(), 'bench');
    case 'gtCheckGeneric':
      return () => {
        if (!isInGtGeneric(pickDecoded(), ops)) throw new Error('a GT element failed the generic check');
      };
  }
}

const GROUP_TITLES: Record<GroupPrimitive, string> = {
  g1MulBase: 'G1 fixed-base multiplication',
  g1Mul: 'G1 variable-base multiplication',
  g2MulBase: 'G2 fixed-base multiplication',
  pairing: 'pairing e(G1, G2)',
  gtPowBase: 'GT fixed-base exponentiation (Z^k)',
  gtPow: 'GT variable-base exponentiation',
  gtDecode: 'GT decode with the fast membership test',
  gtCheckGeneric: 'GT membership, generic x^q = 1 (reference)',
};

const SIGN_SEED = new Uint8Array(32).fill(7);
const SIGN_PUBLIC = ed25519PublicKey(SIGN_SEED);
/** About the size of what SeSPHR signs (a manifest of four partitions, an R_{i-U} message). */
const SIGNED_MESSAGE = new Uint8Array(randomBytes(640));
const SIGNATURE = ed25519Sign(SIGNED_MESSAGE, SIGN_SEED);
const AES = AEADS['aes-256-gcm'];
const AES_KEY = new Uint8Array(32).fill(1);
const AES_NONCE = new Uint8Array(12).fill(2);
const AAD = new Uint8Array(64);

function otherTask(name: OtherPrimitive): () => unknown {
  switch (name) {
    case 'ed25519Sign':
      return () => ed25519Sign(SIGNED_MESSAGE, SIGN_SEED);
    case 'ed25519Verify':
      return () => {
        if (!ed25519Verify(SIGNATURE, SIGNED_MESSAGE, SIGN_PUBLIC))
          throw new Error('signature did not verify');
      };
    case 'sha256PerMiB': {
      const data = new Uint8Array(randomBytes(MIB));
      return () => createHash('sha256').update(data).digest();
    }
    case 'aesGcmSealPerMiB': {
      const data = new Uint8Array(randomBytes(MIB));
      return () => AES.seal(AES_KEY, AES_NONCE, AAD, data);
    }
    case 'aesGcmOpenPerMiB': {
      const sealed = AES.seal(AES_KEY, AES_NONCE, AAD, new Uint8Array(randomBytes(MIB)));
      return () => AES.open(AES_KEY, AES_NONCE, AAD, sealed, 'bench');
    }
    case 'hkdf': {
      const ikm = new Uint8Array(576).fill(3);
      const salt = new Uint8Array(32);
      const info = new Uint8Array(96);
      return () => hkdfSha256(ikm, salt, info, 32);
    }
  }
}

const OTHER_TITLES: Record<OtherPrimitive, string> = {
  ed25519Sign: 'Ed25519 sign (640 B)',
  ed25519Verify: 'Ed25519 verify (640 B)',
  sha256PerMiB: 'SHA-256 of 1 MiB (node:crypto)',
  aesGcmSealPerMiB: 'AES-256-GCM seal of 1 MiB (node:crypto)',
  aesGcmOpenPerMiB: 'AES-256-GCM open of 1 MiB (node:crypto)',
  hkdf: 'HKDF-SHA256, one 32-byte key',
};

/** A group primitive's figure, measured once per run (cached in the context). */
export function groupPrimitive(
  ctx: SuiteContext,
  backend: BackendName,
  name: GroupPrimitive,
): Promise<Figure> {
  return ctx.once(`primitive.${name}.${backend}`, async () => {
    const b = await loadBackend(backend);
    ctx.task(`primitive ${name} [${backend}]`);
    const task = groupTask(b, name);
    const samples = await sample(`${name} [${backend}]`, task, ctx.budget('fast'));
    return figure('primitives', `primitive.${name}.${backend}`, GROUP_TITLES[name], { backend }, samples);
  });
}

export function otherPrimitive(ctx: SuiteContext, name: OtherPrimitive): Promise<Figure> {
  return ctx.once(`primitive.${name}`, async () => {
    ctx.task(`primitive ${name}`);
    const samples = await sample(name, otherTask(name), ctx.budget('fast'));
    return figure('primitives', `primitive.${name}`, OTHER_TITLES[name], {}, samples);
  });
}

/** Writing `bytes` bytes to a new file and fsyncing it, then reading it back: the cloud store's floor. */
export function fileWrite(ctx: SuiteContext, bytes: number): Promise<Figure> {
  return ctx.once(`primitive.fsWriteFsync.${bytes}`, async () => {
    ctx.task(`primitive write+fsync ${bytes} B`);
    const data = new Uint8Array(randomBytes(bytes));
    const path = join(ctx.workDir, `floor-${bytes}.bin`);
    const samples = await sample(
      `write+fsync ${bytes} B`,
      () => {
        const fd = openSync(path, 'w');
        try {
          writeSync(fd, data);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      },
      ctx.budget('io'),
    );
    rmSync(path, { force: true });
    return figure(
      'primitives',
      `primitive.fsWriteFsync.${bytes}`,
      `write + fsync of one ${bytes}-byte file`,
      { bytes },
      samples,
    );
  });
}

export function fileRead(ctx: SuiteContext, bytes: number): Promise<Figure> {
  return ctx.once(`primitive.fsRead.${bytes}`, async () => {
    ctx.task(`primitive read ${bytes} B`);
    const path = join(ctx.workDir, `floor-read-${bytes}.bin`);
    const fd = openSync(path, 'w');
    writeSync(fd, new Uint8Array(randomBytes(bytes)));
    fsyncSync(fd);
    closeSync(fd);
    const samples = await sample(`read ${bytes} B`, () => readFileSync(path), ctx.budget('io'));
    rmSync(path, { force: true });
    return figure(
      'primitives',
      `primitive.fsRead.${bytes}`,
      `read of one ${bytes}-byte file`,
      { bytes },
      samples,
    );
  });
}
