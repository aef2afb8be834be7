/**
 * Paper-literal ciphertexts opened without any key (docs/security-notes.md, "Paper-literal mode has no
 * confidentiality"). Library code on purpose: the simulator's decryption oracle runs it on every
 * literal-mode ciphertext a principal holds, and the tests run it on real uploads.
 *
 * The algebra, in the tower of constants.ts (Fp2 = Fp[u]/(u² + 1), Fp6 = Fp2[v]/(v³ − (u + 1)),
 * Fp12 = Fp6[w]/(w² − v)): conjugation conj(c0 + c1·w) = c0 − c1·w is the p^6-power Frobenius, and
 * for K ∈ GT it is inversion, K^{p^6} = K^{-1}, because q divides Φ12(p), which divides p^6 + 1.
 * literal.ts embeds a chunk m = a ‖ b (two 32-byte big-endian halves) as M = (a + b·u) + v, an element of
 * the Fp6 half c0, so conj(M) = M. For a block C = M·K therefore
 *
 *   N = C · conj(C) = M · K · M · K^{-1} = M² = (a + b·u)² + 2·(a + b·u)·v + v²,
 *
 * and the v-coefficient of N is 2·(a + b·u): a = N.c0.c1.c0 / 2 and b = N.c0.c1.c1 / 2 (limbs 2 and 3 of
 * the canonical encoding). The other limbs confirm the shape (v² has coefficient 1, c1 = 0, and the
 * constant term is (a + b·u)²). Then K = C · M^{-1}, the level's data key. One Fp12 multiplication per
 * block for the plaintext, one more to check that every block is masked by the same K.
 */
import type { Fp12, GT, PairingBackend } from '../backend/types.ts';
import { bytesToNumberBE, equalBytes, numberToBytesBE } from '../bytes.ts';
import { FIELD_MODULUS, FP_BYTES, GT_BYTES, LITERAL_CHUNK_BYTES } from '../constants.ts';
import { ArgumentError, IntegrityError } from '../errors.ts';
import { embedLiteralChunk, literalMask, trimLiteralPadding } from '../literal.ts';
import { findPartition } from '../phr.ts';
import type { EncryptedFile, EncryptedPartition } from '../types.ts';

const LIMBS = GT_BYTES / FP_BYTES;
const HALF_CHUNK = LITERAL_CHUNK_BYTES / 2;
const HALF_CHUNK_BOUND = 1n << BigInt(8 * HALF_CHUNK);
/** Limb indices of N = M² in the canonical order: (a + b·u)² at 0–1, 2(a + b·u) at 2–3, v² at 4–5. */
const SQUARE_RE = 0;
const SQUARE_IM = 1;
const DOUBLE_RE = 2;
const DOUBLE_IM = 3;
const V_SQUARED = 4;

const p = FIELD_MODULUS;
const mod = (x: bigint) => ((x % p) + p) % p;
const halve = (x: bigint) => ((x & 1n) === 0n ? x : x + p) >> 1n;

function limbs(bytes: Uint8Array): bigint[] {
  return Array.from({ length: LIMBS }, (_, i) =>
    bytesToNumberBE(bytes.subarray(i * FP_BYTES, (i + 1) * FP_BYTES)),
  );
}

/** conj(c0 + c1·w) = c0 − c1·w on the canonical encoding: the last six limbs negated mod p. */
function conjugateEncoding(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  for (let i = LIMBS / 2; i < LIMBS; i++) {
    const limb = bytesToNumberBE(bytes.subarray(i * FP_BYTES, (i + 1) * FP_BYTES));
    out.set(numberToBytesBE(limb === 0n ? 0n : p - limb, FP_BYTES), i * FP_BYTES);
  }
  return out;
}

/**
 * The 64-byte chunk masked in one literal block, from the block alone. IntegrityError when C·conj(C) does
 * not have the shape M² of an embedded chunk (the block was altered, or is not a literal block).
 */
