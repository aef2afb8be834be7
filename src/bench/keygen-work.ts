/** Key generation for `count` users (Eq. 5) in one variant: the work the keygen suite times. */
import type { PairingBackend } from '../crypto/backend/index.ts';
import { DataUser, PaperSrs } from '../crypto/parties.ts';
import type { Variant } from '../crypto/types.ts';

/**
 * paper: one SRS generates, keeps and encodes a key pair for every user (Gen_Keys + Send_Keys,
 * Eqs. 23–24); hardened: every user generates its own key pair. `prefix` keeps principals distinct.
 */
export function generateKeys(
  backend: PairingBackend,
  variant: Variant,
  count: number,
  prefix: string,
): number {
  let generated = 0;
  if (variant === 'paper') {
    const srs = new PaperSrs(backend, { ownerSigningKeys: new Map() });
    for (let i = 0; i < count; i++) if (srs.enroll(`${prefix}${i}`).length > 0) generated++;
  } else {
    for (let i = 0; i < count; i++) if (DataUser.generate(backend, `${prefix}${i}`).id) generated++;
  }
  if (generated !== count) throw new Error(`generated ${generated} key pairs, expected ${count}`);
  return generated;
}
