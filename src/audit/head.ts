/**
 * Signed tree heads (docs/audit.md, "Tree heads"): the log's Ed25519 signature (src/crypto/ed25519.ts)
 * over DST.treeHeadSignature ‖ (log, size, timestamp, root, latestSize, latestRoot). A party holding one
 * head and the log's public key can check any inclusion, consistency or latest-version proof against it.
 */
import { concatBytes, utf8 } from '../crypto/bytes.ts';
import { DST } from '../crypto/constants.ts';
import { ed25519Sign, ed25519Verify } from '../crypto/ed25519.ts';
import { IntegrityError } from '../crypto/errors.ts';
import type { SigningKeyPair, SigningPublicKey } from '../crypto/types.ts';
import { encodeTreeHeadBody, type SignedTreeHead, type TreeHead } from '../crypto/wire/audit.ts';

const CONTEXT = utf8(DST.treeHeadSignature);

const signedMessage = (head: TreeHead) => concatBytes(CONTEXT, encodeTreeHeadBody(head));

export function signTreeHead(head: TreeHead, signer: SigningKeyPair): SignedTreeHead {
  if (signer.principal !== head.log)
    throw new IntegrityError(`tree head of ${head.log}`, `cannot be signed by ${signer.principal}'s key`);
  return { head, signature: ed25519Sign(signedMessage(head), signer.secretKey) };
}

/** Why `signed` is not a head of the log `key` names, or `undefined` when it is. */
export function treeHeadProblem(signed: SignedTreeHead, key: SigningPublicKey): string | undefined {
  if (signed.head.log !== key.principal)
    return `is a head of log "${signed.head.log}", the key is log "${key.principal}"'s`;
  if (!ed25519Verify(signed.signature, signedMessage(signed.head), key.publicKey))
    return "the log's signature does not verify";
  return undefined;
}

export function verifyTreeHead(signed: SignedTreeHead, key: SigningPublicKey): TreeHead {
  const problem = treeHeadProblem(signed, key);
  if (problem !== undefined) throw new IntegrityError(`tree head of size ${signed.head.size}`, problem);
  return signed.head;
}
