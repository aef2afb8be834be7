import { beforeAll, describe, expect, it } from 'vitest';
import {
  gridPositions,
  HLPNG_NET_TYPE,
  modelToPnml,
  modelToPnmlWithLayout,
  PNML_NAMESPACE,
} from '../../src/export/pnml.ts';
import { assertWellFormed, example, parseXml, SHAPES } from './helpers.ts';

const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

interface Node {
  '@_id': string;
  name: { text: string };
  graphics?: { position: { '@_x': string; '@_y': string } };
  [key: string]: unknown;
}

interface ArcNode {
  '@_id': string;
  '@_source': string;
  '@_target': string;
  hlinscription: { text: string };
}

function parsePnml(xml: string) {
  assertWellFormed(xml);
  const doc = parseXml(xml, ['place', 'transition', 'arc', 'domain', 'value', 'update']) as {
    pnml: {
      '@_xmlns': string;
      net: {
        '@_id': string;
        '@_type': string;
        name: { text: string };
        page: { '@_id': string; place: Node[]; transition: Node[]; arc: ArcNode[] };
      };
    };
  };
  return doc.pnml;
}

describe('PNML export', () => {
  for (const shape of SHAPES) {
    describe(`${shape.layer} layer, ${shape.variant} variant`, () => {
      const { config, net } = example(shape);
      let xml = '';
      let pnml: ReturnType<typeof parsePnml>;
      let page: ReturnType<typeof parsePnml>['net']['page'];
      beforeAll(async () => {
        xml = await modelToPnmlWithLayout(net, config);
        pnml = parsePnml(xml);
        page = pnml.net.page;
      });

      it('is a well-formed high-level net graph', () => {
        expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<pnml')).toBe(true);
        expect(pnml['@_xmlns']).toBe(PNML_NAMESPACE);
        expect(pnml.net['@_type']).toBe(HLPNG_NET_TYPE);
        expect(pnml.net['@_type']).toBe('http://www.pnml.org/version-2009/grammar/highlevelnet');
        expect(pnml.net.name.text).toBe(net.name);
      });

      it('has one <place> per place and one <transition> per transition, with their annotations', () => {
        expect(page.place.map((p) => p.name.text)).toEqual(net.places.map((p) => p.name));
        expect(page.transition.map((t) => t.name.text)).toEqual(net.transitions.map((t) => t.name));
        for (const p of page.place) {
          expect(String((p.type as { text: string }).text).length).toBeGreaterThan(0);
          expect(p.hlinitialMarking).toBeDefined();
        }
        for (const t of page.transition)
          expect(String((t.condition as { text: string }).text).length).toBeGreaterThan(0);
      });

      it('has valid, unique ids, and every arc joins an existing place and transition', () => {
        const ids = [pnml.net['@_id'], page['@_id'], ...page.place, ...page.transition, ...page.arc].map(
          (n) => (typeof n === 'string' ? n : n['@_id']),
        );
        for (const id of ids) expect(id).toMatch(NCNAME);
        expect(new Set(ids).size).toBe(ids.length);
        const places = new Set(page.place.map((p) => p['@_id']));
        const transitions = new Set(page.transition.map((t) => t['@_id']));
        expect(page.arc).toHaveLength(net.arcs.length);
        page.arc.forEach((arc, k) => {
          const model = net.arcs[k];
          const [from, to] = model?.direction === 'in' ? [places, transitions] : [transitions, places];
          expect(from.has(arc['@_source'])).toBe(true);
          expect(to.has(arc['@_target'])).toBe(true);
          expect(arc.hlinscription.text).toBe(model?.label);
        });
      });

      it('places every node at a non-negative position', () => {
        for (const n of [...page.place, ...page.transition]) {
          const position = n.graphics?.position;
          expect(Number(position?.['@_x'])).toBeGreaterThanOrEqual(0);
          expect(Number(position?.['@_y'])).toBeGreaterThanOrEqual(0);
        }
      });

      it('is deterministic', async () => {
        expect(await modelToPnmlWithLayout(net, config)).toBe(xml);
      });
    });
  }

  it('escapes XML special characters in all text', () => {
    const { net } = example({ layer: 'paper', variant: 'paper' });
    const odd = {
      ...net,
      places: net.places.map((p) => ({ ...p, doc: `a < b & "c" 'd' > e` })),
      transitions: net.transitions.map((t) => ({ ...t, cite: 'Eq. <23> & "more"' })),
    };
    const xml = modelToPnml(odd, { positions: gridPositions(net) });
    expect(xml).toContain('a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e');
    const pnml = parsePnml(xml);
    expect(pnml.net.page.place).toHaveLength(3);
  });
});
