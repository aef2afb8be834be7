/** Byte helpers shared by the crypto modules. Thin re-exports keep one implementation of each. */
export {
  bytesToHex,
  bytesToNumberBE,
  bytesToNumberLE,
  concatBytes,
  equalBytes,
  hexToBytes,
  numberToBytesBE,
} from '@noble/curves/utils.js';

const encoder = new TextEncoder();
// ignoreBOM: a leading U+FEFF is kept as a character, not stripped, so decoding stays injective
// (otherwise "\uFEFFa" and "a" would decode alike and identifiers would not round-trip).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Strict UTF-8 decoding; throws a TypeError on malformed input (callers turn it into a DecodeError). */
export function fromUtf8(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
