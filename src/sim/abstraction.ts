/**
 * The abstraction function α: from the bytes principals hold to the tracked relations of the marking.
 * One table says which item realises which token; α(concrete) must equal the abstract marking on every
 * tracked relation after every step (the conformance check).
 */
import type { Value } from '../../model/expr/ast.ts';
import { type Marking, tupleKey } from '../../model/expr/evaluate.ts';
import { R, SYSTEM } from '../../model/vocabulary.ts';
import type { Item, ItemKind } from './holdings.ts';
import type { World } from './world.ts';

interface Realisation {
  /** Which principal's items: a fixed one, each data principal, or the owner of the item's file. */
  readonly holder: 'srs' | 'cloud' | 'each' | 'ownerOfFile';
  readonly kind: ItemKind;
  /** The relation tuple an item stands for (`undefined`: it does not count). */
  readonly tuple: (item: Item, holder: string, world: World) => readonly Value[] | undefined;
}

const same = (item: Item) => item.args;
const withHolder = (item: Item, holder: string) => [holder, ...item.args];
const ownItem = (item: Item, holder: string) => (item.args[0] === holder ? [holder] : undefined);
const corruptCopy = (item: Item, holder: string, world: World) =>
  isIntact(world, item) ? undefined : [holder, ...item.args];

function isIntact(world: World, item: Item): boolean {
  const file = item.args[0] as string;
  return (
    world.verifiedDownload(
      { file: item.bytes, manifest: item.manifest ?? new Uint8Array(0) },
      world.ownerOf(file),
    ) !== undefined
  );
}

/** How each tracked relation is realised by items. */
export const REALISATIONS: Readonly<Record<string, Realisation>> = {
  [R.srsKeyPair.name]: { holder: 'srs', kind: 'SK', tuple: same },
  [R.srsPublicKey.name]: { holder: 'srs', kind: 'PK', tuple: same },
  [R.srsReKey.name]: { holder: 'srs', kind: 'RK', tuple: same },
  [R.srsParam.name]: { holder: 'srs', kind: 'Rp', tuple: same },
  [R.holdsKeys.name]: { holder: 'each', kind: 'SK', tuple: ownItem },
  [R.holdsR.name]: { holder: 'ownerOfFile', kind: 'r', tuple: same },
  [R.encrypted.name]: { holder: 'ownerOfFile', kind: 'Cpart', tuple: same },
  [R.holdsParam.name]: { holder: 'ownerOfFile', kind: 'Rp', tuple: same },
  [R.holdsC.name]: { holder: 'each', kind: 'C', tuple: withHolder },
  [R.holdsCorrupt.name]: { holder: 'each', kind: 'C', tuple: corruptCopy },
  [R.holdsRu.name]: { holder: 'each', kind: 'Ru', tuple: withHolder },
  [R.holdsPT.name]: { holder: 'each', kind: 'PT', tuple: withHolder },
  [R.holdsToken.name]: { holder: 'each', kind: 'Token', tuple: withHolder },
  [R.stored.name]: { holder: 'cloud', kind: 'C', tuple: same },
  [R.corrupted.name]: {
    holder: 'cloud',
    kind: 'Served',
    tuple: (item, _h, world) => (isIntact(world, item) ? undefined : item.args),
  },
};

function holdersOf(realisation: Realisation, world: World, item?: Item): string[] {
  switch (realisation.holder) {
    case 'srs':
      return [SYSTEM.srs];
    case 'cloud':
      return [SYSTEM.cloud];
    case 'ownerOfFile':
      return item ? [world.ownerOf(item.args[0] as string)] : [];
    case 'each':
      return (world.net.interpretation.domains.Principal as string[]).filter(
        (p) => !(Object.values(SYSTEM) as string[]).includes(p),
      );
  }
}

/** α for one tracked relation: the set of tuple keys the concrete holdings realise. */
export function abstractRelation(world: World, relation: string): Set<string> {
  const realisation = REALISATIONS[relation];
  if (!realisation) throw new Error(`relation ${relation} is not tracked concretely`);
  const tuples = new Set<string>();
  const candidates =
    realisation.holder === 'ownerOfFile'
      ? world.holdings.principals().flatMap((holder) =>
          world.holdings
            .itemsOf([holder], realisation.kind)
            .filter((item) => world.ownerOf(item.args[0] as string) === holder)
            .map((item) => ({ holder, item })),
        )
      : holdersOf(realisation, world).flatMap((holder) =>
          world.holdings.itemsOf([holder], realisation.kind).map((item) => ({ holder, item })),
        );
  for (const { holder, item } of candidates) {
    const tuple = realisation.tuple(item, holder, world);
    if (tuple) tuples.add(tupleKey(tuple));
  }
  return tuples;
}

export interface RelationMismatch {
  readonly relation: string;
  /** Tuples the model has and the bytes do not. */
  readonly onlyAbstract: readonly string[];
  /** Tuples the bytes realise and the model does not have. */
  readonly onlyConcrete: readonly string[];
}

/** Compares α(concrete) with the marking on every tracked relation of the net. */
export function compareWithMarking(world: World, marking: Marking): RelationMismatch[] {
  const mismatches: RelationMismatch[] = [];
  for (const relation of world.net.relations.filter((r) => r.tracked)) {
    const concrete = abstractRelation(world, relation.name);
    const abstract = marking.relations.get(relation.name) ?? new Set<string>();
    const onlyAbstract = [...abstract].filter((k) => !concrete.has(k));
    const onlyConcrete = [...concrete].filter((k) => !abstract.has(k));
    if (onlyAbstract.length || onlyConcrete.length)
      mismatches.push({ relation: relation.name, onlyAbstract, onlyConcrete });
  }
  return mismatches;
}

/** The marking with its tracked relations replaced by α(concrete): what the bytes say the state is. */
export function concreteMarking(world: World, marking: Marking): Marking {
  const relations = new Map(marking.relations);
  for (const relation of world.net.relations.filter((r) => r.tracked))
    relations.set(relation.name, abstractRelation(world, relation.name));
  return { relations, scalars: marking.scalars };
}
