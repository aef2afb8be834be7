/**
 * The net as PNML (ISO/IEC 15909-2, Petri Net Markup Language), net type "High-level Petri net graph"
 * (`…/grammar/highlevelnet`), valid against the standard's RELAX NG grammar (test/export/pnml-grammar/).
 *
 * What a high-level net tool reads is what the model means (docs/model-export.md, "PNML"): arcs carry
 * the token flow of `flow.ts` (a read is a consume/produce pair with the same term, absence tests are not
 * arcs), the transition's `<condition>` is its whole guard, and every label is text in the concrete
 * syntax of docs/model-export.md — places' `<type>` and `<hlinitialMarking>`, conditions, arc
 * `<hlinscription>`s (multisets `a ++ b`). The many-sorted `<structure>` terms are not generated: the
 * guards quantify over domains and test the marking, which HLPNG terms (over the transition's variables
 * only) cannot say. What PNML has no label for — the signature of each transition, its effect (each
 * update marked carried by the arcs or not), citation, doc, the universe, function and constant
 * signatures, the scalar state — is in `<toolspecific tool="sesphr">`.
 *
 * Node positions come from the Graphviz layout of the DOT export (the same picture), or from a simple
 * deterministic grid when no layout is given.
 */
import type { ModelConfig } from '../../model/config.ts';
import { DOMAINS, type Expr } from '../../model/expr/ast.ts';
import { parseTupleKey } from '../../model/expr/evaluate.ts';
import { type Net, placeOf } from '../../model/net.ts';
import { layoutNet, modelToDot, placeNodeId, transitionNodeId } from './dot.ts';
import { netFlow } from './flow.ts';
import { prettyExpr, prettyTransition } from './pretty.ts';
import { placeContents, relationType } from './structure.ts';
import { renderDot } from './svg.ts';

export const PNML_NAMESPACE = 'http://www.pnml.org/version-2009/grammar/pnml';
/** ISO/IEC 15909-2 net type URI of High-level Petri net graphs (HLPNG). */
export const HLPNG_NET_TYPE = 'http://www.pnml.org/version-2009/grammar/highlevelnet';
export const TOOL = 'sesphr';
export const TOOL_VERSION = '1';

export interface Position {
  readonly x: number;
  readonly y: number;
}

/** Node positions by place and transition name (PNML coordinates: x right, y down, non-negative). */
export interface Positions {
  readonly places: ReadonlyMap<string, Position>;
  readonly transitions: ReadonlyMap<string, Position>;
}

/** Escapes text for XML character data and attribute values. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Makes ids valid XML NCNames and unique within the document. */
class IdRegistry {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    let id = wanted.replace(/[^A-Za-z0-9_.-]/g, '_');
    if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
    let candidate = id;
    for (let k = 2; this.used.has(candidate); k++) candidate = `${id}-${k}`;
    this.used.add(candidate);
    return candidate;
  }
}

/** A deterministic grid: the DOT layout's columns, 160 apart, and rows in column order, 100 apart. */
export function gridPositions(net: Net): Positions {
  const layout = layoutNet(net);
  const columns = [
    ...new Set([...layout.places.values(), ...layout.transitions.values()].map((p) => p.column)),
  ].sort((a, b) => a - b);
  const all = [
    ...[...layout.places].map(([name, at]) => ({ kind: 'place' as const, name, at })),
    ...[...layout.transitions].map(([name, at]) => ({ kind: 'transition' as const, name, at })),
  ];
  const places = new Map<string, Position>();
  const transitions = new Map<string, Position>();
  columns.forEach((column, c) => {
    const inColumn = all.filter((n) => n.at.column === column).sort((a, b) => a.at.order - b.at.order);
    inColumn.forEach((node, row) => {
      (node.kind === 'place' ? places : transitions).set(node.name, { x: 60 + 160 * c, y: 60 + 100 * row });
    });
  });
  return { places, transitions };
}

interface GraphvizJson {
  readonly objects?: readonly { readonly name?: string; readonly pos?: string }[];
}

