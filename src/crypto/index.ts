/** The cryptographic core of sesphr: SeSPHR (Eqs. 5–22) as AFGH proxy re-encryption on BLS12-381. */
export * from './aead.ts';
export * from './backend/index.ts';
export * from './constants.ts';
export * from './ed25519.ts';
export * from './errors.ts';
export * from './manifest.ts';
export * from './parties.ts';
export * from './phr.ts';
export * from './pre.ts';
export * from './rng.ts';
export * from './scalar.ts';
export * from './srs-messages.ts';
export * from './time-token.ts';
export * from './types.ts';
export * from './wire/envelope.ts';
export * from './wire/formats.ts';
