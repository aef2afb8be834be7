/**
 * Concrete state: for every principal, the bytes it actually holds — keys, r, R parameters, ciphertexts,
 * plaintexts, time tokens — each as an item named after the abstract token it realises.
 */
import type { Value } from '../../model/expr/ast.ts';
import { tupleKey } from '../../model/expr/evaluate.ts';
import type { EncryptedPartition } from '../crypto/types.ts';

export const ITEM_KINDS = {
  SK: 'a PRE secret-key message (kind preSecretKey); SK(u, n) is a key u held before it was re-keyed',
  PK: 'a PRE public-key message (kind prePublicKey)',
  RK: 'a re-encryption-key message RK_{o→u} (kind reKey)',
  r: 'the 32-byte level secret r of (file, level)',
  Rp: 'an owner-parameters message R_{l-P} for one level (kind ownerParameters)',
  Cpart: 'one encrypted partition, before upload',
  C: 'the bytes a principal holds as file f: an upload with its signed manifest, or whatever was served',
  Served: 'the bytes the cloud serves for a file (differ from C after an insider interfered)',
  Ru: 'a re-encrypted parameter R_{l-U} (kind reEncryptedParameter)',
  PT: 'the plaintext of a partition',
  Token: 'a signed time token (kind timeToken)',
  SigSK: "an owner's or the time server's Ed25519 signing seed",
  Challenge:
    "a file under the TPA's audit: the randomness its rounds' block indices are drawn from, and the round",
} as const;
export type ItemKind = keyof typeof ITEM_KINDS;

/**
 * Items whose bytes are secrets: never written to a trace unless secrets are asked for. Plaintexts are
 * secret always; a trace without secrets holds nothing from which a key, an r or a plaintext follows.
 */
export const SECRET_KINDS: ReadonlySet<ItemKind> = new Set<ItemKind>(['SK', 'r', 'SigSK', 'PT']);

export interface Item {
  readonly kind: ItemKind;
  readonly args: readonly Value[];
  readonly bytes: Uint8Array;
  /** C and Served: the signed manifest travelling with the file (empty when stripped). */
  readonly manifest?: Uint8Array;
  /** Cpart: the partition as encrypted, assembled into the file at upload. */
  readonly partition?: EncryptedPartition;
}

/** A key for memoizing pure computations on an item: its kind and its exact bytes (and manifest). */
export function itemFingerprint(item: Item): string {
  const manifest = item.manifest ? `|${Buffer.from(item.manifest).toString('base64')}` : '';
  return `${item.kind}:${Buffer.from(item.bytes).toString('base64')}${manifest}`;
}

/** The injective name of an item: any character may appear in an identifier, so no separator is used. */
export function itemKey(kind: ItemKind, args: readonly Value[]): string {
  return tupleKey([kind, ...args]);
}

/** `SK(u)`, `C(phr)`: an item's name for people (traces, messages); not a key. */
export function itemLabel(kind: ItemKind, args: readonly Value[]): string {
  return `${kind}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
}

/** Every principal's items. Mutable on purpose: it is the simulated world's memory. */
export class Holdings {
  readonly #byPrincipal = new Map<string, Map<string, Item>>();
  /** Bumped on every change of a principal's items, so checks can skip principals that did not change. */
  readonly #revisions = new Map<string, number>();

  #store(principal: string): Map<string, Item> {
    let store = this.#byPrincipal.get(principal);
    if (!store) {
      store = new Map();
      this.#byPrincipal.set(principal, store);
    }
    return store;
  }

  #touch(principal: string): void {
    this.#revisions.set(principal, (this.#revisions.get(principal) ?? 0) + 1);
  }

  revision(principal: string): number {
    return this.#revisions.get(principal) ?? 0;
  }

  put(principal: string, item: Item): void {
    this.#store(principal).set(itemKey(item.kind, item.args), item);
    this.#touch(principal);
  }

  get(principal: string, kind: ItemKind, args: readonly Value[]): Item | undefined {
    return this.#byPrincipal.get(principal)?.get(itemKey(kind, args));
  }

  require(principal: string, kind: ItemKind, args: readonly Value[]): Item {
    const item = this.get(principal, kind, args);
    if (!item) throw new MissingItemError(principal, itemLabel(kind, args));
    return item;
  }

  delete(principal: string, kind: ItemKind, args: readonly Value[]): boolean {
    const deleted = this.#byPrincipal.get(principal)?.delete(itemKey(kind, args)) ?? false;
    if (deleted) this.#touch(principal);
    return deleted;
  }

  /** The items of one principal, or of several pooled (a coalition). */
  itemsOf(principals: readonly string[], kind?: ItemKind): Item[] {
    return principals.flatMap((p) =>
      [...(this.#byPrincipal.get(p)?.values() ?? [])].filter((i) => !kind || i.kind === kind),
    );
  }

  principals(): string[] {
    return [...this.#byPrincipal.keys()];
  }
}

/** A concrete step needed bytes its principal does not hold: the abstract and concrete runs diverged. */
export class MissingItemError extends Error {
  constructor(principal: string, label: string) {
    super(`${principal} holds no ${label}`);
    this.name = 'MissingItemError';
  }
}
