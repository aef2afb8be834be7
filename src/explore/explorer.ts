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
  groundTransitions,
  relationsRead,
  relationsTheNetReads,
  StateLayout,
} from '../ground/ground.ts';

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
  /** Depth of the deepest state expanded. */
  readonly depth: number;
  /** True when every reachable state was expanded (no bound cut the search). */
  readonly exhausted: boolean;
  /** Why the search stopped, when it did not exhaust the space. */
  readonly stoppedBy?: 'depth' | 'states' | 'time' | 'done';
  readonly ms: number;
  readonly statesPerSecond: number;
  readonly bits: number;
  readonly groundTransitions: number;
  readonly memoryBytes: number;
}

export interface ExploreResult {
  readonly stats: ExploreStats;
  /** Invariants and step checks that failed somewhere, each with a shortest counterexample. */
  readonly violations: readonly Finding[];
  /** Goals reached, each with a shortest witness. */
  readonly witnesses: readonly Finding[];
  /** Transitions that fired at least once. */
  readonly fired: ReadonlySet<TransitionName>;
}

export interface CompiledTransition {
  readonly ground: GroundTransition;
  readonly guard: Check;
  readonly writes: readonly { word: number; mask: number; insert: boolean; when: Check }[];
  readonly clock: readonly { when: Check; value: number }[];
  /** Step checks that apply to this ground transition. */
  readonly stepChecks: readonly { index: number; holds: Check }[];
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
                  {
                    index,
                    holds: compileGround(grounder.formula(s.condition, new Map(Object.entries(g.binding)))),
                  },
                ]
              : [],
          ),
        })),
      );
      this.#invariants.set(
        now,
        invariants.map((c) => compileGround(grounder.formula(c.formula, new Map()))),
      );
      this.#goals.set(
        now,
        goals.map((c) => compileGround(grounder.formula(c.formula, new Map()))),
      );
    }
    this.groundCount = count;
  }

  transitionsAt(now: number): readonly CompiledTransition[] {
    return this.#byNow.get(now) ?? [];
  }

  /** The ground transition of (transition, binding) at clock `now`, if it is live. */
  find(
    now: number,
    transition: TransitionName,
    binding: Readonly<Record<string, Value>>,
  ): CompiledTransition | undefined {
    let index = this.#index.get(now);
    if (!index) {
      index = new Map(
        this.transitionsAt(now).map((t) => [bindingKey(t.ground.transition, t.ground.binding), t]),
      );
      this.#index.set(now, index);
    }
    return index.get(bindingKey(transition, binding));
  }

  readonly #index = new Map<number, Map<string, CompiledTransition>>();

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

/** Parameters in sorted order, so a binding's key does not depend on how it was written. */
function bindingKey(transition: string, binding: Readonly<Record<string, Value>>): string {
  return JSON.stringify([
    transition,
    ...Object.keys(binding)
      .sort()
      .map((k) => [k, binding[k]]),
  ]);
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
  const seen = new Map<string, number>();
  const byId = new Map<number, CompiledTransition>();
  for (const now of net.interpretation.domains.Time as number[])
    for (const t of ground.transitionsAt(now)) byId.set(t.ground.id, t);

  const add = (bits: Bits, now: number, from: number, by: number, depth: number): number => {
    const key = keyOf(bits, now);
    const known = seen.get(key);
    if (known !== undefined) return known;
    const id = states.length;
    states.push(bits);
    clock.push(now);
    parent.push(from);
    via.push(by);
    depthOf.push(depth);
    seen.set(key, id);
    return id;
  };
  const traceTo = (id: number, last?: CompiledTransition): TraceStep[] => {
    const steps: TraceStep[] = [];
    for (let s = id; parent[s] !== -1; s = parent[s] as number) {
      const t = byId.get(via[s] as number) as CompiledTransition;
      steps.unshift({ transition: t.ground.transition, binding: t.ground.binding });
    }
    if (last) steps.push({ transition: last.ground.transition, binding: last.ground.binding });
    return steps;
  };
  const finding = (name: string, id: number, last?: CompiledTransition): Finding => ({
    name,
    trace: traceTo(id, last),
    marking: layout.decode(states[id] as Bits, clock[id] as number),
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
  let deepest = 0;
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
    deepest = Math.max(deepest, depth);
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
      memoryBytes: process.memoryUsage().rss,
    },
    violations: [...violated.values()],
    witnesses: [...reached.values()],
    fired,
  };
}
