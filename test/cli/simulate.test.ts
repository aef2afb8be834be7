import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { parseTrace } from '../../src/sim/trace.ts';
import { FAST } from '../helpers/effort.ts';
import { failingScenario, namedScenario } from './fixtures.ts';
import { ensureBuild, ROOT, runBin, runCommand, SCENARIOS, scenario, scratch } from './helpers.ts';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(ensureBuild);

/**
 * A directory of scenarios to --grep in: the shipped one in the full suite; in the fast suite a copy of
 * a few of its files (both curious-SRS scenarios, near misses such as an "srs-cloud" one, and 13-…),
 * which loads in a fraction of the time.
 */
function grepDirectory(): string {
  if (!FAST) return SCENARIOS;
  const dir = scratch();
  for (const file of [
    '02-ungranted-partition.yaml',
    '09-cloud-insider.yaml',
    '10-curious-srs-paper.yaml',
    '11-curious-srs-hardened.yaml',
    '13-paper-layer-net.yaml',
    '40-cx-srs-cloud-paper-paper-from-join-date-hybrid.yaml',
  ])
    copyFileSync(scenario(file), join(dir, file));
  return dir;
}

/**
 * `sesphr simulate a.yaml 01-paper-sharing-example.yaml` on the real binary: run once (the first test that
 * asks starts it) for the streaming test and as the passing run of the exit-status test.
 */
let streamed: ReturnType<typeof runBin> | undefined;
function streamedRun() {
  if (!streamed) {
    const first = namedScenario(scratch(), 'a.yaml', 'first');
    // The second scenario is the largest shipped one: it runs long after the first has been printed.
    streamed = runBin(['simulate', first, scenario('01-paper-sharing-example.yaml')]);
  }
  return streamed;
}

