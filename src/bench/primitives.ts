/**
 * The primitive operations the protocol steps are made of: group operations and pairings per backend, the
 * fast GT membership test and its generic reference, Ed25519, SHA-256, HKDF, AES-256-GCM (node:crypto, the
 * fastest AEAD available here) and the file system. Each is available two ways: as a runner (a thunk that
 * performs it once, on inputs of a given size — what a step's composite floor executes, floors.ts) and as
 * a figure (the runner timed on its own, once per run — the summed floor's cross-check).
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
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
import { SigningSecretKey } from '../crypto/types.ts';
import type { SuiteContext } from './context.ts';
import { figure, interleaved, sample } from './measure.ts';
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

/** A thunk performing `name` once on pooled inputs (a few distinct scalars and points, cycled). */
export function groupRunner(backend: PairingBackend, name: GroupPrimitive): () => unknown {
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
/** The key as a party holds it (its KeyObject is made once, as in the protocol). */
const SIGN_KEY = new SigningSecretKey(SIGN_SEED);
const SIGN_PUBLIC = ed25519PublicKey(SIGN_SEED);
/** About the size of what SeSPHR signs (a manifest of four partitions, an R_{i-U} message). */
const SIGNED_MESSAGE = new Uint8Array(randomBytes(640));
const SIGNATURE = ed25519Sign(SIGNED_MESSAGE, SIGN_KEY);
const AES = AEADS['aes-256-gcm'];
const AES_KEY = new Uint8Array(32).fill(1);
const AES_NONCE = new Uint8Array(12).fill(2);
const AAD = new Uint8Array(64);

/**
 * A thunk performing `name` once; the throughput primitives (per MiB) process `bytes` bytes per call
 * (default 1 MiB, the unit their figures are in). Each returns its result (a digest, a ciphertext, a
 * plaintext) so that a caller can check what it did.
 */
export function otherRunner(name: OtherPrimitive, bytes: number = MIB): () => unknown {
  switch (name) {
    case 'ed25519Sign':
      return () => ed25519Sign(SIGNED_MESSAGE, SIGN_KEY);
    case 'ed25519Verify':
      return () => {
        if (!ed25519Verify(SIGNATURE, SIGNED_MESSAGE, SIGN_PUBLIC))
          throw new Error('signature did not verify');
        return true;
      };
    case 'sha256PerMiB': {
      const data = new Uint8Array(randomBytes(bytes));
      return () => createHash('sha256').update(data).digest();
    }
    case 'aesGcmSealPerMiB': {
      const data = new Uint8Array(randomBytes(bytes));
      return () => AES.seal(AES_KEY, AES_NONCE, AAD, data);
    }
    case 'aesGcmOpenPerMiB': {
      const sealed = AES.seal(AES_KEY, AES_NONCE, AAD, new Uint8Array(randomBytes(bytes)));
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

/** True for the primitives whose figures are per MiB (a floor scales them by the bytes processed). */
export const isPerMiB = (name: OtherPrimitive): boolean => name.endsWith('PerMiB');

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
    const task = groupRunner(b, name);
    const samples = await sample(`${name} [${backend}]`, task, ctx.budget('fast'));
    return figure('primitives', `primitive.${name}.${backend}`, GROUP_TITLES[name], { backend }, samples);
  });
}

/**
 * The GT membership test both ways — the generic x^q = 1 and the decode with the fast test that replaced it —
 * timed interleaved in one measurement (their ratio is a headline), each cached as its primitive's figure.
 * If a suite already measured the decode on its own, that figure is kept and only the generic one is new.
 */
export async function gtMembershipSideBySide(ctx: SuiteContext, backend: BackendName): Promise<void> {
  const both = ctx.once(`sideBySide.gtMembership.${backend}`, async () => {
    const b = await loadBackend(backend);
    ctx.task(`primitives gtCheckGeneric and gtDecode interleaved [${backend}]`);
    const names = ['gtCheckGeneric', 'gtDecode'] as const;
    const samples = await interleaved(
      names.map((name) => ({ name: `${name} [${backend}]`, fn: groupRunner(b, name) })),
      ctx.budget('fast'),
    );
    return names.map((name, i) =>
      figure(
        'primitives',
        `primitive.${name}.${backend}`,
        GROUP_TITLES[name],
        { backend },
        samples[i] as number[],
      ),
    );
  });
  await ctx.once(`primitive.gtCheckGeneric.${backend}`, async () => (await both)[0] as Figure);
  await ctx.once(`primitive.gtDecode.${backend}`, async () => (await both)[1] as Figure);
}

export function otherPrimitive(ctx: SuiteContext, name: OtherPrimitive): Promise<Figure> {
  return ctx.once(`primitive.${name}`, async () => {
    ctx.task(`primitive ${name}`);
    const samples = await sample(name, otherRunner(name), ctx.budget('fast'));
    return figure('primitives', `primitive.${name}`, OTHER_TITLES[name], {}, samples);
  });
}

let nextFloorFile = 0;

/**
 * A thunk writing `bytes` bytes to a new file in `dir` and fsyncing it: the cloud store's floor per
 * upload. Each runner has its own file.
 */
export function fileWriteRunner(dir: string, bytes: number): () => unknown {
  const data = new Uint8Array(randomBytes(bytes));
  const path = join(dir, `floor-write-${bytes}-${nextFloorFile++}.bin`);
  return () => {
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return bytes;
  };
}

/** A thunk reading back one `bytes`-byte file (written, fsynced, once beforehand) from `dir`. */
export function fileReadRunner(dir: string, bytes: number): () => unknown {
  const path = join(dir, `floor-read-${bytes}-${nextFloorFile++}.bin`);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, new Uint8Array(randomBytes(bytes)));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return () => readFileSync(path);
}

/** Write + fsync of one `bytes`-byte file, timed on its own. */
export function fileWrite(ctx: SuiteContext, bytes: number): Promise<Figure> {
  return ctx.once(`primitive.fsWriteFsync.${bytes}`, async () => {
    ctx.task(`primitive write+fsync ${bytes} B`);
    const samples = await sample(
      `write+fsync ${bytes} B`,
      fileWriteRunner(ctx.workDir, bytes),
      ctx.budget('io'),
    );
    return figure(
      'primitives',
      `primitive.fsWriteFsync.${bytes}`,
      `write + fsync of one ${bytes}-byte file`,
      { bytes },
      samples,
    );
  });
}

/** Read of one `bytes`-byte file, timed on its own. */
export function fileRead(ctx: SuiteContext, bytes: number): Promise<Figure> {
  return ctx.once(`primitive.fsRead.${bytes}`, async () => {
    ctx.task(`primitive read ${bytes} B`);
    const samples = await sample(`read ${bytes} B`, fileReadRunner(ctx.workDir, bytes), ctx.budget('io'));
    return figure(
      'primitives',
      `primitive.fsRead.${bytes}`,
      `read of one ${bytes}-byte file`,
      { bytes },
      samples,
    );
  });
}