/** Node centres from Graphviz's layout of the DOT export (points, y downwards), shifted to start at 20. */
export async function graphvizPositions(net: Net): Promise<Positions> {
  const json = JSON.parse(await renderDot(modelToDot(net), 'json', { yInvert: true })) as GraphvizJson;
  const centres = new Map<string, Position>();
  for (const object of json.objects ?? []) {
    const [x, y] = (object.pos ?? '').split(',').map(Number);
    if (object.name && Number.isFinite(x) && Number.isFinite(y))
      centres.set(object.name, { x: x ?? 0, y: y ?? 0 });
  }
  const at = (id: string): Position | undefined => centres.get(id);
  const known = [...centres.values()];
  const minX = Math.min(...known.map((p) => p.x));
  const minY = Math.min(...known.map((p) => p.y));
  const shift = (p: Position): Position => ({
    x: Math.round(p.x - minX + 20),
    y: Math.round(p.y - minY + 20),
  });
  const places = new Map<string, Position>();
  const transitions = new Map<string, Position>();
  for (const p of net.places) {
    const position = at(placeNodeId(p.name));
    if (position) places.set(p.name, shift(position));
  }
  for (const t of net.transitions) {
    const position = at(transitionNodeId(t.name));
    if (position) transitions.set(t.name, shift(position));
  }
  const grid = gridPositions(net);
  // Anything Graphviz did not place (it places every node) falls back to the grid.
  for (const [name, p] of grid.places) if (!places.has(name)) places.set(name, p);
  for (const [name, p] of grid.transitions) if (!transitions.has(name)) transitions.set(name, p);
  return { places, transitions };
}

/** Multiset sum in inscriptions and markings (docs/model-export.md, "Concrete syntax"). */
export const MULTISET_SUM = ' ++ ';

/** A place's initial tokens as terms: `acl('alice', 'bob', 'personal')`, the Clock's `0`. */
export function initialMarkingItems(net: Net, place: string): string[] {
  const items: string[] = [];
  for (const relation of net.relations.filter((r) => r.place === place)) {
    for (const key of net.initialMarking.relations.get(relation.name) ?? []) {
      const args: Expr[] = parseTupleKey(key).map((value, k) => ({
        op: 'lit',
        sort: relation.columns[k]?.sort ?? 'Bool',
        value,
      }));
      items.push(prettyExpr({ op: 'rel', sort: 'Bool', rel: relation.name, args }));
    }
  }
  for (const [name, value] of net.initialMarking.scalars)
    if (placeOf(name) === place) items.push(String(value));
  return items;
}

function text(tag: string, content: string, indent: string): string {
  return `${indent}<${tag}><text>${xmlEscape(content)}</text></${tag}>`;
}

function position(p: Position | undefined, indent: string): string[] {
  return p ? [`${indent}<graphics><position x="${p.x}" y="${p.y}"/></graphics>`] : [];
}

function element(tag: string, content: string, indent: string): string {
  return `${indent}<${tag}>${xmlEscape(content)}</${tag}>`;
}

export interface PnmlOptions {
  /** The configuration that built the net (recorded in the net's tool-specific universe). */
  readonly config?: ModelConfig;
  /** Node positions; default: the deterministic grid. */
  readonly positions?: Positions;
}

