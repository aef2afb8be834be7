/**
 * The net as a Graphviz DOT graph, laid out like the paper's Fig. 2: SRS on the left, User in the
 * middle, Cloud on the right, left to right (`rankdir=LR`), each transition in the column its token
 * flow puts it in.
 *
 * Layout rules (generic, not a list of names):
 * - a transition whose flow stays in one place (Gen_Keys on SRS, Encrypt_Pi on User) is a *local* step
 *   of that place: it sits beside the leftmost / rightmost place, and above (owner steps) or below (user
 *   steps) the middle place, inside the place's cluster;
 * - a transition that moves tokens between places (Send_Keys: SRS → User) sits in the column between
 *   them;
 * - arcs that only test that tokens are *absent* (`¬holdsKeys(u)`: inhibitor-style) do not count as flow:
 *   they are drawn dashed with a circle at the transition and do not move the transition;
 * - extended-layer places (Admin, Clock, AuditLog) go at the bottom of the between-column nearest to
 *   the transitions they connect to, their arcs drawn grey.
 *
 * One DOT edge per (transition, place): an arc that both reads and writes a place (a self-loop in the
 * paper's notation, e.g. Encrypt_Pi ⇄ User) is one edge with an arrowhead at each end and an
 * `in: … / out: …` label, instead of two parallel edges.
 */
import type { Net, TransitionSpec } from '../../model/net.ts';
import type { PlaceSpec } from '../../model/vocabulary.ts';
import { prettyTransition } from './pretty.ts';
import {
  type ArcView,
  arcViews,
  initialMarkingLines,
  isExtended,
  markedParts,
  placeContents,
  relationSignature,
  relationType,
} from './structure.ts';

// ── identifiers and escaping ─────────────────────────────────────────────────────────────────────────

/** A name as an id fragment safe in DOT, SVG (XML NCName) and PNML. */
export function idFragment(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
}

export const placeNodeId = (place: string) => `place-${idFragment(place)}`;
export const transitionNodeId = (transition: string) => `transition-${idFragment(transition)}`;

/** A DOT double-quoted string. Newlines become `\l` (left-justified lines) when `leftLines` is set. */
function quote(text: string, leftLines = false): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (!leftLines) return `"${escaped.replace(/\n/g, '\\n')}"`;
  return `"${escaped.replace(/\n/g, '\\l')}\\l"`;
}

/** Text for inside an HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An attribute value written as is: an HTML-like label `<…>` or an already quoted string. */
interface Raw {
  readonly raw: string;
}

function attrs(pairs: Readonly<Record<string, string | number | Raw | undefined>>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(pairs)) {
    if (value === undefined) continue;
    if (typeof value === 'number') parts.push(`${key}=${value}`);
    else if (typeof value === 'object') parts.push(`${key}=${value.raw}`);
    else parts.push(`${key}=${quote(value)}`);
  }
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

/** Breaks text into lines of at most `width` characters at spaces. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

// ── layout ───────────────────────────────────────────────────────────────────────────────────────────

/** Where a node goes: its column (rank, left to right), its position in the column, its cluster. */
export interface NodePlacement {
  readonly column: number;
  readonly order: number;
  /** The place whose cluster holds the node, if any. */
  readonly cluster?: string;
}

export interface Layout {
  readonly places: ReadonlyMap<string, NodePlacement>;
  readonly transitions: ReadonlyMap<string, NodePlacement>;
}

/**
 * Columns, left to right: place k of the paper layer at 2k (SRS 0, User 2, Cloud 4), the transitions
 * between two places at the odd column between them, the local steps of the leftmost / rightmost place
 * just outside it (−1, 5); the local steps of a middle place are stacked in its own column.
 */
const SPACING = 2;

/** The between-places column with the least total distance to `columns`; ties go left. */
function nearestBetweenColumn(columns: readonly number[], lo: number, hi: number): number {
  let best = lo;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let c = lo; c <= hi; c += SPACING) {
    const cost = columns.reduce((sum, k) => sum + Math.abs(k - c), 0);
    if (cost < bestCost) {
      best = c;
      bestCost = cost;
    }
  }
  return best;
}

