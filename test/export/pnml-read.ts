/**
 * A reader of our PNML that uses nothing but the document: the vocabulary comes from the places' types
 * and the net's tool-specific signatures, guards, updates, inscriptions and markings are parsed with
 * the concrete syntax of docs/model-export.md (syntax/parse.ts). The round-trip tests compare what it
 * reads with the model.
 */
import type { DomainName, Expr, Sort, Update, VarDecl } from '../../model/expr/ast.ts';
import { assertWellFormed, parseXml } from './helpers.ts';
import { parseGuard, parseSignature, parseTerms, parseUpdate, type Signature } from './syntax/parse.ts';

interface Text {
  readonly text?: string;
}

interface RawNode {
  readonly '@_id': string;
  readonly name: Text;
  readonly graphics?: { readonly position: { readonly '@_x': string; readonly '@_y': string } };
  readonly [key: string]: unknown;
}

interface RawArc {
  readonly '@_id': string;
  readonly '@_source': string;
  readonly '@_target': string;
  readonly hlinscription?: Text;
  readonly [key: string]: unknown;
}

interface RawUpdate {
  readonly '#text': string;
  readonly '@_arcs': string;
}

interface RawTool {
  readonly '@_tool': string;
  readonly signature?: string;
  readonly effect?: { readonly update?: readonly RawUpdate[] };
  readonly functions?: { readonly function?: readonly { '@_name': string; '@_signature': string }[] };
  readonly constants?: { readonly constant?: readonly { '@_name': string; '@_sort': string }[] };
  readonly scalars?: { readonly scalar?: readonly { '@_name': string; '@_sort': string }[] };
}

export interface ReadPlace {
  readonly id: string;
  readonly name: string;
  readonly relations: readonly { readonly name: string; readonly sorts: readonly Sort[] }[];
  readonly scalars: readonly { readonly name: string; readonly sort: Sort }[];
  /** The initial tokens: relation atoms with literal arguments, or the Clock's value. */
  readonly marking: readonly Expr[];
  readonly position: { readonly x: number; readonly y: number } | undefined;
}

export interface ReadTransition {
  readonly id: string;
  readonly name: string;
  readonly params: readonly VarDecl[];
  readonly guard: Expr;
  readonly effect: readonly { readonly update: Update; readonly carried: boolean }[];
  readonly position: { readonly x: number; readonly y: number } | undefined;
}

export interface ReadArc {
  readonly id: string;
  readonly transition: string;
  readonly place: string;
  readonly direction: 'in' | 'out';
  readonly items: readonly Expr[];
}

export interface ReadNet {
  readonly namespace: string;
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly places: readonly ReadPlace[];
  readonly transitions: readonly ReadTransition[];
  readonly arcs: readonly ReadArc[];
  readonly signature: Signature;
}

function fail(message: string): never {
  throw new Error(`PNML: ${message}`);
}

function textOf(label: Text | undefined, what: string): string {
  const text = label?.text;
  if (typeof text !== 'string') fail(`${what} has no <text>`);
  return text;
}

function sesphrTool(node: object): RawTool {
  const raw = (node as { readonly toolspecific?: RawTool | RawTool[] }).toolspecific;
  const tools = ([] as RawTool[]).concat(raw ?? []);
  const tool = tools.find((t) => t['@_tool'] === 'sesphr');
  if (!tool) fail('missing <toolspecific tool="sesphr">');
  return tool;
}

function position(node: RawNode) {
  const p = node.graphics?.position;
  return p ? { x: Number(p['@_x']), y: Number(p['@_y']) } : undefined;
}

/** `srsKeyPair: Principal; srsParam: File × Level; now: Time` (a place's `<type>`). */
function readType(text: string): { name: string; sorts: Sort[] }[] {
  if (text === '∅') return [];
  return text.split('; ').map((entry) => {
    const [name, sorts] = entry.split(': ');
    if (!name || !sorts) fail(`bad token type "${entry}"`);
    return { name, sorts: sorts.split(' × ') as Sort[] };
  });
}

/** `File × Partition → Level` (a function's signature). */
function readFunctionSignature(text: string): { params: Sort[]; result: Sort } {
  const [params, result] = text.split(' → ');
  if (!params || !result) fail(`bad function signature "${text}"`);
  return { params: params.split(' × ') as Sort[], result: result as Sort };
}

