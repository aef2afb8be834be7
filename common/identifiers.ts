/**
 * The one rule for identifiers (principal, file and partition names): 1–128 bytes of UTF-8, no control
 * characters, no lone surrogates. The wire format encodes identifiers with a u8 length, the scenario
 * schema and the model configuration apply this same function, so a name that loads can be encoded.
 */

export const IDENTIFIER_MAX_BYTES = 128;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the rule is exactly "no control characters"
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/u;
/** With the `u` flag a well-formed surrogate pair is one astral code point; only unpaired halves match. */
const LONE_SURROGATE = /\p{Cs}/u;
const encoder = new TextEncoder();

/** `undefined` when the value is an acceptable identifier, otherwise the reason it is not. */
export function identifierProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'expected a string';
  const length = encoder.encode(value).length;
  if (length === 0) return 'must not be empty';
  if (length > IDENTIFIER_MAX_BYTES) return `longer than ${IDENTIFIER_MAX_BYTES} bytes of UTF-8`;
  if (CONTROL_CHARACTERS.test(value)) return 'contains a control character';
  // A lone surrogate has no UTF-8 encoding: the encoder would silently turn it into U+FFFD.
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (not encodable as UTF-8)';
  return undefined;
}