describe('sesphr simulate', () => {
  it('prints the step table, who can read what and PASS, exit 0', async () => {
    const { exitCode, output } = await runCli([
      'simulate',
      join(SCENARIOS, '02-ungranted-partition.yaml'),
      '--backend',
      'mcl',
    ]);
    expect(exitCode).toBe(0);
    expect(output).toMatch(/dave requests R for phr\/medical .*refused: notGranted ✓/);
    expect(output).toMatch(/Who can read what/);
    expect(output).toMatch(/PASS/);
    expect(output).toMatch(/^1 of 1 scenario passed$/m);
  });

  it('--json prints scenario, passed, steps and failed expectations per scenario', async () => {
    const files = ['09-cloud-insider.yaml', '13-paper-layer-net.yaml'].map((f) => join(SCENARIOS, f));
    const { exitCode, output } = await runCli(['simulate', ...files, '--json', '--backend', 'mcl']);
    expect(exitCode).toBe(0);
    const results = JSON.parse(output);
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r).toMatchObject({ passed: true, failedExpectations: [] });
      expect(typeof r.scenario).toBe('string');
      expect(r.steps).toBeGreaterThan(0);
    }
  });

  it('--json carries the tool version, backend, variant and timings, and no seed unless given', async () => {
    const file = scenario('13-paper-layer-net.yaml');
    const [unseeded] = JSON.parse((await runCli(['simulate', file, '--json', '--backend', 'noble'])).output);
    expect(unseeded).toMatchObject({
      tool: { name: 'sesphr', version: VERSION },
      backend: 'noble',
      variant: 'paper',
      layer: 'paper',
      mode: 'hybrid',
      aead: 'aes-256-gcm',
    });
    expect(unseeded).not.toHaveProperty('seed');
    expect(unseeded.timings.stepsMs).toHaveLength(unseeded.steps);
    for (const ms of [
      unseeded.timings.loadMs,
      unseeded.timings.setupMs,
      unseeded.timings.totalMs,
      ...unseeded.timings.stepsMs,
    ])
      expect(ms).toBeGreaterThanOrEqual(0);
    const stepsTotal = unseeded.timings.stepsMs.reduce((a: number, b: number) => a + b, 0);
    expect(stepsTotal + unseeded.timings.setupMs).toBeCloseTo(unseeded.timings.totalMs, 0);

    const [seeded] = JSON.parse((await runCli(['simulate', file, '--json', '--seed', 'given-seed'])).output);
    expect(seeded.seed).toBe('given-seed');
  });

  it('with --trace the seed reaches --json only when --secrets asks for it, and then it is the trace’s', async () => {
    const dir = scratch();
    const file = scenario('13-paper-layer-net.yaml');
    const plain = JSON.parse(
      (await runCli(['simulate', file, '--json', '--trace', join(dir, 'a.json')])).output,
    );
    expect(plain[0]).not.toHaveProperty('seed');
    expect(plain[0].trace).toBe(join(dir, 'a.json'));
    const secret = JSON.parse(
      (await runCli(['simulate', file, '--json', '--trace', join(dir, 'b.json'), '--secrets'])).output,
    );
    const trace = parseTrace(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(secret[0].seed).toBe(trace.seed);
  });

  it('a failing expectation exits 1 and the summary names the scenario and the expectation', async () => {
    const dir = scratch();
    const file = failingScenario(dir);
    const ok = scenario('13-paper-layer-net.yaml');
    const { exitCode, output } = await runCli(['simulate', ok, file]);
    expect(exitCode).toBe(1);
    const summary = output.slice(output.lastIndexOf('1 of 2 scenarios passed'));
    expect(summary).toBe(
      [
        '1 of 2 scenarios passed',
        'Failed:',
        `  wrong (${file})`,
        '    ✗ step 5: expected granted, got refused: notGranted',
        '',
      ].join('\n'),
    );
    const json = await runCli(['simulate', file, '--json']);
    expect(json.exitCode).toBe(1);
    const [result] = JSON.parse(json.output);
    expect(result.passed).toBe(false);
    expect(result.failedExpectations[0]).toMatchObject({
      expected: 'granted',
      actual: 'refused: notGranted',
    });
  });

  it('invalid input exits 2 naming the file, step and field, and runs nothing', async () => {
    const dir = scratch();
    const file = join(dir, 'typo.yaml');
    writeFileSync(
      file,
      readFileSync(join(SCENARIOS, '02-ungranted-partition.yaml'), 'utf8').replace(
        'partition: medical }',
        'partition: dentistry }',
      ),
    );
    const { exitCode, output, stdout } = await runCli([
      'simulate',
      join(SCENARIOS, '09-cloud-insider.yaml'),
      file,
    ]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(output).toMatch(
      /typo\.yaml:\d+:\d+: step \d+ \(request\)\.partition: unknown partition "dentistry"/,
    );
  });

  it('an owner named with 70 "é" exits 2 when the file loads, naming the principal (not a divergence mid-run)', async () => {
    const name = 'é'.repeat(70);
    const file = join(scratch(), 'long-name.yaml');
    writeFileSync(
      file,
      `variant: paper\nprincipals: { ${name}: owner }\nfiles:\n  f1: { owner: ${name} }\nsteps:\n  - onboard: ${name}\n  - upload: f1\n`,
    );
    const { code, stdout, stderr } = await runCommand(['simulate', file]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(
      new RegExp(`long-name\\.yaml:2:15: principals\\.${name}: .*longer than 128 bytes of UTF-8`),
    );
  });

  it('a missing path or an empty directory exits 2', async () => {
    expect((await runCli(['simulate', '/no/such/scenario.yaml'])).exitCode).toBe(2);
    expect((await runCli(['simulate', scratch()])).exitCode).toBe(2);
  });

  it('--grep runs only the scenarios whose name or file matches', async () => {
    const dir = grepDirectory();
    const { exitCode, output } = await runCli(['simulate', dir, '--grep', 'curious-srs', '--json']);
    expect(exitCode).toBe(0);
    expect(JSON.parse(output).map((r: { scenario: string }) => r.scenario)).toEqual([
      '10-curious-srs-paper',
      '11-curious-srs-hardened',
    ]);
    const byFile = await runCli(['simulate', dir, '--grep', '^.*/13-', '--json']);
    expect(JSON.parse(byFile.output).map((r: { file: string }) => r.file)).toEqual([
      join(dir, '13-paper-layer-net.yaml'),
    ]);
  });

  it('--out writes the report to the file and prints the summary', async () => {
    const dir = scratch();
    const out = join(dir, 'report.json');
    const { exitCode, stdout } = await runCli([
      'simulate',
      scenario('13-paper-layer-net.yaml'),
      '--json',
      '--out',
      out,
    ]);
    expect(exitCode).toBe(0);
    expect(stdout).toBe(`1 of 1 scenario passed; the json report is in ${out}\n`);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(1);
  });

  it('--trace writes a replayable trace; several scenarios write a directory of traces', async () => {
    const dir = scratch();
    const one = join(dir, 'one.json');
    await runCli([
      'simulate',
      join(SCENARIOS, '10-curious-srs-paper.yaml'),
      '--trace',
      one,
      '--backend',
      'mcl',
    ]);
    expect(parseTrace(readFileSync(one, 'utf8')).steps.length).toBeGreaterThan(0);
    const many = join(dir, 'many');
    const files = ['10-curious-srs-paper.yaml', '11-curious-srs-hardened.yaml'].map((f) =>
      join(SCENARIOS, f),
    );
    const { output } = await runCli(['simulate', ...files, '--trace', many, '--backend', 'mcl']);
    expect(readdirSync(many).sort()).toEqual([
      '10-curious-srs-paper.trace.json',
      '11-curious-srs-hardened.trace.json',
    ]);
    expect(output).toContain(`Wrote 2 traces to ${many}`);
  });

  it('the binary streams each scenario’s report before the next one is done', async () => {
    const arrivals = (await streamedRun()).stdoutChunks.map((chunk) => chunk.toString('utf8'));
    const firstChunk = arrivals.findIndex((c) => c.includes('━━ first'));
    const secondChunk = arrivals.findIndex((c) => c.includes('━━ paper-sharing-example'));
    expect(firstChunk).toBeGreaterThanOrEqual(0);
    expect(secondChunk).toBeGreaterThan(firstChunk);
    expect(arrivals.join('')).toMatch(/2 of 2 scenarios passed\n$/);
  });

  it('the binary exits 0, 1 and 2 as documented', async () => {
    const dir = scratch();
    const [pass, fail, bad] = await Promise.all([
      streamedRun(),
      runBin(['simulate', failingScenario(dir)]),
      runBin(['simulate', join(dir, 'missing.yaml')]),
    ]);
    expect([pass.code, fail.code, bad.code]).toEqual([0, 1, 2]);
    expect(pass.stderr + fail.stderr).toBe('');
    expect(bad.stderr).toBe(`sesphr simulate: ${join(dir, 'missing.yaml')}: no such file or directory\n`);
  });
});
