/**
 * A simulation: the net's xstate machine driving the real cryptography, with the checks that make it
 * trustworthy — after any step, α(bytes) must equal the abstract marking, the guards must agree on both,
 * and for every principal (and coalition) the decryption oracle must agree with the model's knowledge.
 *
 * The checks are incremental: α is recomputed only for holders whose items changed, the oracle only for
 * groups one of whose members' items changed, and the guards are evaluated on α(bytes) only when α differs
 * from the marking — when they are equal the two markings are the same marking, so every guard agrees.
 */
import { randomBytes } from 'node:crypto';
import { buildNet } from '../../model/build.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { Value } from '../../model/expr/ast.ts';
import { variable } from '../../model/expr/build.ts';
import {
  type Bindings,
  evaluate,
  holds,
  type Marking,
  parseTupleKey,
  tupleKey,
} from '../../model/expr/evaluate.ts';
import { canRead, coalition } from '../../model/knowledge.ts';
import type { Net, Outcome } from '../../model/net.ts';
import {
  type Binding,
  checkBinding,
  enabledBindings,
  enabledBindingsOf,
  FiringError,
  formatBinding,
  transitionNamed,
} from '../../model/semantics.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { DEFAULT_AEAD } from '../crypto/aead.ts';
import { type BackendChoice, resolveBackend } from '../crypto/backend/index.ts';
import type { AeadAlgorithm } from '../crypto/types.ts';
import { Abstraction, type RelationMismatch } from './abstraction.ts';
import type { SimulationAuditor } from './auditing.ts';
import { CONCRETE_OBSERVATIONS } from './effects.ts';
import { literalKeyless } from './keyless.ts';
import { startSimulation } from './machine.ts';
import { type KeylessRecovery, type Recovery, readableBy, recoverPartition } from './oracle.ts';
import { type ExplicitPlaintext, World } from './world.ts';

export interface SimulationOptions {
  readonly config: ModelConfig;
  /** The RNG seed; without one, a seed is drawn from the system CSPRNG (and stays secret). */
  readonly seed?: string;
  readonly backend?: BackendChoice;
  readonly aead?: AeadAlgorithm;
  /** Generated plaintext bytes per partition (after a short readable prefix). */
  readonly partitionBytes?: number;
  readonly plaintexts?: readonly ExplicitPlaintext[];
  /** The literal-mode attack the oracle tries on every held file (none: only keys are tried). */
  readonly keyless?: KeylessRecovery;
  /** The third-party auditor the TPA transitions run (src/tpa/from-sim.ts `simulationAuditor`). */
  readonly auditor?: SimulationAuditor;
}

