/**
 * Paper-literal mode has no confidentiality (docs/security-notes.md): from the ciphertext alone — bytes a
 * cloud insider or any reader of C holds, no secret key, no R — every chunk of every partition falls out
 * of C·conj(C) = M², and K = C·M^{-1} opens the level. The attack code is src/crypto/attacks/
 * literal-recovery.ts; here it runs on real uploads (PaperOwner / HardenedOwner, both backends).
 */

import { readFileSync } from 'node:fs';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  forgeLiteralPartition,
  recoverLiteralChunk,
  recoverLiteralDataKey,
  recoverLiteralPartition,
} from '../../src/crypto/attacks/literal-recovery.ts';
import {
  BACKEND_NAMES,
  type BackendName,
  type GT,
  loadBackend,
  type PairingBackend,
} from '../../src/crypto/backend/index.ts';
import { bytesToHex, hexToBytes, utf8 } from '../../src/crypto/bytes.ts';
import { CURVE_ORDER, GT_BYTES } from '../../src/crypto/constants.ts';
import { ArgumentError, IntegrityError } from '../../src/crypto/errors.ts';
import { embedLiteralChunk } from '../../src/crypto/literal.ts';
import {
  DataUser,
  HardenedOwner,
  openVerified,
  PaperOwner,
  PaperSrs,
  type Upload,
} from '../../src/crypto/parties.ts';
import { decryptPartition, type PartitionPlaintext } from '../../src/crypto/phr.ts';
import { ownerDataKey } from '../../src/crypto/pre.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import type { EncryptedFile, PreSecretKey, Variant } from '../../src/crypto/types.ts';
import {
  decodeEncryptedFile,
  decodePreSecretKey,
  decodeSignedOwnerParameters,
  encodeEncryptedFile,
} from '../../src/crypto/wire/formats.ts';
import type { VectorFile } from '../vectors/vectors.ts';

const WINDOW = { notBefore: 1_700_000_000, notAfter: 1_800_000_000 };
/** Whole chunks, a short tail, an empty partition, and two partitions sharing level 1. */
const SIZES = [0, 1, 63, 64, 65, 130, 1000, 4096] as const;

const backends = {} as Record<BackendName, PairingBackend>;
beforeAll(async () => {
  for (const name of BACKEND_NAMES) backends[name] = await loadBackend(name);
});

const data = (tag: string, size: number) => deterministicRng(`literal-attack/${tag}/${size}`)(size).slice();

function partitions(tag: string): PartitionPlaintext[] {
  return SIZES.map((size, i) => ({ label: `p${size}`, accessLevel: i % 3, data: data(tag, size) }));
}

interface Uploaded {
  readonly upload: Upload;
  readonly owner: PaperOwner | HardenedOwner;
  readonly plaintexts: PartitionPlaintext[];
  /** Paper variant: the owner's x_P, from the SRS's enrollment message (the hardened owner keeps it). */
  readonly ownerSecret: PreSecretKey | undefined;
}

function uploadLiteral(backend: PairingBackend, variant: Variant, tag: string): Uploaded {
  const rng = deterministicRng(`literal-attack/${variant}/${tag}`);
  let owner: PaperOwner | HardenedOwner;
  let ownerSecret: PreSecretKey | undefined;
  if (variant === 'paper') {
    const enrollment = new PaperSrs(backend, { ownerSigningKeys: new Map(), rng }).enroll('alice');
    owner = PaperOwner.fromEnrollment(backend, enrollment, rng);
    ownerSecret = decodePreSecretKey(enrollment).secretKey;
  } else {
    owner = HardenedOwner.generate(backend, 'alice', rng);
  }
  const plaintexts = partitions(`${variant}/${tag}`);
  const upload = owner.upload(
    { fileId: 'record', version: 1, window: WINDOW, partitions: plaintexts },
    { mode: 'literal', rng, createdAt: WINDOW.notBefore },
  );
  return { upload, owner, plaintexts, ownerSecret };
}

/** The owner's own K for a level (from R_{i-P} and x_P, Eqs. 19–22): what the attack must reproduce. */
function ownerKey(backend: PairingBackend, u: Uploaded, level: number): GT {
  const { parameters } = decodeSignedOwnerParameters(backend, u.upload.parameters);
  const rP = parameters.levels.find((l) => l.accessLevel === level)?.rP;
  if (!rP || !u.ownerSecret) throw new Error(`no owner key for level ${level}`);
  return ownerDataKey(backend, rP, u.ownerSecret);
}

