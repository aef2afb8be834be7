/**
 * Incremental enabledness (src/explore/walks.ts, EnabledTransitions): along random runs of the ground
 * net — steps, restarts at M0 and clock changes — the enabled list re-evaluating only the guards that
 * read a changed word equals evaluating every guard, element for element and in the same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VARIANTS } from '../../common/variants.ts';
import { buildNet } from '../../model/build.ts';
import { LAYERS } from '../../model/config.ts';
import { GroundNet } from '../../src/explore/explorer.ts';
import { EnabledTransitions } from '../../src/explore/walks.ts';
import { type ConfigChoice, verificationConfig } from '../../src/verify/universe.ts';
import { runs } from '../helpers/effort.ts';

/** Every layer and variant (the policy and mode change guards, not how they are tracked). */
const choices: readonly ConfigChoice[] = LAYERS.flatMap((layer) =>
  VARIANTS.map((variant) => ({ layer, variant, pastData: 'from-join-date', mode: 'hybrid' }) as const),
);

describe('EnabledTransitions', () => {
  it.each(choices)('equals every guard evaluated afresh along random runs ($layer/$variant)', (choice) => {
    const ground = new GroundNet(buildNet(verificationConfig(choice)));
    const start = ground.net.initialMarking.scalars.get('now') as number;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (draws) => {
        const enabled = new EnabledTransitions(ground);
        let bits = ground.initial;
        let now = start;
        for (const draw of draws) {
          const fresh = ground.transitionsAt(now).filter((t) => t.guard(bits));
          expect(enabled.at(bits, now)).toEqual(fresh);
          // Now and then back to M0 (a new walk), else a step by one of the enabled transitions.
          const chosen = fresh[draw % (fresh.length + 1)];
          if (!chosen) {
            bits = ground.initial;
            now = start;
            continue;
          }
          ({ bits, now } = ground.fire(chosen, bits, now));
        }
        return true;
      }),
      { numRuns: runs(40) },
    );
  });
});
