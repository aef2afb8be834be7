/**
 * The CHC engine (Spacer) on the paper layer: it proves what Houdini proves (CLOUD), refutes what BMC
 * refutes (SRS+cloud in the paper variant: the SRS keeps x_P and R_{i-P}), and its text is the same
 * transition relation — an exported query a native z3 answers the same way.
 */
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/index.ts';
import { PROPERTIES } from '../../properties/index.ts';
import type { InvariantProperty } from '../../properties/property.ts';
import { GroundSystem } from '../../src/smt/ground-smt.ts';
import { available, solverNamed } from '../../src/smt/solvers.ts';
import { chcProve } from '../../src/verify/chc.ts';
import { type ConfigChoice, verificationConfig } from '../../src/verify/universe.ts';

const solver = solverNamed(available('native') ? 'native' : 'wasm');
const paper: ConfigChoice = { layer: 'paper', variant: 'paper', pastData: 'from-join-date', mode: 'hybrid' };

async function chc(id: string, choice: ConfigChoice) {
  const net = buildNet(verificationConfig(choice));
  const p = PROPERTIES.find((x) => x.id === id) as InvariantProperty;
  const formula = p.formula({ net, ...choice });
  const system = new GroundSystem(net, [formula]);
  return chcProve(system, [system.ground(formula)], solver, 120_000);
}

describe(`constrained Horn clauses (${solver.name})`, () => {
  it('prove CLOUD on the paper layer', async () => {
    expect(await chc('CLOUD', paper)).toBe('proved');
  });
  it('refute SRS+cloud in the paper variant', async () => {
    expect(await chc('SRS+cloud', paper)).toBe('violated');
  });
});