export function layoutNet(net: Net, views: readonly ArcView[] = arcViews(net)): Layout {
  const main = net.places.filter((p) => p.layer === 'paper');
  const aux = net.places.filter((p) => p.layer !== 'paper');
  const mainColumn = new Map(main.map((p, k) => [p.name, SPACING * k]));
  const first = main[0]?.name;
  const last = main.at(-1)?.name;
  const firstBetween = 1;
  const lastBetween = Math.max(firstBetween, SPACING * (main.length - 1) - 1);

  const places = new Map<string, NodePlacement>();
  const transitions = new Map<string, NodePlacement>();

  const flowPlaces = new Map<string, string[]>();
  for (const v of views) {
    if (v.absenceTest) continue;
    const list = flowPlaces.get(v.arc.transition) ?? [];
    if (!list.includes(v.arc.place)) list.push(v.arc.place);
    flowPlaces.set(v.arc.transition, list);
  }

  const auxLoops = new Map<string, TransitionSpec[]>();
  const stacked = new Map<string, TransitionSpec[]>();
  net.transitions.forEach((t, index) => {
    const touched =
      flowPlaces.get(t.name) ?? views.filter((v) => v.arc.transition === t.name).map((v) => v.arc.place);
    const columns = touched.flatMap((p) => (mainColumn.has(p) ? [mainColumn.get(p) as number] : []));
    if (columns.length === 0) {
      const home = touched[0] ?? aux[0]?.name;
      if (home) auxLoops.set(home, [...(auxLoops.get(home) ?? []), t]);
      else transitions.set(t.name, { column: firstBetween, order: index });
      return;
    }
    const lo = Math.min(...columns);
    const hi = Math.max(...columns);
    if (lo !== hi) {
      transitions.set(t.name, { column: nearestBetweenColumn(columns, lo + 1, hi - 1), order: index });
      return;
    }
    const home = main.find((p) => mainColumn.get(p.name) === lo)?.name as string;
    if (main.length > 1 && home === first)
      transitions.set(t.name, { column: lo - 1, order: index, cluster: home });
    else if (main.length > 1 && home === last)
      transitions.set(t.name, { column: lo + 1, order: index, cluster: home });
    else stacked.set(home, [...(stacked.get(home) ?? []), t]);
  });

  // A middle place sits in the middle of its own local steps, which keep model order top to bottom
  // (paper layer: Gen_ri, Encrypt_Pi above User; Compt_Ri, Decrypt_C below).
  for (const p of main) {
    const column = mainColumn.get(p.name) ?? 0;
    const steps = stacked.get(p.name) ?? [];
    const above = Math.ceil(steps.length / 2);
    steps.forEach((t, j) => {
      transitions.set(t.name, { column, order: j < above ? j : j + 1, cluster: p.name });
    });
    places.set(p.name, { column, order: above, cluster: p.name });
  }

  aux.forEach((p, k) => {
    const connected = views
      .filter((v) => v.arc.place === p.name)
      .flatMap((v) => {
        const at = transitions.get(v.arc.transition);
        return at ? [at.column] : [];
      });
    const column =
      connected.length > 0 ? nearestBetweenColumn(connected, firstBetween, lastBetween) : firstBetween;
    // Below the column's transitions, each followed by its own local steps (Clock, then Tick).
    const order = 10_000 + 100 * k;
    places.set(p.name, { column, order });
    (auxLoops.get(p.name) ?? []).forEach((t, j) => {
      transitions.set(t.name, { column, order: order + 1 + j });
    });
  });
  return { places, transitions };
}

// ── labels ───────────────────────────────────────────────────────────────────────────────────────────

const PLACE_FILL: Readonly<Record<number, string>> = { 0: '#dbe9f6', 1: '#e2f0d9', 2: '#fff2cc' };
const AUX_FILL = '#ececec';
const CLUSTER_FILL: Readonly<Record<number, string>> = { 0: '#f1f6fc', 1: '#f3f9f0', 2: '#fffaeb' };
const GREY = '#8a8a8a';

function placeLabel(net: Net, place: PlaceSpec): string {
  const { relations, scalars } = placeContents(net, place, true);
  const lines = [
    ...relations.map((r) => relationSignature(r)),
    ...scalars.map((s) => `${s.name}: ${s.sort}`),
  ];
  const types = lines.length > 0 ? `<BR/><FONT POINT-SIZE="9">${lines.map(html).join('<BR/>')}</FONT>` : '';
  return `<<B>${html(place.name)}</B>${types}>`;
}

function placeTooltip(net: Net, place: PlaceSpec): string {
  const { relations, scalars } = placeContents(net, place, true);
  const marking = initialMarkingLines(net, place);
  return [
    `${place.name}: ${place.doc}`,
    'token types:',
    ...relations.map((r) => `  ${relationType(r)}`),
    ...scalars.map((s) => `  ${s.name}: ${s.sort}`),
    `initial marking: ${marking.length > 0 ? '' : '∅'}`,
    ...marking.map((line) => `  ${line}`),
  ].join('\n');
}

