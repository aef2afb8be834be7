/**
 * Turning a run back into a scenario file: the configuration (every default written out) as the
 * scenario header and every fired transition as a `fire` step. Property tests print one for a shrunk
 * failure, and the verifier saves counterexamples this way; `sesphr simulate` replays it.
 */
import { stringify } from 'yaml';
import type { ModelConfig } from '../../model/config.ts';
import { fromModelConfig } from '../config/configuration.ts';
import type { StepRecord } from '../sim/simulation.ts';

export interface EmitOptions {
  readonly name: string;
  readonly description?: string;
  readonly aead?: string;
  readonly seed?: string;
  /** Steps after the fired transitions, as written in a scenario file (collude, check, property). */
  readonly after?: readonly Readonly<Record<string, unknown>>[];
}

export function scenarioFromRun(
  config: ModelConfig,
  steps: readonly Pick<StepRecord, 'transition' | 'binding' | 'detail'>[],
  options: EmitOptions,
): string {
  const document = {
    name: options.name,
    ...(options.description ? { description: options.description } : {}),
    ...fromModelConfig(config),
    ...(options.aead ? { aead: options.aead } : {}),
    ...(options.seed ? { seed: options.seed } : {}),
    steps: [
      ...steps.map((s) => ({
        fire: {
          transition: s.transition,
          ...s.binding,
          ...(s.detail !== undefined ? { detail: s.detail } : {}),
        },
      })),
      ...(options.after ?? []),
    ],
  };
  return stringify(document, { lineWidth: 110, flowCollectionPadding: true });
}
