/**
 * Label boxes of a Graphviz layout, from its `json` output: every line of text Graphviz draws (node
 * labels, edge labels, head/tail labels, external labels) as a box in points, and the pairs of boxes of
 * different labels that overlap. Used to measure label collisions in the picture (dot.test.ts).
 */
import { renderDot } from '../../src/export/svg.ts';

export interface LabelBox {
  /** `node:ID`, `edge:ID` (label, headlabel, taillabel and xlabel of an edge count as one owner). */
  readonly owner: string;
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

interface DrawOp {
  readonly op: string;
  readonly size?: number;
  readonly pt?: readonly [number, number];
  readonly align?: 'l' | 'c' | 'r';
  readonly width?: number;
  readonly text?: string;
}

interface GraphObject {
  readonly name?: string;
  readonly pos?: string;
  readonly width?: string;
  readonly height?: string;
  readonly nodes?: readonly number[];
  readonly id?: string;
  readonly _ldraw_?: readonly DrawOp[];
  readonly _hldraw_?: readonly DrawOp[];
  readonly _tldraw_?: readonly DrawOp[];
}

function boxes(owner: string, ops: readonly DrawOp[] | undefined, into: LabelBox[]): void {
  let size = 14;
  for (const op of ops ?? []) {
    if (op.op === 'F' && op.size) size = op.size;
    if (op.op !== 'T' || !op.pt || op.width === undefined || !op.text?.trim()) continue;
    const [x, y] = op.pt;
    const x0 = op.align === 'l' ? x : op.align === 'r' ? x - op.width : x - op.width / 2;
    // Graphviz's y grows upwards; the text sits on its baseline: ascent above, descent below.
    into.push({ owner, text: op.text, x0, x1: x0 + op.width, y0: y - 0.25 * size, y1: y + 0.75 * size });
  }
}

/** Every text line of the layout of `dot`, as a box. */
export async function labelBoxes(dot: string): Promise<LabelBox[]> {
  const json = JSON.parse(await renderDot(dot, 'json')) as {
    objects?: readonly GraphObject[];
    edges?: readonly GraphObject[];
  };
  const out: LabelBox[] = [];
  for (const node of json.objects ?? []) {
    if (node.nodes !== undefined) continue; // a cluster, not a node
    const owner = `node:${node.id ?? node.name}`;
    boxes(owner, node._ldraw_, out);
    // The node's own outline (a box around its shape) also takes room that no other label may use.
    const [x, y] = (node.pos ?? '').split(',').map(Number);
    const w = Number(node.width) * 72;
    const h = Number(node.height) * 72;
    if ([x, y, w, h].every(Number.isFinite) && x !== undefined && y !== undefined)
      out.push({ owner, text: '(shape)', x0: x - w / 2, x1: x + w / 2, y0: y - h / 2, y1: y + h / 2 });
  }
  for (const edge of json.edges ?? []) {
    const owner = `edge:${edge.id}`;
    boxes(owner, edge._ldraw_, out);
    boxes(owner, edge._hldraw_, out);
    boxes(owner, edge._tldraw_, out);
  }
  return out;
}

const overlap = (a: LabelBox, b: LabelBox) =>
  Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.5 && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.5;

/**
 * Pairs of boxes of different owners that overlap by more than half a point each way: two labels, or a
 * label and a node it does not belong to. Node outlines among themselves are not compared (Graphviz
 * never overlaps nodes).
 */
export function overlappingLabels(all: readonly LabelBox[]): [LabelBox, LabelBox][] {
  const pairs: [LabelBox, LabelBox][] = [];
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i] as LabelBox;
      const b = all[j] as LabelBox;
      if (a.text === '(shape)' && b.text === '(shape)') continue;
      if (a.owner !== b.owner && overlap(a, b)) pairs.push([a, b]);
    }
  return pairs;
}