/**
 * Name and citation lines in separate table rows: each row is as tall as its font's ascent plus descent, so
 * the underscores of `D_R_S` stay above the `Eq. 31` line. (With `<BR/>` line breaks, Debian's Graphviz
 * — cairo/pango fonts — spaced the lines by the ascent only and the underscores fell on the next line.)
 */
function transitionLabel(t: TransitionSpec): string {
  const rows = [
    `<B>${html(t.name)}</B>`,
    ...wrapWords(t.cite, 28).map((line) => `<FONT POINT-SIZE="9">${html(line)}</FONT>`),
  ];
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">${rows.map((r) => `<TR><TD>${r}</TD></TR>`).join('')}</TABLE>>`;
}

export function transitionTooltip(t: TransitionSpec): string {
  const pretty = prettyTransition(t);
  return [
    `${pretty.signature} — ${t.cite}`,
    t.doc,
    'guard:',
    ...pretty.guardLines.map((line, k) => `  ${k === 0 ? ' ' : '∧'} ${line}`),
    'effect:',
    ...(pretty.effect.length > 0 ? pretty.effect.map((line) => `  ${line}`) : ['  (none)']),
  ].join('\n');
}

// ── edges ────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Where dot (Graphviz 16, rankdir=LR) puts the tail of a flat edge, i.e. one between two nodes of the
 * same rank: above its head at the top level, below it inside a cluster. The column order chains and the
 * flat arcs follow this; test/export/dot.test.ts checks the resulting picture, so a Graphviz upgrade
 * that changes it fails there rather than silently flipping the figure.
 */
function flatTailAbove(inCluster: boolean): boolean {
  return !inCluster;
}

/** The one drawn edge of a (transition, place) pair. */
export interface EdgePair {
  readonly transition: string;
  readonly place: string;
  readonly in?: ArcView;
  readonly out?: ArcView;
}

export function edgePairs(views: readonly ArcView[]): EdgePair[] {
  const pairs = new Map<string, { transition: string; place: string; in?: ArcView; out?: ArcView }>();
  for (const v of views) {
    const key = `${v.arc.transition}\u0000${v.arc.place}`;
    const pair = pairs.get(key) ?? { transition: v.arc.transition, place: v.arc.place };
    if (v.arc.direction === 'in') pair.in = v;
    else pair.out = v;
    pairs.set(key, pair);
  }
  return [...pairs.values()];
}

function edgeStatement(
  net: Net,
  pair: EdgePair,
  layout: Layout,
  auxPlaces: ReadonlySet<string>,
  clusters: boolean,
): string {
  const t = transitionNodeId(pair.transition);
  const p = placeNodeId(pair.place);
  const tAt = layout.transitions.get(pair.transition) ?? { column: 0, order: 0 };
  const pAt = layout.places.get(pair.place) ?? { column: 0, order: 0 };
  // Draw the edge left to right (or top to bottom inside a column), so that it ranks the nodes as laid out.
  // Within a column, the edge must agree with the column's order chain (see `flatTailAbove`).
  const sameColumn = tAt.column === pAt.column;
  const transitionFirst = sameColumn
    ? tAt.order < pAt.order === flatTailAbove(clusters && tAt.cluster !== undefined)
    : tAt.column < pAt.column;

  const readIn = pair.in && !pair.in.absenceTest;
  const testIn = pair.in?.absenceTest === true;
  const atTransition = readIn ? 'normal' : testIn ? 'odot' : 'none';
  const atPlace = pair.out ? 'normal' : 'none';
  // One token type per line keeps labels narrow: in this left-to-right layout a label's width is
  // room taken between two columns, and wide labels are what collided around User and SRS.
  const inParts = pair.in ? markedParts(pair.in, net) : [];
  const outParts = pair.out ? markedParts(pair.out, net) : [];
  const lines =
    pair.in && pair.out
      ? [
          ...inParts.map((p, k) => (k === 0 ? `in: ${p}` : `    ${p}`)),
          ...outParts.map((p, k) => (k === 0 ? `out: ${p}` : `      ${p}`)),
        ]
      : [...inParts, ...outParts];
  const label = lines.join('\n');
  const kind = [pair.in ? (testIn ? 'absence-test' : 'read') : '', pair.out ? 'write' : ''].filter(Boolean);
  const aux = auxPlaces.has(pair.place);
  const direction = pair.in && pair.out ? '⇄' : pair.in ? '←' : '→';
  return `  ${transitionFirst ? `"${t}" -> "${p}"` : `"${p}" -> "${t}"`}${attrs({
    id: `arc-${idFragment(pair.transition)}-${idFragment(pair.place)}`,
    class: kind.join(' '),
    dir: 'both',
    arrowtail: transitionFirst ? atTransition : atPlace,
    arrowhead: transitionFirst ? atPlace : atTransition,
    style: testIn && !pair.out ? 'dashed' : undefined,
    color: aux || (testIn && !pair.out) ? GREY : undefined,
    fontcolor: aux ? GREY : undefined,
    penwidth: pair.in && pair.out && readIn ? 1.6 : undefined,
    tooltip: `${pair.transition} ${direction} ${pair.place}: ${pair.in && pair.out ? `in: ${inParts.join(', ')}; out: ${outParts.join(', ')}` : lines.join(', ')}`,
    // A label on a flat edge (same column) makes dot add a rank for it, and a head/tail label there sat on
    // the nodes: use an external label, which Graphviz places after layout where it collides least.
    [sameColumn ? 'xlabel' : 'label']: {
      raw: quote(label, label.includes('\n')),
    },
  })}`;
}

