/**
 * Constants and encodings of the SeSPHR instantiation, stated once.
 *
 * Curve: BLS12-381 (asymmetric pairing e: G1 × G2 → GT). The paper's symmetric setting maps as in
 * docs/architecture.md: PK ∈ G2, R_{i-P} ∈ G1, RK ∈ G2, R_{i-U} ∈ GT, K_i = Z^{r_i} with Z = e(g1, g2).
 */

/** Order q of G1, G2 and GT (the scalar field Fr). */
export const CURVE_ORDER = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

/** Base-field modulus p of BLS12-381. */
export const FIELD_MODULUS =
  0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn;

/**
 * The BLS12 curve parameter u (also called x or z) of BLS12-381: q = u⁴ − u² + 1 and
 * p = (u − 1)²·q / 3 + u, so p ≡ u (mod q). The fast GT membership test (backend/shared.ts) rests on it.
 */
export const BLS_PARAMETER = -0xd201000000010000n;

/** Big-endian scalar encoding length (Fr elements fit 255 bits). */
export const SCALAR_BYTES = 32;
/** Base-field element length in bytes (381 bits, big-endian). */
export const FP_BYTES = 48;
/** Compressed G1 point (ZCash / IETF encoding, as produced by noble `toBytes(true)`). */
export const G1_BYTES = 48;
/** Compressed G2 point (ZCash / IETF encoding). */
export const G2_BYTES = 96;
/**
 * The generators g1 and g2, compressed (draft-irtf-cfrg-pairing-friendly-curves-11 §4.2.1, ZCash
 * serialization; the k = 1 records of test/vectors/external/bls12-381.json, which
 * test/crypto/known-answers.test.ts checks every backend's g1MulBase(1) and g2MulBase(1) against). The mcl
 * backend starts from these bytes: asking noble for its base points' encodings runs noble's subgroup check
 * on G2, a tenth of a process's start.
 */
export const G1_GENERATOR_HEX =
  '97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb';
export const G2_GENERATOR_HEX =
  '93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e' +
  '024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8';
/**
 * Canonical GT / Fp12 encoding: twelve big-endian 48-byte Fp limbs in the tower order
 * c0.c0.c0, c0.c0.c1, c0.c1.c0, …, c1.c2.c1 (the order of noble's `Fp12.toBytes`).
 * mcl serializes the same limbs with the two halves of every Fp2 swapped; the mcl backend converts.
 */
export const GT_BYTES = 12 * FP_BYTES;

/** Ed25519 manifest-signing keys and signatures. */
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SECRET_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/** SHA-256 digest length. */
export const SHA256_BYTES = 32;

/** Paper-literal mode masks the plaintext in 64-byte chunks (the paper's prototype, §6). */
export const LITERAL_CHUNK_BYTES = 64;

/** Domain-separation labels. Every hash or KDF call names its purpose here and nowhere else. */
export const DST = {
  /** HKDF salt for the hybrid KEM/DEM key derivation (K_i → AEAD key). */
  hybridKdfSalt: 'sesphr/v1/hybrid-kdf-salt',
  /** HKDF info prefix; the partition context follows. */
  hybridKdfInfo: 'sesphr/v1/hybrid-aead-key',
  /** AAD prefix for partition ciphertexts. */
  partitionAad: 'sesphr/v1/partition-aad',
  /** Ed25519 signature context for manifests of format 1 (wire kind 9, retired; docs/wire-format.md). */
  manifestSignature: 'sesphr/v1/manifest',
  /** Ed25519 signature context for manifests of format 2 (wire kind 14: with the storage commitment). */
  manifestSignatureV2: 'sesphr/v2/manifest',
  /** Ed25519 signature context for the audit log's signed tree heads (wire kind 15; docs/audit.md). */
  treeHeadSignature: 'sesphr/v1/audit-tree-head',
  /** Ed25519 signature context for the time server's tokens. */
  timeTokenSignature: 'sesphr/v1/time-token',
  /** Ed25519 signature context for an owner's R_{i-P} message to the SRS (Send_Ri, Eq. 29). */
  ownerParametersSignature: 'sesphr/v1/owner-parameters',
  /** Ed25519 signature context for an owner's RK_{P→U} message to the SRS (hardened variant). */
  reKeySignature: 'sesphr/v1/re-key',
  /** Ed25519 signature context for the SRS's R_{i-U} message to a user (D_R_S, Eq. 31). */
  reEncryptedParameterSignature: 'sesphr/v1/re-encrypted-parameter',
  /** Deterministic RNG (test vectors, seeded simulation). */
  deterministicRng: 'sesphr/v1/deterministic-rng',
} as const;

export { DEFAULT_PARTITIONS } from '../../common/partitions.ts';
