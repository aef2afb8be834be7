/**
 * The counterexamples shipped in scenarios/ (scripts/counterexamples.ts, docs/counterexamples.md):
 *
 * - every committed one replays with `simulate` on the real cryptography, its property step shows the
 *   expected verdict, and for a property about reading the violating group decrypted the partition to
 *   the owner's plaintext; its ITF trace is valid ITF and decodes to the run's markings;
 * - `verify()` still finds exactly these: regenerated from its results, the set of counterexamples is the
 *   committed set (by property and configuration — not byte for byte: the minimised trace may change),
 *   and every regenerated scenario replays and shows the violation too.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { Marking } from '../../model/expr/evaluate.ts';
import { fire } from '../../model/semantics.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { readClaimOf } from '../../properties/reads.ts';
import { COUNTEREXAMPLE_FILE, FIRST_NUMBER, plannedFiles } from '../../scripts/counterexamples.ts';
import { parseScenario, type Scenario } from '../../src/scenario/load.ts';
import { propertyContext } from '../../src/scenario/properties.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { verify } from '../../src/verify/verify.ts';
import { FAST } from '../helpers/effort.ts';
import { decodeState, itfTrace, sameMarking } from '../helpers/itf.ts';

const DIR = new URL('../../scenarios/', import.meta.url).pathname;
const committed = readdirSync(DIR)
  .filter((f) => COUNTEREXAMPLE_FILE.test(f))
  .sort();

/** What a counterexample is about: its property and the configuration (from the file itself). */
function keyOf(scenario: Scenario): string {
  const last = scenario.steps.at(-1)?.body;
  if (last?.kind !== 'property') throw new Error(`${scenario.file}: the last step is not a property step`);
  const { layer, variant, pastData, mode } = scenario.config;
  return [last.property.id, layer, variant, pastData, mode].join('|');
}

/** Runs the scenario on the real cryptography and checks it shows what the verifier found. */
async function expectReplaysWithViolation(scenario: Scenario): Promise<void> {
  const { result, simulation } = await runScenario(scenario, { backend: 'mcl' });
  expect(result.conformance).toEqual([]);
  expect(result.failedExpectations).toEqual([]);
  expect(result.passed).toBe(true);
  const last = result.outcomes.at(-1);
  const property = last?.property;
  expect(property?.verdict).toMatch(/^(fails|reachable)$/);
  expect(property?.verdict).toBe(property?.expect);
  const spec = PROPERTIES.find((p) => p.id === property?.id);
  if (spec && readClaimOf(spec, propertyContext(simulation))) {
    // A read: the violating group decrypted the partition with the real cryptography.
    expect(property?.evidence?.read?.equalsOwnerPlaintext).toBe(true);
    expect(property?.lines.join('\n')).toMatch(/with the real cryptography/);
  }
}

describe('the committed counterexamples', () => {
  it('are numbered from 40, one number each', () => {
    expect(committed.length).toBeGreaterThan(0);
    const numbers = committed.map((f) => Number(COUNTEREXAMPLE_FILE.exec(f)?.[1]));
    expect([...numbers].sort((a, b) => a - b)).toEqual(committed.map((_, k) => FIRST_NUMBER + k));
  });

  for (const file of committed) {
    it(`${file} replays on the real cryptography and shows the violation; its ITF decodes to the run`, async () => {
      const scenario = parseScenario(readFileSync(join(DIR, file), 'utf8'), join(DIR, file));
      await expectReplaysWithViolation(scenario);
      const itf = itfTrace.parse(
        JSON.parse(readFileSync(join(DIR, 'itf', file.replace(/\.yaml$/, '.itf.json')), 'utf8')),
      );
      const net = buildNet(scenario.config);
      let marking = net.initialMarking;
      const markings: Marking[] = [marking];
      for (const step of scenario.steps)
        if (step.body.kind === 'fire') {
          marking = fire(net, marking, { transition: step.body.transition, values: step.body.binding });
          markings.push(marking);
        }
      expect(itf.states).toHaveLength(markings.length);
      itf.states.forEach((state, k) => {
        expect(sameMarking(net, decodeState(net, state), markings[k] as Marking), `state ${k}`).toBe(true);
      });
    });
  }
});

const solver = spawnSync('z3', ['-version'], { stdio: 'ignore' }).status === 0 ? 'native' : 'wasm';

describe('regenerated from verify()', () => {
  it(
    'the verifier still finds exactly the committed counterexamples, and each replays with its violation',
    async () => {
      const scenarios = committed.map((f) => parseScenario(readFileSync(join(DIR, f), 'utf8'), f));
      const ids = [...new Set(scenarios.map((s) => keyOf(s).split('|')[0] as string))];
      // The fast suite checks the paper layer's configurations only (a fraction of the verifier's time).
      const layers = FAST ? (['paper'] as const) : (['paper', 'extended'] as const);
      const report = await verify({ solver, properties: ids, layers: [...layers] });
      const fresh = plannedFiles(report.results);
      const inScope = scenarios.filter((s) => (layers as readonly string[]).includes(s.config.layer));
      const freshScenarios = fresh.map((f) => parseScenario(f.scenario, `${f.name}.yaml`));
      expect(freshScenarios.map(keyOf).sort()).toEqual(inScope.map(keyOf).sort());
      // The same names, so regenerating replaces each file by its own successor.
      expect(fresh.map((f) => f.name).sort()).toEqual(inScope.map((s) => s.name).sort());
      for (const scenario of freshScenarios) await expectReplaysWithViolation(scenario);
    },
    45 * 60_000,
  );
});
