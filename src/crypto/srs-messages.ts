/**
 * Signed messages to and from the SRS (docs/security-notes.md, "Messages to the SRS are not
 * authenticated"). Owner → SRS: R_{i-P} (Send_Ri) and, in the hardened variant, RK_{P→U}, each signed by
 * the owner's registered Ed25519 key and binding owner, file, version and level (RK: owner and user).
 * SRS → user: R_{i-U}, signed by the SRS's own key and binding owner, file, version, level and user.
 *
 * Each signature is over a DST of its own followed by the unsigned body of the message (wire kinds 5,
 * 6, 7), so a signature for one kind is never valid for another. Verification decodes, finds the
 * signer's key, and checks the signer is the principal the message names.
 */
import type { PairingBackend } from './backend/types.ts';
import { concatBytes, utf8 } from './bytes.ts';
import { DST } from './constants.ts';
import { ed25519Sign, ed25519Verify } from './ed25519.ts';
import { AccessError, ArgumentError, IntegrityError } from './errors.ts';
import type {
  OwnerParameters,
  ReEncryptedParameter,
  ReKey,
  SigningKeyDirectory,
  SigningKeyPair,
  SigningPublicKey,
} from './types.ts';
import {
  decodeSignedOwnerParameters,
  decodeSignedReEncryptedParameter,
  decodeSignedReKey,
  decodeSigningPublicKey,
  encodeOwnerParametersBody,
  encodeReEncryptedParameterBody,
  encodeReKeyBody,
  encodeSignedOwnerParameters,
  encodeSignedReEncryptedParameter,
  encodeSignedReKey,
} from './wire/formats.ts';

const OWNER_PARAMETERS = utf8(DST.ownerParametersSignature);
const RE_KEY = utf8(DST.reKeySignature);
const RE_ENCRYPTED = utf8(DST.reEncryptedParameterSignature);

function requireSigner(signer: SigningKeyPair, principal: string, what: string): void {
  if (signer.principal !== principal) {
    throw new ArgumentError(
      'signer',
      `${what} names "${principal}", but the signing key is "${signer.principal}"'s`,
    );
  }
}

/** The registered key of `principal`, decoded (strictly); AccessError when none is registered. */
function registeredKey(directory: SigningKeyDirectory, principal: string, subject: string): SigningPublicKey {
  const bytes = directory.get(principal);
  if (!bytes) throw new AccessError(`${subject}: no signing key is registered for "${principal}"`);
  const key = decodeSigningPublicKey(bytes);
  if (key.principal !== principal) {
    throw new IntegrityError(subject, `the key registered for "${principal}" is "${key.principal}"'s`);
  }
  return key;
}

function requireSignature(
  signature: Uint8Array,
  message: Uint8Array,
  key: SigningPublicKey,
  subject: string,
) {
  if (!ed25519Verify(signature, message, key.publicKey)) {
    throw new IntegrityError(subject, `signature of "${key.principal}" does not verify`);
  }
}

// ── owner → SRS: R_{i-P} ────────────────────────────────────────────────────────────────────────────

/** Send_Ri (Eq. 29), signed: wire kind signedOwnerParameters. The signer must be the owner named. */
export function signOwnerParameters(
  backend: PairingBackend,
  parameters: OwnerParameters,
  owner: SigningKeyPair,
): Uint8Array {
  requireSigner(owner, parameters.ownerId, 'R_{i-P}');
  const message = concatBytes(OWNER_PARAMETERS, encodeOwnerParametersBody(backend, parameters));
  return encodeSignedOwnerParameters(backend, {
    parameters,
    signature: ed25519Sign(message, owner.secretKey),
  });
}

/**
 * Decodes a signed R_{i-P} message and checks it was signed by the registered key of the owner it names.
 * DecodeError (malformed, or an unsigned kind), AccessError (owner not registered), IntegrityError (bad
 * signature).
 */
export function verifyOwnerParameters(
  backend: PairingBackend,
  bytes: Uint8Array,
  owners: SigningKeyDirectory,
): OwnerParameters {
  const { parameters, signature } = decodeSignedOwnerParameters(backend, bytes);
  const subject = `R_{i-P} of ${parameters.ownerId}/${parameters.fileId}@${parameters.version}`;
  const key = registeredKey(owners, parameters.ownerId, subject);
  requireSignature(
    signature,
    concatBytes(OWNER_PARAMETERS, encodeOwnerParametersBody(backend, parameters)),
    key,
    subject,
  );
  return parameters;
}

// ── owner → SRS: RK (hardened) ──────────────────────────────────────────────────────────────────────

/** The hardened owner's RK_{P→U} for the SRS, signed: wire kind signedReKey. */
export function signReKey(backend: PairingBackend, reKey: ReKey, owner: SigningKeyPair): Uint8Array {
  requireSigner(owner, reKey.ownerId, 'RK');
  const message = concatBytes(RE_KEY, encodeReKeyBody(backend, reKey));
  return encodeSignedReKey(backend, { reKey, signature: ed25519Sign(message, owner.secretKey) });
}

/** Decodes a signed RK and checks it was signed by the registered key of the owner it names. */
export function verifyReKey(backend: PairingBackend, bytes: Uint8Array, owners: SigningKeyDirectory): ReKey {
  const { reKey, signature } = decodeSignedReKey(backend, bytes);
  const subject = `RK from ${reKey.ownerId} to ${reKey.userId}`;
  const key = registeredKey(owners, reKey.ownerId, subject);
  requireSignature(signature, concatBytes(RE_KEY, encodeReKeyBody(backend, reKey)), key, subject);
  return reKey;
}

// ── SRS → user: R_{i-U} ─────────────────────────────────────────────────────────────────────────────

/** D_R_S (Eq. 31), signed by the SRS: wire kind signedReEncryptedParameter. */
export function signReEncryptedParameter(
  backend: PairingBackend,
  parameter: ReEncryptedParameter,
  srs: SigningKeyPair,
): Uint8Array {
  const message = concatBytes(RE_ENCRYPTED, encodeReEncryptedParameterBody(backend, parameter));
  return encodeSignedReEncryptedParameter(backend, {
    parameter,
    signature: ed25519Sign(message, srs.secretKey),
  });
}

/**
 * Decodes a signed R_{i-U} and checks the SRS's signature (`srsSigningKey`: its encoded signingPublicKey),
 * so that owner, file, version, level and user are those the SRS issued it for.
 */
export function verifyReEncryptedParameter(
  backend: PairingBackend,
  bytes: Uint8Array,
  srsSigningKey: Uint8Array,
): ReEncryptedParameter {
  const { parameter, signature } = decodeSignedReEncryptedParameter(backend, bytes);
  const subject = `R_{i-U} for ${parameter.userId} of ${parameter.ownerId}/${parameter.fileId}@${parameter.version} level ${parameter.accessLevel}`;
  const key = decodeSigningPublicKey(srsSigningKey);
  requireSignature(
    signature,
    concatBytes(RE_ENCRYPTED, encodeReEncryptedParameterBody(backend, parameter)),
    key,
    subject,
  );
  return parameter;
}
