/**
 * A simulation: the net's xstate machine driving the real cryptography, with the checks that make it
 * trustworthy — after any step, α(bytes) must equal the abstract marking, the guards must agree on both,
 * and for every principal and every partition the decryption oracle must agree with the model's knowledge.
 */

import { buildNet } from '../../model/build.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { Value } from '../../model/expr/ast.ts';
import { variable } from '../../model/expr/build.ts';
import { type Bindings, holds, type Marking, parseTupleKey } from '../../model/expr/evaluate.ts';
import { canRead, coalition } from '../../model/knowledge.ts';
import type { Net } from '../../model/net.ts';
import { type Binding, enabledBindings, formatBinding, transitionNamed } from '../../model/semantics.ts';
import { grantConditions } from '../../model/transitions.ts';
import { DEFAULT_AEAD } from '../crypto/aead.ts';
import { type BackendChoice, resolveBackend } from '../crypto/backend/index.ts';
import type { AeadAlgorithm, CipherMode } from '../crypto/types.ts';
import { compareWithMarking, concreteMarking, type RelationMismatch } from './abstraction.ts';
import { startSimulation } from './machine.ts';
import { canDecrypt } from './oracle.ts';
import { World } from './world.ts';

export interface SimulationOptions {
  readonly config: ModelConfig;
  readonly seed?: string;
  readonly backend?: BackendChoice;
  readonly mode?: CipherMode;
  readonly aead?: AeadAlgorithm;
  /** Generated plaintext bytes per partition (after a short readable prefix). */
  readonly partitionBytes?: number;
  /** Explicit plaintexts by `file/partition`. */
  readonly plaintexts?: Readonly<Record<string, string>>;
}

export interface StepRecord {
  readonly index: number;
  readonly transition: string;
  readonly cite: string;
  readonly binding: Readonly<Record<string, Value>>;
  /** The principal that fired it. */
  readonly actor: string;
  /** Tokens added and removed, e.g. `holdsRu(bob, f1, 1)`. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** D_R_F: why the SRS refused (extended layer). */
  readonly refusal?: string;
}

export class NotEnabledError extends Error {
  constructor(readonly binding: Binding) {
    super(`${formatBinding(binding)} is not enabled`);
    this.name = 'NotEnabledError';
  }
}

/** The model fired a transition the cryptography could not carry out. */
export class DivergenceError extends Error {
  constructor(
    readonly binding: Binding,
    readonly detail: string,
  ) {
    super(`${formatBinding(binding)}: the model fired it but the concrete step failed: ${detail}`);
    this.name = 'DivergenceError';
  }
}

export interface ReadabilityRow {
  readonly group: readonly string[];
  readonly file: string;
  readonly partition: string;
  /** The model's knowledge rules say the group can read it. */
  readonly model: boolean;
  /** Real decryption attempts with the group's bytes succeed. */
  readonly oracle: boolean;
}

export interface ConformanceReport {
  readonly relations: readonly RelationMismatch[];
  /** Bindings enabled on the abstract marking but not on α(bytes), and the other way round. */
  readonly enabledOnlyAbstract: readonly string[];
  readonly enabledOnlyConcrete: readonly string[];
  readonly readability: readonly ReadabilityRow[];
  readonly ok: boolean;
}

export const DEFAULT_PARTITION_BYTES = 64;

export class Simulation {
  readonly net: Net;
  readonly world: World;
  readonly options: SimulationOptions;
  readonly #actor: ReturnType<typeof startSimulation>;
  readonly #records: StepRecord[] = [];
  readonly #canReadCache = new Map<string, ReturnType<typeof canRead>>();

  private constructor(net: Net, world: World, options: SimulationOptions) {
    this.net = net;
    this.world = world;
    this.options = options;
    this.#actor = startSimulation(net, world);
  }

  static async create(options: SimulationOptions): Promise<Simulation> {
    const net = buildNet(options.config);
    const backend = await resolveBackend(options.backend ?? 'auto');
    const world = new World(net, {
      backend,
      seed: options.seed ?? 'sesphr',
      variant: options.config.variant,
      mode: options.mode ?? 'hybrid',
      aead: options.aead ?? DEFAULT_AEAD,
      partitionBytes: options.partitionBytes ?? DEFAULT_PARTITION_BYTES,
      ...(options.plaintexts ? { plaintexts: options.plaintexts } : {}),
    });
    return new Simulation(net, world, options);
  }

  get marking(): Marking {
    return this.#actor.getSnapshot().context.marking;
  }

  get records(): readonly StepRecord[] {
    return this.#records;
  }

  enabled(): Binding[] {
    return enabledBindings(this.net, this.marking);
  }

