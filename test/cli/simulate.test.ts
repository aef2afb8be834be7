import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { parseTrace } from '../../src/sim/trace.ts';

const SCENARIOS = new URL('../../scenarios/', import.meta.url).pathname;
const scratch = () => mkdtempSync(join(tmpdir(), 'sesphr-simulate-'));

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

  it('a failing expectation exits 1 and names it', async () => {
    const dir = scratch();
    const file = join(dir, 'wrong.yaml');
    writeFileSync(
      file,
      readFileSync(join(SCENARIOS, '02-ungranted-partition.yaml'), 'utf8').replace(
        'expect: { refused: notGranted }',
        'expect: granted',
      ),
    );
    const { exitCode, output } = await runCli(['simulate', file, '--json', '--backend', 'mcl']);
    expect(exitCode).toBe(1);
    const [result] = JSON.parse(output);
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
    const { exitCode, output } = await runCli(['simulate', join(SCENARIOS, '09-cloud-insider.yaml'), file]);
    expect(exitCode).toBe(2);
    expect(output).toMatch(
      /typo\.yaml:\d+:\d+: step \d+ \(request\)\.partition: unknown partition "dentistry"/,
    );
  });

  it('a missing path or an empty directory exits 2', async () => {
    expect((await runCli(['simulate', '/no/such/scenario.yaml'])).exitCode).toBe(2);
    expect((await runCli(['simulate', scratch()])).exitCode).toBe(2);
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
    await runCli(['simulate', ...files, '--trace', many, '--backend', 'mcl']);
    expect(readdirSync(many).sort()).toEqual([
      '10-curious-srs-paper.trace.json',
      '11-curious-srs-hardened.trace.json',
    ]);
  });
});
