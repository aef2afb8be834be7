/**
 * The whole net as JSON: N = (P, T, F, φ, R, L, M0) with the configuration that instantiated it.
 * Every object is built with its keys in a fixed order and every list in model order, so the same
 * configuration always gives the same bytes. Guards and effects come as the AST (for tools) and as
 * pretty text (for people).
 */
import type { ModelConfig } from '../../model/config.ts';
import { DOMAINS } from '../../model/expr/ast.ts';
import { parseTupleKey } from '../../model/expr/evaluate.ts';
import { type Net, placeOf } from '../../model/net.ts';
import { prettyTransition } from './pretty.ts';
import { arcViews, netRelations, relationSignature, usedRelations } from './structure.ts';

export const JSON_FORMAT_VERSION = 2;

/** The configuration the net was built for, as it is (it is plain data): one shape, the model's. */
function configJson(config: ModelConfig): ModelConfig {
  return config;
}

/** The net as a plain, JSON-ready object with a stable key order. */
export function modelToJsonObject(net: Net, config: ModelConfig) {
  const interp = net.interpretation;
  const used = usedRelations(net);
  const relations = netRelations(net);
  const relationColumns = new Map(relations.map((r) => [r.name, r.columns]));
  return {
    format: 'sesphr-model',
    version: JSON_FORMAT_VERSION,
    name: net.name,
    config: configJson(config),
    universe: Object.fromEntries(DOMAINS.map((d) => [d, [...(interp.domains[d] ?? [])]])),
    places: net.places.map((p) => ({
      name: p.name,
      layer: p.layer,
      doc: p.doc,
      tokenTypes: [
        ...relations.filter((r) => r.place === p.name).map((r) => relationSignature(r)),
        ...net.scalars.filter((s) => placeOf(s.name) === p.name).map((s) => s.name),
      ],
    })),
    relations: relations.map((r) => ({
      name: r.name,
      place: r.place,
      layer: r.layer,
      doc: r.doc,
      columns: r.columns.map((c) => ({ name: c.name, sort: c.sort })),
      tracked: r.tracked,
      used: used.has(r.name),
    })),
    scalars: net.scalars.map((s) => ({
      name: s.name,
      place: placeOf(s.name),
      sort: s.sort,
      doc: s.doc,
    })),
    functions: net.functions.map((f) => {
      const table = [...(interp.functions.get(f.name) ?? new Map())].map(([key, value]) => ({
        args: parseTupleKey(key),
        value,
      }));
      const isBool = f.result === 'Bool';
      return {
        name: f.name,
        doc: f.doc,
        params: f.params.map((p) => ({ name: p.name, sort: p.sort })),
        result: f.result,
        // Boolean functions list only where they hold; everything else is false.
        default: isBool ? false : null,
        table: isBool ? table.filter((e) => e.value === true) : table,
      };
    }),
    constants: net.constants.map((c) => ({
      name: c.name,
      sort: c.sort,
      doc: c.doc,
      value: interp.constants.get(c.name) ?? null,
    })),
    transitions: net.transitions.map((t) => {
      const pretty = prettyTransition(t, relationColumns);
      return {
        name: t.name,
        layer: t.layer,
        cite: t.cite,
        doc: t.doc,
        actor: t.actor,
        params: t.params.map((p) => ({ name: p.name, sort: p.sort })),
        signature: pretty.signature,
        guard: { text: pretty.guard, conjuncts: pretty.guardLines, ast: t.guard },
        effect: t.effect.map((u, k) => ({ text: pretty.effect[k] ?? '', ast: u })),
      };
    }),
    arcs: arcViews(net).map((v) => ({
      transition: v.arc.transition,
      place: v.arc.place,
      direction: v.arc.direction,
      label: v.arc.label,
      relations: [...v.relations],
      absenceOnly: [...v.absenceOnly],
      deleteOnly: [...v.deleteOnly],
    })),
    initialMarking: {
      relations: Object.fromEntries(
        relations.map((r) => [
          r.name,
          [...(net.initialMarking.relations.get(r.name) ?? [])].map((key) => parseTupleKey(key)),
        ]),
      ),
      scalars: Object.fromEntries(
        net.scalars.map((s) => [s.name, net.initialMarking.scalars.get(s.name) ?? null]),
      ),
    },
  };
}

export type ModelJson = ReturnType<typeof modelToJsonObject>;

/** The net as JSON text (two-space indentation, trailing newline). */
export function modelToJson(net: Net, config: ModelConfig): string {
  return `${JSON.stringify(modelToJsonObject(net, config), null, 2)}\n`;
}
