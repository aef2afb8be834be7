/** Instantiates the one SeSPHR model for a configuration: N = (P, T, F, φ, R, L, M0). */

import { checkConfig, initialMarkingOf, interpretationOf, type ModelConfig } from './config.ts';
import { resetBoundVariableNames } from './expr/build.ts';
import { deriveArcs, type Net } from './net.ts';
import { sesphrTransitions } from './transitions.ts';
import { C, F, PLACES, R, S } from './vocabulary.ts';

export function buildNet(config: ModelConfig): Net {
  checkConfig(config);
  resetBoundVariableNames();
  const transitions = sesphrTransitions({ layer: config.layer, variant: config.variant });
  const arcs = deriveArcs(transitions);
  const inLayer = (layer: 'paper' | 'extended') => config.layer === 'extended' || layer === 'paper';
  const usedPlaces = new Set(arcs.map((a) => a.place));
  return {
    name: `sesphr-${config.layer}-${config.variant}`,
    layer: config.layer,
    variant: config.variant,
    places: Object.values(PLACES).filter((p) => inLayer(p.layer) && usedPlaces.has(p.name)),
    relations: Object.values(R).filter((r) => inLayer(r.layer)),
    functions: Object.values(F),
    constants: Object.values(C),
    scalars: Object.values(S),
    transitions,
    arcs,
    interpretation: interpretationOf(config),
    initialMarking: initialMarkingOf(config),
  };
}