  /** Fires one binding through the machine; throws when it is not enabled or the bytes diverge. */
  fire(transition: string, values: Readonly<Record<string, Value>>): StepRecord {
    const spec = transitionNamed(this.net, transition);
    const binding = { transition, values };
    const snapshot = this.#actor.getSnapshot();
    if (snapshot.status === 'done' && snapshot.context.last?.kind === 'diverged') {
      throw new DivergenceError(
        binding,
        `the simulation already diverged at ${snapshot.context.last.event.type}`,
      );
    }
    const before = this.marking;
    this.#actor.send({ type: transition, binding: values });
    const { last, marking } = this.#actor.getSnapshot().context;
    if (last?.kind === 'not-enabled') throw new NotEnabledError(binding);
    if (last?.kind === 'diverged') throw new DivergenceError(binding, last.error);
    const { added, removed } = diffMarkings(before, marking);
    const refusal = transition === 'D_R_F' ? this.#refusalReason(before, values) : undefined;
    const record: StepRecord = {
      index: this.#records.length + 1,
      transition,
      cite: spec.cite,
      binding: values,
      actor: this.#actorOf(spec.actor, values),
      added,
      removed,
      ...(refusal ? { refusal } : {}),
    };
    this.#records.push(record);
    return record;
  }

  /** The first grant condition (Eqs. 31–32) that fails — the same conditions the guards are made of. */
  #refusalReason(before: Marking, values: Readonly<Record<string, Value>>): string | undefined {
    const { layer, variant } = this.options.config;
    const vars = Object.fromEntries(
      transitionNamed(this.net, 'D_R_F').params.map((p) => [p.name, variable(p)]),
    ) as Parameters<typeof grantConditions>[1];
    const env: Bindings = new Map(Object.entries(values));
    return grantConditions({ layer, variant }, vars).find(
      (c) => !holds(c.holds, this.net.interpretation, before, env),
    )?.reason;
  }

  #actorOf(
    actor: (typeof this.net.transitions)[number]['actor'],
    values: Readonly<Record<string, Value>>,
  ): string {
    if ('system' in actor) return actor.system;
    if ('param' in actor) return String(values[actor.param]);
    return this.world.ownerOf(String(values[actor.ownerOf]));
  }

  /** The model's verdict: can the group read partition i of file f in the current marking? */
  modelCanRead(group: readonly string[], file: string, partition: string): boolean {
    const key = JSON.stringify(group);
    let expr = this.#canReadCache.get(key);
    if (!expr) {
      expr = canRead(
        coalition(group),
        variable({ name: 'f', sort: 'File' }),
        variable({ name: 'i', sort: 'Partition' }),
      );
      this.#canReadCache.set(key, expr);
    }
    const env: Bindings = new Map<string, Value>([
      ['f', file],
      ['i', partition],
    ]);
    return holds(expr, this.net.interpretation, this.marking, env);
  }

  oracleCanRead(group: readonly string[], file: string, partition: string): boolean {
    return canDecrypt(this.world, group, file, partition);
  }

  /** Model and oracle side by side, for every file and partition, for each group. */
  readability(groups: readonly (readonly string[])[]): ReadabilityRow[] {
    const { File, Partition } = this.net.interpretation.domains;
    return groups.flatMap((group) =>
      (File as string[]).flatMap((file) =>
        (Partition as string[]).map((partition) => ({
          group,
          file,
          partition,
          model: this.modelCanRead(group, file, partition),
          oracle: this.oracleCanRead(group, file, partition),
        })),
      ),
    );
  }

  /** Every principal on its own, plus the given coalitions. */
  defaultGroups(coalitions: readonly (readonly string[])[] = []): string[][] {
    return [
      ...(this.net.interpretation.domains.Principal as string[]).map((p) => [p]),
      ...coalitions.map((c) => [...c]),
    ];
  }

  /** Bytes vs marking, guards on both, and the oracle vs the model for each group (default: every principal). */
  conformance(groups: readonly (readonly string[])[] = this.defaultGroups()): ConformanceReport {
    const relations = compareWithMarking(this.world, this.marking);
    const abstract = new Set(this.enabled().map(formatBinding));
    const concrete = new Set(
      enabledBindings(this.net, concreteMarking(this.world, this.marking)).map(formatBinding),
    );
    const enabledOnlyAbstract = [...abstract].filter((b) => !concrete.has(b));
    const enabledOnlyConcrete = [...concrete].filter((b) => !abstract.has(b));
    const readability = this.readability(groups);
    return {
      relations,
      enabledOnlyAbstract,
      enabledOnlyConcrete,
      readability,
      ok:
        relations.length === 0 &&
        enabledOnlyAbstract.length === 0 &&
        enabledOnlyConcrete.length === 0 &&
        readability.every((row) => row.model === row.oracle),
    };
  }
}

/** Tokens that appeared and disappeared, as readable `relation(a, b)` strings, sorted. */
export function diffMarkings(before: Marking, after: Marking): { added: string[]; removed: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  const names = new Set([...before.relations.keys(), ...after.relations.keys()]);
  for (const name of names) {
    const a = before.relations.get(name) ?? new Set<string>();
    const b = after.relations.get(name) ?? new Set<string>();
    for (const key of b) if (!a.has(key)) added.push(formatToken(name, key));
    for (const key of a) if (!b.has(key)) removed.push(formatToken(name, key));
  }
  for (const [name, value] of after.scalars) {
    if (before.scalars.get(name) !== value) added.push(`${name} = ${value}`);
  }
  return { added: added.sort(), removed: removed.sort() };
}

export function formatToken(relation: string, key: string): string {
  return `${relation}(${parseTupleKey(key).join(', ')})`;
}
