/**
 * The explicit-state explorer: breadth-first enumeration of the reachable markings of a net over its
 * finite universe, with every invariant checked at every state and every step condition at every enabled
 * binding. Breadth-first, so the first violation found has a shortest trace. When the frontier empties
 * before any bound is reached the space is exhausted and a property that held holds in every reachable
 * state of the universe — an unbounded result for that universe, as TLC reports it.
 *
 * States are bit vectors (ground.ts): one bit per tuple of the relations the checks read, plus the clock.
 */
import type { Expr, Value } from '../../model/expr/ast.ts';
import type { Marking } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { S } from '../../model/vocabulary.ts';
import {
  type Ground,
  Grounder,
  type GroundTransition,
  groundFormula,
  groundTransitions,
  relationsRead,
  relationsTheNetReads,
  StateLayout,
} from '../ground/ground.ts';
import { compose, inverse, type Symmetry } from './symmetry.ts';

type Bits = Uint32Array;
type Check = (bits: Bits) => boolean;

/** Compiles a ground formula to a function of the state bits. */
export function compileGround(g: Ground): Check {
  switch (g.k) {
    case 'const':
      return g.v ? () => true : () => false;
    case 'bit': {
      const word = g.i >>> 5;
      const mask = 1 << (g.i & 31);
      return (b) => ((b[word] as number) & mask) !== 0;
    }
    case 'not': {
      const a = compileGround(g.a);
      return (b) => !a(b);
    }
    case 'and': {
      const xs = g.xs.map(compileGround);
      return (b) => {
        for (const x of xs) if (!x(b)) return false;
        return true;
      };
    }
    case 'or': {
      const xs = g.xs.map(compileGround);
      return (b) => {
        for (const x of xs) if (x(b)) return true;
        return false;
      };
    }
  }
}

/** A named state invariant (must hold everywhere) or goal (wanted somewhere), over the marking. */
export interface StateCheck {
  readonly name: string;
  readonly formula: Expr;
}

/** "Whenever one of `transitions` fires, `condition` holds" — over the transition's parameters. */
export interface StepCheck {
  readonly name: string;
  readonly transitions: readonly TransitionName[];
  readonly condition: Expr;
}

export interface ExploreOptions {
  readonly invariants?: readonly StateCheck[];
  readonly steps?: readonly StepCheck[];
  readonly goals?: readonly StateCheck[];
  /** Stop expanding beyond this depth (a bound, like BMC's k). */
  readonly maxDepth?: number;
  readonly maxStates?: number;
  readonly timeLimitMs?: number;
  /** Keep exploring after every invariant has failed and every goal was found (for statistics). */
  readonly exhaustive?: boolean;
  /** Called now and then with the number of states so far (progress displays). */
  readonly onProgress?: (states: number, depth: number) => void;
  /** Explore one state per orbit of this symmetry group (src/explore/symmetry.ts). */
  readonly symmetry?: Symmetry;
  /** Return every state visited (tests count orbits with it). */
  readonly keepStates?: boolean;
}

export interface TraceStep {
  readonly transition: TransitionName;
  readonly binding: Readonly<Record<string, Value>>;
}

export interface Finding {
  readonly name: string;
  /** The shortest trace to the state (invariant violated, goal reached) or to the step (condition failed). */
  readonly trace: readonly TraceStep[];
  readonly marking: Marking;
}

export interface ExploreStats {
  readonly states: number;
  readonly transitions: number;
  /** Depth (steps from M0, breadth-first) of the deepest state found. */
  readonly depth: number;
  /** True when every reachable state was expanded (no bound cut the search). */
  readonly exhausted: boolean;
  /** Why the search stopped, when it did not exhaust the space. */
  readonly stoppedBy?: 'depth' | 'states' | 'time' | 'done';
  readonly ms: number;
  readonly statesPerSecond: number;
  readonly bits: number;
  readonly groundTransitions: number;
  /** Resident set size at the end (the process's, as TLC reports the JVM's). */
  readonly memoryBytes: number;
  readonly heapBytes: number;
  /** The order of the symmetry group used (1: none). */
  readonly symmetryOrder: number;
}

