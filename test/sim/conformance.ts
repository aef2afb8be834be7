/**
 * The model-based conformance property (fast-check commands), shared by the property-test files so the
 * runs can be split across workers: random sequences of enabled transitions, fired on the abstract
 * evaluator (the model) and on the simulator with real cryptography (the real system), must agree on
 * enabledness, on the resulting abstract marking, and on the decryption oracle after every step.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { ModelConfig } from '../../model/config.ts';
import type { Marking } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { enabledBindings, fire, formatBinding } from '../../model/semantics.ts';
import { smallConfig } from '../../model/universes.ts';
import type { CipherMode } from '../../src/crypto/types.ts';
import { scenarioFromRun } from '../../src/scenario/emit.ts';
import { Simulation, type StepRecord } from '../../src/sim/simulation.ts';
import { simulationAuditor } from '../../src/tpa/from-sim.ts';
import { chooseBinding } from '../helpers/choice.ts';

interface Model {
  readonly net: Net;
  marking: Marking;
}

/** Called after each step's conformance checks with the firing and the marking before it. */
export type StepObserver = (record: StepRecord, before: Marking) => void;

interface Real {
  readonly sim: Simulation;
  readonly observe?: StepObserver;
}

/** Coalitions checked besides every principal alone: the curious SRS with the cloud, and two pairs. */
const COALITIONS = [
  ['srs', 'cloud'],
  ['bob', 'erin'],
  ['erin', 'cloud'],
];

function markingsEqual(a: Marking, b: Marking): boolean {
  const names = new Set([...a.relations.keys(), ...b.relations.keys()]);
  for (const name of names) {
    const x = a.relations.get(name) ?? new Set<string>();
    const y = b.relations.get(name) ?? new Set<string>();
    if (x.size !== y.size || [...x].some((k) => !y.has(k))) return false;
  }
  return [...a.scalars].every(([k, v]) => b.scalars.get(k) === v);
}

/** One step of a walk: two draws that pick an enabled transition, then one of its bindings. */
class Step implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly transitionDraw: number,
    readonly bindingDraw: number,
  ) {}

  check(m: Readonly<Model>): boolean {
    return enabledBindings(m.net, m.marking).length > 0;
  }

  async run(m: Model, r: Real): Promise<void> {
    // The TPA's verdict is observed, not chosen: of the verdicts the model allows, the one the audit gave.
    const possible = enabledBindings(m.net, m.marking).filter((b) => r.sim.concreteAllows(b));
    const binding = chooseBinding(possible, this.transitionDraw, this.bindingDraw);
    if (!binding) throw new Error('check() let a step through with nothing enabled');
    m.marking = fire(m.net, m.marking, binding);
    const before = r.sim.marking;
    const record = r.sim.fire(binding.transition, binding.values);

    const label = formatBinding(binding);
    expect(markingsEqual(r.sim.marking, m.marking), `${label}: simulator marking = evaluator marking`).toBe(
      true,
    );
    const simEnabled = r.sim.enabled().map(formatBinding).sort();
    const modelEnabled = enabledBindings(m.net, m.marking).map(formatBinding).sort();
    expect(simEnabled, `${label}: enabled bindings`).toEqual(modelEnabled);
    const report = r.sim.conformance(r.sim.defaultGroups(COALITIONS));
    expect(report.relations, `${label}: α(bytes) = marking`).toEqual([]);
    expect(report.enabledOnlyAbstract, `${label}: enabled in the model only`).toEqual([]);
    expect(report.enabledOnlyConcrete, `${label}: enabled on the bytes only`).toEqual([]);
    const disagreements = report.readability.filter((row) => row.model !== row.oracle);
    expect(disagreements, `${label}: decryption oracle = model knowledge`).toEqual([]);
    r.observe?.(record, before);
  }

  toString(): string {
    return `step(${this.transitionDraw}, ${this.bindingDraw})`;
  }
}

export interface ConformanceRun {
  readonly layer: 'paper' | 'extended';
  readonly variant: 'paper' | 'hardened';
  readonly pastData: 'from-join-date' | 'all-past';
  readonly mode: CipherMode;
}

export const conformanceRun: fc.Arbitrary<ConformanceRun> = fc.record({
  layer: fc.constantFrom('paper' as const, 'extended' as const),
  variant: fc.constantFrom('paper' as const, 'hardened' as const),
  pastData: fc.constantFrom('from-join-date' as const, 'all-past' as const),
  mode: fc.constantFrom('hybrid' as const, 'literal' as const),
});

export const stepCommands = fc.commands([fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => new Step(a, b))], {
  maxCommands: 60,
  size: 'max',
});

/** Seeds are fixed so CI is reproducible; SESPHR_PBT_SEED explores other sequences locally. */
export function propertySeed(fallback: number): number {
  const fromEnv = Number(process.env.SESPHR_PBT_SEED);
  return Number.isInteger(fromEnv) ? fromEnv + fallback : fallback;
}

export interface ConformanceOptions {
  /** The universe (default: the small universe of model/universes.ts in the run's configuration). */
  readonly config?: ModelConfig;
  /** Makes the observer that checks more after each step (test/verify/properties-pbt.test.ts). */
  readonly observer?: (sim: Simulation) => StepObserver;
  /** Steps appended to the replayable scenario printed on failure (e.g. property steps). */
  readonly after?: readonly Record<string, unknown>[];
  readonly description?: string;
}

/** Runs one sequence; on failure the error carries a scenario file that replays the shrunk sequence. */
export async function checkConformance(
  run: ConformanceRun,
  commands: Iterable<fc.AsyncCommand<Model, Real>>,
  options: ConformanceOptions = {},
): Promise<void> {
  const config: ModelConfig = options.config ?? smallConfig(run.layer, run.variant, run.pastData, run.mode);
  const net = buildNet(config);
  const sim = await Simulation.create({
    config,
    seed: 'conformance',
    backend: 'mcl',
    partitionBytes: 16,
    auditor: simulationAuditor,
  });
  const observe = options.observer?.(sim);
  try {
    await fc.asyncModelRun(
      () => ({ model: { net, marking: net.initialMarking }, real: { sim, ...(observe ? { observe } : {}) } }),
      commands,
    );
  } catch (error) {
    const scenario = scenarioFromRun(config, sim.records, {
      name: 'conformance-counterexample',
      description:
        options.description ??
        'A shrunk sequence on which the simulator and the model disagreed (test/sim/conformance.ts).',
      seed: 'conformance',
      ...(options.after ? { after: options.after } : {}),
    });
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n\nReplayable scenario (sesphr simulate FILE):\n${scenario}`);
  }
}
