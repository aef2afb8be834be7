/**
 * `--reporter junit|tap` and `--junit FILE`, read back by consumer libraries: junit2json (JUnit XML as
 * CI servers read it) and tap-parser (node-tap's TAP 14 parser, in strict mode). What is checked is what
 * the command writes, so the command lines run through `runCommand` (the real binary in the full suite,
 * in this process in the fast suite).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type TestSuite, type TestSuites } from 'junit2json';
import { Parser, type Result } from 'tap-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { failingScenario } from './fixtures.ts';
import { ensureBuild, runCommand, scenario, scratch } from './helpers.ts';

beforeAll(ensureBuild);

/** The document's root is `<testsuites>` (junit2json returns a suite when the root is one `<testsuite>`). */
async function parseJUnit(xml: string): Promise<TestSuites> {
  const root = await parse(xml);
  expect(root).toHaveProperty('testsuite');
  return root as TestSuites;
}

const PASSING = [scenario('02-ungranted-partition.yaml'), scenario('13-paper-layer-net.yaml')];
/** Two passing scenarios and one that fails one expectation: what the JUnit and TAP reports are made of. */
const MIXED = [...PASSING, failingScenario(scratch())];

/** Expectations per scenario, from the JSON report (the reporters must agree with it). */
async function expectationCounts(files: string[]): Promise<Map<string, { total: number; failed: number }>> {
  const { stdout } = await runCommand(['simulate', '--json', '--seed', 'r', ...files]);
  const counts = new Map<string, { total: number; failed: number }>();
  for (const r of JSON.parse(stdout) as {
    scenario: string;
    outcomes: { expectations: unknown[] }[];
    failedExpectations: unknown[];
  }[]) {
    counts.set(r.scenario, {
      total: r.outcomes.reduce((n, o) => n + o.expectations.length, 0),
      failed: r.failedExpectations.length,
    });
  }
  return counts;
}

/** The counts of MIXED, from one run shared by the JUnit and the TAP test. */
let mixedCounts: ReturnType<typeof expectationCounts> | undefined;
const countsOfMixed = () => {
  mixedCounts ??= expectationCounts(MIXED);
  return mixedCounts;
};

describe('JUnit XML', () => {
  it('--reporter junit: each scenario a testsuite, each expectation a testcase, plus conformance', async () => {
    const [{ code, stdout, stderr }, counts] = await Promise.all([
      runCommand(['simulate', '--reporter', 'junit', '--seed', 'r', '--backend', 'mcl', ...MIXED]),
      countsOfMixed(),
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const report = await parseJUnit(stdout);
    const suites = report?.testsuite as TestSuite[];
    expect(suites.map((s) => s.name)).toEqual(['02-ungranted-partition', '13-paper-layer-net', 'wrong']);
    for (const suite of suites) {
      const expected = counts.get(suite.name as string);
      expect(suite.tests).toBe((expected?.total ?? -1) + 1);
      expect(suite.failures).toBe(expected?.failed);
      expect(suite.testcase).toHaveLength(suite.tests as number);
      expect(suite.testcase?.at(-1)?.name).toMatch(/^conformance: /);
      const properties = Object.fromEntries((suite.properties ?? []).map((p) => [p.name, p.value]));
      expect(properties).toMatchObject({ backend: 'mcl', seed: 'r', file: MIXED[suites.indexOf(suite)] });
    }
    const failed = suites[2]?.testcase?.filter((c) => c.failure) ?? [];
    expect(failed).toHaveLength(1);
    expect(failed[0]?.name).toBe('step 5: dave requests R for phr/medical, expect granted');
    expect(failed[0]?.failure?.[0]).toMatchObject({
      message: 'expected granted, got refused: notGranted',
      type: 'expectation',
    });
    expect(report?.tests).toBe(suites.reduce((n, s) => n + (s.tests ?? 0), 0));
    expect(report?.failures).toBe(1);
  });

  it('--junit FILE writes the same report while standard output keeps the text', async () => {
    const dir = scratch();
    const junit = join(dir, 'junit.xml');
    const { code, stdout } = await runCommand(['simulate', ...PASSING, '--junit', junit]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^━━ 02-ungranted-partition/);
    expect(stdout).toMatch(/2 of 2 scenarios passed\n$/);
    const report = await parseJUnit(readFileSync(junit, 'utf8'));
    expect(report?.testsuite?.map((s) => [s.name, s.failures])).toEqual([
      ['02-ungranted-partition', 0],
      ['13-paper-layer-net', 0],
    ]);
  });

  it('--junit FILE that cannot be written is exit 2 before anything runs', async () => {
    const { code, stdout, stderr } = await runCommand([
      'simulate',
      ...PASSING,
      '--junit',
      '/no/such/dir/junit.xml',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'sesphr simulate: --junit: cannot write "/no/such/dir/junit.xml": its directory does not exist\n',
    );
  });
});

describe('TAP 14', () => {
  it('each scenario a subtest, each expectation a test point; tap-parser (strict) agrees with the run', async () => {
    const [{ code, stdout }, counts] = await Promise.all([
      runCommand(['simulate', '--reporter', 'tap', '--seed', 'r', ...MIXED]),
      countsOfMixed(),
    ]);
    expect(code).toBe(1);
    const extra: string[] = [];
    const subtests: { name: string; count: number; fail: number }[] = [];
    const top: Result[] = [];
    const final = await new Promise<{ ok: boolean; count: number; fail: number; plan: { end: number } }>(
      (resolve) => {
        const parser = new Parser({ strict: true }, (results) => resolve(results as never));
        parser.on('extra', (line: string) => extra.push(line));
        parser.on('assert', (result: Result) => top.push(result));
        parser.on('child', (child: Parser) => {
          child.on('complete', (results: { count: number; fail: number }) =>
            subtests.push({ name: child.name, count: results.count, fail: results.fail }),
          );
        });
        parser.end(stdout);
      },
    );
    expect(extra).toEqual([]);
    expect(final).toMatchObject({ ok: false, count: 3, fail: 1, plan: { end: 3 } });
    expect(top.map((r) => [r.name, r.ok])).toEqual([
      ['02-ungranted-partition', true],
      ['13-paper-layer-net', true],
      ['wrong', false],
    ]);
    expect(subtests.map((s) => s.name)).toEqual(['02-ungranted-partition', '13-paper-layer-net', 'wrong']);
    for (const s of subtests) {
      expect(s.count).toBe((counts.get(s.name)?.total ?? -1) + 1);
      expect(s.fail).toBe(counts.get(s.name)?.failed);
    }
    expect(stdout).toMatch(
      / {4}not ok \d+ - step 5: dave requests R for phr\/medical, expect granted\n {6}---\n {6}message: "?expected granted, got refused: notGranted"?\n/,
    );
  });
});
