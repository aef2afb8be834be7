/**
 * The oracle's literal-mode attack (docs/security-notes.md): the plaintext of a partition recovered from
 * the ciphertext alone, C·conj(C) = M². `undefined` when the bytes are not a recoverable literal block
 * sequence (a hybrid file, an altered block).
 */
import { recoverLiteralPartition } from '../crypto/attacks/literal-recovery.ts';
import { SesphrError } from '../crypto/errors.ts';
import type { EncryptedFile } from '../crypto/types.ts';
import type { World } from './world.ts';

export function literalKeyless(world: World, file: EncryptedFile, label: string): Uint8Array | undefined {
  if (file.header.aead !== null) return undefined;
  try {
    return recoverLiteralPartition(world.backend, file, label);
  } catch (error) {
    if (error instanceof SesphrError) return undefined;
    throw error;
  }
}
