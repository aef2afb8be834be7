/**
 * The decryption oracle: what can a principal — or a coalition pooling its members' bytes — read? Answered
 * by trying, with real cryptography, every way the scheme's algebra allows to turn the bytes they hold into
 * a data key, on every partition of every file they hold, whatever it is held as. Labels on messages are
 * ignored: every held R_{i-U}, R_{i-P}, RK and secret key is combined with every other, so the oracle does
 * not inherit the model's idea of which combination should work. A partition counts as read only when a
 * decryption gives exactly the owner's plaintext.
 *
 *   K candidates:  Z^r                       for each held level secret r
 *                  R_U^{1/x}                 for each held R_{i-U} and secret key x
 *                  e(R_P, g2)^{1/x}          for each held R_{i-P} and secret key x
 *                  e(R_P, RK)^{1/x}          for each held R_{i-P}, RK and secret key x
 *   literal mode:  the keyless recovery from C alone (docs/security-notes.md), tried on every file held
 *   files tried:   every file's bytes the group holds (downloads, and what the cloud stores and serves)
 */

import { tupleKey } from '../../model/expr/evaluate.ts';
import type { GT } from '../crypto/backend/types.ts';
import { equalBytes } from '../crypto/bytes.ts';
import { SesphrError } from '../crypto/errors.ts';
import { decryptPartition } from '../crypto/phr.ts';
import { levelDataKey, ownerDataKey, reEncrypt, userDataKey } from '../crypto/pre.ts';
import { decodeScalar } from '../crypto/scalar.ts';
import type { EncryptedFile, PreSecretKey } from '../crypto/types.ts';
import {
  decodePreSecretKey,
  decodeSignedOwnerParameters,
  decodeSignedReEncryptedParameter,
  decodeSignedReKey,
} from '../crypto/wire/formats.ts';
import { type Item, itemFingerprint } from './holdings.ts';
import type { World } from './world.ts';

const keyOf = itemFingerprint;

/** A candidate data key with a stable name (the items it was computed from). */
interface Candidate {
  readonly id: string;
  readonly key: () => GT;
}

/** Every data key the pooled bytes of `group` yield (each computed lazily and memoized). */
function candidateKeys(world: World, group: readonly string[]): Candidate[] {
  const { backend } = world;
  const holdings = world.holdings;
  const secrets = holdings.itemsOf(group, 'SK').map((item) => ({
    item,
    key: () => world.memo(`sk:${keyOf(item)}`, () => decodePreSecretKey(item.bytes).secretKey),
  }));
  const keys: Candidate[] = [];
  const add = (id: string, compute: () => GT) => keys.push({ id, key: () => world.memo(id, compute) });
  const withEachSecret = (source: Item, base: () => GT, recover: (x: PreSecretKey, value: GT) => GT) => {
    for (const secret of secrets)
      add(`K:${keyOf(source)}|${keyOf(secret.item)}`, () => recover(secret.key(), base()));
  };

  for (const item of holdings.itemsOf(group, 'r')) {
    add(`K:${keyOf(item)}`, () => levelDataKey(backend, decodeScalar(item.bytes, 'r')));
  }
  for (const item of holdings.itemsOf(group, 'Ru')) {
    const rU = () =>
      world.memo(
        `Ru:${keyOf(item)}`,
        () => decodeSignedReEncryptedParameter(backend, item.bytes).parameter.rU,
      );
    withEachSecret(item, rU, (x, value) => userDataKey(backend, value, x));
  }
  const reKeys = holdings.itemsOf(group, 'RK');
  for (const param of holdings.itemsOf(group, 'Rp')) {
    const points = world.memo(`Rp:${keyOf(param)}`, () =>
      decodeSignedOwnerParameters(backend, param.bytes).parameters.levels.map((l) => l.rP),
    );
    points.forEach((rP, n) => {
      for (const secret of secrets) {
        add(`K:${keyOf(param)}#${n}|${keyOf(secret.item)}`, () => ownerDataKey(backend, rP, secret.key()));
      }
      for (const rkItem of reKeys) {
        const rU = () =>
          world.memo(`RU:${keyOf(param)}#${n}|${keyOf(rkItem)}`, () =>
            reEncrypt(
              backend,
              rP,
              world.memo(`RK:${keyOf(rkItem)}`, () => decodeSignedReKey(backend, rkItem.bytes).reKey.rk),
            ),
          );
        for (const secret of secrets) {
          add(`K:${keyOf(param)}#${n}|${keyOf(rkItem)}|${keyOf(secret.item)}`, () =>
            userDataKey(backend, rU(), secret.key()),
          );
        }
      }
    });
  }
  return keys;
}

/** Every file's bytes the group holds: downloads, uploads, and what the cloud stores and serves. */
function heldFiles(
  world: World,
  group: readonly string[],
): { item: Item; file: EncryptedFile; name: string }[] {
  const out: { item: Item; file: EncryptedFile; name: string }[] = [];
  for (const item of [...world.holdings.itemsOf(group, 'C'), ...world.holdings.itemsOf(group, 'Served')]) {
    const file = world.decoded(item);
    if (!file) continue;
    const { ownerId, fileId, version } = file.header;
    const name = world.instanceNamed(ownerId, fileId, version);
    if (name !== undefined) out.push({ item, file, name });
  }
  return out;
}

/** Recovers a literal-mode partition from its ciphertext alone; `undefined` when it cannot. */
export type KeylessRecovery = (world: World, file: EncryptedFile, label: string) => Uint8Array | undefined;

/** Per file item and label: which candidates were tried and whether one gave the owner's plaintext. */
const attempts = new WeakMap<Item, Map<string, boolean>>();

function opens(
  world: World,
  held: { item: Item; file: EncryptedFile; name: string },
  label: string,
  candidate: Candidate,
): boolean {
  let tried = attempts.get(held.item);
  if (!tried) {
    tried = new Map();
    attempts.set(held.item, tried);
  }
  const key = tupleKey([label, candidate.id]);
  const known = tried.get(key);
  if (known !== undefined) return known;
  let result = false;
  try {
    result = equalBytes(
      decryptPartition(world.backend, held.file, label, candidate.key()),
      world.plaintextOf(held.name, label),
    );
  } catch (error) {
    if (!(error instanceof SesphrError)) throw error;
  }
  tried.set(key, result);
  return result;
}

/**
 * The partitions `group` can read, as tupleKey([file, partition]) — from held plaintexts, and from every
 * held file opened with every candidate key (and, in literal mode, without one).
 */
export function readableBy(world: World, group: readonly string[], keyless?: KeylessRecovery): Set<string> {
  const readable = new Set<string>();
  for (const item of world.holdings.itemsOf(group, 'PT')) {
    const [file, partition] = item.args as [string, string];
    if (equalBytes(item.bytes, world.plaintextOf(file, partition))) readable.add(tupleKey([file, partition]));
  }
  const files = heldFiles(world, group);
  if (files.length === 0) return readable;
  const keys = candidateKeys(world, group);
  const partitions = new Set(world.net.interpretation.domains.Partition as string[]);
  for (const held of files) {
    for (const { label } of held.file.partitions) {
      const target = tupleKey([held.name, label]);
      if (!partitions.has(label) || readable.has(target)) continue;
      const recovered = keyless?.(world, held.file, label);
      if (
        (recovered !== undefined && equalBytes(recovered, world.plaintextOf(held.name, label))) ||
        keys.some((candidate) => opens(world, held, label, candidate))
      )
        readable.add(target);
    }
  }
  return readable;
}