export function readPnml(xml: string): ReadNet {
  assertWellFormed(xml);
  const doc = parseXml(
    xml,
    ['place', 'transition', 'arc', 'update', 'function', 'constant', 'scalar', 'toolspecific'],
    {
      parseTagValue: false,
    },
  ) as {
    pnml: {
      '@_xmlns': string;
      net: {
        '@_id': string;
        '@_type': string;
        name: Text;
        toolspecific?: RawTool[];
        page: { place?: RawNode[]; transition?: RawNode[]; arc?: RawArc[] };
      };
    };
  };
  const net = doc.pnml.net;
  const page = net.page;
  const netTool = sesphrTool(net);

  // The vocabulary, from the document alone.
  const rawPlaces = (page.place ?? []).map((p) => ({
    raw: p,
    entries: readType(textOf(p.type as Text, `place ${p['@_id']} <type>`)),
  }));
  const scalarNames = new Set((netTool.scalars?.scalar ?? []).map((v) => v['@_name']));
  const relations = new Map<string, readonly Sort[]>();
  const scalars = new Map<string, Sort>();
  for (const { entries } of rawPlaces)
    for (const e of entries) {
      if (scalarNames.has(e.name)) scalars.set(e.name, e.sorts[0] as Sort);
      else relations.set(e.name, e.sorts);
    }
  const signature: Signature = {
    relations,
    scalars,
    functions: new Map(
      (netTool.functions?.function ?? []).map((f) => [f['@_name'], readFunctionSignature(f['@_signature'])]),
    ),
    constants: new Map((netTool.constants?.constant ?? []).map((c) => [c['@_name'], c['@_sort'] as Sort])),
  };

  const places: ReadPlace[] = rawPlaces.map(({ raw, entries }) => {
    const placeScalars = entries.filter((e) => scalarNames.has(e.name));
    const marking = raw.hlinitialMarking as Text | undefined;
    return {
      id: raw['@_id'],
      name: textOf(raw.name, `place ${raw['@_id']} <name>`),
      relations: entries.filter((e) => !scalarNames.has(e.name)),
      scalars: placeScalars.map((e) => ({ name: e.name, sort: e.sorts[0] as Sort })),
      marking: marking
        ? parseTerms(textOf(marking, 'marking'), signature, [], placeScalars[0]?.sorts[0])
        : [],
      position: position(raw),
    };
  });

  const transitions: ReadTransition[] = (page.transition ?? []).map((raw) => {
    const tool = sesphrTool(raw);
    const { name, params } = parseSignature(
      tool.signature ?? fail(`transition ${raw['@_id']} has no signature`),
    );
    if (name !== textOf(raw.name, 'transition name'))
      fail(`signature ${name} of ${raw['@_id']} names another transition`);
    return {
      id: raw['@_id'],
      name,
      params,
      guard: parseGuard(textOf(raw.condition as Text, `${name} <condition>`), signature, params),
      effect: (tool.effect?.update ?? []).map((u) => ({
        update: parseUpdate(u['#text'], signature, params),
        carried: u['@_arcs'] === 'carried',
      })),
      position: position(raw),
    };
  });

  const placeById = new Map(places.map((p) => [p.id, p]));
  const transitionById = new Map(transitions.map((t) => [t.id, t]));
  const arcs: ReadArc[] = (page.arc ?? []).map((raw) => {
    const fromPlace = placeById.get(raw['@_source']);
    const toPlace = placeById.get(raw['@_target']);
    const transition = transitionById.get(fromPlace ? raw['@_target'] : raw['@_source']);
    const place = fromPlace ?? toPlace;
    if (!place || !transition) fail(`arc ${raw['@_id']} does not join a place and a transition`);
    const clockSort: DomainName | undefined = place.scalars[0]?.sort as DomainName | undefined;
    return {
      id: raw['@_id'],
      transition: transition.name,
      place: place.name,
      direction: fromPlace ? 'in' : 'out',
      items: parseTerms(
        textOf(raw.hlinscription, `arc ${raw['@_id']} inscription`),
        signature,
        transition.params,
        clockSort,
      ),
    };
  });

  return {
    namespace: doc.pnml['@_xmlns'],
    id: net['@_id'],
    type: net['@_type'],
    name: textOf(net.name, 'net name'),
    places,
    transitions,
    arcs,
    signature,
  };
}
