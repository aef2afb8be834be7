/**
 * The property-based layer (issue 11 §4): random runs of the real simulator never violate a property the
 * verifier proves. The runs are the conformance property's random walks (test/sim/conformance.ts: two
 * draws pick an enabled transition and a binding, fired on the evaluator and on the real cryptography,
 * with every conformance check after every step), on the verification universe the proofs are about or
 * on the small universe beyond it. After every step each property expected to hold in the configuration
 * (`expected === 'holds'`, and a reachable property expected `unreachable`) gets its concrete check
 * (src/scenario/properties.ts): the model's evaluator on the new marking or on the firing's pre-state,
 * and for a property about reading the real decryption oracle on every instance of its claim.
 *
 * SESPHR_PBT_RUNS sets the number of runs (default 200, as for the conformance property; the fast suite
 * sets 12). A failure prints a scenario file that replays the shrunk run with a property step for each
 * property checked, so `sesphr simulate` shows which one fails and how.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import { smallConfig } from '../../model/universes.ts';
import { PROPERTIES, type Property, type PropertyContext } from '../../properties/index.ts';
import { describeStatus, PropertyMonitor } from '../../src/scenario/properties.ts';
import { verificationConfig } from '../../src/verify/universe.ts';
import { conformanceRuns } from '../helpers/effort.ts';
import {
  type ConformanceRun,
  checkConformance,
  conformanceRun,
  propertySeed,
  stepCommands,
} from '../sim/conformance.ts';

/** The properties the verifier proves in this configuration (those it expects to hold). */
function provedIn(ctx: PropertyContext): Property[] {
  return PROPERTIES.filter((p) => {
    if (p.appliesTo && !p.appliesTo(ctx)) return false;
    const expected = p.expected(ctx);
    return expected === 'holds' || expected === 'unreachable';
  });
}

function configOf(run: ConformanceRun, universe: 'verification' | 'small') {
  return universe === 'verification'
    ? verificationConfig({ layer: run.layer, variant: run.variant, pastData: run.pastData, mode: run.mode })
    : smallConfig(run.layer, run.variant, run.pastData, run.mode);
}

it(
  'random runs on the real simulator never violate a property the verifier proves',
  async () => {
    let checks = 0;
    await fc.assert(
      fc.asyncProperty(
        conformanceRun,
        fc.constantFrom('verification' as const, 'small' as const),
        stepCommands,
        async (run, universe, commands) => {
          const config = configOf(run, universe);
          const net = buildNet(config);
          const ctx: PropertyContext = { net, ...run };
          const properties = provedIn(ctx);
          await checkConformance(run, commands, {
            config,
            description: `A shrunk random run on which a property the verifier proves failed its concrete check (test/verify/properties-pbt.test.ts, ${universe} universe).`,
            after: properties.map((p) => ({
              property: { id: p.id, expect: p.kind === 'reachable' ? 'unreachable' : 'holds' },
            })),
            observer: (sim) => {
              const monitors = properties.map((p) => new PropertyMonitor(sim, p));
              const check = (where: string) => {
                for (const monitor of monitors) {
                  checks++;
                  const status = monitor.status();
                  expect(
                    monitor.takeDisagreements(),
                    `${status.id} ${where}: model vs real decryption`,
                  ).toEqual([]);
                  expect(status.verdict, `${where}: ${describeStatus(status).join('; ')}`).toMatch(
                    /^(holds|unreachable)$/,
                  );
                }
              };
              check('in M0');
              return (record, before) => {
                for (const monitor of monitors) monitor.afterFire(record, before);
                check(`after firing #${record.index} ${record.transition}`);
              };
            },
          });
        },
      ),
      { numRuns: conformanceRuns(1, 1), seed: propertySeed(0x9b7) },
    );
    expect(checks).toBeGreaterThan(0);
    // 200 runs: 86 s alone, 174 s inside the whole suite, on a shared 2-core machine.
  },
  30 * 60_000,
);
