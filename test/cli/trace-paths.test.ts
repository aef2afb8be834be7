/**
 * Trace paths (a security finding): scenario names are free text, so trace file names derived from
 * them must stay inside the --trace directory and never collide; a path that cannot be written is
 * reported before any scenario runs (checked here by watching the runner itself).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { safeStem, traceFileNames } from '../../src/cli/trace-names.ts';
import { parseTrace } from '../../src/sim/trace.ts';
import { namedScenario } from './fixtures.ts';
import { ensureBuild, runBin, scenario, scratch } from './helpers.ts';

const runs = vi.hoisted(() => ({ names: [] as string[] }));
vi.mock('../../src/scenario/run.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/scenario/run.ts')>();
  return {
    ...actual,
    runScenario: (...args: Parameters<typeof actual.runScenario>) => {
      runs.names.push(args[0].name);
      return actual.runScenario(...args);
    },
  };
});
beforeAll(ensureBuild);
beforeEach(() => {
  runs.names.length = 0;
});

describe('trace file names', () => {
  it.each([
    ['../escaped', 'escaped'],
    ['../../etc/passwd', 'etc-passwd'],
    ['a/b\\c', 'a-b-c'],
    ['..', 'scenario'],
    ['.hidden', 'hidden'],
    ['-rf', 'rf'],
    ['café ☕ 東京', 'café-東京'],
    ['   ', 'scenario'],
  ])('%j → %j', (name, stem) => {
    expect(safeStem(name)).toBe(stem);
    expect(safeStem(name)).not.toMatch(/[/\\]|^\.|^-/);
  });

  it('are unique in a run, ignoring case, whatever the names', () => {
    expect(traceFileNames(['same', 'same', 'Same', 'a/b', 'a-b', 'same-2'])).toEqual([
      'same.trace.json',
      'same-2.trace.json',
      'Same-3.trace.json',
      'a-b.trace.json',
      'a-b-2.trace.json',
      'same-2-2.trace.json',
    ]);
  });
});

describe('sesphr simulate --trace DIR', () => {
  it('a scenario named "../escaped" writes its trace inside DIR, not beside it', async () => {
    const dir = scratch();
    const inputs = join(dir, 'in');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(inputs);
    const files = [namedScenario(inputs, 'a.yaml', '../escaped'), namedScenario(inputs, 'b.yaml', '../../b')];
    const traces = join(dir, 'out', 'traces');
    const { exitCode } = await runCli(['simulate', ...files, '--trace', traces]);
    expect(exitCode).toBe(0);
    // The runner is watched: the checks below that expect no run can tell.
    expect(runs.names).toEqual(['../escaped', '../../b']);
    expect(readdirSync(traces).sort()).toEqual(['b.trace.json', 'escaped.trace.json']);
    expect(existsSync(join(dir, 'out', 'escaped.trace.json'))).toBe(false);
    expect(readdirSync(join(dir, 'out'))).toEqual(['traces']);
    // One scenario and an existing directory: the trace goes into it, named the same way.
    const single = await runCli(['simulate', files[0] as string, '--trace', `${traces}/`]);
    expect(single.exitCode).toBe(0);
    expect(readdirSync(dirname(traces))).toEqual(['traces']);
  });

  it('two scenarios with the same name (or one file named twice) keep both traces', async () => {
    const dir = scratch();
    const a = namedScenario(dir, 'a.yaml', 'same');
    const b = join(dir, 'b.yaml');
    // A different scenario under the same name: its trace must not replace a's.
    writeFileSync(b, `name: same\n${readFileSync(scenario('02-ungranted-partition.yaml'), 'utf8')}`);
    const traces = join(dir, 'traces');
    const { exitCode, output } = await runCli(['simulate', a, b, a, '--trace', traces, '--json']);
    expect(exitCode).toBe(0);
    const written = readdirSync(traces).sort();
    expect(written).toEqual(['same-2.trace.json', 'same-3.trace.json', 'same.trace.json']);
    const steps = (file: string) => parseTrace(readFileSync(join(traces, file), 'utf8')).steps.length;
    expect(steps('same.trace.json')).toBe(steps('same-3.trace.json'));
    expect(steps('same-2.trace.json')).not.toBe(steps('same.trace.json'));
    expect(JSON.parse(output).map((r: { trace: string }) => r.trace)).toEqual(
      ['same.trace.json', 'same-2.trace.json', 'same-3.trace.json'].map((f) => join(traces, f)),
    );
  });

  it.each([
    [
      'a file in a directory that does not exist',
      (dir: string) => [
        scenario('13-paper-layer-net.yaml'),
        '--trace',
        join(dir, 'no', 'such', 'trace.json'),
      ],
      /--trace: cannot write ".*\/no\/such\/trace\.json": its directory does not exist/,
    ],
    [
      'several scenarios and a path that is a file',
      (dir: string) => {
        writeFileSync(join(dir, 'taken'), 'x');
        return [
          scenario('13-paper-layer-net.yaml'),
          scenario('02-ungranted-partition.yaml'),
          '--trace',
          join(dir, 'taken'),
        ];
      },
      /--trace: cannot write into ".*\/taken": it is a file, not a directory/,
    ],
    [
      'a directory under a file',
      (dir: string) => {
        writeFileSync(join(dir, 'file'), 'x');
        return [
          scenario('13-paper-layer-net.yaml'),
          scenario('02-ungranted-partition.yaml'),
          '--trace',
          join(dir, 'file', 'traces'),
        ];
      },
      /--trace: cannot write into ".*\/file\/traces": a parent path is not a directory/,
    ],
    [
      'the scenario file itself',
      (dir: string) => {
        const file = namedScenario(dir, 'self.yaml', 'self');
        return [file, '--trace', file];
      },
      /--trace: ".*self\.yaml" is one of the scenario files/,
    ],
  ])('%s is exit 2 before any scenario runs', async (_what, makeArgs, message) => {
    const dir = scratch();
    const { exitCode, stdout, stderr } = await runCli(['simulate', ...makeArgs(dir)]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
    expect(runs.names).toEqual([]);
  });

  it('the binary reports the same, on standard error, exit 2', async () => {
    const dir = scratch();
    const target = join(dir, 'missing', 'trace.json');
    const { code, stdout, stderr } = await runBin([
      'simulate',
      scenario('13-paper-layer-net.yaml'),
      '--trace',
      target,
    ]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`sesphr simulate: --trace: cannot write "${target}": its directory does not exist\n`);
  });
});