/** The net as a PNML document. */
export function modelToPnml(net: Net, options: PnmlOptions = {}): string {
  const ids = new IdRegistry();
  const positions = options.positions ?? gridPositions(net);
  const netId = ids.take(net.name);
  const pageId = ids.take(`${net.name}-page`);
  const placeIds = new Map(net.places.map((p) => [p.name, ids.take(placeNodeId(p.name))]));
  const transitionIds = new Map(net.transitions.map((t) => [t.name, ids.take(transitionNodeId(t.name))]));
  const interp = net.interpretation;

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<pnml xmlns="${PNML_NAMESPACE}">`,
    `  <net id="${xmlEscape(netId)}" type="${HLPNG_NET_TYPE}">`,
    text('name', net.name, '    '),
    `    <toolspecific tool="${TOOL}" version="${TOOL_VERSION}">`,
    ...(options.config
      ? [
          `      <configuration layer="${xmlEscape(options.config.layer)}" variant="${xmlEscape(options.config.variant)}" pastData="${xmlEscape(options.config.pastData)}"/>`,
        ]
      : []),
    '      <universe>',
    ...DOMAINS.map(
      (d) =>
        `        <domain name="${d}">${(interp.domains[d] ?? []).map((v) => `<value>${xmlEscape(String(v))}</value>`).join('')}</domain>`,
    ),
    '      </universe>',
    '      <constants>',
    ...net.constants.map(
      (c) =>
        `        <constant name="${xmlEscape(c.name)}" sort="${c.sort}" value="${xmlEscape(String(interp.constants.get(c.name) ?? ''))}"/>`,
    ),
    '      </constants>',
    '      <functions>',
    ...net.functions.map(
      (f) =>
        `        <function name="${xmlEscape(f.name)}" signature="${xmlEscape(`${f.params.map((p) => p.sort).join(' × ')} → ${f.result}`)}">${xmlEscape(f.doc)}</function>`,
    ),
    '      </functions>',
    '      <scalars>',
    ...net.scalars.map(
      (v) =>
        `        <scalar name="${xmlEscape(v.name)}" sort="${v.sort}" place="${xmlEscape(placeOf(v.name))}">${xmlEscape(v.doc)}</scalar>`,
    ),
    '      </scalars>',
    '    </toolspecific>',
    `    <page id="${xmlEscape(pageId)}">`,
  ];

  for (const place of net.places) {
    const { relations, scalars } = placeContents(net, place, true);
    const type = [
      ...relations.map((r) => relationType(r)),
      ...scalars.map((s) => `${s.name}: ${s.sort}`),
    ].join('; ');
    const marking = initialMarkingItems(net, place.name);
    lines.push(
      `      <place id="${xmlEscape(placeIds.get(place.name) ?? '')}">`,
      text('name', place.name, '        '),
      ...position(positions.places.get(place.name), '        '),
      text('type', type || '∅', '        '),
      ...(marking.length > 0 ? [text('hlinitialMarking', marking.join(MULTISET_SUM), '        ')] : []),
      `        <toolspecific tool="${TOOL}" version="${TOOL_VERSION}">`,
      element('layer', place.layer, '          '),
      element('doc', place.doc, '          '),
      '        </toolspecific>',
      '      </place>',
    );
  }

  const flows = netFlow(net);
  for (const transition of net.transitions) {
    const pretty = prettyTransition(transition);
    const carried = flows.get(transition.name)?.carried ?? [];
    lines.push(
      `      <transition id="${xmlEscape(transitionIds.get(transition.name) ?? '')}">`,
      text('name', transition.name, '        '),
      ...position(positions.transitions.get(transition.name), '        '),
      text('condition', pretty.guard, '        '),
      `        <toolspecific tool="${TOOL}" version="${TOOL_VERSION}">`,
      element('layer', transition.layer, '          '),
      element('cite', transition.cite, '          '),
      element('doc', transition.doc, '          '),
      element('signature', pretty.signature, '          '),
      '          <effect>',
      ...pretty.effect.map(
        (u, k) =>
          `            <update arcs="${carried[k] === true ? 'carried' : 'not-carried'}">${xmlEscape(u)}</update>`,
      ),
      '          </effect>',
      '        </toolspecific>',
      '      </transition>',
    );
  }

  for (const transition of net.transitions) {
    const scope = transition.params.map((p) => p.name);
    for (const arc of flows.get(transition.name)?.arcs ?? []) {
      const place = placeIds.get(arc.place);
      const node = transitionIds.get(arc.transition);
      if (!place || !node)
        throw new Error(`arc ${arc.transition} ${arc.direction} ${arc.place}: unknown node`);
      const [source, target] = arc.direction === 'in' ? [place, node] : [node, place];
      const id = ids.take(`arc-${arc.transition}-${arc.direction}-${arc.place}`);
      const inscription = arc.items.map((e) => prettyExpr(e, { scope })).join(MULTISET_SUM);
      lines.push(
        `      <arc id="${xmlEscape(id)}" source="${xmlEscape(source)}" target="${xmlEscape(target)}">`,
        text('hlinscription', inscription, '        '),
        '      </arc>',
      );
    }
  }

  lines.push('    </page>', '  </net>', '</pnml>');
  return `${lines.join('\n')}\n`;
}

/** PNML with positions from the Graphviz layout (falls back to the grid for any node it lacks). */
export async function modelToPnmlWithLayout(net: Net, config?: ModelConfig): Promise<string> {
  const positions = await graphvizPositions(net);
  return modelToPnml(net, config ? { config, positions } : { positions });
}
