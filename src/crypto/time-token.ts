/**
 * Signed time tokens (the seed paper's time server): a token certifies that it was `time` for `subject`,
 * and the SRS accepts a request only with a fresh token while its own trusted clock is inside the file's
 * window (docs/model.md, "Time"). Freshness and the window are policy (model/transitions.ts, D_R_S);
 * here is only the cryptography: sign, and verify the signature and the issuer.
 */
import { concatBytes, utf8 } from './bytes.ts';
import { DST } from './constants.ts';
import { ed25519Sign, ed25519Verify } from './ed25519.ts';
import { IntegrityError } from './errors.ts';
import type { SignedTimeToken, SigningKeyPair, SigningPublicKey, TimeToken } from './types.ts';
import { encodeTimeTokenBody } from './wire/formats.ts';

const CONTEXT = utf8(DST.timeTokenSignature);

const message = (token: TimeToken) => concatBytes(CONTEXT, encodeTimeTokenBody(token));

export function signTimeToken(token: TimeToken, issuer: SigningKeyPair): SignedTimeToken {
  if (issuer.principal !== token.issuer)
    throw new IntegrityError('time token', 'issuer does not match the signing key');
  return { token, signature: ed25519Sign(message(token), issuer.secretKey) };
}

export function verifyTimeToken(signed: SignedTimeToken, issuer: SigningPublicKey): TimeToken {
  const subject = `time token for ${signed.token.subject} at ${signed.token.time}`;
  if (signed.token.issuer !== issuer.principal)
    throw new IntegrityError(subject, `issued by "${signed.token.issuer}", not "${issuer.principal}"`);
  if (!ed25519Verify(signed.signature, message(signed.token), issuer.publicKey))
    throw new IntegrityError(subject, 'time server signature does not verify');
  return signed.token;
}
