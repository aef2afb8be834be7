/** Deterministic replay: the same configuration, seed and steps give the same tokens and the same bytes. */

import { Simulation, type SimulationOptions } from './simulation.ts';
import type { Trace } from './trace.ts';
import { simulationOptionsOf, traceOf } from './trace.ts';

export interface ReplayResult {
  readonly ok: boolean;
  /** Human-readable differences between the recorded and the replayed run (empty when ok). */
  readonly differences: readonly string[];
  readonly simulation: Simulation;
}

export async function replayTrace(
  trace: Trace,
  overrides: Partial<SimulationOptions> = {},
): Promise<ReplayResult> {
  const simulation = await Simulation.create({ ...simulationOptionsOf(trace), ...overrides });
  const differences: string[] = [];
  for (const step of trace.steps) {
    let replayed: ReturnType<Simulation['fire']>;
    try {
      replayed = simulation.fire(step.transition, step.binding);
    } catch (error) {
      differences.push(
        `step ${step.index} ${step.transition}: ${error instanceof Error ? error.message : String(error)}`,
      );
      break;
    }
    for (const field of ['actor', 'added', 'removed', 'refusal'] as const) {
      if (JSON.stringify(replayed[field]) !== JSON.stringify(step[field])) {
        differences.push(
          `step ${step.index} ${step.transition}: ${field} was ${JSON.stringify(step[field])}, now ${JSON.stringify(replayed[field])}`,
        );
      }
    }
  }
  const now = traceOf(simulation).holdings;
  for (const [principal, items] of Object.entries(trace.holdings)) {
    for (const [key, item] of Object.entries(items)) {
      const replayed = now[principal]?.[key];
      if (!replayed) differences.push(`${principal} no longer holds ${key}`);
      else if (replayed.sha256 !== item.sha256) differences.push(`${principal}'s ${key} has other bytes`);
    }
    for (const key of Object.keys(now[principal] ?? {})) {
      if (!(key in items)) differences.push(`${principal} now also holds ${key}`);
    }
  }
  return { ok: differences.length === 0, differences, simulation };
}
