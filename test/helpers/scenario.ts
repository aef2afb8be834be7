/** Loading scenario text in tests: the error a bad one is rejected with. */
import { InputError } from '../../common/input-error.ts';
import { parseScenario } from '../../src/scenario/load.ts';

/** The InputError `text` is rejected with (loaded as `bad.yaml`); fails the test if it loads. */
export function scenarioError(text: string, file = 'bad.yaml'): InputError {
  try {
    parseScenario(text, file);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('the scenario loaded');
}
