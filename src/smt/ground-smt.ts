/**
 * The ground net as SMT-LIB text (QF_BV): the transition relation unrolled over steps, for bounded model
 * checking and k-induction, built from the same ground formulas the explorer runs (src/ground). One Bool
 * per state bit per step, a bit-vector clock and a bit-vector selector naming the ground transition each
 * step fires (the encoding that beat Int selectors by ~50× in the spike); a frame equation per bit with one
 * `ite` branch per ground transition that writes it. The selector's last value is a stutter step (nothing
 * changes), so a property checked at every step up to k is checked on every path of length ≤ k.
 *
 * Cone of influence: only the bits a query's formulas read, and transitively the bits read by the guards
 * and write conditions of the ground transitions that write them, are state; a ground transition that
 * writes none of them is the same as a stutter for the query and is left out.
 *
 * The text is self-contained, so it can be exported (`--smt-out`) and given to a native z3 or cvc5.
 */
import type { Expr, Value } from '../../model/expr/ast.ts';
import type { Marking } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { S } from '../../model/vocabulary.ts';
import {
  bitsRead,
  type Ground,
  Grounder,
  type GroundTransition,
  groundFormula,
  groundTransitions,
  relationsRead,
  relationsTheNetReads,
  StateLayout,
} from '../ground/ground.ts';

const width = (n: number) => Math.max(1, Math.ceil(Math.log2(Math.max(2, n))));
const bv = (value: number, w: number) => `(_ bv${value} ${w})`;

/** A state formula grounded for every clock value. */
type ByNow = ReadonlyMap<number, Ground>;

/** The ground net of a query: the state layout, every ground transition, formulas per clock value. */
export class GroundSystem {
  readonly net: Net;
  readonly layout: StateLayout;
  readonly times: readonly number[];
  readonly transitions: readonly GroundTransition[];
  readonly #grounders: ReadonlyMap<number, Grounder>;
  readonly #nowOf = new Map<number, number>();

  constructor(net: Net, formulas: readonly Expr[]) {
    this.net = net;
    const keep = relationsTheNetReads(net);
    for (const f of formulas) relationsRead(f, keep);
    this.layout = new StateLayout(net, keep);
    this.times = net.interpretation.domains.Time as number[];
    const all: GroundTransition[] = [];
    const grounders = new Map<number, Grounder>();
    for (const now of this.times) {
      grounders.set(now, new Grounder(net, this.layout, now));
      for (const g of groundTransitions(net, this.layout, now, all.length)) {
        all.push(g);
        this.#nowOf.set(g.id, now);
      }
    }
    this.transitions = all;
    this.#grounders = grounders;
  }

  /** The clock value each ground transition was grounded for. */
  nowOf(g: GroundTransition): number {
    const now = this.#nowOf.get(g.id);
    if (now === undefined) throw new Error(`ground transition ${g.id} is not of this system`);
    return now;
  }

