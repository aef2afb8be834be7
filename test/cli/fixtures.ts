/** Scenario files for the CLI tests, made from the shipped scenarios with one change each. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario } from './helpers.ts';

const UNGRANTED = () => readFileSync(scenario('02-ungranted-partition.yaml'), 'utf8');
const PAPER_LAYER = () => readFileSync(scenario('13-paper-layer-net.yaml'), 'utf8');

/** 02-ungranted-partition with one expectation turned wrong: step 5 expects `granted`, gets refused. */
export function failingScenario(dir: string, file = 'wrong.yaml'): string {
  const path = join(dir, file);
  const text = UNGRANTED().replace('expect: { refused: notGranted }', 'expect: granted');
  if (!text.includes('expect: granted\n  - decrypt'))
    throw new Error('fixture: the expectation to change moved');
  writeFileSync(path, text);
  return path;
}

/** A passing scenario (13-paper-layer-net, the fastest) under a chosen name. */
export function namedScenario(dir: string, file: string, name: string): string {
  const path = join(dir, file);
  writeFileSync(path, `name: ${JSON.stringify(name)}\n${PAPER_LAYER()}`);
  return path;
}
