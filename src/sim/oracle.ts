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
import { type Item, itemFingerprint, itemLabel } from './holdings.ts';
import type { World } from './world.ts';

const keyOf = itemFingerprint;

/** A candidate data key with a stable name (the items it was computed from). */
interface Candidate {
  readonly id: string;
  /** How the key is computed, from which items, in words (for a report of what was read; built on demand). */
  readonly via: () => string;
  readonly key: () => GT;
}

/** Names items with the member of the group that holds them: `srs's SK("alice")`. */
function namer(world: World, group: readonly string[]): (item: Item) => string {
  let holders: Map<Item, string> | undefined;
  return (item) => {
    if (!holders) {
      holders = new Map();
      for (const member of group)
        for (const held of world.holdings.itemsOf([member]))
          if (!holders.has(held)) holders.set(held, member);
    }
    return `${holders.get(item) ?? 'someone'}'s ${itemLabel(item.kind, item.args)}`;
  };
}

/** Every data key the pooled bytes of `group` yield (each computed lazily and memoized). */
function candidateKeys(world: World, group: readonly string[]): Candidate[] {
  const { backend } = world;
  const holdings = world.holdings;
  const label = namer(world, group);
  const secrets = holdings.itemsOf(group, 'SK').map((item) => ({
    item,
    key: () => world.memo(`sk:${keyOf(item)}`, () => decodePreSecretKey(item.bytes).secretKey),
  }));
  const keys: Candidate[] = [];
  const add = (id: string, via: () => string, compute: () => GT) =>
    keys.push({ id, via, key: () => world.memo(id, compute) });
  const withEachSecret = (
    source: Item,
    base: () => GT,
    via: string,
    recover: (x: PreSecretKey, value: GT) => GT,
  ) => {
    for (const secret of secrets)
      add(
        `K:${keyOf(source)}|${keyOf(secret.item)}`,
        () => `${via} with ${label(source)} and ${label(secret.item)}`,
        () => recover(secret.key(), base()),
      );
  };

  for (const item of holdings.itemsOf(group, 'r')) {
    add(
      `K:${keyOf(item)}`,
      () => `K = Z^r from ${label(item)}`,
      () => levelDataKey(backend, decodeScalar(item.bytes, 'r')),
    );
  }
  for (const item of holdings.itemsOf(group, 'Ru')) {
    const rU = () =>
      world.memo(
        `Ru:${keyOf(item)}`,
        () => decodeSignedReEncryptedParameter(backend, item.bytes).parameter.rU,
      );
    withEachSecret(item, rU, 'K = R_U^{1/x}', (x, value) => userDataKey(backend, value, x));
  }
  const reKeys = holdings.itemsOf(group, 'RK');
  for (const param of holdings.itemsOf(group, 'Rp')) {
    const points = world.memo(`Rp:${keyOf(param)}`, () =>
      decodeSignedOwnerParameters(backend, param.bytes).parameters.levels.map((l) => l.rP),
    );
    points.forEach((rP, n) => {
      for (const secret of secrets) {
        add(
          `K:${keyOf(param)}#${n}|${keyOf(secret.item)}`,
          () => `K = e(R_P, g2)^{1/x} with ${label(param)} (level ${n}) and ${label(secret.item)}`,
          () => ownerDataKey(backend, rP, secret.key()),
        );
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
          add(
            `K:${keyOf(param)}#${n}|${keyOf(rkItem)}|${keyOf(secret.item)}`,
            () =>
              `K = e(R_P, RK)^{1/x} with ${label(param)} (level ${n}), ${label(rkItem)} and ${label(secret.item)}`,
            () => userDataKey(backend, rU(), secret.key()),
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

/** The partition decrypted with the candidate key, when that gives exactly the owner's plaintext. */
function decryptWith(
  world: World,
  held: { item: Item; file: EncryptedFile; name: string },
  label: string,
  candidate: Candidate,
): Uint8Array | undefined {
  try {
    const plaintext = decryptPartition(world.backend, held.file, label, candidate.key());
    return equalBytes(plaintext, world.plaintextOf(held.name, label)) ? plaintext : undefined;
  } catch (error) {
    if (!(error instanceof SesphrError)) throw error;
    return undefined;
  }
}

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
  const result = decryptWith(world, held, label, candidate) !== undefined;
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

/** A partition a group read, with the bytes it recovered and how. */
export interface Recovery {
  /** How the group got it: a held plaintext, the keyless attack, or the data key and the items used. */
  readonly via: string;
  /** The bytes recovered — by construction equal to the owner's plaintext of the partition. */
  readonly plaintext: Uint8Array;
}

/**
 * How `group` reads partition `partition` of file version `file`, with the bytes it recovers — the same
 * attempts as `readableBy` (held plaintexts, the keyless recovery, every candidate key on every held copy),
 * stopping at the first that gives the owner's plaintext. `undefined` when the group cannot read it.
 */
export function recoverPartition(
  world: World,
  group: readonly string[],
  file: string,
  partition: string,
  keyless?: KeylessRecovery,
): Recovery | undefined {
  const owner = world.plaintextOf(file, partition);
  for (const member of group)
    for (const item of world.holdings.itemsOf([member], 'PT')) {
      const [f, p] = item.args as [string, string];
      if (f === file && p === partition && equalBytes(item.bytes, owner))
        return {
          via: `the plaintext ${member} holds (${itemLabel(item.kind, item.args)})`,
          plaintext: item.bytes,
        };
    }
  const files = heldFiles(world, group).filter((held) => held.name === file);
  if (files.length === 0) return undefined;
  const keys = candidateKeys(world, group);
  const label = namer(world, group);
  for (const held of files) {
    if (!held.file.partitions.some((p) => p.label === partition)) continue;
    const asked = held.item.args[0];
    const copy = `${label(held.item)}${asked !== held.name ? ` (the bytes of ${held.name})` : ''}`;
    const recovered = keyless?.(world, held.file, partition);
    if (recovered !== undefined && equalBytes(recovered, owner))
      return {
        via: `keyless recovery from the ciphertext ${copy} alone (literal mode)`,
        plaintext: recovered,
      };
    for (const candidate of keys) {
      if (!opens(world, held, partition, candidate)) continue;
      const plaintext = decryptWith(world, held, partition, candidate);
      if (plaintext) return { via: `${candidate.via()}, decrypting ${copy}`, plaintext };
    }
  }
  return undefined;
}
