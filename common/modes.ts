/**
 * How partitions are encrypted. `hybrid`: K_i = Z^{r_i} is a KEM output keying an AEAD (the default).
 * `literal`: the paper's multiplicative masking of 64-byte chunks — insecure: anyone holding the
 * ciphertext recovers the plaintext without a key (docs/security-notes.md). The model's knowledge rules
 * depend on it, so it is shared vocabulary.
 */
export const CIPHER_MODES = ['hybrid', 'literal'] as const;
export type CipherMode = (typeof CIPHER_MODES)[number];
