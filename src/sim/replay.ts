/**
 * Replay. With the seed of the run — recorded in a trace with secrets, or given — a replay must reproduce
 * byte for byte: the same steps, the same tokens, the same digest for every item the trace records. A
 * trace without secrets has no seed, so without one its replay draws a fresh seed and checks the public
 * transcript: the same transitions fire with the same bindings, actors, outcomes and refusal reasons, and
 * the same tokens appear and disappear.
 */
import { Simulation, type SimulationOptions, type StepRecord } from './simulation.ts';
import type { Trace } from './trace.ts';
import { simulationOptionsOf, traceOf } from './trace.ts';

export interface ReplayResult {
  readonly ok: boolean;
  /** `bytes`: every item's digest was compared; `transcript`: only the public transcript could be. */
  readonly compared: 'bytes' | 'transcript';
  /** Human-readable differences between the recorded and the replayed run (empty when ok). */
  readonly differences: readonly string[];
  readonly simulation: Simulation;
}

const TRANSCRIPT_FIELDS = [
  'actor',
  'added',
  'removed',
  'outcome',
  'refusal',
] as const satisfies readonly (keyof StepRecord)[];

export async function replayTrace(
  trace: Trace,
  overrides: Partial<SimulationOptions> = {},
): Promise<ReplayResult> {
  const options = { ...simulationOptionsOf(trace), ...overrides };
  const simulation = await Simulation.create(options);
  const differences: string[] = [];
  for (const step of trace.steps) {
    let replayed: StepRecord;
    try {
      replayed = simulation.fire(step.transition, step.binding, step.detail);
    } catch (error) {
      differences.push(
        `step ${step.index} ${step.transition}: ${error instanceof Error ? error.message : String(error)}`,
      );
      break;
    }
    for (const field of TRANSCRIPT_FIELDS) {
      if (JSON.stringify(replayed[field]) !== JSON.stringify(step[field])) {
        differences.push(
          `step ${step.index} ${step.transition}: ${field} was ${JSON.stringify(step[field])}, now ${JSON.stringify(replayed[field])}`,
        );
      }
    }
  }
  // With the seed (the trace's own, or given), every digest the trace records must come out the same.
  const bytes = options.seed !== undefined;
  const now = traceOf(simulation, { includeSecrets: trace.secrets }).holdings;
  for (const [principal, items] of Object.entries(trace.holdings)) {
    for (const [label, item] of Object.entries(items)) {
      const replayed = now[principal]?.[label];
      if (!replayed) differences.push(`${principal} no longer holds ${label}`);
      else if (bytes && replayed.sha256 !== item.sha256)
        differences.push(`${principal}'s ${label} has other bytes`);
    }
    for (const label of Object.keys(now[principal] ?? {})) {
      if (!(label in items)) differences.push(`${principal} now also holds ${label}`);
    }
  }
  return { ok: differences.length === 0, compared: bytes ? 'bytes' : 'transcript', differences, simulation };
}
