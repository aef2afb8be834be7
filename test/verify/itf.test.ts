/**
 * The ITF output of `counterexampleFiles` (src/verify/counterexample.ts): valid per a schema of Apalache's
 * Informal Trace Format (ADR-015), written here from the format's description rather than from our
 * encoder, and decoding back — state by state — to the markings the model's evaluator computes for the
 * trace. The runs are random walks on the verification universe in every configuration.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildNet } from '../../model/build.ts';
import type { Marking } from '../../model/expr/evaluate.ts';
import { enabledBindings, fire } from '../../model/semantics.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { counterexampleFiles } from '../../src/verify/counterexample.ts';
import type { TraceStep } from '../../src/verify/engine.ts';
import {
  type ConfigChoice,
  DEFAULT_SIZE,
  describeUniverse,
  verificationConfig,
} from '../../src/verify/universe.ts';
import type { CheckResult } from '../../src/verify/verify.ts';
import { chooseBinding } from '../helpers/choice.ts';
import { runs } from '../helpers/effort.ts';
import { decodeState, decodeValue, itfTrace, sameMarking } from '../helpers/itf.ts';

// ── the property ─────────────────────────────────────────────────────────────────────────────────────

const choice: fc.Arbitrary<ConfigChoice> = fc.record({
  layer: fc.constantFrom('paper' as const, 'extended' as const),
  variant: fc.constantFrom('paper' as const, 'hardened' as const),
  pastData: fc.constantFrom('from-join-date' as const, 'all-past' as const),
  mode: fc.constantFrom('hybrid' as const, 'literal' as const),
});
const draws = fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 });

/** A result shaped like the verifier's for a step property (no read to name, so any run will do). */
function resultFor(c: ConfigChoice, trace: readonly TraceStep[]): CheckResult {
  return {
    property: 'P1',
    title: 'R only under an ACL entry',
    layer: c.layer,
    variant: c.variant,
    policy: c.pastData,
    mode: c.mode,
    verdict: 'fails',
    expected: 'holds',
    asExpected: false,
    proof: 'bounded',
    method: 'a random walk (test)',
    bound: trace.length,
    universe: describeUniverse(DEFAULT_SIZE),
    ms: 0,
    trace,
    vacuity: [],
    notes: [],
  };
}

describe('the ITF trace of a counterexample', () => {
  it('is valid ITF, and its states decode to the markings the evaluator computes for the run', () => {
    fc.assert(
      fc.property(choice, draws, (c, picks) => {
        const config = verificationConfig(c);
        const net = buildNet(config);
        const markings = [net.initialMarking];
        const trace: TraceStep[] = [];
        for (const [a, b] of picks) {
          const binding = chooseBinding(enabledBindings(net, markings.at(-1) as Marking), a, b);
          if (!binding) break;
          trace.push({ transition: binding.transition as TraceStep['transition'], binding: binding.values });
          markings.push(fire(net, markings.at(-1) as Marking, binding));
        }
        const files = counterexampleFiles(resultFor(c, trace), config);
        const parsed = itfTrace.safeParse(JSON.parse(files.itf));
        expect(parsed.error?.issues ?? []).toEqual([]);
        const itf = parsed.data as z.output<typeof itfTrace>;
        expect(itf.vars).toEqual([
          ...net.relations.map((r) => r.name),
          ...net.scalars.map((s) => s.name),
          'action',
        ]);
        expect(itf.states).toHaveLength(markings.length);
        itf.states.forEach((state, k) => {
          expect(state['#meta']).toEqual({ index: k });
          expect(sameMarking(net, decodeState(net, state), markings[k] as Marking), `state ${k}`).toBe(true);
          const step = trace[k - 1];
          const action = state.action as { transition: string; binding: Record<string, unknown> };
          expect(action.transition).toBe(step ? step.transition : 'init');
          expect(
            Object.fromEntries(Object.entries(action.binding).map(([p, v]) => [p, decodeValue(v)])),
          ).toEqual(step ? step.binding : {});
        });
        // The parameters are the configuration's constants, in the initial state.
        for (const name of itf.params ?? [])
          expect(decodeValue(itf.states[0]?.[name])).toBe(net.interpretation.constants.get(name));
        // And the scenario file is the same run: it loads, with the trace as its fire steps.
        const scenario = parseScenario(files.scenario, `${files.name}.yaml`);
        expect(scenario.config).toEqual(config);
        const fires = scenario.steps.flatMap((s) =>
          s.body.kind === 'fire' ? [{ transition: s.body.transition, binding: s.body.binding }] : [],
        );
        expect(fires).toEqual(trace);
        expect(scenario.steps.at(-1)?.body).toMatchObject({ kind: 'property', expect: 'fails' });
      }),
      { numRuns: runs(60), seed: 0x17f },
    );
  });

  it('the schema rejects what ADR-015 does not allow (it is not a rubber stamp)', () => {
    const base = { vars: ['x'], states: [{ x: { '#set': [] } }] };
    expect(itfTrace.safeParse(base).success).toBe(true);
    expect(itfTrace.safeParse({ ...base, states: [{}] }).success).toBe(false);
    expect(itfTrace.safeParse({ ...base, states: [{ x: { '#bigint': '1.5' } }] }).success).toBe(false);
    expect(itfTrace.safeParse({ ...base, states: [{ x: { '#oops': 1 } }] }).success).toBe(false);
    expect(itfTrace.safeParse({ ...base, states: [{ x: 2 ** 60 }] }).success).toBe(false);
    expect(itfTrace.safeParse({ ...base, states: [{ x: 1, y: 2 }] }).success).toBe(false);
    expect(itfTrace.safeParse({ ...base, params: ['p'] }).success).toBe(false);
    expect(itfTrace.safeParse({ ...base, loop: 1 }).success).toBe(false);
  });
});
