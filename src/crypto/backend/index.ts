/**
 * Backend selection. `auto` picks the fastest backend that passes the self-test; the preference order
 * comes from `bench/crypto.bench.ts` (mcl is several times faster than noble on every pairing-group
 * operation, see the README's benchmark section).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '../bytes.ts';
import { BackendError } from '../errors.ts';
import type { Scalar } from '../scalar.ts';
import { loadMclBackend } from './mcl.ts';
import { nobleBackend } from './noble.ts';
import { BACKEND_NAMES, type BackendName, type PairingBackend } from './types.ts';

export * from './types.ts';

/** Fastest first, as measured by the benchmark. */
export const BACKEND_PREFERENCE: readonly BackendName[] = ['mcl', 'noble'];

export type BackendChoice = BackendName | 'auto';

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}

/**
 * Known answer: SHA-256 over the canonical encodings of g1^k ‖ g2^k ‖ Z^k for k = KAT_SCALAR.
 * Computed with noble; the test suite recomputes it with both backends (test/crypto/backends.test.ts).
 */
export const KAT_SCALAR = 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdefn as Scalar;
export const KAT_DIGEST_HEX = '1fcd4a245ab54fcd2769a5abacf153a8c0e025bfd17e0ef5b95e411c398e6f94';

export function knownAnswerDigest(backend: PairingBackend): string {
  const encodings = concatBytes(
    backend.g1Encode(backend.g1MulBase(KAT_SCALAR)),
    backend.g2Encode(backend.g2MulBase(KAT_SCALAR)),
    backend.fp12Encode(backend.gtPowBase(KAT_SCALAR)),
  );
  return bytesToHex(sha256(encodings));
}

/** Bilinearity and the known answer: a backend that fails either is never used. */
export function selfTest(backend: PairingBackend): void {
  const digest = knownAnswerDigest(backend);
  if (digest !== KAT_DIGEST_HEX) {
    throw new BackendError(`backend ${backend.name} failed the known-answer test`);
  }
  const a = 0x1111n as Scalar;
  const b = 0x2222n as Scalar;
  const lhs = backend.pairing(backend.g1MulBase(a), backend.g2MulBase(b));
  const rhs = backend.gtPowBase((a * b) as Scalar);
  if (!backend.gtEquals(lhs, rhs))
    throw new BackendError(`backend ${backend.name} failed the bilinearity test`);
}

const loaded = new Map<BackendName, Promise<PairingBackend>>();

async function instantiate(name: BackendName): Promise<PairingBackend> {
  const backend = name === 'mcl' ? await loadMclBackend() : nobleBackend;
  selfTest(backend);
  return backend;
}

/** Loads (once per process) and self-tests the named backend. */
export function loadBackend(name: BackendName): Promise<PairingBackend> {
  let pending = loaded.get(name);
  if (!pending) {
    pending = instantiate(name);
    loaded.set(name, pending);
  }
  return pending;
}

/** `auto`: the first backend in preference order that loads and passes the self-test. */
export async function resolveBackend(choice: BackendChoice = 'auto'): Promise<PairingBackend> {
  if (choice !== 'auto') return loadBackend(choice);
  const failures: string[] = [];
  for (const name of BACKEND_PREFERENCE) {
    try {
      return await loadBackend(name);
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new BackendError(`no pairing backend passed its self-test (${failures.join('; ')})`);
}
