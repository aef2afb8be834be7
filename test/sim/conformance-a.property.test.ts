import fc from 'fast-check';
import { it } from 'vitest';
import { conformanceRuns } from '../helpers/effort.ts';
import { checkConformance, conformanceRun, propertySeed, stepCommands } from './conformance.ts';

// Half of the model-based runs (SESPHR_PBT_RUNS, default 200); the other file runs the other half in a parallel worker.
it('simulator and model agree on random sequences (part 1 of 2)', async () => {
  await fc.assert(
    fc.asyncProperty(conformanceRun, stepCommands, (run, commands) => checkConformance(run, commands)),
    { numRuns: conformanceRuns(1, 2), seed: propertySeed(0x5e5a01) },
  );
});
