/**
 * What a shipped counterexample scenario must show when it runs on the real cryptography (shared by
 * test/scenario/scenarios.test.ts, which runs every committed one, and test/verify/verify.test.ts, which
 * replays the ones the verifier regenerates differently).
 */
import { expect } from 'vitest';
import { PROPERTIES } from '../../properties/index.ts';
import { readClaimOf } from '../../properties/reads.ts';
import type { Scenario } from '../../src/scenario/load.ts';
import { propertyContext } from '../../src/scenario/properties.ts';
import type { runScenario } from '../../src/scenario/run.ts';

type Run = Awaited<ReturnType<typeof runScenario>>;

/** What a counterexample is about: its property and the configuration (from the file itself). */
export function counterexampleKey(scenario: Scenario): string {
  const last = scenario.steps.at(-1)?.body;
  if (last?.kind !== 'property') throw new Error(`${scenario.file}: the last step is not a property step`);
  const { layer, variant, pastData, mode } = scenario.config;
  return [last.property.id, layer, variant, pastData, mode].join('|');
}

/** The run passed, its last step is the property's finding, and a read was done with the real bytes. */
export function expectShowsViolation({ result, simulation }: Run): void {
  expect(result.conformance).toEqual([]);
  expect(result.failedExpectations).toEqual([]);
  expect(result.passed).toBe(true);
  const property = result.outcomes.at(-1)?.property;
  expect(property?.verdict).toMatch(/^(fails|reachable)$/);
  expect(property?.verdict).toBe(property?.expect);
  const spec = PROPERTIES.find((p) => p.id === property?.id);
  if (spec && readClaimOf(spec, propertyContext(simulation))) {
    // A read: the violating group decrypted the partition with the real cryptography.
    expect(property?.evidence?.read?.equalsOwnerPlaintext).toBe(true);
    expect(property?.lines.join('\n')).toMatch(/with the real cryptography/);
  }
}
