/**
 * The counterexamples shipped in scenarios/ (scripts/counterexamples.ts, docs/counterexamples.md):
 *
 * - they are numbered from 40, one number each; each one's ITF trace is valid ITF and decodes to the
 *   markings of the scenario's run.
 *
 * Elsewhere: test/scenario/scenarios.test.ts runs every committed one on the real cryptography (its
 * property step shows the verdict; a read is done with the real bytes), and test/verify/verify.test.ts
 * checks that the verifier still finds exactly these and replays any it regenerates differently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { Marking } from '../../model/expr/evaluate.ts';
import { fire } from '../../model/semantics.ts';
import { COUNTEREXAMPLE_FILE, FIRST_NUMBER } from '../../scripts/counterexamples.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { decodeState, itfTrace, sameMarking } from '../helpers/itf.ts';

const DIR = new URL('../../scenarios/', import.meta.url).pathname;
const committed = readdirSync(DIR)
  .filter((f) => COUNTEREXAMPLE_FILE.test(f))
  .sort();

describe('the committed counterexamples', () => {
  it('are numbered from 40, one number each', () => {
    expect(committed.length).toBeGreaterThan(0);
    const numbers = committed.map((f) => Number(COUNTEREXAMPLE_FILE.exec(f)?.[1]));
    expect([...numbers].sort((a, b) => a - b)).toEqual(committed.map((_, k) => FIRST_NUMBER + k));
  });

  for (const file of committed) {
    it(`${file}: its ITF trace decodes to the scenario's run, state by state`, () => {
      const scenario = parseScenario(readFileSync(join(DIR, file), 'utf8'), join(DIR, file));
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
