import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { Update } from '../../model/expr/ast.ts';
import { DOMAINS } from '../../model/expr/ast.ts';
import { deriveArcs, footprintOf, placeOf, readsOf } from '../../model/net.ts';
import { paperExampleConfig } from '../../model/universes.ts';
import { PLACES, R, S } from '../../model/vocabulary.ts';
import { topConjuncts } from '../../src/export/flow.ts';
import { modelToJson, modelToJsonObject } from '../../src/export/json.ts';
import { absenceOnlyReads } from '../../src/export/structure.ts';
import { example, PAPER_TRANSITIONS, SHAPES } from './helpers.ts';
import { normalize, normalizeUpdate, parseGuard, parseUpdate, signatureOf } from './syntax/parse.ts';

describe('JSON export', () => {
  for (const shape of SHAPES) {
    describe(`${shape.layer} layer, ${shape.variant} variant`, () => {
      const { config, net } = example(shape);
      const text = modelToJson(net, config);
      const json = JSON.parse(text);

      it('is deterministic: building the same configuration twice gives the same bytes', () => {
        const again = paperExampleConfig(shape.layer, shape.variant);
        expect(modelToJson(buildNet(again), again)).toBe(text);
      });

      it('parses back to the net: one entry per place, relation and scalar of its layer', () => {
        expect(text.endsWith('}\n')).toBe(true);
        expect(json.format).toBe('sesphr-model');
        expect(json.name).toBe(net.name);
        expect(json.config).toMatchObject({ layer: shape.layer, variant: shape.variant });
        // The vocabulary's places and relations of the layer (the extended layer has them all).
        const inLayer = (layer: string) => shape.layer === 'extended' || layer === 'paper';
        expect(json.places.map((p: { name: string }) => p.name)).toEqual(
          Object.values(PLACES)
            .filter((p) => inLayer(p.layer))
            .map((p) => p.name),
        );
        expect(json.places).toHaveLength(shape.layer === 'paper' ? 3 : 7);
        const declared = Object.values(R).filter((r) => inLayer(r.layer));
        expect(json.relations.map((r: { name: string }) => r.name).slice(0, declared.length)).toEqual(
          declared.map((r) => r.name),
        );
        for (const r of json.relations) {
          const spec = Object.values(R).find((x) => x.name === r.name);
          expect(r).toMatchObject({ place: spec?.place, layer: spec?.layer, tracked: spec?.tracked });
          expect(r.columns).toEqual(spec?.columns.map((c) => ({ name: c.name, sort: c.sort })));
        }
        expect(json.scalars).toEqual([{ name: 'now', place: 'Clock', sort: 'Time', doc: S.now.doc }]);
        // A place's token types are its relations (and the clock's scalar), as `name(columns)`.
        for (const place of json.places) {
          const own = json.relations
            .filter((r: { place: string }) => r.place === place.name)
            .map(
              (r: { name: string; columns: { name: string }[] }) =>
                `${r.name}(${r.columns.map((c) => c.name).join(', ')})`,
            );
          const scalars = json.scalars
            .filter((v: { place: string }) => v.place === place.name)
            .map((v: { name: string }) => v.name);
          expect(place.tokenTypes).toEqual([...own, ...scalars]);
        }
      });

      it('marks a relation used exactly when a rule mentions it or M0 holds tokens of it', () => {
        const mentioned = new Set<string>();
        for (const t of json.transitions) {
          readsOf(t.guard.ast, mentioned);
          for (const e of t.effect) {
            const u = e.ast as Update;
            if (u.op === 'assign') readsOf(u.value, mentioned);
            else {
              mentioned.add(u.rel);
              for (const a of u.args) readsOf(a, mentioned);
              if (u.op === 'insertAll' || u.op === 'deleteAll') readsOf(u.where, mentioned);
            }
          }
        }
        for (const r of json.relations) {
          const tokens = json.initialMarking.relations[r.name] as unknown[];
          expect(r.used, r.name).toBe(mentioned.has(r.name) || tokens.length > 0);
        }
        // The paper variant never uses the hardened variant's re-keys; the hardened one no SRS key pairs.
        const used = (name: string) => json.relations.find((r: { name: string }) => r.name === name)?.used;
        expect(used('srsReKey')).toBe(shape.variant === 'hardened');
        expect(used('srsKeyPair')).toBe(shape.variant === 'paper');
      });

      it('lists every transition with its cite, parameters, guard and effect; text and AST agree', () => {
        const sig = signatureOf(net);
        expect(json.transitions.map((t: { name: string }) => t.name)).toEqual(
          net.transitions.map((t) => t.name),
        );
        net.transitions.forEach((t, k) => {
          const jt = json.transitions[k];
          expect(Object.keys(jt)).toEqual([
            'name',
            'layer',
            'cite',
            'doc',
            'actor',
            'params',
            'signature',
            'guard',
            'effect',
          ]);
          expect(jt).toMatchObject({
            name: t.name,
            layer: t.layer,
            cite: t.cite,
            doc: t.doc,
            actor: t.actor,
          });
          expect(jt.params).toEqual(t.params);
          expect(jt.signature).toBe(`${t.name}(${t.params.map((p) => `${p.name}: ${p.sort}`).join(', ')})`);
          expect(jt.guard.ast).toEqual(t.guard);
          expect(jt.effect.map((e: { ast: unknown }) => e.ast)).toEqual(t.effect);
          // The text is the concrete syntax of docs/model-export.md: it parses back to the same AST.
          expect(normalize(parseGuard(jt.guard.text, sig, t.params))).toEqual(normalize(t.guard));
          expect(jt.guard.conjuncts.map((c: string) => normalize(parseGuard(c, sig, t.params)))).toEqual(
            topConjuncts(t.guard).map((c) => normalize(c)),
          );
          jt.effect.forEach((e: { text: string }, j: number) => {
            expect(normalizeUpdate(parseUpdate(e.text, sig, t.params))).toEqual(
              normalizeUpdate(t.effect[j] as Update),
            );
          });
        });
      });

      it('has the arcs the model derives from the rules (F and L), with the relations on each', () => {
        const derived = deriveArcs(net.transitions);
        expect(
          json.arcs.map((a: { transition: string; place: string; direction: string; label: string }) => ({
            transition: a.transition,
            place: a.place,
            direction: a.direction,
            label: a.label,
          })),
        ).toEqual(derived);
        const byName = new Map(net.transitions.map((t) => [t.name, t]));
        for (const arc of json.arcs) {
          const t = byName.get(arc.transition);
          if (!t) throw new Error(`unknown transition ${arc.transition}`);
          const { reads, writes } = footprintOf(t);
          const names = [...(arc.direction === 'in' ? reads : writes)]
            .filter((n) => placeOf(n) === arc.place)
            .sort();
          expect(arc.relations).toEqual(names);
          const absent = absenceOnlyReads(t);
          expect(arc.absenceOnly).toEqual(arc.direction === 'in' ? names.filter((n) => absent.has(n)) : []);
        }
      });

      it('resolves every relation named on an arc, and records the universe, constants and M0', () => {
        const relations = new Set(json.relations.map((r: { name: string }) => r.name));
        for (const arc of json.arcs)
          for (const r of arc.relations) if (r !== 'now') expect(relations).toContain(r);
        expect(Object.keys(json.universe)).toEqual([...DOMAINS]);
        expect(json.universe.Principal).toEqual([
          'srs',
          'cloud',
          'admin',
          'timeserver',
          'alice',
          'bob',
          'carol',
          'dave',
          'erin',
          'frank',
        ]);
        expect(json.constants).toContainEqual(expect.objectContaining({ name: 'maxTime', value: 4 }));
        expect(json.constants).toContainEqual(expect.objectContaining({ name: 'allPastData', value: false }));
        expect(json.initialMarking.relations.holdsPT).toContainEqual(['alice', 'phr1', 'prescription']);
        expect(json.initialMarking.scalars).toEqual({ now: 0 });
        // The paper layer has no join transitions: the role ACL is in M0 (carol, pharmacist: 2 partitions).
        const carol = json.initialMarking.relations.acl.filter((t: string[]) => t[1] === 'carol');
        expect(carol).toHaveLength(shape.layer === 'paper' ? 2 : 0);
        const roleAccess = json.functions.find((f: { name: string }) => f.name === 'roleAccess');
        expect(roleAccess.table).toContainEqual({ args: ['alice', 'pharmacist', 'insurance'], value: true });
      });
    });
  }

  it('the paper layer with the paper variant has exactly the 11 transitions of Fig. 2', () => {
    const config = paperExampleConfig('paper', 'paper');
    const json = modelToJsonObject(buildNet(config), config);
    expect(json.transitions.map((t) => t.name)).toEqual(PAPER_TRANSITIONS);
    // A citation starts with the paper's equation; where the model departs from the paper it adds the
    // decision that says why (Send_Ri, Eq. 29: docs/model.md decision 13).
    const cites = json.transitions.map((t) => t.cite.split('; '));
    expect(cites.map((c) => c[0])).toEqual(
      ['23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33'].map((n) => `Eq. ${n}`),
    );
    for (const extra of cites.flatMap((c) => c.slice(1)))
      expect(extra).toMatch(/^docs\/model\.md decision \d+$/);
    expect(json.places.map((p) => p.name)).toEqual(['SRS', 'User', 'Cloud']);
  });
});
