/** Model export: the HLPN as JSON, Graphviz DOT, SVG (Graphviz in WASM) or PNML. */
import { buildNet } from '../../model/build.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { Net } from '../../model/net.ts';
import { modelToDot } from './dot.ts';
import { modelToJson } from './json.ts';
import { modelToPnmlWithLayout } from './pnml.ts';
import { dotToSvg } from './svg.ts';

export const EXPORT_FORMATS = ['json', 'dot', 'svg', 'pnml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function title(config: ModelConfig): string {
  const layer =
    config.layer === 'paper'
      ? "paper layer (the paper's Fig. 2, Eqs. 23–33)"
      : 'extended layer (dashed: not in the paper)';
  const variant =
    config.variant === 'paper'
      ? 'paper variant'
      : 'hardened variant (owner-made keys, SRS holds public keys and RK)';
  return `SeSPHR HLPN: ${layer}, ${variant}`;
}

/** A built net in one export format. */
export async function exportNet(net: Net, config: ModelConfig, format: ExportFormat): Promise<string> {
  switch (format) {
    case 'json':
      return modelToJson(net, config);
    case 'dot':
      return modelToDot(net, { title: title(config) });
    case 'svg':
      return dotToSvg(modelToDot(net, { title: title(config) }));
    case 'pnml':
      return modelToPnmlWithLayout(net, config);
  }
}

/** Builds the net for a configuration and exports it. */
export function exportModel(config: ModelConfig, format: ExportFormat): Promise<string> {
  return exportNet(buildNet(config), config, format);
}

export { modelToDot } from './dot.ts';
export { modelToJson, modelToJsonObject } from './json.ts';
export { HLPNG_NET_TYPE, modelToPnml, modelToPnmlWithLayout, PNML_NAMESPACE } from './pnml.ts';
export { prettyExpr, prettyTransition, prettyUpdate } from './pretty.ts';
export { dotToSvg } from './svg.ts';
