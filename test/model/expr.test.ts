import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { Expr } from '../../model/expr/ast.ts';
import {
  add,
  and,
  apply,
  eq,
  exists,
  forall,
  insert,
  insertAll,
  ite,
  le,
  lit,
  lt,
  ModelTypeError,
  member,
  not,
  or,
  remove,
  stateVar,
  TRUE,
} from '../../model/expr/build.ts';
import {
  applyUpdates,
  assignments,
  evaluate,
  holds,
  type Marking,
  tupleKey,
} from '../../model/expr/evaluate.ts';
import { enabledBindingsOf } from '../../model/semantics.ts';
import { smallConfig } from '../../model/universes.ts';
import { F, R } from '../../model/vocabulary.ts';
import { runs } from '../helpers/effort.ts';

const net = buildNet(smallConfig('extended', 'paper'));
const interp = net.interpretation;
const empty: Marking = { relations: new Map(), scalars: new Map([['now', 2]]) };
const P = (id: string) => lit('Principal', id);
const T = (n: number) => lit('Time', n);
const ev = (e: Expr, m: Marking = empty) => evaluate(e, interp, m, new Map());

describe('the expression language', () => {
  it('rejects ill-sorted expressions when they are built', () => {
    expect(() => eq(P('bob'), T(1))).toThrow(ModelTypeError);
    expect(() => and(P('bob'))).toThrow(ModelTypeError);
    expect(() => lt(P('bob'), P('erin'))).toThrow(/not numeric/);
    expect(() => member(R.acl, P('alice'), P('bob'))).toThrow(/3 arguments/);
    expect(() => member(R.acl, P('alice'), P('bob'), T(1))).toThrow(/Partition/);
  });

  it('evaluates connectives, comparisons, ite and static functions', () => {
    expect(ev(and(TRUE, not(eq(P('bob'), P('erin')))))).toBe(true);
    expect(ev(or(eq(P('bob'), P('erin')), le(T(1), T(1))))).toBe(true);
    expect(ev(lt(T(2), T(2)))).toBe(false);
    expect(ev(ite(lt(T(1), T(2)), P('bob'), P('erin')))).toBe('bob');
    expect(ev(apply(F.ownerOf, lit('File', 'f2')))).toBe('alice');
    expect(ev(apply(F.levelOf, lit('File', 'f2'), lit('Partition', 'medical')))).toBe(0);
  });

  it('clamps time addition to the domain, as the Z3 translation does', () => {
    expect(ev(add(T(3), T(3)))).toBe(4);
    expect(ev(add(stateVar('now', 'Time'), T(1)))).toBe(3);
  });

  it('quantifies over the finite domain', () => {
    const m: Marking = { ...empty, relations: new Map([[R.registered.name, new Set([tupleKey(['bob'])])]]) };
    expect(
      ev(
        exists('Principal', 'p', (p) => member(R.registered, p)),
        m,
      ),
    ).toBe(true);
    expect(
      ev(
        forall('Principal', 'p', (p) => member(R.registered, p)),
        m,
      ),
    ).toBe(false);
    expect(
      ev(
        forall('Principal', 'p', (p) => or(not(apply(F.isUser, p)), eq(p, p))),
        m,
      ),
    ).toBe(true);
  });

  it('applies updates in parallel: every right-hand side reads the pre-state', () => {
    const m: Marking = { ...empty, relations: new Map([[R.registered.name, new Set([tupleKey(['bob'])])]]) };
    // Move bob's registration to erin and authorize whoever was registered before the step.
    const updates = [
      remove(R.registered, P('bob')),
      insert(R.registered, P('erin')),
      insertAll(R.authorized, ['Principal'], (p) => ({ args: [p], where: member(R.registered, p) })),
    ];
    const after = applyUpdates(updates, interp, m, new Map());
    expect([...(after.relations.get(R.registered.name) ?? [])]).toEqual([tupleKey(['erin'])]);
    expect([...(after.relations.get(R.authorized.name) ?? [])]).toEqual([tupleKey(['bob'])]);
    expect([...(m.relations.get(R.registered.name) ?? [])]).toEqual([tupleKey(['bob'])]);
  });

  it('deleting and inserting the same tuple in one step keeps it (insert wins)', () => {
    const after = applyUpdates(
      [remove(R.registered, P('bob')), insert(R.registered, P('bob'))],
      interp,
      empty,
      new Map(),
    );
    expect(after.relations.get(R.registered.name)?.has(tupleKey(['bob']))).toBe(true);
  });
});

describe('enabled-binding enumeration', () => {
  const relationArbitrary = fc.record(
    Object.fromEntries(
      net.relations.map((r) => {
        const tuples = [...assignments(r.columns, interp)].map((env) =>
          tupleKey(r.columns.map((c) => env.get(c.name) as never)),
        );
        return [r.name, fc.subarray(tuples, { maxLength: Math.min(6, tuples.length) })];
      }),
    ),
  );

  it('equals brute force (every binding, whole guard) on random markings', () => {
    fc.assert(
      fc.property(relationArbitrary, fc.integer({ min: 0, max: 4 }), (relations, now) => {
        const marking: Marking = {
          relations: new Map(Object.entries(relations).map(([k, v]) => [k, new Set(v as string[])])),
          scalars: new Map([['now', now]]),
        };
        for (const t of net.transitions) {
          const fast = [...enabledBindingsOf(net, t, marking)].map((b) => JSON.stringify(b.values)).sort();
          const slow = [...assignments(t.params, interp)]
            .filter((env) => holds(t.guard, interp, marking, env))
            .map((env) => JSON.stringify(Object.fromEntries(env)))
            .sort();
          expect(fast, t.name).toEqual(slow);
        }
      }),
      { numRuns: runs(60) },
    );
  });
});
