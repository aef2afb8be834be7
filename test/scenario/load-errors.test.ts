/**
 * Bad scenario input is rejected when the file loads — never halfway through a run — with the file, the
 * field as the user wrote it, and the line and column. Each case below was accepted by the loader before
 * this check existed (or reported with an internal path), and then failed or misbehaved at run time.
 */
import { describe, expect, it } from 'vitest';
import { scenarioError } from '../helpers/scenario.ts';

const HEADER = `variant: paper
principals: { alice: owner, bob: family }
access:
  alice: { family: [medical] }
files:
  f1: { owner: alice }
`;

const errorOf = (text: string) => scenarioError(text);

const withSteps = (steps: string, header = HEADER) => `${header}steps:\n${steps}`;

describe('a fire step is checked against the transition and the universe', () => {
  it.each([
    [
      'an unknown principal',
      '  - fire: { transition: Register, p: zed }',
      'step 1 (fire).p',
      /"zed" is not in Principal/,
    ],
    [
      'a missing parameter',
      '  - fire: { transition: Approve_Join, o: alice }',
      'step 1 (fire).u',
      /no value/,
    ],
    [
      'an extra parameter',
      '  - fire: { transition: Register, p: bob, q: alice }',
      'step 1 (fire).q',
      /has no parameter q \(it has p\)/,
    ],
    ['a wrong sort', '  - fire: { transition: Register, p: 3 }', 'step 1 (fire).p', /3 is not in Principal/],
    [
      'a misspelt transition',
      '  - fire: { transition: Regster, p: bob }',
      'step 1 (fire).transition',
      /did you mean "Register"/,
    ],
    [
      'a detail the transition does not take',
      '  - fire: { transition: Register, p: bob, detail: flip }',
      'step 1 (fire).detail',
      /takes no detail/,
    ],
  ])('%s', (_what, step, field, reason) => {
    const error = errorOf(withSteps(`${step}\n`));
    expect(error.field).toBe(field);
    expect(error.reason).toMatch(reason);
    expect(error.position?.line).toBe(8);
  });
});

