/**
 * Seeded random walks of the ground net: a cheap way to reach deep states (a departed user reading
 * what it received takes some twenty-five steps from M0, beyond what breadth-first search or a practical
 * BMC bound reaches). Two kinds of walk:
 * - transition walks pick an enabled ground transition at each step, preferring transitions that have
 *   not fired yet and seldom taking those that close paths off (the clock, limits, departures, attacks);
 * - procedure walks pick one of the model's procedures (onboard, join, upload, request, depart…) with
 *   random arguments and run its steps (model/procedures.ts), as a scenario would — deep states in a
 *   handful of moves.
 * A walk only ever *finds* — a witness of a goal or a violation of a check — and its trace is then
 * minimised and replayed on the evaluator by the caller; walks prove nothing.
 */
import type { Value } from '../../model/expr/ast.ts';
import { tupleKey } from '../../model/expr/evaluate.ts';
import type { ArgSource, Procedure, ProcedureParam, ProcedureStep } from '../../model/procedures.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { S } from '../../model/vocabulary.ts';
import { bitsRead } from '../ground/ground.ts';
import type { CompiledTransition, Finding, GroundNet, TraceStep } from './explorer.ts';

/** Transitions a walk takes ten times less often, so that walks get deep (the tests' walks share it). */
export const DISRUPTIVE: ReadonlySet<string> = new Set([
  'Tick',
  'Limit_Partition',
  'Deny_Join',
  'Depart',
  'Reregister',
  'Tamper_C',
  'Tamper_Manifest',
  'Substitute_C',
  'Request_Bad_Token',
  'Inject_Parameters',
  'Inject_ReKey',
]);
const DISRUPTIVE_PROCEDURES: ReadonlySet<string> = new Set([
  'tick',
  'limit',
  'deny-join',
  'depart',
  'reregister',
  'tamper',
  'tamper-manifest',
  'substitute',
  'request-with-bad-token',
  'inject-parameters',
  'inject-rekey',
]);

export interface WalkOptions {
  readonly walks: number;
  readonly depth: number;
  readonly seed: number;
}

/** A small deterministic PRNG (xorshift32): walks are reproducible from their seed. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

export interface WalkResult {
  readonly violations: readonly Finding[];
  readonly witnesses: readonly Finding[];
  readonly fired: ReadonlySet<TransitionName>;
  readonly steps: number;
  /** The distinct states the walks visited (at most STATES_KEPT), for mining candidate invariants. */
  readonly states: readonly VisitedState[];
}

export interface VisitedState {
  readonly bits: Uint32Array;
  readonly now: number;
}

/** How many distinct visited states a search keeps. */
export const STATES_KEPT = 50_000;

const stateKey = (bits: Uint32Array, now: number) =>
  `${now}:${Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength).toString('latin1')}`;

/** What every walk shares: the findings so far, and one walk's state and trace. */
class Walker {
  readonly violated = new Map<string, Finding>();
  readonly reached = new Map<string, Finding>();
  readonly fired = new Set<TransitionName>();
  readonly visited = new Map<string, VisitedState>();
  steps = 0;
  bits: Uint32Array;
  now: number;
  trace: TraceStep[] = [];
  readonly #initialBits: Uint32Array;
  readonly #initialNow: number;

  constructor(readonly ground: GroundNet) {
    this.#initialBits = ground.layout.encode(ground.net.initialMarking);
    this.#initialNow = ground.net.initialMarking.scalars.get(S.now.name) as number;
    this.bits = this.#initialBits;
    this.now = this.#initialNow;
  }

  restart(): void {
    this.bits = this.#initialBits;
    this.now = this.#initialNow;
    this.trace = [];
    this.observe();
  }

