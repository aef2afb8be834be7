/**
 * Simulator cost against the size of the universe: steps per second of a scenario run (every step with
 * its conformance checks: α(bytes) against the marking, the oracle against the knowledge rules for every
 * principal and coalition), as users, files, partitions, coalitions and the clock grow — one dimension at
 * a time from a base scenario. Also the cost of the checks alone: the same runs with the oracle given
 * nothing new to do (no coalitions) against the base.
 *
 *   node --import tsx bench/simulator.bench.ts [--quick]
 *
 * Prints a markdown table: median over the repetitions of wall time, steps/s, transitions fired/s.
 * Ratios within one run are what to compare; absolute times depend on the machine.
 */
import { performance } from 'node:perf_hooks';
import { parseScenario } from '../src/scenario/load.ts';
import { runScenario } from '../src/scenario/run.ts';

interface Shape {
  readonly users: number;
  readonly files: number;
  readonly partitions: number;
  readonly coalitions: number;
  readonly clock: number;
}

const BASE: Shape = { users: 2, files: 2, partitions: 4, coalitions: 0, clock: 8 };
const quick = process.argv.includes('--quick');
const REPEAT = quick ? 1 : 3;

/** A scenario: two owners, users joining alternately, every file uploaded, downloaded and requested. */
function scenarioText(shape: Shape): string {
  const users = Array.from({ length: shape.users }, (_, k) => `u${k}`);
  const partitions = Array.from({ length: shape.partitions }, (_, k) => `p${k}`);
  const owners = ['o0', 'o1'];
  const files = Array.from({ length: shape.files }, (_, k) => ({
    id: `f${k}`,
    owner: owners[k % 2] as string,
  }));
  const principals = [
    ...owners.map((o) => `${o}: owner`),
    ...users.map((u, k) => `${u}: ${k % 2 ? 'doctor' : 'family'}`),
  ];
  const coalitions = Array.from({ length: shape.coalitions }, (_, k) =>
    k === 0 ? '[srs, cloud]' : `[${users[k % users.length]}, ${users[(k + 1) % users.length]}, cloud]`,
  );
  const steps = [
    `  - onboard: [${[...owners, ...users].join(', ')}]`,
    ...users.flatMap((u, k) => [`  - join: { owner: ${owners[k % 2]}, user: ${u} }`]),
    ...files.map((f) => `  - upload: ${f.id}`),
    `  - tick: ${Math.min(3, shape.clock)}`,
    ...users.flatMap((u, k) => {
      const f = files.find((x) => x.owner === owners[k % 2]);
      if (!f) return [];
      return [
        `  - download: { user: ${u}, file: ${f.id} }`,
        `  - request: { user: ${u}, file: ${f.id}, partition: p0 }`,
        `  - decrypt: { user: ${u}, file: ${f.id}, partition: p0 }`,
      ];
    }),
    `  - depart: { owner: o0, user: ${users[0]} }`,
  ];
  return [
    'variant: paper',
    `clock: { start: 0, max: ${shape.clock}, tokenMaxAge: 2 }`,
    `partitions: [${partitions.join(', ')}]`,
    `principals: { ${principals.join(', ')} }`,
    'access:',
    ...owners.map((o) => `  ${o}: { family: [${partitions.join(', ')}], doctor: [p0] }`),
    'files:',
    ...files.map((f) => `  ${f.id}: { owner: ${f.owner} }`),
    `coalitions: [${coalitions.join(', ')}]`,
    'seed: bench',
    'steps:',
    ...steps,
    '',
  ].join('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function measure(shape: Shape) {
  const scenario = parseScenario(scenarioText(shape), 'bench.yaml');
  const times: number[] = [];
  let transitions = 0;
  for (let k = 0; k < REPEAT; k++) {
    const start = performance.now();
    const { result } = await runScenario(scenario, { backend: 'mcl' });
    times.push(performance.now() - start);
    if (!result.passed)
      throw new Error(`the benchmark scenario failed: ${JSON.stringify(result.failedExpectations)}`);
    transitions = result.transitionsFired;
  }
  const ms = median(times);
  return {
    ms,
    steps: scenario.steps.length,
    transitions,
    stepsPerSecond: (scenario.steps.length / ms) * 1000,
  };
}

const DIMENSIONS: readonly [keyof Shape, readonly number[]][] = [
  ['users', quick ? [2, 6] : [2, 4, 6, 10]],
  ['files', quick ? [2, 6] : [2, 4, 6, 10]],
  ['partitions', quick ? [2, 8] : [2, 4, 8, 16]],
  ['coalitions', quick ? [0, 4] : [0, 2, 4, 8]],
  ['clock', quick ? [8, 1000] : [8, 100, 1000]],
];

const rows: string[] = [];
await measure(BASE); // warm-up: WASM, JIT, memo tables
const base = await measure(BASE);
for (const [dimension, values] of DIMENSIONS) {
  for (const value of values) {
    const shape = { ...BASE, [dimension]: value };
    const r = await measure(shape);
    rows.push(
      `| ${dimension} = ${value} | ${r.steps} | ${r.transitions} | ${r.ms.toFixed(0)} | ${r.stepsPerSecond.toFixed(1)} | ${((r.transitions / r.ms) * 1000).toFixed(0)} | ${(r.ms / base.ms).toFixed(2)}× |`,
    );
  }
}
console.log(`Simulator: median of ${REPEAT} run(s) per row, backend mcl, base ${JSON.stringify(BASE)}\n`);
console.log('| universe | steps | transitions | ms | steps/s | transitions/s | × base |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
