/**
 * The verifier's verdicts on the default universe, as the table expects them, with the strength
 * the product claims: every "holds" and "unreachable" has an unbounded proof (Houdini), every "fails" and
 * "reachable" a minimised trace that replays on the model's evaluator and shows the finding, every
 * premise a witness that replays, and every transition of every configuration fires in some run.
 * The fast suite checks three properties in two configurations of the extended paper variant (one of each
 * past-data policy and each mode); the full suite runs the default plan.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNet, holds, type Marking } from '../../model/index.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { COUNTEREXAMPLE_FILE, plannedFiles } from '../../scripts/counterexamples.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { available } from '../../src/smt/solvers.ts';
import { replay } from '../../src/verify/engine.ts';
import { DEFAULT_SIZE, verificationConfig } from '../../src/verify/universe.ts';
import { type CheckResult, planJobs, verify } from '../../src/verify/verify.ts';
import { counterexampleKey, expectShowsViolation } from '../helpers/counterexamples.ts';
import { FAST } from '../helpers/effort.ts';

// CI installs Debian's z3 (.ci/run); without it the in-process WASM build answers the same queries.
const solver = available('native') ? 'native' : 'wasm';
if (process.env.CI && solver !== 'native')
  throw new Error('CI must have z3 on the PATH (.ci/run installs it)');

const options = FAST
  ? ({
      properties: ['P1', 'FAC', 'SRS+cloud'],
      layers: ['extended'],
      variants: ['paper'],
      // Of that plan's four jobs (from-join-date, all-past × hybrid, literal), the first and the last:
      // from-join-date/hybrid and all-past/literal.
      shard: { index: 1, count: 3 },
      solver,
      jobs: 2,
    } as const)
  : ({ solver, jobs: 2 } as const);

const netOf = (r: CheckResult) =>
  buildNet(verificationConfig({ layer: r.layer, variant: r.variant, pastData: r.policy, mode: r.mode }));

describe(`sesphr verify, default universe (${solver})`, async () => {
  const report = await verify(options);

  it('plans every applicable property in every configuration it can tell apart', () => {
    expect(report.results.length).toBe(planJobs(options).reduce((n, j) => n + j.properties.length, 0));
    if (!FAST) {
      const ids = new Set(report.results.map((r) => r.property));
      expect([...ids].sort()).toEqual(PROPERTIES.map((p) => p.id).sort());
    }
  });

  it('every result is as expected', () => {
    const wrong = report.results.filter((r) => !r.asExpected);
    expect(
      wrong.map(
        (r) =>
          `${r.property} ${r.layer}/${r.variant}/${r.policy}/${r.mode}: ${r.verdict} ${r.notes.join('; ')}`,
      ),
    ).toEqual([]);
  });

  it('every "holds" and "unreachable" is unbounded on the universe', () => {
    const weak = report.results.filter(
      (r) => (r.verdict === 'holds' || r.verdict === 'unreachable') && r.proof !== 'unbounded',
    );
    expect(
      weak.map((r) => `${r.property} ${r.layer}/${r.variant}/${r.policy}/${r.mode}: ${r.method}`),
    ).toEqual([]);
  });

  it('every failure and witness replays on the evaluator and shows the finding', () => {
    for (const r of report.results.filter((x) => x.verdict === 'fails' || x.verdict === 'reachable')) {
      expect(r.trace, r.property).toBeDefined();
      const net = netOf(r);
      const markings = replay(net, r.trace ?? []);
      const p = PROPERTIES.find((x) => x.id === r.property);
      if (p?.kind === 'invariant') {
        const formula = p.formula({
          net,
          layer: r.layer,
          variant: r.variant,
          pastData: r.policy,
          mode: r.mode,
        });
        // Minimised: the violation shows in the last marking and in no earlier one.
        expect(holds(formula, net.interpretation, markings.at(-1) as never, new Map())).toBe(false);
        expect(markings.slice(0, -1).every((m) => holds(formula, net.interpretation, m, new Map()))).toBe(
          true,
        );
      }
    }
  });

  it('every premise is reached, by a run that replays', () => {
    for (const r of report.results) {
      for (const v of r.vacuity) {
        expect(v.reached, `${r.property}: ${v.premise}`).toBe(true);
        expect(() => replay(netOf(r), v.trace ?? [])).not.toThrow();
      }
    }
  });

  it('every transition fires in some run of every configuration', () => {
    expect(report.reachability.filter((x) => x.unreached.length > 0)).toEqual([]);
  });
  it('every counterexample is a run of a larger universe too, and still shows the violation there', () => {
    const found = report.results.filter(
      (r) => (r.verdict === 'fails' || r.verdict === 'reachable') && r.trace,
    );
    expect(found.length).toBeGreaterThan(0);
    const larger = { ...DEFAULT_SIZE, users: DEFAULT_SIZE.users + 1, files: DEFAULT_SIZE.files + 1 };
    for (const r of found) {
      const choice = { layer: r.layer, variant: r.variant, pastData: r.policy, mode: r.mode };
      const net = buildNet(verificationConfig(choice, larger));
      const p = PROPERTIES.find((x) => x.id === r.property);
      const last = replay(net, r.trace ?? []).at(-1) as Marking;
      if (p?.kind === 'invariant' || p?.kind === 'reachable') {
        const shown = holds(p.formula({ net, ...choice }), net.interpretation, last, new Map());
        expect(shown, r.property).toBe(p.kind === 'reachable');
      }
    }
  });

  it(
    'still finds exactly the committed counterexamples; each one it regenerates differently replays with its violation',
    async () => {
      const DIR = new URL('../../scenarios/', import.meta.url).pathname;
      const committed = readdirSync(DIR)
        .filter((f) => COUNTEREXAMPLE_FILE.test(f))
        .map((f) => ({ file: f, text: readFileSync(join(DIR, f), 'utf8') }));
      // The committed ones this run's plan covers (the fast suite plans a subset).
      const planned = new Set(
        report.results.map((r) => [r.property, r.layer, r.variant, r.policy, r.mode].join('|')),
      );
      const inScope = committed
        .map((c) => ({ ...c, scenario: parseScenario(c.text, c.file) }))
        .filter((c) => planned.has(counterexampleKey(c.scenario)));
      expect(inScope.length).toBeGreaterThan(0);
      const fresh = plannedFiles(report.results);
      const freshScenarios = fresh.map((f) => ({
        text: f.scenario,
        scenario: parseScenario(f.scenario, `${f.name}.yaml`),
      }));
      // By property and configuration, not byte for byte: a minimised trace may change.
      expect(freshScenarios.map((f) => counterexampleKey(f.scenario)).sort()).toEqual(
        inScope.map((c) => counterexampleKey(c.scenario)).sort(),
      );
      // The same names, so `npm run counterexamples` replaces each file by its own successor.
      expect(fresh.map((f) => f.name).sort()).toEqual(inScope.map((c) => c.scenario.name).sort());
      // Identical files already run on the real cryptography in test/scenario/scenarios.test.ts.
      const texts = new Set(inScope.map((c) => c.text));
      for (const f of freshScenarios.filter((x) => !texts.has(x.text)))
        expectShowsViolation(await runScenario(f.scenario, { backend: 'mcl' }));
    },
    10 * 60_000,
  );
});
