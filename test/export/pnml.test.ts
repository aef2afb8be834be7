import { beforeAll, describe, expect, it } from 'vitest';
import { parseTupleKey, tupleKey } from '../../model/expr/evaluate.ts';
import { deriveArcs, placeOf } from '../../model/net.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { topConjuncts, transitionFlow } from '../../src/export/flow.ts';
import {
  gridPositions,
  HLPNG_NET_TYPE,
  modelToPnml,
  modelToPnmlWithLayout,
  PNML_NAMESPACE,
} from '../../src/export/pnml.ts';
import { absenceOnlyReads, placeContents } from '../../src/export/structure.ts';
import { example, SHAPES } from './helpers.ts';
import { type ReadNet, readPnml } from './pnml-read.ts';
import { normalize, normalizeUpdate } from './syntax/parse.ts';

const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const key = (e: unknown) => JSON.stringify(e);

describe('PNML export', () => {
  for (const shape of SHAPES) {
    describe(`${shape.layer} layer, ${shape.variant} variant`, () => {
      const { config, net } = example(shape);
      let xml = '';
      let read: ReadNet;
      beforeAll(async () => {
        xml = await modelToPnmlWithLayout(net, config);
        read = readPnml(xml);
      });

      it('is a high-level net graph in the PNML namespace', () => {
        expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<pnml')).toBe(true);
        expect(read.namespace).toBe(PNML_NAMESPACE);
        expect(read.type).toBe(HLPNG_NET_TYPE);
        expect(read.type).toBe('http://www.pnml.org/version-2009/grammar/highlevelnet');
        expect(read.name).toBe(net.name);
      });

      it('round trip: the same places, token types and initial marking', () => {
        expect(read.places.map((p) => p.name)).toEqual(net.places.map((p) => p.name));
        for (const [k, place] of net.places.entries()) {
          const back = read.places[k];
          const { relations, scalars } = placeContents(net, place, true);
          expect(back?.relations).toEqual(
            relations.map((r) => ({ name: r.name, sorts: r.columns.map((c) => c.sort) })),
          );
          expect(back?.scalars).toEqual(scalars.map((s) => ({ name: s.name, sort: s.sort })));
        }
        // Every initial token, and nothing else, read back from the markings' terms.
        const tokens = read.places.flatMap((p) =>
          p.marking.map((e) =>
            e.op === 'rel'
              ? `${e.rel} ${tupleKey(e.args.map((a) => (a.op === 'lit' ? a.value : Number.NaN)))}`
              : `${p.scalars[0]?.name} ${e.op === 'lit' ? e.value : Number.NaN}`,
          ),
        );
        const expected = [
          ...[...net.initialMarking.relations].flatMap(([rel, keys]) =>
            [...keys].map((k) => `${rel} ${tupleKey(parseTupleKey(k))}`),
          ),
          // The paper layer has no Clock place: its `now` is not part of the net.
          ...[...net.initialMarking.scalars]
            .filter(([name]) => net.places.some((p) => p.name === placeOf(name)))
            .map(([name, value]) => `${name} ${value}`),
        ];
        expect(tokens.sort()).toEqual(expected.sort());
      });

      it('round trip: the same transitions, parameters, guards and effects (as ASTs)', () => {
        expect(read.transitions.map((t) => t.name)).toEqual(net.transitions.map((t) => t.name));
        for (const [k, t] of net.transitions.entries()) {
          const back = read.transitions[k];
          expect(back?.params).toEqual(t.params);
          expect(normalize(back?.guard ?? { op: 'lit', sort: 'Bool', value: false })).toEqual(
            normalize(t.guard),
          );
          expect(back?.effect.map((e) => normalizeUpdate(e.update))).toEqual(t.effect.map(normalizeUpdate));
        }
      });

      it("round trip: the rules read back derive the model's flow relation F and arc labels L", () => {
        const rebuilt = net.transitions.map((t, k) => {
          const back = read.transitions[k];
          return { ...t, guard: back?.guard ?? t.guard, effect: back?.effect.map((e) => e.update) ?? [] };
        });
        expect(deriveArcs(rebuilt)).toEqual(net.arcs);
      });

      it('arcs carry exactly the token flow of the rules read back', () => {
        const order = read.places.map((p) => p.name);
        const expected = read.transitions.flatMap((t) =>
          transitionFlow(
            {
              ...t,
              name: t.name as TransitionName,
              layer: 'paper',
              cite: '',
              doc: '',
              actor: { system: 'x' },
              effect: t.effect.map((e) => e.update),
            },
            order,
          ).arcs.map((a) => ({
            transition: a.transition,
            place: a.place,
            direction: a.direction,
            items: a.items.map((e) => key(normalize(e))),
          })),
        );
        const arcs = read.arcs.map((a) => ({
          transition: a.transition,
          place: a.place,
          direction: a.direction,
          items: a.items.map((e) => key(normalize(e))),
        }));
        expect(arcs).toEqual(expected);
        // Every (transition, place) with an arc is in F.
        const f = new Set(net.arcs.map((a) => `${a.transition} ${a.place}`));
        for (const a of read.arcs) expect(f).toContain(`${a.transition} ${a.place}`);
      });

      it('absence tests are in the condition only; reads are consume/produce pairs', () => {
        const byName = new Map(net.transitions.map((t) => [t.name, t]));
        for (const t of read.transitions) {
          const model = byName.get(t.name as TransitionName);
          if (!model) throw new Error(`no ${t.name}`);
          const conjuncts = new Set(topConjuncts(t.guard).map(key));
          const absent = absenceOnlyReads(model);
          const ins = read.arcs.filter((a) => a.transition === t.name && a.direction === 'in');
          const outs = new Set(
            read.arcs
              .filter((a) => a.transition === t.name && a.direction === 'out')
              .flatMap((a) => a.items.map(key)),
          );
          const deleted = new Set(
            t.effect.flatMap((e) =>
              e.update.op === 'delete'
                ? [key({ op: 'rel', sort: 'Bool', rel: e.update.rel, args: e.update.args })]
                : [],
            ),
          );
          for (const arc of ins)
            for (const item of arc.items) {
              if (item.op !== 'rel') {
                expect(arc.place).toBe(placeOf('now'));
                expect(item).toEqual({ op: 'state', sort: 'Time', name: 'now' });
                continue;
              }
              // Consumed only what the guard requires, never a relation it tests for absence …
              expect(conjuncts).toContain(key(item));
              expect(absent.has(item.rel)).toBe(false);
              // … and given back unless the rule deletes it.
              expect(outs.has(key(item))).toBe(!deleted.has(key(item)));
            }
        }
      });

      it('has valid, unique ids; every node has a non-negative position', () => {
        const ids = [
          read.id,
          ...read.places.map((p) => p.id),
          ...read.transitions.map((t) => t.id),
          ...read.arcs.map((a) => a.id),
        ];
        for (const id of ids) expect(id).toMatch(NCNAME);
        expect(new Set(ids).size).toBe(ids.length);
        for (const n of [...read.places, ...read.transitions]) {
          expect(n.position?.x).toBeGreaterThanOrEqual(0);
          expect(n.position?.y).toBeGreaterThanOrEqual(0);
        }
      });

      it('is deterministic', async () => {
        expect(await modelToPnmlWithLayout(net, config)).toBe(xml);
      });
    });
  }

  it('the paper layer: Send_Keys reads SRS and writes User; Gen_ri tests the Cloud only in its condition', async () => {
    const { config, net } = example({ layer: 'paper', variant: 'paper' });
    const read = readPnml(await modelToPnmlWithLayout(net, config));
    const arcs = (t: string) =>
      read.arcs
        .filter((a) => a.transition === t)
        .map(
          (a) =>
            `${a.place} ${a.direction} ${a.items.map((e) => (e.op === 'rel' ? e.rel : e.op)).join(' ++ ')}`,
        );
    expect(arcs('Send_Keys')).toEqual(['SRS in srsKeyPair', 'SRS out srsKeyPair', 'User out holdsKeys']);
    expect(arcs('Gen_ri')).toEqual(['User in holdsKeys', 'User out holdsKeys ++ holdsR']);
    const genRi = read.transitions.find((t) => t.name === 'Gen_ri');
    expect(topConjuncts(genRi?.guard ?? { op: 'lit', sort: 'Bool', value: true })).toContainEqual({
      op: 'not',
      sort: 'Bool',
      arg: { op: 'rel', sort: 'Bool', rel: 'stored', args: [{ op: 'var', sort: 'File', name: 'f' }] },
    });
  });

  it('escapes XML special characters in all text', () => {
    const { net } = example({ layer: 'paper', variant: 'paper' });
    const odd = {
      ...net,
      places: net.places.map((p) => ({ ...p, doc: `a < b & "c" 'd' > e` })),
      transitions: net.transitions.map((t) => ({ ...t, cite: 'Eq. <23> & "more"' })),
    };
    const out = modelToPnml(odd, { positions: gridPositions(net) });
    expect(out).toContain('a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e');
    expect(readPnml(out).places).toHaveLength(3);
  });
});
