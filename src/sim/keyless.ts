/** The oracle's literal-mode attack: recovering a partition from its ciphertext alone. */
import type { EncryptedFile } from '../crypto/types.ts';
import type { World } from './world.ts';

export function literalKeyless(_world: World, _file: EncryptedFile, _label: string): Uint8Array | undefined {
  throw new Error('the literal-mode keyless recovery is not wired into the oracle yet');
}
