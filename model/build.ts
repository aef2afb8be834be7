/** Instantiates the one SeSPHR model for a configuration: N = (P, T, F, φ, R, L, M0). */

import { checkConfig, initialMarkingOf, interpretationOf, type ModelConfig } from './config.ts';
import { resetBoundVariableNames } from './expr/build.ts';
import { deriveArcs, type Net } from './net.ts';
import { proceduresFor } from './procedures.ts';
import { sesphrTransitions } from './transitions.ts';
import { C, F, PLACES, R, S } from './vocabulary.ts';

/** Nets are immutable, so one configuration object needs one net: a loader and a simulator share it. */
const built = new WeakMap<ModelConfig, Net>();

export function buildNet(config: ModelConfig): Net {
  const cached = built.get(config);
  if (cached) return cached;
  checkConfig(config);
  resetBoundVariableNames();
  const shape = { layer: config.layer, variant: config.variant };
  const transitions = sesphrTransitions(shape);
  const arcs = deriveArcs(transitions);
  const inLayer = (layer: 'paper' | 'extended') => config.layer === 'extended' || layer === 'paper';
  const usedPlaces = new Set(arcs.map((a) => a.place));
  const net: Net = {
    name: `sesphr-${config.layer}-${config.variant}`,
    config,
    layer: config.layer,
    variant: config.variant,
    places: Object.values(PLACES).filter((p) => inLayer(p.layer) && usedPlaces.has(p.name)),
    relations: Object.values(R).filter((r) => inLayer(r.layer)),
    functions: Object.values(F),
    constants: Object.values(C),
    scalars: Object.values(S),
    transitions,
    arcs,
    procedures: proceduresFor(shape, new Set(transitions.map((t) => t.name))),
    interpretation: interpretationOf(config),
    initialMarking: initialMarkingOf(config),
  };
  built.set(config, net);
  return net;
}