export interface ExploreResult {
  readonly stats: ExploreStats;
  /** Invariants and step checks that failed somewhere, each with a shortest counterexample. */
  readonly violations: readonly Finding[];
  /** Goals reached, each with a shortest witness. */
  readonly witnesses: readonly Finding[];
  /** Transitions that fired at least once. */
  readonly fired: ReadonlySet<TransitionName>;
  /** With `keepStates`: every state visited (canonical representatives under symmetry). */
  readonly states?: readonly { readonly bits: Bits; readonly now: number }[];
}

export interface CompiledTransition {
  readonly ground: GroundTransition;
  readonly guard: Check;
  readonly writes: readonly { word: number; mask: number; insert: boolean; when: Check }[];
  readonly clock: readonly { when: Check; value: number }[];
  /** Step checks that apply to this ground transition. */
  readonly stepChecks: readonly { index: number; holds: Check; condition: Ground }[];
}

/** Parameter values, one level per parameter (sorted by name), down to the ground transition. */
type BindingTrie = CompiledTransition | Map<Value, BindingTrie>;

interface TransitionIndex {
  readonly all: CompiledTransition[];
  readonly params: readonly string[];
  root: BindingTrie | undefined;
}

/** `trie` with `t` under `values` (a later copy under the same values replaces the earlier one). */
function withBinding(
  trie: BindingTrie | undefined,
  values: readonly Value[],
  t: CompiledTransition,
): BindingTrie {
  const [first, ...rest] = values;
  if (values.length === 0) return t;
  const node = trie instanceof Map ? trie : new Map<Value, BindingTrie>();
  node.set(first as Value, withBinding(node.get(first as Value), rest, t));
  return node;
}

/** The net grounded for every clock value, with the checks compiled. */
export class GroundNet {
  readonly net: Net;
  readonly layout: StateLayout;
  /** Per clock value, the live ground transitions. */
  readonly #byNow = new Map<number, CompiledTransition[]>();
  readonly #invariants = new Map<number, Check[]>();
  readonly #goals = new Map<number, Check[]>();
  readonly invariantNames: readonly string[];
  readonly goalNames: readonly string[];
  readonly stepNames: readonly string[];
  readonly groundCount: number;