for (const name of BACKEND_NAMES) {
  for (const variant of ['paper', 'hardened'] as const) {
    describe(`${name}, ${variant}: a literal upload, attacked with no key at all`, () => {
      let u: Uploaded;
      let file: EncryptedFile;
      beforeAll(() => {
        u = uploadLiteral(backends[name], variant, name);
        file = decodeEncryptedFile(u.upload.file);
      });

      it('(a) every partition’s plaintext is recovered exactly, sizes 0 B … 4 KiB', () => {
        const started = performance.now();
        for (const p of u.plaintexts) {
          const recovered = recoverLiteralPartition(backends[name], file, p.label);
          expect(bytesToHex(recovered), p.label).toBe(bytesToHex(p.data));
        }
        const blocks = file.partitions.reduce((n, p) => n + p.ciphertext.length / GT_BYTES, 0);
        console.info(
          `${name}: ${blocks} blocks recovered in ${(performance.now() - started).toFixed(1)} ms (${variant})`,
        );
      });

      it('(b) decryptPartition accepts the recovered K for every partition of the level (paper: it is the owner’s K)', () => {
        for (const level of [0, 1, 2]) {
          const withBlocks = u.plaintexts.find(
            (p) => p.accessLevel === level && p.data.length > 0,
          ) as PartitionPlaintext;
          const key = recoverLiteralDataKey(backends[name], file, withBlocks.label);
          if (variant === 'paper') {
            expect(bytesToHex(backends[name].fp12Encode(key))).toBe(
              bytesToHex(backends[name].fp12Encode(ownerKey(backends[name], u, level))),
            );
          }
          for (const p of u.plaintexts.filter((q) => q.accessLevel === level)) {
            expect(bytesToHex(decryptPartition(backends[name], file, p.label, key)), p.label).toBe(
              bytesToHex(p.data),
            );
          }
        }
      });

      it('(c) malleability: a forged ciphertext decrypts to attacker-chosen text, the manifest path refuses it', () => {
        const chosen = utf8('Diagnosis: none. Prescription: whatever the attacker wants, 2 chunks+.');
        const target = 'p130';
        const forged = forgeLiteralPartition(backends[name], file, target, chosen);
        const forgedBytes = encodeEncryptedFile(forged);
        const level = file.partitions.find((p) => p.label === target)?.accessLevel as number;
        // The level's key: the owner's (paper), or the one that (b) shows opens the original (hardened).
        const realKey =
          variant === 'paper'
            ? ownerKey(backends[name], u, level)
            : recoverLiteralDataKey(backends[name], file, target);
        // Without the manifest, that key opens the forgery to the attacker's text.
        expect(
          bytesToHex(decryptPartition(backends[name], decodeEncryptedFile(forgedBytes), target, realKey)),
        ).toBe(bytesToHex(chosen));
        // The manifest-checked paths refuse it: openVerified, and a user's decryptDownload.
        const signingKey = u.owner.signingPublicKey();
        expect(() => openVerified(forgedBytes, u.upload.manifest, signingKey)).toThrow(IntegrityError);
        expect(() => u.owner.readOwn({ ...u.upload, file: forgedBytes }, target)).toThrow(IntegrityError);
        expect(openVerified(u.upload.file, u.upload.manifest, signingKey).header.mode).toBe('literal');
      });

      it('typed failures: an altered block, spliced blocks, a hybrid file, an empty partition’s K', () => {
        const target = file.partitions.find(
          (p) => p.label === 'p1000',
        ) as EncryptedFile['partitions'][number];
        const altered = target.ciphertext.slice();
        altered[GT_BYTES + 100] = (altered[GT_BYTES + 100] as number) ^ 1;
        const withBlocks = (ciphertext: Uint8Array): EncryptedFile => ({
          ...file,
          partitions: file.partitions.map((p) => (p.label === 'p1000' ? { ...p, ciphertext } : p)),
        });
        expect(() => recoverLiteralPartition(backends[name], withBlocks(altered), 'p1000')).toThrow(
          IntegrityError,
        );
        // Block 1 replaced by a block of another level: each block is readable, the keys disagree.
        const other = file.partitions.find(
          (p) => p.accessLevel !== target.accessLevel && p.ciphertext.length > 0,
        );
        const spliced = target.ciphertext.slice();
        spliced.set(
          (other as EncryptedFile['partitions'][number]).ciphertext.subarray(0, GT_BYTES),
          GT_BYTES,
        );
        expect(() => recoverLiteralPartition(backends[name], withBlocks(spliced), 'p1000')).toThrow(
          IntegrityError,
        );
        expect(() => recoverLiteralDataKey(backends[name], file, 'p0')).toThrow(ArgumentError);
        expect(recoverLiteralPartition(backends[name], file, 'p0')).toEqual(new Uint8Array(0));
        const hybrid = decodeEncryptedFile(
          HardenedOwner.generate(backends[name], 'alice', deterministicRng('h')).upload(
            {
              fileId: 'h',
              version: 1,
              window: WINDOW,
              partitions: [{ label: 'x', accessLevel: 0, data: data('h', 70) }],
            },
            { rng: deterministicRng('h2') },
          ).file,
        );
        expect(() => recoverLiteralPartition(backends[name], hybrid, 'x')).toThrow(ArgumentError);
      });
    });
  }
}