  ground(expr: Expr, env: ReadonlyMap<string, Value> = new Map()): ByNow {
    return new Map(
      this.times.map((now) => [now, groundFormula(this.#grounders.get(now) as Grounder, expr, env)]),
    );
  }

  groundAt(now: number, expr: Expr, env: ReadonlyMap<string, Value>): Ground {
    return groundFormula(this.#grounders.get(now) as Grounder, expr, env);
  }
}

export interface QueryFormulas {
  /** State formulas the query reads (their bits are the cone's seed). */
  readonly state: readonly ByNow[];
  /** Step conditions: per ground transition, the condition it must satisfy (their bits are seeds too). */
  readonly steps?: ReadonlyMap<number, Ground>;
}

/** The ground transitions and bits a query needs (cone of influence). */
export class Cone {
  readonly bits: readonly number[];
  readonly transitions: readonly GroundTransition[];
  readonly #system: GroundSystem;

  constructor(system: GroundSystem, query: QueryFormulas) {
    this.#system = system;
    const relevant = new Set<number>();
    for (const byNow of query.state) for (const g of byNow.values()) bitsRead(g, relevant);
    for (const g of query.steps?.values() ?? []) bitsRead(g, relevant);
    const stepTransitions = new Set(query.steps?.keys() ?? []);
    const chosen = new Set<number>();
    const transitions = system.transitions;
    let changed = true;
    while (changed) {
      changed = false;
      for (const t of transitions) {
        if (chosen.has(t.id)) continue;
        const writesRelevant =
          t.effect.writes.some((w) => relevant.has(w.bit)) ||
          t.effect.clock.length > 0 ||
          stepTransitions.has(t.id);
        if (!writesRelevant) continue;
        chosen.add(t.id);
        changed = true;
        bitsRead(t.guard, relevant);
        for (const w of t.effect.writes) bitsRead(w.when, relevant);
        for (const c of t.effect.clock) bitsRead(c.when, relevant);
      }
    }
    this.bits = [...relevant].sort((a, b) => a - b);
    this.transitions = transitions.filter((t) => chosen.has(t.id));
  }

  nowOf(t: GroundTransition): number {
    return this.#system.nowOf(t);
  }
}

/** Builds the SMT-LIB text of one query. */
export class SmtUnrolling {
  readonly lines: string[] = ['(set-logic QF_BV)'];
  readonly cone: Cone;
  readonly selWidth: number;
  readonly nowWidth: number;
  readonly stutter: number;
  readonly #declared = new Set<number>();
  readonly #system: GroundSystem;

  constructor(system: GroundSystem, cone: Cone) {
    this.#system = system;
    this.cone = cone;
    this.stutter = cone.transitions.length;
    this.selWidth = width(cone.transitions.length + 1);
    this.nowWidth = width(Math.max(...system.times) + 1);
  }

  bit(i: number, k: number): string {
    return `b${k}_${i}`;
  }

  now(k: number): string {
    return `n${k}`;
  }

  sel(k: number): string {
    return `s${k}`;
  }

  /** Declares the state of step k (and its selector when it has a successor). */
  declareStep(k: number): void {
    if (this.#declared.has(k)) return;
    this.#declared.add(k);
    for (const i of this.cone.bits) this.lines.push(`(declare-const ${this.bit(i, k)} Bool)`);
    this.lines.push(`(declare-const ${this.now(k)} (_ BitVec ${this.nowWidth}))`);
    const times = this.#system.times;
    this.lines.push(
      `(assert (bvule ${this.now(k)} ${bv(Math.max(...times), this.nowWidth)}))`,
      `(assert (bvuge ${this.now(k)} ${bv(Math.min(...times), this.nowWidth)}))`,
    );
  }

  text(g: Ground, k: number): string {
    switch (g.k) {
      case 'const':
        return g.v ? 'true' : 'false';
      case 'bit':
        return this.bit(g.i, k);
      case 'not':
        return `(not ${this.text(g.a, k)})`;
      case 'and':
        return `(and ${g.xs.map((x) => this.text(x, k)).join(' ')})`;
      case 'or':
        return `(or ${g.xs.map((x) => this.text(x, k)).join(' ')})`;
    }
  }

  /** A state formula (grounded per clock value) at step k. */
  state(formula: ByNow, k: number): string {
    const parts = [...formula].map(
      ([now, g]) => `(and (= ${this.now(k)} ${bv(now, this.nowWidth)}) ${this.text(g, k)})`,
    );
    return parts.length === 1 ? (parts[0] as string) : `(or ${parts.join(' ')})`;
  }

  isSel(k: number, index: number): string {
    return `(= ${this.sel(k)} ${bv(index, this.selWidth)})`;
  }

  /** The initial marking at step 0. */
  initial(marking: Marking): void {
    this.declareStep(0);
    const bits = this.#system.layout.encode(marking);
    for (const i of this.cone.bits) {
      const set = (((bits[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
      this.lines.push(`(assert ${set ? '' : '(not '}${this.bit(i, 0)}${set ? '' : ')'})`);
    }
    const now = marking.scalars.get(S.now.name) as number;
    this.lines.push(`(assert (= ${this.now(0)} ${bv(now, this.nowWidth)}))`);
  }

  /** T(s_k, s_{k+1}): the selected ground transition is enabled and the next state is its effect. */
  step(k: number): void {
    this.declareStep(k);
    this.declareStep(k + 1);
    this.lines.push(`(declare-const ${this.sel(k)} (_ BitVec ${this.selWidth}))`);
    this.lines.push(`(assert (bvule ${this.sel(k)} ${bv(this.stutter, this.selWidth)}))`);
    const writers = new Map<number, string[]>();
    const clocks: string[] = [];
    this.cone.transitions.forEach((t, index) => {
      const now = this.cone.nowOf(t);
      this.lines.push(
        `(assert (=> ${this.isSel(k, index)} (and (= ${this.now(k)} ${bv(now, this.nowWidth)}) ${this.text(t.guard, k)})))`,
      );
      const byBit = new Map<number, { ins: Ground[]; del: Ground[] }>();
      for (const w of t.effect.writes) {
        const entry = byBit.get(w.bit) ?? { ins: [], del: [] };
        (w.insert ? entry.ins : entry.del).push(w.when);
        byBit.set(w.bit, entry);
      }
      for (const [bit, { ins, del }] of byBit) {
        if (!this.cone.bits.includes(bit)) continue;
        const inserted = ins.length ? `(or ${ins.map((g) => this.text(g, k)).join(' ')})` : 'false';
        const deleted = del.length ? `(or ${del.map((g) => this.text(g, k)).join(' ')})` : 'false';
        const value = `(or ${inserted} (and ${this.bit(bit, k)} (not ${deleted})))`;
        writers.set(bit, [...(writers.get(bit) ?? []), `${index}|${value}`]);
      }
      if (t.effect.clock.length > 0) {
        const value = t.effect.clock.reduce(
          (otherwise, c) => `(ite ${this.text(c.when, k)} ${bv(c.value, this.nowWidth)} ${otherwise})`,
          this.now(k),
        );
        clocks.push(`${index}|${value}`);
      }
    });
    for (const bit of this.cone.bits) {
      const branches = writers.get(bit) ?? [];
      const next = branches.reduce(
        (otherwise, entry) => {
          const [index, value] = splitOnce(entry);
          return `(ite ${this.isSel(k, Number(index))} ${value} ${otherwise})`;
        },
        this.bit(bit, k),
      );
      this.lines.push(`(assert (= ${this.bit(bit, k + 1)} ${next}))`);
    }
    const nextNow = clocks.reduce((otherwise, entry) => {
      const [index, value] = splitOnce(entry);
      return `(ite ${this.isSel(k, Number(index))} ${value} ${otherwise})`;
    }, this.now(k));
    this.lines.push(`(assert (= ${this.now(k + 1)} ${nextNow}))`);
  }

  assert(formula: string): void {
    this.lines.push(`(assert ${formula})`);
  }

  toString(): string {
    return `${this.lines.join('\n')}\n(check-sat)\n`;
  }

  /** Names whose values decode a model: the selectors and clocks of steps 0..k. */
  valueNames(k: number): string[] {
    const names: string[] = [];
    for (let j = 0; j < k; j++) names.push(this.sel(j));
    for (let j = 0; j <= k; j++) names.push(this.now(j));
    return names;
  }
}

function splitOnce(entry: string): [string, string] {
  const at = entry.indexOf('|');
  return [entry.slice(0, at), entry.slice(at + 1)];
}

/** A trace from a model's selector values (stutter steps dropped). */
export function traceFromSelectors(
  cone: Cone,
  selectors: readonly number[],
): { transition: TransitionName; binding: Readonly<Record<string, Value>> }[] {
  return selectors.flatMap((s) => {
    const t = cone.transitions[s];
    return t ? [{ transition: t.transition, binding: t.binding }] : [];
  });
}
