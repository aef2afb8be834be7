/**
 * `sesphr model --scenario FILE`: the net of a scenario's universe (the rest of `model` is
 * test/export/cli.test.ts). The command lines run through `runCommand`: the real binary in the full
 * suite, this process in the fast suite.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { ensureBuild, runCommand, scenario, scratch } from './helpers.ts';

beforeAll(ensureBuild);

describe('sesphr model --scenario', () => {
  it('exports the configuration the scenario loads to: its principals, files, layer and variant', async () => {
    const file = scenario('11-curious-srs-hardened.yaml');
    const expected = loadScenarioFile(file).config;
    const { code, stdout } = await runCommand(['model', '--format', 'json', '--scenario', file]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.config).toEqual(JSON.parse(JSON.stringify(expected)));
    // Not the paper example: that one has six principals and one file called phr1.
    expect(json.config.principals.map((p: { id: string }) => p.id)).not.toContain('frank');
  });

  it('the paper-layer scenario exports the paper layer', async () => {
    const { code, stdout } = await runCommand([
      'model',
      '--format',
      'dot',
      '--scenario',
      scenario('13-paper-layer-net.yaml'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^digraph "sesphr-paper-paper" \{/);
  });

  it('--out names the scenario in its one-line note', async () => {
    const out = join(scratch(), 'net.pnml');
    const file = scenario('13-paper-layer-net.yaml');
    const { code, stdout } = await runCommand([
      'model',
      '--format',
      'pnml',
      '--scenario',
      file,
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      new RegExp(`^wrote pnml \\(\\d+ bytes, paper layer, paper variant of ${file}\\) to ${out}\\n$`),
    );
  });

  it('a scenario file with an error is exit 2 naming it', async () => {
    const { code, stderr } = await runCommand(['model', '--format', 'json', '--scenario', '/no/such.yaml']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^sesphr model: \/no\/such\.yaml: cannot read/);
  });
});