export interface StepRecord {
  readonly index: number;
  readonly transition: TransitionName;
  readonly cite: string;
  readonly binding: Readonly<Record<string, Value>>;
  /** How an adversary step was carried out concretely, when the model abstracts it away. */
  readonly detail?: string;
  /** The principal that fired it. */
  readonly actor: string;
  /** Tokens added and removed, e.g. `holdsRu(bob, f1, 1)`. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** What it meant to the principal who asked (the transition's declared outcome). */
  readonly outcome?: Outcome;
  /** A refusal's reason, evaluated by the model. */
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

/** The machine stopped with an error it did not expect (a bug): the run cannot continue. */
export class SimulationError extends Error {
  constructor(
    readonly binding: Binding,
    readonly failure: unknown,
  ) {
    super(`${formatBinding(binding)}: the simulation stopped: ${messageChain(failure)}`);
    this.name = 'SimulationError';
  }
}

/** An error's message followed by its causes' (xstate wraps the error a guard threw). */
function messageChain(error: unknown): string {
  const parts: string[] = [];
  for (
    let e: unknown = error;
    e !== undefined && parts.length < 5;
    e = e instanceof Error ? e.cause : undefined
  )
    parts.push(e instanceof Error ? e.message.replace(/\s*\n\s*/g, ' ') : String(e));
  return parts.join(': ');
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

const groupKey = (group: readonly string[]) => tupleKey(group);

export class Simulation {
  readonly net: Net;
  readonly world: World;
  readonly options: SimulationOptions;
  /** True when the seed was given (and may be published); false when drawn from the CSPRNG. */
  readonly seedGiven: boolean;
  readonly #actor: ReturnType<typeof startSimulation>;
  readonly #records: StepRecord[] = [];
  readonly #abstraction: Abstraction;
  readonly #canRead = new Map<string, ReturnType<typeof canRead>>();
  readonly #oracleCache = new Map<string, { revisions: string; readable: Set<string> }>();

  private constructor(net: Net, world: World, options: SimulationOptions, seedGiven: boolean) {
    this.net = net;
    this.world = world;
    this.options = options;
    this.seedGiven = seedGiven;
    this.#actor = startSimulation(net, world);
    this.#abstraction = new Abstraction(world);
  }

  static async create(options: SimulationOptions): Promise<Simulation> {
    const net = buildNet(options.config);
    const backend = await resolveBackend(options.backend ?? 'auto');
    const seed = options.seed ?? randomBytes(32).toString('hex');
    const world = new World(net, {
      backend,
      seed,
      aead: options.aead ?? DEFAULT_AEAD,
      partitionBytes: options.partitionBytes ?? DEFAULT_PARTITION_BYTES,
      ...(options.plaintexts ? { plaintexts: options.plaintexts } : {}),
      ...(options.auditor ? { auditor: options.auditor } : {}),
    });
    return new Simulation(net, world, options, options.seed !== undefined);
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

  /** Enabled bindings of one transition that agree with `fixed` on the parameters it names. */
  enabledMatching(transition: TransitionName, fixed: Readonly<Record<string, Value>>): Binding[] {
    const spec = transitionNamed(this.net, transition);
    return [...enabledBindingsOf(this.net, spec, this.marking)].filter((b) =>
      Object.entries(fixed).every(([k, v]) => b.values[k] === v),
    );
  }

  /**
   * Fires one binding through the machine. Throws FiringError for a binding the net does not accept (an
   * unknown parameter, a value outside its domain), NotEnabledError when the guard is false,
   * DivergenceError when the bytes could not follow, SimulationError when the machine itself failed.
   */
  fire(transition: string, values: Readonly<Record<string, Value>>, detail?: string): StepRecord {
    const binding = { transition, values };
    const spec = checkBinding(this.net, binding);
    const snapshot = this.#actor.getSnapshot();
    if (snapshot.status === 'error') throw new SimulationError(binding, snapshot.error);
    if (snapshot.value === 'diverged') {
      throw new DivergenceError(
        binding,
        `the simulation already diverged at ${snapshot.context.last?.event.type}`,
      );
    }
    this.#actor.send({ type: spec.name, binding: values, ...(detail !== undefined ? { detail } : {}) });
    const after = this.#actor.getSnapshot();
    if (after.status === 'error') throw new SimulationError(binding, after.error);
    const { last, marking } = after.context;
    if (last?.kind === 'not-enabled') throw new NotEnabledError(binding);
    if (last?.kind === 'diverged') throw new DivergenceError(binding, last.error);
    if (last?.kind !== 'fired' || after.context.steps !== snapshot.context.steps + 1)
      throw new SimulationError(binding, new Error('the machine did not record the step'));
    const { added, removed } = diffMarkings(last.before, marking);
    const refusal = spec.reason
      ? String(evaluate(spec.reason, this.net.interpretation, last.before, new Map(Object.entries(values))))
      : undefined;
    const record: StepRecord = {
      index: this.#records.length + 1,
      transition: spec.name,
      cite: spec.cite,
      binding: values,
      ...(detail !== undefined ? { detail } : {}),
      actor: this.#actorOf(spec.actor, values),
      added,
      removed,
      ...(spec.outcome ? { outcome: spec.outcome } : {}),
      ...(refusal ? { refusal } : {}),
    };
    this.#records.push(record);
    this.world.fileEvidence(record.index);
    return record;
  }

  /**
   * Of alternatives the model may leave open at once (a procedure's `fireObserved`), the one the concrete
   * world says happened under these values (effects.ts, CONCRETE_OBSERVATIONS); `undefined` if none.
   */
  observe(
    transitions: readonly TransitionName[],
    values: Readonly<Record<string, Value>>,
  ): TransitionName | undefined {
    return transitions.find((t) => CONCRETE_OBSERVATIONS[t]?.(this.world, values) === true);
  }

  /**
   * Whether the concrete world can take this enabled binding: always, except for a transition whose
   * happening is observed rather than chosen (the TPA's verdict), which it can take only when observed.
   * A random walk over the model picks among the enabled bindings the world can take.
   */
  concreteAllows(binding: Binding): boolean {
    const observation = CONCRETE_OBSERVATIONS[binding.transition as TransitionName];
    return observation === undefined || observation(this.world, binding.values);
  }

  #actorOf(actor: Net['transitions'][number]['actor'], values: Readonly<Record<string, Value>>): string {
    if ('system' in actor) return actor.system;
    if ('param' in actor) return String(values[actor.param]);
    return this.world.ownerOf(String(values[actor.ownerOf]));
  }

  /** The model's verdict: can the group read partition i of file f in the current marking? */
  modelCanRead(group: readonly string[], file: string, partition: string): boolean {
    const key = groupKey(group);
    let expr = this.#canRead.get(key);
    if (!expr) {
      expr = canRead(
        coalition(group),
        variable({ name: 'f', sort: 'File' }),
        variable({ name: 'i', sort: 'Partition' }),
        this.net.layer,
      );
      this.#canRead.set(key, expr);
    }
    const env: Bindings = new Map<string, Value>([
      ['f', file],
      ['i', partition],
    ]);
    return holds(expr, this.net.interpretation, this.marking, env);
  }

  /** What real decryption says the group reads, recomputed only when a member's bytes changed. */
  #oracleReadable(group: readonly string[]): Set<string> {
    const key = groupKey(group);
    const revisions = group.map((p) => this.world.holdings.revision(p)).join(',');
    const cached = this.#oracleCache.get(key);
    if (cached && cached.revisions === revisions) return cached.readable;
    const readable = readableBy(this.world, group, this.#keyless());
    this.#oracleCache.set(key, { revisions, readable });
    return readable;
  }

  oracleCanRead(group: readonly string[], file: string, partition: string): boolean {
    return this.#oracleReadable(group).has(tupleKey([file, partition]));
  }

  /** The literal-mode recovery the oracle tries (the real attack in literal mode unless overridden). */
  #keyless(): KeylessRecovery | undefined {
    return this.options.keyless ?? (this.world.mode === 'literal' ? literalKeyless : undefined);
  }

  /**
   * The oracle's way in, with the bytes: how the group reads the partition with the real cryptography and
   * what it recovers (the owner's plaintext), or `undefined` when real decryption says it cannot.
   */
  recover(group: readonly string[], file: string, partition: string): Recovery | undefined {
    return recoverPartition(this.world, group, file, partition, this.#keyless());
  }

  /** Model and oracle side by side, for every file and partition, for each group. */
  readability(groups: readonly (readonly string[])[]): ReadabilityRow[] {
    const { File, Partition } = this.net.interpretation.domains;
    return groups.flatMap((group) => {
      const oracle = this.#oracleReadable(group);
      return (File as string[]).flatMap((file) =>
        (Partition as string[]).map((partition) => ({
          group,
          file,
          partition,
          model: this.modelCanRead(group, file, partition),
          oracle: oracle.has(tupleKey([file, partition])),
        })),
      );
    });
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
    const marking = this.marking;
    const relations = this.#abstraction.compare(marking);
    let enabledOnlyAbstract: string[] = [];
    let enabledOnlyConcrete: string[] = [];
    if (relations.length > 0) {
      // Only when α(bytes) ≠ marking can the guards disagree; then say which bindings do.
      const abstract = new Set(this.enabled().map(formatBinding));
      const concrete = new Set(
        enabledBindings(this.net, this.#abstraction.concreteMarking(marking)).map(formatBinding),
      );
      enabledOnlyAbstract = [...abstract].filter((b) => !concrete.has(b));
      enabledOnlyConcrete = [...concrete].filter((b) => !abstract.has(b));
    }
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

export { FiringError };

/** Tokens that appeared and disappeared, as readable `relation(a, b)` strings, sorted. */
export function diffMarkings(before: Marking, after: Marking): { added: string[]; removed: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  const names = new Set([...before.relations.keys(), ...after.relations.keys()]);
  for (const name of names) {
    const a = before.relations.get(name) ?? new Set<string>();
    const b = after.relations.get(name) ?? new Set<string>();
    if (a === b) continue;
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