  constructor(net: Net, options: Pick<ExploreOptions, 'invariants' | 'steps' | 'goals'> = {}) {
    this.net = net;
    const keep = relationsTheNetReads(net);
    const invariants = options.invariants ?? [];
    const goals = options.goals ?? [];
    const steps = options.steps ?? [];
    for (const c of [...invariants, ...goals]) relationsRead(c.formula, keep);
    for (const c of steps) relationsRead(c.condition, keep);
    this.layout = new StateLayout(net, keep);
    this.invariantNames = invariants.map((c) => c.name);
    this.goalNames = goals.map((c) => c.name);
    this.stepNames = steps.map((c) => c.name);
    let count = 0;
    for (const now of net.interpretation.domains.Time as number[]) {
      const grounder = new Grounder(net, this.layout, now);
      const ground = groundTransitions(net, this.layout, now, count);
      count += ground.length;
      this.#byNow.set(
        now,
        ground.map((g) => ({
          ground: g,
          guard: compileGround(g.guard),
          writes: g.effect.writes.map((w) => ({
            word: w.bit >>> 5,
            mask: 1 << (w.bit & 31),
            insert: w.insert,
            when: compileGround(w.when),
          })),
          clock: g.effect.clock.map((c) => ({ when: compileGround(c.when), value: c.value })),
          stepChecks: steps.flatMap((s, index) =>
            s.transitions.includes(g.transition)
              ? [
                  (() => {
                    const condition = groundFormula(
                      grounder,
                      s.condition,
                      new Map(Object.entries(g.binding)),
                    );
                    return { index, holds: compileGround(condition), condition };
                  })(),
                ]
              : [],
          ),
        })),
      );
      const groundInvariants = invariants.map((c) => groundFormula(grounder, c.formula, new Map()));
      const groundGoals = goals.map((c) => groundFormula(grounder, c.formula, new Map()));
      this.#invariants.set(now, groundInvariants.map(compileGround));
      this.#goals.set(now, groundGoals.map(compileGround));
      this.#checks.set(now, [
        ...groundInvariants.map((formula, k) => ({ name: invariants[k]?.name as string, formula })),
        ...groundGoals.map((formula, k) => ({ name: goals[k]?.name as string, formula })),
      ]);
    }
    this.groundCount = count;
    this.times = net.interpretation.domains.Time as number[];
    this.initial = this.layout.encode(net.initialMarking);
  }

  readonly times: readonly number[];
  readonly initial: Bits;
  readonly #checks = new Map<number, { name: string; formula: Ground }[]>();

  /** The ground transitions at `now` as data (SymmetricSystem, for the symmetry check). */
  groundAt(now: number) {
    return this.transitionsAt(now).map((t) => ({
      transition: t.ground.transition as string,
      binding: t.ground.binding,
      guard: t.ground.guard,
      writes: t.ground.effect.writes,
      clock: t.ground.effect.clock,
      steps: t.stepChecks.map((s) => ({ name: this.stepNames[s.index] as string, condition: s.condition })),
    }));
  }

  /** Every invariant and goal at `now`, ground (SymmetricSystem). */
  checksAt(now: number): readonly { name: string; formula: Ground }[] {
    return this.#checks.get(now) ?? [];
  }

  transitionsAt(now: number): readonly CompiledTransition[] {
    return this.#byNow.get(now) ?? [];
  }

  /** The ground transitions of one transition at `now`, in the order of `transitionsAt`. */
  transitionsNamed(now: number, transition: TransitionName): readonly CompiledTransition[] {
    return this.#indexAt(now).get(transition)?.all ?? [];
  }

  /** The ground transition of `transition` with exactly this binding (parameter → value), if live at `now`. */
  find(
    now: number,
    transition: TransitionName,
    binding: Readonly<Record<string, Value>>,
  ): CompiledTransition | undefined {
    const entry = this.#indexAt(now).get(transition);
    if (!entry || Object.keys(binding).length !== entry.params.length) return undefined;
    let node: BindingTrie | undefined = entry.root;
    for (const param of entry.params) {
      if (!(node instanceof Map) || !Object.hasOwn(binding, param)) return undefined;
      node = node.get(binding[param] as Value);
    }
    return node instanceof Map ? undefined : node;
  }

  /**
   * Per clock value, per transition: its ground copies, its parameters (sorted) and a trie from their
   * values to the ground copy — a walk looks up hundreds of thousands of bindings, most of them not live.
   */
  #indexAt(now: number): Map<TransitionName, TransitionIndex> {
    let index = this.#index.get(now);
    if (!index) {
      index = new Map();
      for (const t of this.transitionsAt(now)) {
        let entry = index.get(t.ground.transition);
        if (!entry) {
          entry = { all: [], params: Object.keys(t.ground.binding).sort(), root: undefined };
          index.set(t.ground.transition, entry);
        }
        entry.all.push(t);
        entry.root = withBinding(
          entry.root,
          entry.params.map((p) => t.ground.binding[p] as Value),
          t,
        );
      }
      this.#index.set(now, index);
    }
    return index;
  }

  readonly #index = new Map<number, Map<TransitionName, TransitionIndex>>();

  invariantsAt(now: number): readonly Check[] {
    return this.#invariants.get(now) ?? [];
  }

  goalsAt(now: number): readonly Check[] {
    return this.#goals.get(now) ?? [];
  }

  /** The successor of `bits` (at clock `now`) by an enabled ground transition: parallel assignment. */
  fire(t: CompiledTransition, bits: Bits, now: number): { bits: Bits; now: number } {
    const next = bits.slice();
    const inserts: { word: number; mask: number }[] = [];
    for (const w of t.writes) {
      if (!w.when(bits)) continue;
      if (w.insert) inserts.push(w);
      else next[w.word] = (next[w.word] as number) & ~w.mask;
    }
    for (const w of inserts) next[w.word] = (next[w.word] as number) | w.mask;
    let clock = now;
    for (const c of t.clock) if (c.when(bits)) clock = c.value;
    return { bits: next, now: clock };
  }
}