describe('the literal protocol vector of test/vectors/sesphr.json gives up its plaintext', () => {
  it('without the user’s key or R_{i-U}', async () => {
    const vectors = JSON.parse(
      readFileSync(new URL('../vectors/sesphr.json', import.meta.url), 'utf8'),
    ) as VectorFile;
    const literal = vectors.protocol.find((v) => v.mode === 'literal');
    if (!literal) throw new Error('no literal protocol vector');
    const file = decodeEncryptedFile(hexToBytes(literal.file));
    for (const name of BACKEND_NAMES) {
      const backend = await loadBackend(name);
      for (const p of literal.partitions) {
        expect(bytesToHex(recoverLiteralPartition(backend, file, p.label))).toBe(p.plaintext);
      }
    }
  });
});

describe('why no embedding helps: C^q = M^q, so C reveals the coset M·GT (noble Fp12)', () => {
  it('the q-th power of a literal block equals that of its chunk and differs from another chunk’s', async () => {
    const backend = await loadBackend('noble');
    const F12 = bls12_381.fields.Fp12;
    const chunk = data('coset', 64);
    const otherChunk = chunk.slice();
    otherChunk[0] = (otherChunk[0] as number) ^ 1;
    const u = uploadLiteral(backend, 'hardened', 'coset');
    const block = decodeEncryptedFile(u.upload.file).partitions.find(
      (p) => p.ciphertext.length > 0,
    )?.ciphertext;
    if (!block) throw new Error('no block');
    const c = F12.fromBytes(block.subarray(0, GT_BYTES));
    const m = F12.fromBytes(
      embedLiteralChunk(recoverLiteralChunk(backend, block.subarray(0, GT_BYTES), 'b')),
    );
    const mOther = F12.fromBytes(embedLiteralChunk(otherChunk));
    expect(F12.eql(F12.pow(c, CURVE_ORDER), F12.pow(m, CURVE_ORDER))).toBe(true);
    expect(F12.eql(F12.pow(c, CURVE_ORDER), F12.pow(mOther, CURVE_ORDER))).toBe(false);
  });
});

describe('the user path: the legitimate reader decrypts, and refuses a forged download', () => {
  it('paper variant, mcl: decryptDownloadVerified opens the upload and refuses the forgery', () => {
    const backend = backends.mcl;
    const ownerSigningKeys = new Map<string, Uint8Array>();
    const srs = new PaperSrs(backend, { ownerSigningKeys, rng: deterministicRng('control') });
    const owner = PaperOwner.fromEnrollment(backend, srs.enroll('alice'), deterministicRng('control-o'));
    ownerSigningKeys.set('alice', owner.signingPublicKey());
    const bob = DataUser.fromEnrollment(backend, srs.enroll('bob'));
    const plain = data('control', 200);
    const upload = owner.upload(
      { fileId: 'f', version: 1, window: WINDOW, partitions: [{ label: 'x', accessLevel: 0, data: plain }] },
      { mode: 'literal' },
    );
    srs.storeParameters(upload.parameters);
    const r = srs.reEncrypt({ ownerId: 'alice', fileId: 'f', version: 1 }, 0, 'bob');
    expect(bob.decrypt(upload, owner.signingPublicKey(), srs.signingPublicKey(), r, 'x')).toEqual(plain);
    const forged = encodeEncryptedFile(
      forgeLiteralPartition(backend, decodeEncryptedFile(upload.file), 'x', utf8('attacker text')),
    );
    expect(() =>
      bob.decrypt({ ...upload, file: forged }, owner.signingPublicKey(), srs.signingPublicKey(), r, 'x'),
    ).toThrow(IntegrityError);
  });
});
