/**
 * Child process of the verify suite (a solver that runs out of memory aborts the whole process, so it
 * must not be the bench's): either the `verify()` library's default run, or BMC of one property at each
 * bound k. Prints one JSON document of wall times.
 *
 *   node verify-child.ts default SOLVER [PROPERTY…]     {"ms": …, "results": n, "jobs": n}
 *   node verify-child.ts bmc SOLVER PROPERTY k…         {"bounds": [{"k": …, "ms": …, "result": …}]}
 */
import { buildNet } from '../../model/build.ts';
import { PROPERTIES } from '../../properties/index.ts';
import type { PropertyContext } from '../../properties/property.ts';
import { GroundSystem } from '../smt/ground-smt.ts';
import { type SolverName, solverNamed } from '../smt/solvers.ts';
import { bmc } from '../verify/engine.ts';
import { verificationConfig } from '../verify/universe.ts';
import { verify } from '../verify/verify.ts';

const [mode, solverArg, ...rest] = process.argv.slice(2);
const solver = (solverArg ?? 'wasm') as SolverName;

if (mode === 'default') {
  const start = performance.now();
  // With properties named: only those, on the paper layer and variant (the quick run's small default).
  const report = await verify({
    solver,
    ...(rest.length > 0 ? { properties: rest, layers: ['paper'], variants: ['paper'] } : {}),
  });
  process.stdout.write(
    `${JSON.stringify({ ms: performance.now() - start, results: report.results.length, jobs: report.jobs, bound: report.bound })}\n`,
  );
} else if (mode === 'bmc') {
  const [id, ...ks] = rest;
  const property = PROPERTIES.find((p) => p.id === id);
  if (property?.kind !== 'invariant') throw new Error(`verify-child: ${id} is not an invariant property`);
  const choice = { layer: 'extended', variant: 'paper', pastData: 'from-join-date', mode: 'hybrid' } as const;
  const net = buildNet(verificationConfig(choice));
  const ctx: PropertyContext = { net, ...choice };
  const formula = property.formula(ctx);
  const system = new GroundSystem(net, [formula]);
  const invariant = system.ground(formula);
  const smt = solverNamed(solver);
  const bounds = [];
  for (const k of ks.map(Number)) {
    const start = performance.now();
    const r = await bmc(system, { invariants: [invariant] }, k, smt, 600_000);
    bounds.push({ k, ms: performance.now() - start, result: r.result });
  }
  process.stdout.write(`${JSON.stringify({ property: id, bounds })}\n`);
} else {
  throw new Error(`verify-child: unknown mode "${mode}"`);
}
process.exit(0);