const keyOf = (bits: Bits, now: number) =>
  `${now}:${Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength).toString('latin1')}`;

/** Breadth-first exploration from the net's initial marking. */
export function explore(
  net: Net,
  options: ExploreOptions = {},
  ground = new GroundNet(net, options),
): ExploreResult {
  const start = performance.now();
  const { layout } = ground;
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  const maxStates = options.maxStates ?? 5_000_000;
  const deadline = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : start + options.timeLimitMs;
  const initialNow = net.initialMarking.scalars.get(S.now.name) as number;

  const states: Bits[] = [];
  const clock: number[] = [];
  const parent: number[] = [];
  const via: number[] = [];
  const depthOf: number[] = [];
  /** Under symmetry: the group element that took the successor to the stored representative. */
  const elementOf: number[] = [];
  const seen = new Map<string, number>();
  const byId = new Map<number, CompiledTransition>();
  for (const now of net.interpretation.domains.Time as number[])
    for (const t of ground.transitionsAt(now)) byId.set(t.ground.id, t);
  const symmetry = options.symmetry;
  let deepest = 0;

  const add = (raw: Bits, now: number, from: number, by: number, depth: number): number => {
    const { bits, element } = symmetry ? symmetry.canonical(raw) : { bits: raw, element: 0 };
    const key = keyOf(bits, now);
    const known = seen.get(key);
    if (known !== undefined) return known;
    const id = states.length;
    states.push(bits);
    clock.push(now);
    parent.push(from);
    via.push(by);
    depthOf.push(depth);
    elementOf.push(element);
    seen.set(key, id);
    if (depth > deepest) deepest = depth;
    return id;
  };
  /**
   * The run to state `id` (then `last`), as a run of the net: without symmetry the stored path; with it,
   * each stored step was taken from a representative, so the steps are renamed back — ρ_k, the renaming
   * from the k-th state of the run to its representative, is π_k ∘ ρ_{k−1}, and the k-th step of the run
   * is the stored step renamed by ρ_{k−1}⁻¹ (docs/verification.md, "Symmetry").
   */
  const traceTo = (id: number, last?: CompiledTransition): { trace: TraceStep[]; marking: Marking } => {
    const path: number[] = [];
    for (let s = id; parent[s] !== -1; s = parent[s] as number) path.unshift(s);
    const stored = path.map((s) => byId.get(via[s] as number) as CompiledTransition);
    if (last) stored.push(last);
    if (!symmetry)
      return {
        trace: stored.map((t) => ({ transition: t.ground.transition, binding: t.ground.binding })),
        marking: layout.decode(states[id] as Bits, clock[id] as number),
      };
    let rho = symmetry.group[elementOf[0] as number]?.values ?? new Map<Value, Value>();
    let bits = layout.encode(net.initialMarking);
    let now = initialNow;
    const trace: TraceStep[] = [];
    stored.forEach((t, k) => {
      const back = inverse(rho);
      const binding = Object.fromEntries(
        Object.entries(t.ground.binding).map(([p, v]) => [p, back.get(v) ?? v]),
      ) as Record<string, Value>;
      const concrete = ground.find(now, t.ground.transition, binding);
      if (concrete === undefined) throw new Error(`symmetry: no ground transition ${t.ground.transition}`);
      if (!concrete.guard(bits))
        throw new Error(
          `symmetry: the renamed step ${t.ground.transition} does not fire (an unsound reduction)`,
        );
      trace.push({ transition: concrete.ground.transition, binding: concrete.ground.binding });
      if (k < path.length || !last) {
        ({ bits, now } = ground.fire(concrete, bits, now));
        const s = path[k];
        if (s !== undefined) rho = compose(symmetry.group[elementOf[s] as number]?.values ?? new Map(), rho);
      }
    });
    return { trace, marking: layout.decode(bits, now) };
  };
  const finding = (name: string, id: number, last?: CompiledTransition): Finding => ({
    name,
    ...traceTo(id, last),
  });

  const violated = new Map<string, Finding>();
  const reached = new Map<string, Finding>();
  const fired = new Set<TransitionName>();
  const pending = () =>
    violated.size < ground.invariantNames.length + ground.stepNames.length ||
    reached.size < ground.goalNames.length;

  const checks = ground.invariantNames.length + ground.stepNames.length + ground.goalNames.length;
  add(layout.encode(net.initialMarking), initialNow, -1, -1, 0);
  let edges = 0;
  let stoppedBy: ExploreStats['stoppedBy'];
  let cut = false;
  for (let id = 0; id < states.length; id++) {
    const bits = states[id] as Bits;
    const now = clock[id] as number;
    const depth = depthOf[id] as number;
    ground.invariantsAt(now).forEach((holds, k) => {
      const name = ground.invariantNames[k] as string;
      if (!violated.has(name) && !holds(bits)) violated.set(name, finding(name, id));
    });
    ground.goalsAt(now).forEach((holds, k) => {
      const name = ground.goalNames[k] as string;
      if (!reached.has(name) && holds(bits)) reached.set(name, finding(name, id));
    });
    if (!options.exhaustive && checks > 0 && !pending()) {
      stoppedBy = 'done';
      cut = id < states.length - 1 || depth < maxDepth;
      break;
    }
    if (depth >= maxDepth) {
      cut = true;
      stoppedBy ??= 'depth';
      continue;
    }
    if (states.length >= maxStates) {
      cut = true;
      stoppedBy = 'states';
      break;
    }
    if ((id & 1023) === 0) {
      if (performance.now() > deadline) {
        cut = true;
        stoppedBy = 'time';
        break;
      }
      options.onProgress?.(states.length, depth);
    }
    for (const t of ground.transitionsAt(now)) {
      if (!t.guard(bits)) continue;
      for (const s of t.stepChecks) {
        const name = ground.stepNames[s.index] as string;
        if (!violated.has(name) && !s.holds(bits)) violated.set(name, finding(name, id, t));
      }
      fired.add(t.ground.transition);
      const next = ground.fire(t, bits, now);
      edges++;
      add(next.bits, next.now, id, t.ground.id, depth + 1);
    }
  }
  const ms = performance.now() - start;
  const memory = process.memoryUsage();
  return {
    stats: {
      states: states.length,
      transitions: edges,
      depth: deepest,
      exhausted: !cut,
      ...(cut && stoppedBy ? { stoppedBy } : {}),
      ms,
      statesPerSecond: ms > 0 ? (states.length / ms) * 1000 : states.length,
      bits: layout.bits,
      groundTransitions: ground.groundCount,
      memoryBytes: memory.rss,
      heapBytes: memory.heapUsed,
      symmetryOrder: symmetry?.group.length ?? 1,
    },
    violations: [...violated.values()],
    witnesses: [...reached.values()],
    fired,
    ...(options.keepStates ? { states: states.map((bits, k) => ({ bits, now: clock[k] as number })) } : {}),
  };
}