// ── the graph ────────────────────────────────────────────────────────────────────────────────────────

/** The legend: one HTML-like table node (kept small so that it fits under the between-places column). */
function legendNode(extended: boolean, deletes: boolean): string {
  const rows: [string, string][] = [
    ['( )', 'place: name, token types (tooltip: types, M0)'],
    ['[ ]', 'transition: name, citation (tooltip: guard, effect)'],
    ...(extended ? ([['[ ┄ ]', 'dashed: extended layer only, not in the paper']] as [string, string][]) : []),
    ['──▶', 'read (tokens must be present) or write'],
    ['◀──▶', 'reads and writes the place (in: … / out: …)'],
    ['┄┄○', '¬: absence test, the rule needs these tokens absent'],
    ...(deletes ? ([['−', 'before a token type: the rule only deletes it']] as [string, string][]) : []),
  ];
  const body = rows
    .map(
      ([glyph, text]) => `<TR><TD ALIGN="CENTER">${html(glyph)}</TD><TD ALIGN="LEFT">${html(text)}</TD></TR>`,
    )
    .join('');
  const label = `<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" COLOR="#b0b0b0"><TR><TD COLSPAN="2"><B>Legend</B></TD></TR>${body}</TABLE>>`;
  return `"legend"${attrs({ id: 'legend', shape: 'plaintext', fontsize: 9, label: { raw: label }, tooltip: 'legend' })};`;
}

export interface DotOptions {
  /** Graph title; default names the layer and variant. */
  readonly title?: string;
  /** Include the legend (default true). */
  readonly legend?: boolean;
  /** Box each place of the paper layer with its local steps (default: paper layer yes, extended no). */
  readonly clusters?: boolean;
}

