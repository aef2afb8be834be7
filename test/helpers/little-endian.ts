/**
 * Little-endian 32-byte integers, as Ed25519 writes scalars and field elements (RFC 8032 §5.1.2) —
 * written here for the tests that build signatures with noble's arithmetic, independently of src/.
 */

/** `value` (0 ≤ value < 2^256) as 32 little-endian bytes. */
export function le32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 0; i < 32; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

/** The integer that little-endian `bytes` encode. */
export const leToNumber = (bytes: Uint8Array): bigint =>
  bytes.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