  /** Checks the current state against every invariant and goal. */
  observe(): void {
    const g = this.ground;
    if (this.visited.size < STATES_KEPT) {
      const key = stateKey(this.bits, this.now);
      if (!this.visited.has(key)) this.visited.set(key, { bits: this.bits, now: this.now });
    }
    const note = (into: Map<string, Finding>, name: string) =>
      into.set(name, { name, trace: [...this.trace], marking: g.layout.decode(this.bits, this.now) });
    g.invariantsAt(this.now).forEach((holds, k) => {
      const name = g.invariantNames[k] as string;
      if (!this.violated.has(name) && !holds(this.bits)) note(this.violated, name);
    });
    g.goalsAt(this.now).forEach((holds, k) => {
      const name = g.goalNames[k] as string;
      if (!this.reached.has(name) && holds(this.bits)) note(this.reached, name);
    });
  }

  /** Fires an enabled ground transition (its step checks first), then observes the new state. */
  fire(t: CompiledTransition): void {
    const g = this.ground;
    const step = { transition: t.ground.transition, binding: t.ground.binding };
    for (const s of t.stepChecks) {
      const name = g.stepNames[s.index] as string;
      if (!this.violated.has(name) && !s.holds(this.bits))
        this.violated.set(name, {
          name,
          trace: [...this.trace, step],
          marking: g.layout.decode(this.bits, this.now),
        });
    }
    ({ bits: this.bits, now: this.now } = g.fire(t, this.bits, this.now));
    this.fired.add(t.ground.transition);
    this.trace.push(step);
    this.steps++;
    this.observe();
  }

  result(): WalkResult {
    return {
      violations: [...this.violated.values()],
      witnesses: [...this.reached.values()],
      fired: this.fired,
      steps: this.steps,
      states: [...this.visited.values()],
    };
  }
}

/** A transition's weight in a walk's draw: disruptive ones ten times lighter. */
const weightOf = (name: string): number => (DISRUPTIVE.has(name) ? 1 : 10);

/**
 * The name at position ⌊draw · W⌋ of the pool with each name repeated weightOf(name) times (W the total
 * weight), found without building that list: a walk draws once per step.
 */
function weightedPick(pool: readonly TransitionName[], draw: number): TransitionName {
  let total = 0;
  for (const name of pool) total += weightOf(name);
  let position = Math.floor(draw * total);
  for (const name of pool) {
    position -= weightOf(name);
    if (position < 0) return name;
  }
  return pool[pool.length - 1] as TransitionName;
}

/**
 * The enabled ground transitions of a walk's state, in the order of `transitionsAt`. A step changes a few
 * words of the state, so only the guards that read a changed word are evaluated again — against the last
 * state seen at the same clock value, since each clock value has its own ground copies.
 */
export class EnabledTransitions {
  readonly #ground: GroundNet;
  /** Per clock value: for each state word, the indices (in `transitionsAt`) of the guards reading it. */
  readonly #readers = new Map<number, number[][]>();
  /** Per clock value: the last state evaluated there and which of its ground transitions it enables. */
  readonly #last = new Map<number, { bits: Uint32Array; enabled: Uint8Array }>();

  constructor(ground: GroundNet) {
    this.#ground = ground;
  }

  #readersAt(now: number): number[][] {
    let readers = this.#readers.get(now);
    if (!readers) {
      readers = Array.from({ length: this.#ground.initial.length }, () => []);
      this.#ground.transitionsAt(now).forEach((t, index) => {
        const words = new Set([...bitsRead(t.ground.guard, new Set())].map((bit) => bit >>> 5));
        for (const word of words) readers?.[word]?.push(index);
      });
      this.#readers.set(now, readers);
    }
    return readers;
  }

  at(bits: Uint32Array, now: number): CompiledTransition[] {
    const list = this.#ground.transitionsAt(now);
    const last = this.#last.get(now);
    let enabled: Uint8Array;
    if (last === undefined) {
      enabled = Uint8Array.from(list, (t) => (t.guard(bits) ? 1 : 0));
      this.#last.set(now, { bits, enabled });
    } else {
      enabled = last.enabled;
      if (last.bits !== bits) {
        const readers = this.#readersAt(now);
        for (let word = 0; word < bits.length; word++) {
          if (bits[word] === last.bits[word]) continue;
          for (const index of readers[word] ?? []) {
            enabled[index] = (list[index] as CompiledTransition).guard(bits) ? 1 : 0;
          }
        }
        last.bits = bits;
      }
    }
    return list.filter((_, index) => enabled[index] === 1);
  }
}