export function modelToDot(net: Net, options: DotOptions = {}): string {
  const views = arcViews(net);
  const layout = layoutNet(net, views);
  const extended = isExtended(net);
  const mainPlaces = net.places.filter((p) => p.layer === 'paper');
  const mainIndex = new Map(mainPlaces.map((p, k) => [p.name, k]));
  const auxPlaces = new Set(net.places.filter((p) => p.layer !== 'paper').map((p) => p.name));
  const title =
    options.title ??
    `${net.name}: SeSPHR HLPN, ${extended ? 'extended layer (dashed: not in the paper)' : "paper layer (the paper's Fig. 2)"}`;

  const lines: string[] = [
    `digraph ${quote(net.name)} {`,
    `  graph${attrs({
      rankdir: 'LR',
      label: title,
      labelloc: 't',
      fontname: 'Helvetica',
      fontsize: 14,
      nodesep: 0.5,
      ranksep: 0.8,
      newrank: 'true',
      splines: 'true',
      forcelabels: 'true',
      tooltip: title,
    })};`,
    `  node${attrs({ fontname: 'Helvetica', fontsize: 11 })};`,
    `  edge${attrs({ fontname: 'Helvetica', fontsize: 8, arrowsize: 0.7 })};`,
  ];

  // Clusters box each place of the paper layer with its local steps. Graphviz keeps the order we ask for
  // inside a column only outside clusters once columns get tall, so the (taller) extended layer tints
  // the local steps with their place's colour instead of boxing them.
  const clusters = options.clusters ?? !extended;
  const transitionFill = (t: TransitionSpec) => {
    const home = layout.transitions.get(t.name)?.cluster;
    const k = home === undefined ? undefined : mainIndex.get(home);
    if (!clusters && k !== undefined) return CLUSTER_FILL[k % 3] ?? '#ffffff';
    return t.layer === 'extended' ? '#f6f6f6' : '#ffffff';
  };
  const transitionNode = (t: TransitionSpec) =>
    `"${transitionNodeId(t.name)}"${attrs({
      id: transitionNodeId(t.name),
      label: { raw: transitionLabel(t) },
      shape: 'box',
      style: t.layer === 'extended' ? 'dashed,filled' : 'filled',
      fillcolor: transitionFill(t),
      color: t.layer === 'extended' ? '#606060' : '#000000',
      tooltip: transitionTooltip(t),
      class: `transition ${t.layer}`,
    })};`;
  const placeNode = (p: PlaceSpec) => {
    const k = mainIndex.get(p.name);
    return `"${placeNodeId(p.name)}"${attrs({
      id: placeNodeId(p.name),
      label: { raw: placeLabel(net, p) },
      shape: 'ellipse',
      style: p.layer === 'extended' ? 'dashed,filled' : 'filled',
      fillcolor: k === undefined ? AUX_FILL : (PLACE_FILL[k % 3] ?? AUX_FILL),
      penwidth: p.layer === 'paper' ? 1.6 : 1,
      tooltip: placeTooltip(net, p),
      class: `place ${p.layer}`,
    })};`;
  };

  // Nodes, grouped by column: a `rank=same` group per column (inside the cluster when the column belongs
  // to a place), ordered top to bottom by invisible flat edges.
  interface Entry {
    readonly id: string;
    readonly node: string;
    readonly order: number;
    readonly cluster?: string;
  }
  const columns = new Map<number, Entry[]>();
  const add = (column: number, entry: Entry) => columns.set(column, [...(columns.get(column) ?? []), entry]);
  const clusterOf = (at: NodePlacement) => (clusters && at.cluster ? { cluster: at.cluster } : {});
  for (const p of net.places) {
    const at = layout.places.get(p.name);
    if (at)
      add(at.column, { id: placeNodeId(p.name), node: placeNode(p), order: at.order, ...clusterOf(at) });
  }
  for (const t of net.transitions) {
    const at = layout.transitions.get(t.name);
    if (at)
      add(at.column, {
        id: transitionNodeId(t.name),
        node: transitionNode(t),
        order: at.order,
        ...clusterOf(at),
      });
  }
  // The legend goes at the bottom of the first between-places column, where Fig. 2 has free space.
  if (options.legend ?? true)
    add(1, {
      id: 'legend',
      node: legendNode(
        extended,
        views.some((v) => v.deleteOnly.length > 0),
      ),
      order: Number.MAX_SAFE_INTEGER,
    });

  const sortedColumns = [...columns.keys()].sort((a, b) => a - b);
  const rankGroup = (entries: readonly Entry[], indent: string, inCluster: boolean) => {
    const sorted = [...entries].sort((a, b) => a.order - b.order);
    const chain = sorted.slice(1).map((lower, j) => {
      const upper = sorted[j] as Entry;
      const [tail, head] = flatTailAbove(inCluster) ? [upper, lower] : [lower, upper];
      return `"${tail.id}" -> "${head.id}" [style="invis"];`;
    });
    return [
      `${indent}{ rank=same;`,
      ...sorted.map((e) => `${indent}  ${e.node}`),
      ...chain.map((c) => `${indent}  ${c}`),
      `${indent}}`,
    ];
  };
  for (const place of clusters ? mainPlaces : []) {
    const k = mainIndex.get(place.name) ?? 0;
    lines.push(
      `  subgraph ${quote(`cluster_${idFragment(place.name)}`)} {`,
      `    graph${attrs({ label: '', style: 'rounded,filled', fillcolor: CLUSTER_FILL[k % 3], color: '#c8c8c8', margin: 12 })};`,
    );
    for (const column of sortedColumns) {
      const inCluster = (columns.get(column) ?? []).filter((e) => e.cluster === place.name);
      if (inCluster.length > 0) lines.push(...rankGroup(inCluster, '    ', true));
    }
    lines.push('  }');
  }
  for (const column of sortedColumns) {
    const free = (columns.get(column) ?? []).filter((e) => e.cluster === undefined);
    if (free.length > 0) lines.push(...rankGroup(free, '  ', false));
  }

  for (const pair of edgePairs(views))
    lines.push(`${edgeStatement(net, pair, layout, auxPlaces, clusters)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
