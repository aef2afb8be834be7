import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import { DOMAINS } from '../../model/expr/ast.ts';
import { paperExampleConfig } from '../../model/universes.ts';
import { modelToJson, modelToJsonObject } from '../../src/export/json.ts';
import { example, PAPER_TRANSITIONS, SHAPES } from './helpers.ts';

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

      it('round-trips through JSON.parse', () => {
        expect(json).toEqual(JSON.parse(JSON.stringify(modelToJsonObject(net, config))));
        expect(JSON.stringify(json, null, 2)).toBe(text.trimEnd());
      });

      it('has every place, transition and arc of the net', () => {
        expect(json.name).toBe(net.name);
        expect(json.places.map((p: { name: string }) => p.name)).toEqual(net.places.map((p) => p.name));
        expect(json.transitions.map((t: { name: string }) => t.name)).toEqual(
          net.transitions.map((t) => t.name),
        );
        expect(
          json.arcs.map((a: { transition: string; place: string; direction: string; label: string }) => [
            a.transition,
            a.place,
            a.direction,
            a.label,
          ]),
        ).toEqual(net.arcs.map((a) => [a.transition, a.place, a.direction, a.label]));
        for (const place of json.places) expect(place.tokenTypes.length).toBeGreaterThan(0);
      });

      it('carries guards and effects as AST and as text', () => {
        net.transitions.forEach((t, k) => {
          const jt = json.transitions[k];
          expect(jt.guard.ast).toEqual(t.guard);
          expect(jt.guard.text.length).toBeGreaterThan(0);
          expect(jt.effect.map((e: { ast: unknown }) => e.ast)).toEqual(t.effect);
          for (const e of jt.effect) expect(e.text.length).toBeGreaterThan(0);
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
        });
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
    expect(json.transitions.map((t) => t.cite)).toEqual(
      ['23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33'].map((n) => `Eq. ${n}`),
    );
    expect(json.places.map((p) => p.name)).toEqual(['SRS', 'User', 'Cloud']);
  });
});
