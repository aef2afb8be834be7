/**
 * The claims docs/verification.md ("Beyond the universe") makes about results outside the universe
 * checked, checked themselves:
 * - a step property proved "valid in every state" holds in every universe because each conjunct of its
 *   condition is, syntactically, a conjunct of the transition's guard (the same expression over the same
 *   parameters) — so guard ⇒ condition whatever the domains;
 * (That a counterexample of the default universe replays in a larger one is checked in verify.test.ts,
 * on the default run's report.)
 */
import { describe, expect, it } from 'vitest';
import type { Expr } from '../../model/index.ts';
import { buildNet } from '../../model/index.ts';
import { PROPERTIES } from '../../properties/index.ts';
import type { PropertyContext } from '../../properties/property.ts';
import { type ConfigChoice, verificationConfig } from '../../src/verify/universe.ts';

const conjuncts = (e: Expr): Expr[] =>
  e.op === 'and' ? e.args.flatMap(conjuncts) : e.op === 'lit' && e.value === true ? [] : [e];
/** An expression's text with bound variables numbered by depth (the builders name them freshly). */
function key(e: Expr): string {
  const rename = (x: Expr, bound: ReadonlyMap<string, string>): unknown => {
    if (x.op === 'forall' || x.op === 'exists') {
      const name = `#${bound.size}`;
      return {
        op: x.op,
        sort: x.variable.sort,
        body: rename(x.body, new Map([...bound, [x.variable.name, name]])),
      };
    }
    if (x.op === 'var') return { op: 'var', name: bound.get(x.name) ?? x.name };
    return Object.fromEntries(
      Object.entries(x).map(([k, v]) => [
        k,
        Array.isArray(v)
          ? v.map((y) => (typeof y === 'object' && y && 'op' in y ? rename(y as Expr, bound) : y))
          : typeof v === 'object' && v && 'op' in v
            ? rename(v as Expr, bound)
            : v,
      ]),
    );
  };
  return JSON.stringify(rename(e, new Map()));
}

/**
 * P3-R's `isUser(u)` is not a conjunct of the extended D_R_S guard but of every transition that puts a
 * request in `pending` (which the guard requires): the same argument, one step removed.
 */
function requestsOnlyByUsers(net: ReturnType<typeof buildNet>): boolean {
  const writers = net.transitions.filter((t) =>
    t.effect.some((u) => u.op === 'insert' && u.rel === 'pending'),
  );
  return (
    writers.length > 0 &&
    writers.every((t) => {
      const insert = t.effect.find((u) => u.op === 'insert' && u.rel === 'pending');
      const who = insert && 'args' in insert ? insert.args[0] : undefined;
      return conjuncts(t.guard).some(
        (c) => c.op === 'fn' && c.fn === 'isUser' && key(c.args[0] as Expr) === key(who as Expr),
      );
    })
  );
}

const CHOICES: ConfigChoice[] = (['paper', 'extended'] as const).flatMap((layer) =>
  (['paper', 'hardened'] as const).flatMap((variant) =>
    (layer === 'paper' ? (['from-join-date'] as const) : (['from-join-date', 'all-past'] as const)).flatMap(
      (pastData) => (['hybrid', 'literal'] as const).map((mode) => ({ layer, variant, pastData, mode })),
    ),
  ),
);

/** The step properties docs/verification.md says hold in every universe. */
// INT is not among them: its condition also speaks of what the copy is (an inductive lemma, not the guard).
const SYNTACTIC = ['P1', 'P2', 'P3-R', 'TIME', 'FRESH', 'ROLLBACK', 'BAC'];

describe('scope of results beyond the universe', () => {
  it.each(SYNTACTIC)(
    '%s: every conjunct of the condition is a conjunct of the guard, in every configuration',
    (id) => {
      const p = PROPERTIES.find((x) => x.id === id);
      if (p?.kind !== 'step') throw new Error(`${id} is not a step property`);
      let checked = 0;
      for (const choice of CHOICES) {
        const net = buildNet(verificationConfig(choice));
        const ctx: PropertyContext = { net, ...choice };
        if (p.appliesTo && !p.appliesTo(ctx)) continue;
        for (const name of p.transitions) {
          const t = net.transitions.find((x) => x.name === name);
          if (!t) continue;
          const guard = new Set(conjuncts(t.guard).map(key));
          const missing = conjuncts(p.condition(ctx))
            .filter((c) => !guard.has(key(c)))
            .filter(
              (c) => !(id === 'P3-R' && c.op === 'fn' && c.fn === 'isUser' && requestsOnlyByUsers(net)),
            );
          expect(missing, `${id} ${name} ${choice.layer}/${choice.variant}`).toEqual([]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    },
  );
});
