/**
 * The PNML means what the model means: firing a transition the way a high-level net tool reads the
 * document — evaluate the condition, consume the input arcs' tokens, produce the output arcs' tokens,
 * markings as multisets — and then apply the updates the document marks as not carried by arcs
 * (docs/model-export.md, "PNML"), gives the model's own successor marking, along random runs.
 *
 * Everything but the universe (domains and function tables, which the picture does not depend on) is read
 * from the document by test/export/pnml-read.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Expr, Value } from '../../model/expr/ast.ts';
import { applyUpdates, evaluate, holds, type Marking, tupleKey } from '../../model/expr/evaluate.ts';
import { enabledBindings, fire } from '../../model/semantics.ts';
import { modelToPnmlWithLayout } from '../../src/export/pnml.ts';
import { chooseBinding } from '../helpers/choice.ts';
import { example, SHAPES } from './helpers.ts';
import { type ReadNet, readPnml } from './pnml-read.ts';

/** A marking as a multiset per place: token text → count. */
type Multiset = Map<string, Map<string, number>>;

const tokenOf = (rel: string, values: readonly Value[]) => `${rel} ${tupleKey(values)}`;

function add(m: Multiset, place: string, token: string, n: number): void {
  const here = m.get(place) ?? new Map<string, number>();
  const count = (here.get(token) ?? 0) + n;
  if (count < 0) throw new Error(`${place} has no token ${token} to consume`);
  if (count === 0) here.delete(token);
  else here.set(token, count);
  m.set(place, here);
}

/** The set view of a multiset marking, in the model's shape (relations of tuple keys, scalars). */
function support(m: Multiset, read: ReadNet): Marking {
  const relations = new Map<string, Set<string>>();
  const scalars = new Map<string, Value>();
  for (const place of read.places) {
    for (const r of place.relations) relations.set(r.name, new Set());
    for (const token of m.get(place.name)?.keys() ?? []) {
      const space = token.indexOf(' ');
      const name = token.slice(0, space);
      const value = token.slice(space + 1);
      const scalar = place.scalars.find((s) => s.name === name);
      if (scalar) scalars.set(name, JSON.parse(value) as Value);
      else relations.get(name)?.add(value);
    }
  }
  return { relations, scalars };
}

