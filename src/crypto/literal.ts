/**
 * Paper-literal mode: the construction as published (§3.3, Eqs. 6–9; §6): each 64-byte chunk m_j of a
 * partition is embedded in Fp12 and masked multiplicatively, C_j = M_j · Z^{r_i}. There is no integrity
 * and the mask is malleable: INSECURE, kept only to reproduce and benchmark the paper.
 *
 * Embedding (canonical Fp12 limb order, constants.ts): limb 0 = 16 zero bytes ‖ m[0..32),
 * limb 1 = 16 zero bytes ‖ m[32..64), limb 2 = 1 (a marker that keeps M_j ≠ 0), limbs 3–11 = 0; the last
 * chunk is zero-padded. After unmasking, a block that does not have this shape (a wrong key, a corrupted
 * block) is rejected instead of returned.
 *
 * The embedding puts M in the Fp6 half c0, so conj(M) = M while conj(K) = K^{-1} for K ∈ GT: anyone can
 * compute C·conj(C) = M² and read the chunk off it (src/crypto/attacks/literal-recovery.ts,
 * docs/security-notes.md). No embedding of arbitrary bytes can fix that: C^q = M^q for every M.
 */
import type { Fp12, GT, PairingBackend } from './backend/types.ts';
import { FP_BYTES, GT_BYTES, LITERAL_CHUNK_BYTES } from './constants.ts';
import { IntegrityError } from './errors.ts';

const HALF_CHUNK = LITERAL_CHUNK_BYTES / 2;
const LIMB_PAD = FP_BYTES - HALF_CHUNK;
const MARKER_OFFSET = 3 * FP_BYTES - 1;

/** The canonical Fp12 encoding of the embedded 64-byte chunk M. */
export function embedLiteralChunk(chunk: Uint8Array): Uint8Array {
  const block = new Uint8Array(GT_BYTES);
  block.set(chunk.subarray(0, HALF_CHUNK), LIMB_PAD);
  block.set(chunk.subarray(HALF_CHUNK, LITERAL_CHUNK_BYTES), FP_BYTES + LIMB_PAD);
  block[MARKER_OFFSET] = 1;
  return block;
}

/** The 64-byte chunk embedded in `block` (canonical Fp12 bytes), or an IntegrityError if it has another shape. */
export function extractLiteralChunk(block: Uint8Array, subject: string): Uint8Array {
  for (let i = 0; i < GT_BYTES; i++) {
    const isPayload = (i >= LIMB_PAD && i < FP_BYTES) || (i >= FP_BYTES + LIMB_PAD && i < 2 * FP_BYTES);
    if (isPayload) continue;
    if (block[i] !== (i === MARKER_OFFSET ? 1 : 0)) {
      throw new IntegrityError(
        subject,
        'block does not unmask to an embedded chunk (wrong key or corrupted block)',
      );
    }
  }
  const chunk = new Uint8Array(LITERAL_CHUNK_BYTES);
  chunk.set(block.subarray(LIMB_PAD, FP_BYTES), 0);
  chunk.set(block.subarray(FP_BYTES + LIMB_PAD, 2 * FP_BYTES), HALF_CHUNK);
  return chunk;
}

export function literalMask(backend: PairingBackend, dataKey: GT, plaintext: Uint8Array): Uint8Array {
  const chunks = Math.ceil(plaintext.length / LITERAL_CHUNK_BYTES);
  const out = new Uint8Array(chunks * GT_BYTES);
  const padded = new Uint8Array(LITERAL_CHUNK_BYTES);
  for (let j = 0; j < chunks; j++) {
    padded.fill(0);
    padded.set(plaintext.subarray(j * LITERAL_CHUNK_BYTES, (j + 1) * LITERAL_CHUNK_BYTES));
    const m = backend.fp12Decode(embedLiteralChunk(padded), 'literal chunk');
    out.set(backend.fp12Encode(backend.fp12Mul(m, dataKey)), j * GT_BYTES);
  }
  return out;
}

export function literalUnmask(
  backend: PairingBackend,
  dataKey: GT,
  ciphertext: Uint8Array,
  plaintextLength: number,
  subject: string,
): Uint8Array {
  const chunks = ciphertext.length / GT_BYTES;
  const out = new Uint8Array(chunks * LITERAL_CHUNK_BYTES);
  const inverse: Fp12 = backend.fp12Inv(dataKey);
  for (let j = 0; j < chunks; j++) {
    const field = `${subject}.block[${j}]`;
    const c = backend.fp12Decode(ciphertext.subarray(j * GT_BYTES, (j + 1) * GT_BYTES), field);
    out.set(
      extractLiteralChunk(backend.fp12Encode(backend.fp12Mul(c, inverse)), field),
      j * LITERAL_CHUNK_BYTES,
    );
  }
  return trimLiteralPadding(out, plaintextLength, subject);
}

/** The first `plaintextLength` bytes of the unmasked chunks; the zero padding after them is checked. */
export function trimLiteralPadding(chunks: Uint8Array, plaintextLength: number, subject: string): Uint8Array {
  if (chunks.subarray(plaintextLength).some((byte) => byte !== 0)) {
    throw new IntegrityError(subject, 'non-zero padding after the stated plaintext length');
  }
  return chunks.slice(0, plaintextLength);
}
