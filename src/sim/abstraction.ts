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
  /** Whose items count: the SRS's, the cloud's, or each owner's and user's. */
  readonly holder: 'srs' | 'cloud' | 'each';
  readonly kind: ItemKind;
  /** The relation tuple an item stands for (`undefined`: it does not count). */
  readonly tuple: (item: Item, holder: string, world: World) => readonly Value[] | undefined;
}

const same = (item: Item) => item.args;
const withHolder = (item: Item, holder: string) => [holder, ...item.args];
const ownItem = (item: Item, holder: string) => (item.args[0] === holder ? [holder] : undefined);
/** Owner-side tokens (r, encrypted partitions, R_{l-P}) count when the holder owns the item's file. */
const fileOwners = (item: Item, holder: string, world: World) =>
  world.ownerOf(item.args[0] as string) === holder ? item.args : undefined;
const corruptCopy = (item: Item, holder: string, world: World) =>
  isIntact(world, item) ? undefined : [holder, ...item.args];

function isIntact(world: World, item: Item): boolean {
  const file = item.args[0] as string;
  const download = { file: item.bytes, manifest: item.manifest ?? new Uint8Array(0) };
  return world.verifiedDownload(download, world.ownerOf(file)) !== undefined;
}

/** How each tracked relation is realised by items. */
export const REALISATIONS: Readonly<Record<string, Realisation>> = {
  [R.srsKeyPair.name]: { holder: 'srs', kind: 'SK', tuple: same },
  [R.srsPublicKey.name]: { holder: 'srs', kind: 'PK', tuple: same },
  [R.srsReKey.name]: { holder: 'srs', kind: 'RK', tuple: same },
  [R.srsParam.name]: { holder: 'srs', kind: 'Rp', tuple: same },
  [R.holdsKeys.name]: { holder: 'each', kind: 'SK', tuple: ownItem },
  [R.holdsR.name]: { holder: 'each', kind: 'r', tuple: fileOwners },
  [R.encrypted.name]: { holder: 'each', kind: 'Cpart', tuple: fileOwners },
  [R.holdsParam.name]: { holder: 'each', kind: 'Rp', tuple: fileOwners },
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

function holdersOf(realisation: Realisation, world: World): string[] {
  if (realisation.holder === 'srs') return [SYSTEM.srs];
  if (realisation.holder === 'cloud') return [SYSTEM.cloud];
  const system = new Set<string>(Object.values(SYSTEM));
  return (world.net.interpretation.domains.Principal as string[]).filter((p) => !system.has(p));
}

/** α for one tracked relation: the set of tuple keys the concrete holdings realise. */
export function abstractRelation(world: World, relation: string): Set<string> {
  const realisation = REALISATIONS[relation];
  if (!realisation) throw new Error(`relation ${relation} is not tracked concretely`);
  const tuples = new Set<string>();
  for (const holder of holdersOf(realisation, world)) {
    for (const item of world.holdings.itemsOf([holder], realisation.kind)) {
      const tuple = realisation.tuple(item, holder, world);
      if (tuple) tuples.add(tupleKey(tuple));
    }
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
