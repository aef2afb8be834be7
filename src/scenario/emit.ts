/**
 * Turning a run back into a scenario file: the configuration as the scenario header and every fired
 * transition as a `fire` step. Property tests print one for a shrunk failure, and a later issue saves
 * verifier counterexamples this way; `sesphr simulate` replays it.
 */
import { stringify } from 'yaml';
import type { ModelConfig } from '../../model/config.ts';
import type { StepRecord } from '../sim/simulation.ts';

export interface EmitOptions {
  readonly name: string;
  readonly description?: string;
  readonly mode?: string;
  readonly aead?: string;
  readonly seed?: string;
}

export function scenarioFromRun(
  config: ModelConfig,
  steps: readonly Pick<StepRecord, 'transition' | 'binding'>[],
  options: EmitOptions,
): string {
  const access: Record<string, Record<string, string[]>> = {};
  for (const entry of config.roleAccess) {
    access[entry.owner] ??= {};
    (access[entry.owner] as Record<string, string[]>)[entry.role] = [...entry.partitions];
  }
  const document = {
    name: options.name,
    ...(options.description ? { description: options.description } : {}),
    variant: config.variant,
    layer: config.layer,
    pastData: config.pastData,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.aead ? { aead: options.aead } : {}),
    ...(options.seed ? { seed: options.seed } : {}),
    clock: config.time,
    partitions: [...config.partitions],
    principals: Object.fromEntries(config.principals.map((p) => [p.id, p.role])),
    access,
    files: Object.fromEntries(
      config.files.map((f) => [
        f.id,
        { owner: f.owner, window: [f.window.start, f.window.end], levels: { ...f.levels } },
      ]),
    ),
    steps: steps.map((s) => ({ fire: { transition: s.transition, ...s.binding } })),
  };
  return stringify(document, { lineWidth: 110, flowCollectionPadding: true });
}
