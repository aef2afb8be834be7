import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../common/input-error.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { replayTrace } from '../../src/sim/replay.ts';
import type { Simulation } from '../../src/sim/simulation.ts';
import { parseTrace, type Trace, traceOf } from '../../src/sim/trace.ts';
import { runs } from '../helpers/effort.ts';

const SCENARIO = new URL('../../scenarios/03-depart-forward-access.yaml', import.meta.url).pathname;
let simulation: Simulation;
/** The public transcript (no secrets) and the full trace of the same run. */
let trace: Trace;
let full: Trace;

beforeAll(async () => {
  simulation = (await runScenario(loadScenarioFile(SCENARIO), { backend: 'mcl' })).simulation;
  trace = traceOf(simulation);
  full = traceOf(simulation, { includeSecrets: true });
});

const SECRET_KINDS = ['SK', 'r', 'SigSK', 'PT'];

function expectLocatedError(error: unknown): void {
  expect(error).toBeInstanceOf(InputError);
  const e = error as InputError;
  expect(e.source).toBe('fuzz.json');
  expect(e.reason.length).toBeGreaterThan(0);
  expect(e.message).not.toMatch(/undefined|\[object Object\]|TypeError/);
}

describe('traces', () => {
  it('record every fired transition with its binding, actor and token changes', () => {
    expect(trace.steps.length).toBe(simulation.records.length);
    const grant = trace.steps.find((s) => s.transition === 'D_R_S');
    expect(grant).toMatchObject({ actor: 'srs', binding: { u: 'bob', f: 'f1', i: 'medical' } });
    expect(grant?.added).toContain('holdsRu(bob, f1, 1)');
    const refusal = trace.steps.find((s) => s.transition === 'D_R_F');
    expect(refusal?.refusal).toBe('notGranted');
  });

  it('without secrets carry no seed, no plaintext and neither bytes nor digest of a secret item', () => {
    const text = JSON.stringify(trace);
    expect(trace.secrets).toBe(false);
    expect(trace.seed).toBeUndefined();
    expect(text).not.toContain(simulation.world.options.seed);
    const secrets = simulation.world.holdings
      .principals()
      .flatMap((p) => simulation.world.holdings.itemsOf([p]).filter((i) => SECRET_KINDS.includes(i.kind)));
    expect(new Set(secrets.map((i) => i.kind))).toEqual(new Set(SECRET_KINDS));
    for (const item of secrets) {
      expect(text).not.toContain(Buffer.from(item.bytes).toString('hex'));
      expect(text).not.toContain(createHash('sha256').update(item.bytes).digest('hex'));
    }
    const withSecrets = JSON.stringify(full);
    expect(full.seed).toBe(simulation.world.options.seed);
    for (const item of secrets) expect(withSecrets).toContain(Buffer.from(item.bytes).toString('hex'));
  });

  it('with secrets round-trip through JSON and replay byte for byte', async () => {
    const replay = await replayTrace(parseTrace(JSON.stringify(full)));
    expect(replay.differences).toEqual([]);
    expect(replay.compared).toBe('bytes');
    expect(replay.ok).toBe(true);
  });

  it('replay on the other backend gives byte-identical holdings', async () => {
    const replay = await replayTrace(parseTrace(JSON.stringify(full)), { backend: 'noble' });
    expect(replay.simulation.world.backend.name).toBe('noble');
    expect(replay.differences).toEqual([]);
  });

  it('replay with another seed is detected as different bytes', async () => {
    const replay = await replayTrace(full, { seed: 'another seed' });
    expect(replay.ok).toBe(false);
    expect(replay.differences.some((d) => d.includes('other bytes'))).toBe(true);
  });

  it('without secrets replay the public transcript and reproduce no secret item', async () => {
    const replay = await replayTrace(parseTrace(JSON.stringify(trace)));
    expect(replay.compared).toBe('transcript');
    expect(replay.differences).toEqual([]);
    const original = simulation.world.holdings;
    const again = replay.simulation.world.holdings;
    let compared = 0;
    for (const p of original.principals()) {
      for (const item of original.itemsOf([p]).filter((i) => SECRET_KINDS.includes(i.kind))) {
        const twin = again.get(p, item.kind, item.args);
        expect(twin, `${p} ${item.kind}(${item.args})`).toBeDefined();
        // Plaintexts the scenario fixes are the same; every generated secret differs.
        expect(Buffer.compare(Buffer.from(twin?.bytes ?? []), Buffer.from(item.bytes))).not.toBe(0);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('a step edited to one that is not enabled stops the replay with the reason', async () => {
    const edited = {
      ...trace,
      steps: [
        { ...trace.steps[0], transition: 'Decrypt_C', binding: { u: 'bob', f: 'f1', i: 'medical' } },
        ...trace.steps.slice(1),
      ],
    } as Trace;
    const replay = await replayTrace(edited);
    expect(replay.ok).toBe(false);
    expect(replay.differences[0]).toMatch(/not enabled/);
  });

  it('parseTrace rejects malformed input with a InputError naming the field', () => {
    expect(() => parseTrace('{', 'x.json')).toThrow(InputError);
    const bad = JSON.parse(JSON.stringify(trace));
    bad.configuration.variant = 'quantum';
    try {
      parseTrace(JSON.stringify(bad), 'x.json');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe('configuration.variant');
    }
  });

  it('fuzzed and mutated traces give a InputError or a trace, never another exception', () => {
    const text = JSON.stringify(trace);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (input) => {
        try {
          parseTrace(input, 'fuzz.json');
        } catch (error) {
          expectLocatedError(error);
        }
      }),
      { numRuns: runs(300) },
    );
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.string({ maxLength: 8 }), (at, insert) => {
        try {
          parseTrace(text.slice(0, at) + insert + text.slice(at + 1), 'fuzz.json');
        } catch (error) {
          expectLocatedError(error);
          // Past the JSON syntax, a problem is always in some field.
          const e = error as InputError;
          if (!e.reason.startsWith('not JSON')) expect(e.field, e.message).not.toBe('');
        }
      }),
      { numRuns: runs(300) },
    );
  });
});