export function walk(ground: GroundNet, options: WalkOptions): WalkResult {
  const random = prng(options.seed);
  const w = new Walker(ground);
  const enabledNow = new EnabledTransitions(ground);
  for (let n = 0; n < options.walks; n++) {
    w.restart();
    for (let d = 0; d < options.depth; d++) {
      const enabled = enabledNow.at(w.bits, w.now);
      if (enabled.length === 0) break;
      const names = [...new Set(enabled.map((t) => t.ground.transition))];
      const fresh = names.filter((name) => !w.fired.has(name));
      const pool = fresh.length > 0 && random() < 0.7 ? fresh : names;
      const name = weightedPick(pool, random());
      const choices = enabled.filter((t) => t.ground.transition === name);
      const chosen = choices[Math.floor(random() * choices.length)];
      if (!chosen) break;
      w.fire(chosen);
    }
  }
  return w.result();
}

/** Procedure walks: `depth` procedures per walk, each with random arguments. */
export function procedureWalk(ground: GroundNet, options: WalkOptions): WalkResult {
  const random = prng(options.seed ^ 0x51ed);
  const net = ground.net;
  const interp = net.interpretation;
  const w = new Walker(ground);
  const procedures = Object.values(net.procedures);
  const weighted = procedures.flatMap((p) =>
    Array<Procedure>(DISRUPTIVE_PROCEDURES.has(p.name) ? 1 : 6).fill(p),
  );
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const isTrue = (fn: string, value: Value) => interp.functions.get(fn)?.get(tupleKey([value])) === true;
  /** The values a parameter may take (its sort, narrowed by its kind): fixed by the interpretation. */
  const candidates = new Map<ProcedureParam, readonly Value[]>();
  const candidatesFor = (param: ProcedureParam): readonly Value[] => {
    let values = candidates.get(param);
    if (!values) {
      const all = interp.domains[param.sort];
      if (param.kind === 'owner') values = all.filter((v) => isTrue('isOwner', v));
      else if (param.kind === 'user') values = all.filter((v) => isTrue('isUser', v));
      else if (param.kind === 'owner-or-user')
        values = all.filter((v) => isTrue('isOwner', v) || isTrue('isUser', v));
      else values = all;
      candidates.set(param, values);
    }
    return values;
  };
  const valueFor = (param: ProcedureParam): Value | undefined => {
    if (param.optional && random() < 0.7) return undefined;
    if (param.name === 'ticks') return 1;
    return pick(candidatesFor(param));
  };
  const bind = (source: ArgSource, args: ReadonlyMap<string, Value>): Value | undefined =>
    'state' in source
      ? w.now
      : (args.get(source.arg) ?? (source.otherwise ? bind(source.otherwise, args) : undefined));
  const paramsOf = new Map(net.transitions.map((t) => [t.name, new Set(t.params.map((p) => p.name))]));
  /** A step's argument sources restricted to the transition's parameters (steps are data: once each). */
  const sourcesOf = new WeakMap<object, Map<TransitionName, [string, ArgSource][]>>();
  const bindingOf = (
    transition: TransitionName,
    bindings: Readonly<Record<string, ArgSource>>,
    args: ReadonlyMap<string, Value>,
  ) => {
    let byTransition = sourcesOf.get(bindings);
    if (!byTransition) {
      byTransition = new Map();
      sourcesOf.set(bindings, byTransition);
    }
    let sources = byTransition.get(transition);
    if (!sources) {
      const params = paramsOf.get(transition);
      sources = Object.entries(bindings).filter(([param]) => params?.has(param));
      byTransition.set(transition, sources);
    }
    const out: Record<string, Value> = {};
    for (const [param, source] of sources) {
      const value = bind(source, args);
      if (value !== undefined) out[param] = value;
    }
    return out;
  };
  /** Runs one step of a procedure; false when the procedure cannot go on. */
  const run = (step: ProcedureStep, args: ReadonlyMap<string, Value>): boolean => {
    const enabled = (transition: TransitionName, binding: Readonly<Record<string, Value>>) => {
      const t = ground.find(w.now, transition, binding);
      return t?.guard(w.bits) ? t : undefined;
    };
    switch (step.op) {
      case 'fire': {
        const t = enabled(step.transition, bindingOf(step.transition, step.bind, args));
        if (!t) return false;
        w.fire(t);
        return true;
      }
      case 'fireIfEnabled': {
        if (step.unlessGiven !== undefined && args.has(step.unlessGiven)) return true;
        const t = enabled(step.transition, bindingOf(step.transition, step.bind, args));
        if (t) w.fire(t);
        return true;
      }
      case 'fireAll': {
        const fixed = bindingOf(step.transition, step.bind, args);
        const fixedEntries = Object.entries(fixed);
        const matching = ground
          .transitionsNamed(w.now, step.transition)
          .filter((t) => fixedEntries.every(([k, v]) => t.ground.binding[k] === v) && t.guard(w.bits));
        if (matching.length === 0 && step.atLeastOne) return false;
        for (const t of matching) if (t.guard(w.bits)) w.fire(t);
        return true;
      }
      case 'fireOneOf': {
        for (const transition of step.transitions) {
          const t = enabled(transition, bindingOf(transition, step.bind, args));
          if (t) {
            w.fire(t);
            return true;
          }
        }
        return false;
      }
      case 'fireObserved': {
        // No concrete world to observe: any alternative the net allows may be what happened.
        const open = step.transitions.flatMap((transition) => {
          const t = enabled(transition, bindingOf(transition, step.bind, args));
          return t ? [t] : [];
        });
        const t = pick(open);
        if (!t) return false;
        w.fire(t);
        return true;
      }
      case 'repeat': {
        for (let k = 0; k < Number(args.get(step.count) ?? 1); k++) {
          const t = enabled(step.transition, {});
          if (!t) return false;
          w.fire(t);
        }
        return true;
      }
    }
  };
  const completed = new Set<string>();
  // The procedures never completed, recomputed only when `completed` grows.
  let fresh = weighted;
  let freshFor = 0;
  for (let n = 0; n < options.walks; n++) {
    w.restart();
    for (let d = 0; d < options.depth; d++) {
      // Try procedures (those never completed first) with random arguments until one gets going: a move
      // that fires nothing is not a move.
      for (let attempt = 0; attempt < 40; attempt++) {
        if (freshFor !== completed.size) {
          fresh = weighted.filter((p) => !completed.has(p.name));
          freshFor = completed.size;
        }
        const procedure = pick(fresh.length > 0 && random() < 0.5 ? fresh : weighted);
        if (!procedure) break;
        const args = new Map<string, Value>();
        for (const param of procedure.params) {
          const value = valueFor(param);
          if (value !== undefined) args.set(param.name, value);
        }
        const before = w.steps;
        let finished = true;
        for (const step of procedure.steps) {
          if (!run(step, args)) {
            finished = false;
            break;
          }
        }
        if (finished && w.steps > before) completed.add(procedure.name);
        if (w.steps > before) break;
      }
    }
  }
  return w.result();
}

/** Both kinds of walk, their findings merged (transition walks first). */
export function search(ground: GroundNet, options: WalkOptions): WalkResult {
  const a = walk(ground, options);
  const b = procedureWalk(ground, options);
  const merge = (x: readonly Finding[], y: readonly Finding[]) => {
    const byName = new Map(x.map((f) => [f.name, f]));
    for (const f of y) {
      const known = byName.get(f.name);
      if (!known || f.trace.length < known.trace.length) byName.set(f.name, f);
    }
    return [...byName.values()];
  };
  return {
    violations: merge(a.violations, b.violations),
    witnesses: merge(a.witnesses, b.witnesses),
    fired: new Set([...a.fired, ...b.fired]),
    steps: a.steps + b.steps,
    states: [...a.states, ...b.states],
  };
}
