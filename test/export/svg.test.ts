import { describe, expect, it } from 'vitest';
import { modelToDot } from '../../src/export/dot.ts';
import { dotToSvg, GraphvizError } from '../../src/export/svg.ts';
import { allStrings, assertWellFormed, example, parseXml, SHAPES } from './helpers.ts';

describe('SVG export (Graphviz in WASM)', () => {
  for (const shape of SHAPES) {
    it(`${shape.layer} layer, ${shape.variant} variant: well-formed SVG naming every transition and place`, async () => {
      const { net } = example(shape);
      const svg = await dotToSvg(modelToDot(net));
      expect(svg.startsWith('<svg')).toBe(true);
      assertWellFormed(svg);
      const doc = parseXml(svg);
      const root = doc.svg as Record<string, unknown>;
      expect(root['@_xmlns']).toBe('http://www.w3.org/2000/svg');
      // Scales to its container: a viewBox, no fixed size.
      expect(root['@_viewBox']).toMatch(/^0\.00 0\.00 \d+(\.\d+)? \d+(\.\d+)?$/);
      expect(root['@_width']).toBeUndefined();
      expect(root['@_height']).toBeUndefined();
      const strings = new Set(allStrings(doc));
      for (const t of net.transitions) expect(strings).toContain(t.name);
      for (const p of net.places) expect(strings).toContain(p.name);
      const ids = svg.replaceAll('&#45;', '-');
      for (const t of net.transitions) expect(ids).toContain(`id="transition-${t.name}"`);
    });
  }

  it('reports a DOT syntax error as a GraphvizError', async () => {
    await expect(dotToSvg('digraph { a -> }')).rejects.toBeInstanceOf(GraphvizError);
  });
});
