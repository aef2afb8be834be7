/**
 * SeSPHR's proxy re-encryption core (§3.3, Eqs. 5–22): the AFGH-2006 unidirectional scheme on
 * BLS12-381, mapped as in docs/architecture.md ("The scheme on BLS12-381"). Pure functions over a backend; no policy lives here — who may
 * receive what is the model's decision (model/), not the algebra's.
 */
import type { G1, G2, GT, PairingBackend } from './backend/types.ts';
import type { Rng } from './rng.ts';
import { randomScalar, type Scalar, scalarInverse, scalarMul } from './scalar.ts';
import { type PreKeyPair, PreSecretKey } from './types.ts';

/** Eq. 5: x ←$ Z_q*, PK = g2^x. (Paper: run by the SRS for everyone; hardened: by each party.) */
export function generatePreKeyPair(backend: PairingBackend, principal: string, rng: Rng): PreKeyPair {
  const x = randomScalar(rng);
  return { principal, secretKey: new PreSecretKey(x), publicKey: backend.g2MulBase(x) };
}

export function derivePublicKey(backend: PairingBackend, secretKey: PreSecretKey): G2 {
  return backend.g2MulBase(secretKey.scalar);
}

/** Eqs. 6–9: one fresh r per access level; K = Z^r keys (hybrid) or masks (literal) the level's partitions. */
export function drawLevelSecret(rng: Rng): Scalar {
  return randomScalar(rng);
}

export function levelDataKey(backend: PairingBackend, r: Scalar): GT {
  return backend.gtPowBase(r);
}

/** Eqs. 10–13: R_{i-P} = g1^{r_i · x_P}. */
export function ownerParameter(backend: PairingBackend, r: Scalar, owner: PreSecretKey): G1 {
  return backend.g1MulBase(scalarMul(r, owner.scalar));
}

/** Eqs. 15–16 as published: the SRS, holding both secret keys, computes RK_{P→U} = g2^{x_U / x_P}. */
export function reKeyFromSecrets(backend: PairingBackend, owner: PreSecretKey, user: PreSecretKey): G2 {
  return backend.g2MulBase(scalarMul(user.scalar, scalarInverse(owner.scalar)));
}

/** Hardened: the owner computes RK_{P→U} = PK_U^{1/x_P} from the user's public key alone (AFGH). */
export function reKeyFromPublic(backend: PairingBackend, owner: PreSecretKey, userPublicKey: G2): G2 {
  return backend.g2Mul(userPublicKey, scalarInverse(owner.scalar));
}

/** Eq. 17: R_{i-U} = e(R_{i-P}, RK_{P→U}) = Z^{r_i · x_U}. */
export function reEncrypt(backend: PairingBackend, rP: G1, rk: G2): GT {
  return backend.pairing(rP, rk);
}

/** Eqs. 19–22: K_i = R_{i-U}^{1/x_U} = Z^{r_i}. */
export function userDataKey(backend: PairingBackend, rU: GT, user: PreSecretKey): GT {
  return backend.gtPow(rU, scalarInverse(user.scalar));
}

/**
 * K_i = e(R_{i-P}, g2)^{1/x_P} = Z^{r_i}: how the owner recovers its own data key without keeping r —
 * and, in the paper variant, how anyone holding x_P (the SRS) does too (docs/architecture.md, "Variants").
 */
export function ownerDataKey(backend: PairingBackend, rP: G1, owner: PreSecretKey): GT {
  return backend.pairing(backend.g1Mul(rP, scalarInverse(owner.scalar)), backend.g2MulBase(1n as Scalar));
}
