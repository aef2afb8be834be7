/**
 * Typed errors. Every failure that crosses the library boundary is a `SesphrError` with a stable `code`,
 * so callers (and the CLI's exit codes) can tell bad input from failed decryption from misuse.
 * Messages never contain secret key material: they name the field and the reason, not the bytes.
 */

export type SesphrErrorCode =
  | 'DECODE' // bytes from outside do not parse into a checked type
  | 'INTEGRITY' // authentication failed: tag, hash, signature or binding mismatch
  | 'ACCESS' // the caller lacks a key or parameter needed for the operation
  | 'ARGUMENT' // an argument to the API is out of range or malformed
  | 'REFUSED' // an authentic, well-formed message the receiver will not accept in its state (a conflict)
  | 'BACKEND'; // a pairing backend failed its self-test or is unavailable

export class SesphrError extends Error {
  readonly code: SesphrErrorCode;
  constructor(code: SesphrErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Malformed outside data. `field` is a path such as `encryptedFile.partitions[2].tag`. */
export class DecodeError extends SesphrError {
  readonly field: string;
  readonly reason: string;
  constructor(field: string, reason: string) {
    super('DECODE', `invalid ${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** Authentication failure: never returns wrong plaintext, always this error instead. */
export class IntegrityError extends SesphrError {
  readonly subject: string;
  constructor(subject: string, reason: string) {
    super('INTEGRITY', `${subject}: ${reason}`);
    this.subject = subject;
  }
}

/** The caller does not hold what the operation needs (e.g. no R for a partition). */
export class AccessError extends SesphrError {
  constructor(message: string) {
    super('ACCESS', message);
  }
}

/** A caller-supplied argument is invalid (sizes, labels, options). */
export class ArgumentError extends SesphrError {
  readonly argument: string;
  readonly reason: string;
  constructor(argument: string, reason: string) {
    super('ARGUMENT', `invalid ${argument}: ${reason}`);
    this.argument = argument;
    this.reason = reason;
  }
}

/**
 * The receiver refuses an authentic, well-formed message because of what it already holds: e.g. the SRS
 * refuses a second R_{i-P} for an (owner, file, version, level) it has stored (docs/security-notes.md).
 * `subject` names the slot; nothing secret is in it.
 */
export class RefusedError extends SesphrError {
  readonly subject: string;
  constructor(subject: string, reason: string) {
    super('REFUSED', `${subject}: ${reason}`);
    this.subject = subject;
  }
}

export class BackendError extends SesphrError {
  constructor(message: string, options?: ErrorOptions) {
    super('BACKEND', message, options);
  }
}