describe('configuration values are checked with the same rules the model and the wire format apply', () => {
  it('an owner named with 70 "é" (140 bytes of UTF-8) is rejected at load, naming the principal', () => {
    const name = 'é'.repeat(70);
    const error = errorOf(
      `variant: paper\nprincipals: { ${name}: owner }\nfiles:\n  f1: { owner: ${name} }\nsteps:\n  - onboard: ${name}\n`,
    );
    expect(error.field).toBe(`principals.${name}`);
    expect(error.reason).toMatch(/longer than 128 bytes of UTF-8/);
    expect(error.position).toEqual({ line: 2, column: 15 });
  });

  it.each([
    ['a control character', '"bo\\u0007b"', /control character/],
    ['a lone surrogate', '"bo\\ud800b"', /lone surrogate/],
  ])('a user name with %s is rejected', (_what, name, reason) => {
    const error = errorOf(
      `variant: paper\nprincipals: { alice: owner, ${name}: family }\nfiles: {}\nsteps:\n  - onboard: alice\n`,
    );
    expect(error.field).toMatch(/^principals\["bo/);
    expect(error.reason).toMatch(reason);
  });

  it('a window beyond the clock is rejected, not clamped to its last point', () => {
    const error = errorOf(
      withSteps(
        '  - onboard: alice\n',
        HEADER.replace('f1: { owner: alice }', 'f1: { owner: alice, window: [20, 30] }'),
      ),
    );
    expect(error.field).toBe('files.f1.window');
    expect(error.reason).toMatch(/outside the clock 0\.\.8/);
    expect(error.position?.line).toBe(6);
  });

  it('more than 255 partitions are rejected', () => {
    const partitions = Array.from({ length: 256 }, (_, k) => `p${k}`).join(', ');
    const error = errorOf(
      withSteps(
        '  - onboard: alice\n',
        `${HEADER}partitions: [${partitions}]\n`.replace('[medical]', '[p1]'),
      ),
    );
    expect(error.field).toBe('partitions');
    expect(error.reason).toMatch(/1 to 255 partitions/);
  });

  it("an access entry naming an undeclared partition is named by the user's keys", () => {
    const error = errorOf(
      withSteps(
        '  - onboard: olga\n',
        `variant: paper\nprincipals: { olga: owner }\naccess:\n  olga: { insurer: [insurance, dental] }\nfiles: {}\n`,
      ),
    );
    expect(error.field).toBe('access.olga.insurer[1]');
    expect(error.reason).toMatch(/"dental" is not a declared partition/);
    expect(error.position?.line).toBe(4);
  });

  it('an unknown key is reported as unknown, with a "did you mean", not as a missing one', () => {
    const error = errorOf(`${HEADER.replace('principals:', 'principles:')}steps:\n  - onboard: alice\n`);
    expect(error.field).toBe('principles');
    expect(error.reason).toBe('unknown key "principles" (did you mean "principals"?)');
    expect(error.position).toEqual({ line: 2, column: 1 });
  });

  it('an unknown key in a file entry names the file and suggests the key', () => {
    const error = errorOf(
      withSteps('  - onboard: alice\n', HEADER.replace('{ owner: alice }', '{ owner: alice, vesions: 2 }')),
    );
    expect(error.field).toBe('files.f1.vesions');
    expect(error.reason).toMatch(/did you mean "versions"/);
  });
});

describe('steps and targets', () => {
  it('YAML syntax errors say where', () => {
    const error = errorOf(`${HEADER}steps:\n  - onboard: [alice\n`);
    expect(error.reason).toMatch(/invalid YAML/);
    expect(error.position?.line).toBeGreaterThanOrEqual(8);
    expect(error.message).toMatch(/^bad\.yaml:\d+:\d+: /);
  });

  it('a plaintexts key that names no file or partition is an error, not ignored', () => {
    const error = errorOf(withSteps('  - onboard: alice\n', `${HEADER}plaintexts:\n  f1/medicl: "x"\n`));
    expect(error.field).toBe('plaintexts["f1/medicl"]');
    expect(error.reason).toMatch(/unknown partition "medicl" \(did you mean "medical"\?\)/);
  });

  it('an action the net has no transitions for is refused, derived from the net', () => {
    const error = errorOf(withSteps('  - register: alice\n', `${HEADER}layer: paper\n`));
    expect(error.field).toBe('step 1 (register)');
    expect(error.reason).toMatch(/not available in the paper layer with the paper variant/);
  });

  it('a file with several versions must be named by version where the version matters', () => {
    const error = errorOf(
      withSteps(
        '  - onboard: [alice, bob]\n  - decrypt: { user: bob, file: f1, partition: medical }\n',
        HEADER.replace('{ owner: alice }', '{ owner: alice, versions: 2 }'),
      ),
    );
    expect(error.field).toBe('step 2 (decrypt).file');
    expect(error.reason).toBe('"f1" has 2 versions: name one (f1@1, f1@2)');
  });

  it('a target whose "/" can be read two ways must be written as an object', () => {
    const header = `variant: paper\nprincipals: { alice: owner }\npartitions: [b, "a/b", "b/c", c]\nfiles:\n  a: { owner: alice }\n  "a/b": { owner: alice }\n`;
    const error = errorOf(`${header}steps:\n  - check:\n      - { who: alice, canRead: ["a/b/c"] }\n`);
    expect(error.field).toBe('step 1 (check)[0].canRead[0]');
    expect(error.reason).toMatch(/can be read 2 ways; write it as \{ file: …, partition: … \}/);
  });

  it('a tick beyond the clock is rejected at load', () => {
    const error = errorOf(withSteps('  - tick: 20\n'));
    expect(error.field).toBe('step 1 (tick)');
    expect(error.reason).toMatch(/20 is not in Time: 0\.\.8/);
  });
});
