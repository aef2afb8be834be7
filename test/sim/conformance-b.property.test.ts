import fc from 'fast-check';
import { it } from 'vitest';
import { checkConformance, conformanceRun, propertySeed, stepCommands } from './conformance.ts';

// Half of the ≥ 200 model-based runs; conformance-a runs the other half in a parallel worker.
it('simulator and model agree on random sequences (runs 101–200)', async () => {
  await fc.assert(
    fc.asyncProperty(conformanceRun, stepCommands, (run, commands) => checkConformance(run, commands)),
    { numRuns: 100, seed: propertySeed(0x5e5a02) },
  );
});
