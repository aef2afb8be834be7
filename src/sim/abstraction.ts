/**
 * The abstraction function α: from the bytes principals hold to the tracked relations of the marking.
 * One table says which item realises which token; α(concrete) must equal the abstract marking on every
 * tracked relation after every step (the conformance check). What a held file *is* (which upload it
 * verifies as, whose ciphertext it carries) is judged from its bytes alone (`World.identify`).
 */
import type { Value } from '../../model/expr/ast.ts';
import { type Marking, tupleKey } from '../../model/expr/evaluate.ts';
import { AUDITOR, R, SYSTEM } from '../../model/vocabulary.ts';
import type { Item, ItemKind } from './holdings.ts';
import type { World } from './world.ts';

interface Realisation {
  /** Whose items count: the SRS's, the cloud's, the TPA's, or each owner's and user's. */
  readonly holder: 'srs' | 'cloud' | 'tpa' | 'each';
  readonly kind: ItemKind;
  /** The relation tuples an item stands for (none: it does not count). */
  readonly tuples: (item: Item, holder: string, world: World) => readonly (readonly Value[])[];
}

const same = (item: Item) => [item.args];
const withHolder = (item: Item, holder: string) => [[holder, ...item.args]];
const ownItem = (item: Item, holder: string) => (item.args[0] === holder ? [[holder]] : []);
/** Owner-side tokens (r, encrypted partitions, R_{l-P}) count when the holder owns the item's file. */
const fileOwners = (item: Item, holder: string, world: World) =>
  world.ownerOf(item.args[0] as string) === holder ? [item.args] : [];
/** A file held as `slot`: what its bytes are, against what it is held as. */
const heldAs = (item: Item) => item.args[0] as string;

/** How each tracked relation is realised by items. */
export const REALISATIONS: Readonly<Record<string, Realisation>> = {
  [R.srsKeyPair.name]: { holder: 'srs', kind: 'SK', tuples: same },
  [R.srsPublicKey.name]: { holder: 'srs', kind: 'PK', tuples: same },
  [R.srsReKey.name]: { holder: 'srs', kind: 'RK', tuples: same },
  [R.srsParam.name]: { holder: 'srs', kind: 'Rp', tuples: same },
  [R.holdsKeys.name]: { holder: 'each', kind: 'SK', tuples: ownItem },
  [R.holdsR.name]: { holder: 'each', kind: 'r', tuples: fileOwners },
  [R.encrypted.name]: { holder: 'each', kind: 'Cpart', tuples: fileOwners },
  [R.holdsParam.name]: { holder: 'each', kind: 'Rp', tuples: fileOwners },
  [R.holdsC.name]: { holder: 'each', kind: 'C', tuples: withHolder },
  [R.holdsCorrupt.name]: {
    holder: 'each',
    kind: 'C',
    tuples: (item, holder, world) =>
      world.identify(item).verifiesAs === heldAs(item) ? [] : [[holder, heldAs(item)]],
  },
  [R.holdsDamaged.name]: {
    holder: 'each',
    kind: 'C',
    tuples: (item, holder, world) =>
      world.identify(item).carries === heldAs(item) ? [] : [[holder, heldAs(item)]],
  },
  [R.holdsForeign.name]: {
    holder: 'each',
    kind: 'C',
    tuples: (item, holder, world) => {
      const carries = world.identify(item).carries;
      return carries !== undefined && carries !== heldAs(item) ? [[holder, heldAs(item), carries]] : [];
    },
  },
  [R.holdsRu.name]: { holder: 'each', kind: 'Ru', tuples: withHolder },
  [R.holdsPT.name]: { holder: 'each', kind: 'PT', tuples: withHolder },
  [R.holdsToken.name]: { holder: 'each', kind: 'Token', tuples: withHolder },
  [R.stored.name]: { holder: 'cloud', kind: 'C', tuples: same },
  [R.tpaChallenged.name]: { holder: 'tpa', kind: 'Challenge', tuples: same },
  [R.corrupted.name]: {
    holder: 'cloud',
    kind: 'Served',
    tuples: (item, _h, world) => (world.identify(item).carries === undefined ? [item.args] : []),
  },
  [R.unverifiable.name]: {
    holder: 'cloud',
    kind: 'Served',
    tuples: (item, _h, world) => {
      const { carries, verifiesAs } = world.identify(item);
      return carries === heldAs(item) && verifiesAs !== heldAs(item) ? [item.args] : [];
    },
  },
  [R.substituted.name]: {
    holder: 'cloud',
    kind: 'Served',
    tuples: (item, _h, world) => {
      const carries = world.identify(item).carries;
      return carries !== undefined && carries !== heldAs(item) ? [[heldAs(item), carries]] : [];
    },
  },
};

function holdersOf(realisation: Realisation, world: World): string[] {
  if (realisation.holder === 'srs') return [SYSTEM.srs];
  if (realisation.holder === 'cloud') return [SYSTEM.cloud];
  if (realisation.holder === 'tpa') return [AUDITOR];
  const system = new Set<string>(Object.values(SYSTEM));
  return (world.net.interpretation.domains.Principal as string[]).filter((p) => !system.has(p));
}

/**
 * α for one tracked relation: the set of tuple keys the concrete holdings realise. Per holder the result
 * only changes when the holder's items do, so it is cached by the holder's revision.
 */
export class Abstraction {
  readonly #world: World;
  readonly #cache = new Map<string, { revision: number; tuples: readonly string[] }>();

  constructor(world: World) {
    this.#world = world;
  }

  relation(relation: string): Set<string> {
    const realisation = REALISATIONS[relation];
    if (!realisation) throw new Error(`relation ${relation} is not tracked concretely`);
    const world = this.#world;
    const tuples = new Set<string>();
    for (const holder of holdersOf(realisation, world)) {
      const key = tupleKey([relation, holder]);
      const revision = world.holdings.revision(holder);
      let cached = this.#cache.get(key);
      if (!cached || cached.revision !== revision) {
        const found = world.holdings
          .itemsOf([holder], realisation.kind)
          .flatMap((item) => realisation.tuples(item, holder, world).map(tupleKey));
        cached = { revision, tuples: found };
        this.#cache.set(key, cached);
      }
      for (const t of cached.tuples) tuples.add(t);
    }
    return tuples;
  }

  /** Compares α(concrete) with the marking on every tracked relation of the net. */
  compare(marking: Marking): RelationMismatch[] {
    const mismatches: RelationMismatch[] = [];
    for (const relation of this.#world.net.relations.filter((r) => r.tracked)) {
      const concrete = this.relation(relation.name);
      const abstract = marking.relations.get(relation.name) ?? new Set<string>();
      const onlyAbstract = [...abstract].filter((k) => !concrete.has(k));
      const onlyConcrete = [...concrete].filter((k) => !abstract.has(k));
      if (onlyAbstract.length || onlyConcrete.length)
        mismatches.push({ relation: relation.name, onlyAbstract, onlyConcrete });
    }
    return mismatches;
  }

  /** The marking with its tracked relations replaced by α(concrete): what the bytes say the state is. */
  concreteMarking(marking: Marking): Marking {
    const relations = new Map(marking.relations);
    for (const relation of this.#world.net.relations.filter((r) => r.tracked))
      relations.set(relation.name, this.relation(relation.name));
    return { relations, scalars: marking.scalars };
  }
}

export interface RelationMismatch {
  readonly relation: string;
  /** Tuples the model has and the bytes do not. */
  readonly onlyAbstract: readonly string[];
  /** Tuples the bytes realise and the model does not have. */
  readonly onlyConcrete: readonly string[];
}