export function recoverLiteralChunk(backend: PairingBackend, block: Uint8Array, field: string): Uint8Array {
  const c = backend.fp12Decode(block, field);
  const n = limbs(
    backend.fp12Encode(backend.fp12Mul(c, backend.fp12Decode(conjugateEncoding(block), field))),
  );
  const a = halve(n[DOUBLE_RE] as bigint);
  const b = halve(n[DOUBLE_IM] as bigint);
  const shaped =
    a < HALF_CHUNK_BOUND &&
    b < HALF_CHUNK_BOUND &&
    n[V_SQUARED] === 1n &&
    n.every((limb, i) => i <= V_SQUARED || limb === 0n) &&
    n[SQUARE_RE] === mod(a * a - b * b) &&
    n[SQUARE_IM] === mod(2n * a * b);
  if (!shaped) {
    throw new IntegrityError(
      field,
      'C·conj(C) is not M² for an embedded chunk M (altered or not a literal block)',
    );
  }
  const chunk = new Uint8Array(LITERAL_CHUNK_BYTES);
  chunk.set(numberToBytesBE(a, HALF_CHUNK), 0);
  chunk.set(numberToBytesBE(b, HALF_CHUNK), HALF_CHUNK);
  return chunk;
}

function literalPartition(
  file: EncryptedFile,
  label: string,
): { partition: EncryptedPartition; subject: string } {
  if (file.header.mode !== 'literal') {
    throw new ArgumentError('file', 'not a paper-literal file (hybrid ciphertexts do not contain their key)');
  }
  const partition = findPartition(file, label);
  const subject = `partition "${label}" of ${file.header.ownerId}/${file.header.fileId}@${file.header.version}`;
  return { partition, subject };
}

interface Unmasked {
  readonly plaintext: Uint8Array;
  /** C_0 · M_0^{-1}; undefined for an empty partition (no block). */
  readonly mask: Fp12 | undefined;
}

function unmask(backend: PairingBackend, file: EncryptedFile, label: string): Unmasked {
  const { partition, subject } = literalPartition(file, label);
  const blocks = partition.ciphertext.length / GT_BYTES;
  if (!Number.isInteger(blocks)) throw new IntegrityError(subject, 'not a whole number of Fp12 blocks');
  const out = new Uint8Array(blocks * LITERAL_CHUNK_BYTES);
  let mask: Fp12 | undefined;
  for (let j = 0; j < blocks; j++) {
    const field = `${subject}.block[${j}]`;
    const block = partition.ciphertext.subarray(j * GT_BYTES, (j + 1) * GT_BYTES);
    const chunk = recoverLiteralChunk(backend, block, field);
    const m = backend.fp12Decode(embedLiteralChunk(chunk), field);
    if (mask === undefined) {
      mask = backend.fp12Mul(backend.fp12Decode(block, field), backend.fp12Inv(m));
    } else if (!equalBytes(backend.fp12Encode(backend.fp12Mul(m, mask)), block)) {
      throw new IntegrityError(field, 'masked under another key than block 0 (spliced blocks)');
    }
    out.set(chunk, j * LITERAL_CHUNK_BYTES);
  }
  return { plaintext: trimLiteralPadding(out, partition.plaintextLength, subject), mask };
}

/**
 * The plaintext of a literal-mode partition, from the ciphertext alone — no secret key, no R. Typed
 * failures: ArgumentError for a hybrid file or an unknown label; IntegrityError when a block is not a
 * masked chunk, the blocks are not all masked by one K, or the padding is not zero.
 */
export function recoverLiteralPartition(
  backend: PairingBackend,
  file: EncryptedFile,
  label: string,
): Uint8Array {
  return unmask(backend, file, label).plaintext;
}

/**
 * The level's data key K = Z^r = C · M^{-1}, from the ciphertext alone, checked to lie in GT (by the one
 * GT decoder). It opens every partition of the level, with `decryptPartition`. An empty partition has
 * no block to divide: ArgumentError.
 */
export function recoverLiteralDataKey(backend: PairingBackend, file: EncryptedFile, label: string): GT {
  const { mask } = unmask(backend, file, label);
  if (mask === undefined)
    throw new ArgumentError('label', `partition "${label}" is empty: no block to divide`);
  return backend.gtDecode(backend.fp12Encode(mask), `recovered K of partition "${label}"`);
}

/**
 * Malleability without the key: a copy of `file` whose partition `label` decrypts, under the owner's
 * unknown K, to `plaintext` (K recovered from the ciphertext, then the new chunks masked with it).
 * Only a signed manifest tells the two files apart.
 */
export function forgeLiteralPartition(
  backend: PairingBackend,
  file: EncryptedFile,
  label: string,
  plaintext: Uint8Array,
): EncryptedFile {
  const key = recoverLiteralDataKey(backend, file, label);
  return {
    header: file.header,
    partitions: file.partitions.map((p) =>
      p.label === label
        ? { ...p, plaintextLength: plaintext.length, ciphertext: literalMask(backend, key, plaintext) }
        : p,
    ),
  };
}
