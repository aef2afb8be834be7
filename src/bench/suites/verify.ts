/**
 * Verification cost: the `verify()` library's default run (every property in every configuration, BMC
 * bound 12 — quick mode: one property), and BMC time against the bound k for one invariant (CLOUD, the
 * cloud insider never learns a plaintext) on the extended net, paper variant. Each runs in a child process:
 * the WASM solver aborts its whole process when it runs out of memory, and that must end only this figure.
 * One sample per point (a solver run is seconds to minutes; the bound changes the work, not the noise).
 */
import { z } from 'zod';
import { available } from '../../smt/solvers.ts';
import { besideThis, runChild } from '../child.ts';
import type { Suite } from '../context.ts';
import { figure } from '../measure.ts';
import type { Figure } from '../results.ts';

const BMC_PROPERTY = 'CLOUD';
const FULL_BOUNDS = [2, 4, 6, 8, 10, 12];
const QUICK_BOUNDS = [2, 4, 6];
/** Quick mode's "default run": the same library call, one property on the paper layer and variant. */
const QUICK_PROPERTIES = ['P1'];

const defaultReport = z.object({ ms: z.number(), results: z.number(), jobs: z.number(), bound: z.number() });
const bmcReport = z.object({
  property: z.string(),
  bounds: z.array(z.object({ k: z.number(), ms: z.number(), result: z.string() })),
});

export const verifySuite: Suite = async (ctx) => {
  const figures: Figure[] = [];
  const solvers = ['wasm', ...(available('native') ? (['native'] as const) : [])] as const;
  const bounds = ctx.overrides.bmcBounds ?? (ctx.quick ? QUICK_BOUNDS : FULL_BOUNDS);
  for (const solver of solvers) {
    ctx.task(`BMC of ${BMC_PROPERTY}, k = ${bounds.join(', ')} (${solver})`);
    const bmc = bmcReport.parse(
      await runChild(
        `BMC of ${BMC_PROPERTY} (${solver})`,
        besideThis('verify-child'),
        ['bmc', solver, BMC_PROPERTY, ...bounds.map(String)],
        1_800_000,
      ),
    );
    for (const { k, ms, result } of bmc.bounds)
      figures.push(
        figure(
          'verify',
          `verify.bmc.${solver}.${k}`,
          `BMC of ${BMC_PROPERTY} to bound ${k} (${solver})`,
          { solver, k, property: BMC_PROPERTY, result },
          [ms],
        ),
      );
  }
  const properties = ctx.quick ? QUICK_PROPERTIES : [];
  for (const solver of solvers) {
    ctx.task(`verify() ${ctx.quick ? `of ${properties.join(', ')}` : 'default run'} (${solver})`);
    const run = defaultReport.parse(
      await runChild(
        `verify() default run (${solver})`,
        besideThis('verify-child'),
        ['default', solver, ...properties],
        3_600_000,
      ),
    );
    figures.push(
      figure(
        'verify',
        `verify.default.${solver}`,
        ctx.quick ? `verify() of ${properties.join(', ')} (${solver})` : `verify() default run (${solver})`,
        {
          solver,
          results: run.results,
          jobs: run.jobs,
          bound: run.bound,
          scope: ctx.quick ? properties.join(',') : 'all',
        },
        [run.ms],
      ),
    );
  }
  return { figures, floors: [] };
};
