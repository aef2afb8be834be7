/**
 * Concrete state: for every principal, the bytes it actually holds — keys, r, R parameters, ciphertexts,
 * plaintexts, time tokens — each as an item named after the abstract token it realises.
 */
import type { Value } from '../../model/expr/ast.ts';
import type { EncryptedPartition } from '../crypto/types.ts';

export const ITEM_KINDS = {
  SK: 'a PRE secret-key message (kind preSecretKey)',
  PK: 'a PRE public-key message (kind prePublicKey)',
  RK: 'a re-encryption-key message RK_{o→u} (kind reKey)',
  r: 'the 32-byte level secret r of (file, level)',
  Rp: 'an owner-parameters message R_{l-P} for one level (kind ownerParameters)',
  Cpart: 'one encrypted partition, before upload',
  C: 'an encrypted file with its signed manifest',
  Served: 'the bytes the cloud serves for a file (differ from C after tampering)',
  Ru: 'a re-encrypted parameter R_{l-U} (kind reEncryptedParameter)',
  PT: 'the plaintext of a partition',
  Token: 'a signed time token (kind timeToken)',
  SigSK: "an owner's or the time server's Ed25519 signing seed",
} as const;
export type ItemKind = keyof typeof ITEM_KINDS;

/** Items whose bytes are secrets: never written to a trace unless secrets are asked for. */
export const SECRET_KINDS: ReadonlySet<ItemKind> = new Set<ItemKind>(['SK', 'r', 'SigSK']);

export interface Item {
  readonly kind: ItemKind;
  readonly args: readonly Value[];
  readonly bytes: Uint8Array;
  /** C and Served: the signed manifest travelling with the file. */
  readonly manifest?: Uint8Array;
  /** Cpart: the partition as encrypted, assembled into the file at upload. */
  readonly partition?: EncryptedPartition;
}

/** A key for memoizing pure computations on an item: its kind and its exact bytes. */
export function itemFingerprint(item: Item): string {
  return `${item.kind}:${Buffer.from(item.bytes).toString('base64')}`;
}

export function itemKey(kind: ItemKind, args: readonly Value[]): string {
  return `${kind}(${args.join(',')})`;
}

/** Every principal's items. Mutable on purpose: it is the simulated world's memory. */
export class Holdings {
  readonly #byPrincipal = new Map<string, Map<string, Item>>();

  #store(principal: string): Map<string, Item> {
    let store = this.#byPrincipal.get(principal);
    if (!store) {
      store = new Map();
      this.#byPrincipal.set(principal, store);
    }
    return store;
  }

  put(principal: string, item: Item): void {
    this.#store(principal).set(itemKey(item.kind, item.args), item);
  }

  get(principal: string, kind: ItemKind, args: readonly Value[]): Item | undefined {
    return this.#byPrincipal.get(principal)?.get(itemKey(kind, args));
  }

  require(principal: string, kind: ItemKind, args: readonly Value[]): Item {
    const item = this.get(principal, kind, args);
    if (!item) throw new MissingItemError(principal, itemKey(kind, args));
    return item;
  }

  delete(principal: string, kind: ItemKind, args: readonly Value[]): boolean {
    return this.#byPrincipal.get(principal)?.delete(itemKey(kind, args)) ?? false;
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
  constructor(principal: string, key: string) {
    super(`${principal} holds no ${key}`);
    this.name = 'MissingItemError';
  }
}
