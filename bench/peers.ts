/**
 * The peer comparison, run as its own process by `sesphr bench --suite peers` (src/bench/suites/peers.ts):
 * @nucypher/umbral-pre 0.10.0 — GPL-3.0, a devDependency for this benchmark only, never imported from
 * src/ — and ours, one delegation each, on the same payloads, measured back to back in this process:
 *
 *   encrypt      umbral: encrypt(pk_A, m)               ours: the owner's upload of a 1-partition file
 *   re-encrypt   umbral: reencrypt(capsule, kfrag)      ours: the SRS's R_{i-U} for that partition
 *   decrypt      umbral: cfrag.verify + decryptReencrypted   ours: the user's decryptPartitions
 *
 * Umbral's one-off delegation (generateKFrags, 1-of-1) is done before timing, as is ours (enrollment).
 *
 *   node --import tsx bench/peers.ts BACKEND QUICK(0|1) SIZE_BYTES…     prints {"figures": [...]}
 */
import { randomBytes } from 'node:crypto';
import * as umbral from '@nucypher/umbral-pre';
import { BUDGETS } from '../src/bench/context.ts';
import { figure, sample } from '../src/bench/measure.ts';
import type { Figure } from '../src/bench/results.ts';
import {
  decryptAndCheck,
  encryptOptions,
  makeWorld,
  uploadAndGrant,
  uploadRequest,
} from '../src/bench/world.ts';
import type { BackendName } from '../src/crypto/backend/index.ts';

const [backendArg, quickArg, ...sizeArgs] = process.argv.slice(2);
const backend = (backendArg ?? 'mcl') as BackendName;
const budget = BUDGETS[quickArg === '1' ? 'quick' : 'full'].fast;
const sizes = sizeArgs.map(Number);
if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s <= 0))
  throw new Error(`peers: bad sizes ${sizeArgs.join(' ')}`);

const figures: Figure[] = [];
const world = await makeWorld(backend, 'paper');
const user = world.addUser('reader');

const alice = umbral.SecretKey.random();
const bob = umbral.SecretKey.random();
const signer = new umbral.Signer(umbral.SecretKey.random());
const [kfrag] = umbral.generateKFrags(alice, bob.publicKey(), signer, 1, 1, true, true);
if (!kfrag) throw new Error('umbral: no key fragment');
const verifyingKey = signer.verifyingKey();

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

for (const bytes of sizes) {
  const plaintext = new Uint8Array(randomBytes(bytes));
  const params = { bytes, backend };
  const push = (library: string, operation: string, samples: number[]) =>
    figures.push(
      figure(
        'peers',
        `peers.${library}.${operation}.${bytes}`,
        `${library} ${operation}, ${bytes} B`,
        { ...params, library, operation },
        samples,
      ),
    );

  // umbral-pre
  const [capsule, ciphertext] = umbral.encrypt(alice.publicKey(), plaintext);
  const cfrag = umbral.reencrypt(capsule, kfrag);
  const wire = cfrag.toBytes();
  push(
    'umbral',
    'encrypt',
    await sample('umbral encrypt', () => umbral.encrypt(alice.publicKey(), plaintext), budget),
  );
  push(
    'umbral',
    'reencrypt',
    await sample('umbral reencrypt', () => umbral.reencrypt(capsule, kfrag), budget),
  );
  push(
    'umbral',
    'decrypt',
    await sample(
      'umbral decrypt',
      () => {
        const verified = umbral.CapsuleFrag.fromBytes(wire).verify(
          capsule,
          verifyingKey,
          alice.publicKey(),
          bob.publicKey(),
        );
        if (
          !same(umbral.decryptReencrypted(bob, alice.publicKey(), capsule, [verified], ciphertext), plaintext)
        )
          throw new Error('umbral: wrong plaintext');
      },
      budget,
    ),
  );

  // ours: one partition, hybrid, paper variant
  const partitions = [{ label: 'record', accessLevel: 0, data: plaintext }];
  const { upload, ref, requests } = uploadAndGrant(world, user, partitions, 'hybrid');
  push(
    'ours',
    'encrypt',
    await sample(
      'ours encrypt',
      () => world.owner.upload(uploadRequest(partitions), encryptOptions('hybrid')),
      budget,
    ),
  );
  push(
    'ours',
    'reencrypt',
    await sample('ours reencrypt', () => world.srs.reEncrypt(ref, 0, user.id), budget),
  );
  push(
    'ours',
    'decrypt',
    await sample('ours decrypt', () => decryptAndCheck(world, user, upload, requests, partitions), budget),
  );
}
process.stdout.write(`${JSON.stringify({ figures })}\n`);