describe('PNML read as a high-level net behaves as the model', () => {
  for (const shape of SHAPES) {
    describe(`${shape.layer} layer, ${shape.variant} variant`, () => {
      const { config, net } = example(shape);
      const interp = net.interpretation;
      let read: ReadNet;
      beforeAll(async () => {
        read = readPnml(await modelToPnmlWithLayout(net, config));
      });

      const itemToken = (
        item: Expr,
        marking: Marking,
        env: ReadonlyMap<string, Value>,
        place: string,
      ): string => {
        if (item.op === 'rel')
          return tokenOf(
            item.rel,
            item.args.map((a) => evaluate(a, interp, marking, env)),
          );
        const scalar = read.places.find((p) => p.name === place)?.scalars[0];
        return `${scalar?.name} ${JSON.stringify(evaluate(item, interp, marking, env))}`;
      };

      function initial(): Multiset {
        const m: Multiset = new Map();
        const empty: Marking = { relations: new Map(), scalars: new Map() };
        for (const place of read.places)
          for (const item of place.marking)
            add(m, place.name, itemToken(item, empty, new Map(), place.name), 1);
        return m;
      }

      function step(m: Multiset, transition: string, env: ReadonlyMap<string, Value>): Multiset {
        const t = read.transitions.find((x) => x.name === transition);
        if (!t) throw new Error(`the document has no ${transition}`);
        const pre = support(m, read);
        expect(holds(t.guard, interp, pre, env)).toBe(true);
        const next: Multiset = new Map([...m].map(([p, tokens]) => [p, new Map(tokens)]));
        const arcs = read.arcs.filter((a) => a.transition === transition);
        // Consume (fails if a token is missing: the arc would block a binding the model enables) …
        for (const arc of arcs.filter((a) => a.direction === 'in'))
          for (const item of arc.items) add(next, arc.place, itemToken(item, pre, env, arc.place), -1);
        // … produce, all terms evaluated in the pre-state …
        for (const arc of arcs.filter((a) => a.direction === 'out'))
          for (const item of arc.items) add(next, arc.place, itemToken(item, pre, env, arc.place), 1);
        // … then the updates no arc carries, with the set semantics of the model.
        const rest = t.effect.filter((e) => !e.carried).map((e) => e.update);
        if (rest.length > 0) {
          const post = applyUpdates(rest, interp, pre, env);
          for (const place of read.places)
            for (const r of place.relations) {
              const before = pre.relations.get(r.name) ?? new Set<string>();
              const after = post.relations.get(r.name) ?? new Set<string>();
              for (const k of before) if (!after.has(k)) next.get(place.name)?.delete(`${r.name} ${k}`);
              for (const k of after)
                if (!before.has(k) && !next.get(place.name)?.has(`${r.name} ${k}`))
                  add(next, place.name, `${r.name} ${k}`, 1);
            }
        }
        return next;
      }

      /** The model's marking restricted to what the net's places hold. */
      function modelView(marking: Marking): Marking {
        const relations = new Map<string, Set<string>>();
        const scalars = new Map<string, Value>();
        for (const place of read.places) {
          for (const r of place.relations)
            relations.set(r.name, new Set(marking.relations.get(r.name) ?? []));
          for (const s of place.scalars) {
            const value = marking.scalars.get(s.name);
            if (value !== undefined) scalars.set(s.name, value);
          }
        }
        return { relations, scalars };
      }

      it('along random runs: same enabled steps, same successors, one copy of every consumable token', () => {
        // Relations some arc consumes without giving back: their multiplicity is observable.
        const consumable = new Set<string>();
        for (const arc of read.arcs.filter((a) => a.direction === 'in'))
          for (const item of arc.items)
            if (item.op === 'rel') {
              const back = read.arcs.some(
                (b) =>
                  b.transition === arc.transition &&
                  b.direction === 'out' &&
                  b.items.some((x) => JSON.stringify(x) === JSON.stringify(item)),
              );
              if (!back) consumable.add(item.rel);
            }
        // Only the extended layer deletes tokens (join, depart, answered requests).
        expect(consumable.size > 0).toBe(shape.layer === 'extended');

        let seed = 20_180_601;
        const random = () => {
          seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
          return seed / 2_147_483_648;
        };
        let steps = 0;
        const fired = new Set<string>();
        for (let run = 0; run < 4; run++) {
          let model: Marking = net.initialMarking;
          let doc = initial();
          expect(support(doc, read)).toEqual(modelView(model));
          for (let k = 0; k < 60; k++) {
            const enabled = enabledBindings(net, model);
            if (enabled.length === 0) break;
            // Every binding the model enables is enabled in the document too (tokens there, condition true).
            for (const b of enabled) step(doc, b.transition, new Map(Object.entries(b.values)));
            // Transition first (unfired ones preferred), then a binding: runs reach deep transitions.
            const chosen = chooseBinding(
              enabled,
              Math.floor(random() * 2 ** 30),
              Math.floor(random() * 2 ** 30),
              (name) => !fired.has(name),
            );
            if (!chosen) break;
            doc = step(doc, chosen.transition, new Map(Object.entries(chosen.values)));
            model = fire(net, model, chosen);
            fired.add(chosen.transition);
            steps++;
            expect(support(doc, read)).toEqual(modelView(model));
            for (const place of read.places)
              for (const [token, count] of doc.get(place.name) ?? [])
                if (consumable.has(token.slice(0, token.indexOf(' ')))) expect(count, token).toBe(1);
          }
        }
        expect(steps).toBeGreaterThan(40);
        // The runs exercise most of the net (not only its first transitions).
        expect(fired.size).toBeGreaterThanOrEqual(Math.ceil(net.transitions.length * 0.6));
      });
    });
  }
});
