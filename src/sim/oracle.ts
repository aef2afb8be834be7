/**
 * The decryption oracle: can a principal — or a coalition pooling its members' bytes — read partition i of
 * file f? Answered by trying, with real cryptography, every way the scheme's algebra allows to turn the
 * bytes they hold into a data key, and every intact ciphertext they hold. Labels on messages are ignored:
 * every held R_{i-U}, R_{i-P}, RK and secret key is combined with every other, so the oracle does not
 * inherit the model's idea of which combination should work.
 *
 *   K candidates:  Z^r                       for each held level secret r
 *                  R_U^{1/x}                 for each held R_{i-U} and secret key x
 *                  e(R_P, g2)^{1/x}          for each held R_{i-P} and secret key x
 *                  e(R_P, RK)^{1/x}          for each held R_{i-P}, RK and secret key x
 *   readable:      a held plaintext, or some candidate K opens the partition of some intact copy of C_f.
 */

import type { GT } from '../crypto/backend/types.ts';
import { SesphrError } from '../crypto/errors.ts';
import { decryptPartition } from '../crypto/phr.ts';
import { levelDataKey, ownerDataKey, reEncrypt, userDataKey } from '../crypto/pre.ts';
import { decodeScalar } from '../crypto/scalar.ts';
import type { EncryptedFile, PreSecretKey } from '../crypto/types.ts';
import {
  decodeOwnerParameters,
  decodePreSecretKey,
  decodeReEncryptedParameter,
  decodeReKey,
} from '../crypto/wire/formats.ts';
import { type Item, itemFingerprint } from './holdings.ts';
import type { World } from './world.ts';

const keyOf = itemFingerprint;

/** Every data key the pooled bytes of `group` yield (memoized per combination of inputs). */
function candidateKeys(world: World, group: readonly string[]): GT[] {
  const { backend } = world;
  const holdings = world.holdings;
  const secrets = holdings.itemsOf(group, 'SK').map((item) => ({
    item,
    key: world.memo(`sk:${keyOf(item)}`, () => decodePreSecretKey(item.bytes).secretKey),
  }));
  const keys: GT[] = [];
  const withEachSecret = (source: Item, base: () => GT, recover: (x: PreSecretKey, value: GT) => GT) => {
    for (const secret of secrets) {
      keys.push(world.memo(`K:${keyOf(source)}|${keyOf(secret.item)}`, () => recover(secret.key, base())));
    }
  };

  for (const item of holdings.itemsOf(group, 'r')) {
    keys.push(world.memo(`K:${keyOf(item)}`, () => levelDataKey(backend, decodeScalar(item.bytes, 'r'))));
  }
  for (const item of holdings.itemsOf(group, 'Ru')) {
    const rU = () =>
      world.memo(`Ru:${keyOf(item)}`, () => decodeReEncryptedParameter(backend, item.bytes).rU);
    withEachSecret(item, rU, (x, value) => userDataKey(backend, value, x));
  }
  const ownerParams = holdings.itemsOf(group, 'Rp');
  const reKeys = holdings.itemsOf(group, 'RK');
  for (const param of ownerParams) {
    const points = world.memo(`Rp:${keyOf(param)}`, () =>
      decodeOwnerParameters(backend, param.bytes).levels.map((l) => l.rP),
    );
    for (const rP of points) {
      for (const secret of secrets) {
        keys.push(
          world.memo(`K:${keyOf(param)}|${keyOf(secret.item)}`, () => ownerDataKey(backend, rP, secret.key)),
        );
      }
      for (const rkItem of reKeys) {
        const rU = () =>
          world.memo(`RU:${keyOf(param)}|${keyOf(rkItem)}`, () =>
            reEncrypt(
              backend,
              rP,
              world.memo(`RK:${keyOf(rkItem)}`, () => decodeReKey(backend, rkItem.bytes).rk),
            ),
          );
        for (const secret of secrets) {
          keys.push(
            world.memo(`K:${keyOf(param)}|${keyOf(rkItem)}|${keyOf(secret.item)}`, () =>
              userDataKey(backend, rU(), secret.key),
            ),
          );
        }
      }
    }
  }
  return keys;
}

/** Intact copies of C_f the group holds (the cloud's original upload counts: an insider saw it). */
function intactCopies(world: World, group: readonly string[], file: string): EncryptedFile[] {
  return world.holdings
    .itemsOf(group, 'C')
    .filter((item) => item.args[0] === file)
    .map((item) =>
      world.verifiedDownload(
        { file: item.bytes, manifest: item.manifest ?? new Uint8Array(0) },
        world.ownerOf(file),
      ),
    )
    .filter((copy): copy is EncryptedFile => copy !== undefined);
}

export function canDecrypt(world: World, group: readonly string[], file: string, partition: string): boolean {
  const held = world.holdings
    .itemsOf(group, 'PT')
    .some((item) => item.args[0] === file && item.args[1] === partition);
  if (held) return true;
  const copies = intactCopies(world, group, file);
  if (copies.length === 0) return false;
  const keys = candidateKeys(world, group);
  return copies.some((copy) =>
    keys.some((key) => {
      try {
        decryptPartition(world.backend, copy, partition, key);
        return true;
      } catch (error) {
        if (error instanceof SesphrError) return false;
        throw error;
      }
    }),
  );
}
