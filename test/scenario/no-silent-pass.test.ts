/**
 * No silent pass: any error inside a run ends it as a failure that names the step. Before this check, a
 * guard that threw inside xstate left the actor in its error state, every later step reported "done",
 * a decrypt reported "ok" with no R held, and the run passed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tupleKey } from '../../model/expr/evaluate.ts';
import { smallConfig } from '../../model/universes.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { CONCRETE_EFFECTS, type ConcreteEffect } from '../../src/sim/effects.ts';
import { FiringError, Simulation, SimulationError } from '../../src/sim/simulation.ts';

const SCENARIO = `
variant: paper
principals: { alice: owner, bob: family }
access:
  alice: { family: [medical] }
files:
  f1: { owner: alice }
steps:
  - onboard: [alice, bob]
  - join: { owner: alice, user: bob }
  - upload: f1
  - request: { user: bob, file: f1, partition: medical }
  - download: { user: bob, file: f1 }
  - decrypt: { user: bob, file: f1, partition: medical }
`;

const effects = CONCRETE_EFFECTS as Record<string, ConcreteEffect | null>;
const saved = { ...effects };
afterEach(() => {
  Object.assign(effects, saved);
});

describe('an error inside a run', () => {
  it('the scenario passes when nothing goes wrong (the control)', async () => {
    const { result } = await runScenario(parseScenario(SCENARIO, 'ok.yaml'), { backend: 'mcl' });
    expect(result.passed).toBe(true);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['done', 'done', 'done', 'granted', 'done', 'ok']);
  });

  it('a concrete step that fails ends the run as a failure naming the step, and nothing after it runs', async () => {
    effects.Send_C = () => {
      throw new Error('the disk is full');
    };
    const { result } = await runScenario(parseScenario(SCENARIO, 'diverged.yaml'), { backend: 'mcl' });
    expect(result.passed).toBe(false);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['done', 'done', 'diverged']);
    expect(result.conformance[0]).toMatch(/^step 3 \(upload\): Send_C\(f=f1\): .*the disk is full/);
    expect(result.failedExpectations).toEqual([
      expect.objectContaining({ step: 3, expected: 'the step can be carried out', actual: 'diverged' }),
    ]);
  });

  it('a guard that throws inside the machine ends the run as a failure naming the step', async () => {
    const scenario = parseScenario(SCENARIO, 'broken-model.yaml');
    // A model defect: the interpretation lost a constant the request guard reads.
    (scenario.net.interpretation.constants as Map<string, unknown>).delete('tokenMaxAge');
    const { result } = await runScenario(scenario, { backend: 'mcl' });
    expect(result.passed).toBe(false);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['done', 'done', 'done', 'error']);
    expect(result.conformance[0]).toMatch(/^step 4 \(request\): .*no value for constant tokenMaxAge/);
  });

  it('a binding the net does not accept is a typed error and leaves the simulation usable', async () => {
    const sim = await Simulation.create({ config: smallConfig('extended', 'paper'), backend: 'mcl' });
    expect(() => sim.fire('Register', { p: 'zed' })).toThrow(FiringError);
    expect(() => sim.fire('Register', {})).toThrow(/p: no value/);
    expect(sim.fire('Register', { p: 'bob' }).transition).toBe('Register');
  });

  it('once the machine has failed, every later step fails too', async () => {
    const config = smallConfig('extended', 'paper');
    const sim = await Simulation.create({ config, backend: 'mcl' });
    (sim.net.interpretation.functions as Map<string, unknown>).delete('isUser');
    expect(() => sim.fire('Get_Time_Token', { u: 'bob' })).toThrow(SimulationError);
    expect(() => sim.fire('Register', { p: 'bob' })).toThrow(SimulationError);
  });
});

describe('refusals the model decides are recorded like every other', () => {
  it('an unregistered and an unauthorized request are refused and audited with their reasons', async () => {
    const text = `
variant: paper
principals: { alice: owner, yan: family, zed: family }
files:
  f1: { owner: alice }
steps:
  - onboard: alice
  - register: yan
  - upload: f1
  - request: { user: zed, file: f1, partition: medical }
    expect: { refused: notRegistered }
  - request: { user: yan, file: f1, partition: medical }
    expect: { refused: notAuthorized }
`;
    const { result, simulation } = await runScenario(parseScenario(text, 'refusals.yaml'), {
      backend: 'mcl',
    });
    expect(result.passed).toBe(true);
    const audit = simulation.marking.relations.get('auditRefusal') ?? new Set();
    expect(audit.has(tupleKey(['zed', 'f1', 'medical', 0, 'notRegistered']))).toBe(true);
    expect(audit.has(tupleKey(['yan', 'f1', 'medical', 0, 'notAuthorized']))).toBe(true);
    // The step record's reason is the model's: the same value the audit entry holds.
    const refusals = result.outcomes.flatMap((o) => o.fired).filter((r) => r.transition === 'D_R_F');
    expect(refusals.map((r) => r.refusal)).toEqual(['notRegistered', 'notAuthorized']);
  });
});
