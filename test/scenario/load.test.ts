import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../common/input-error.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { runs } from '../helpers/effort.ts';
import { scenarioError } from '../helpers/scenario.ts';

const VALID = `
variant: paper
principals: { alice: owner, bob: family }
access:
  alice: { family: [medical] }
files:
  f1: { owner: alice }
steps:
  - onboard: [alice, bob]
  - join: { owner: alice, user: bob }
  - upload: f1
  - request: { user: bob, file: f1, partition: medical }
    expect: granted
`;

/** A typed input error that names its source and says what is wrong, without leaking internals. */
function expectLocatedError(error: unknown, source: string): void {
  expect(error).toBeInstanceOf(InputError);
  const e = error as InputError;
  expect(e.source).toBe(source);
  expect(e.message.startsWith(source)).toBe(true);
  expect(e.reason.length).toBeGreaterThan(0);
  expect(e.message).not.toMatch(/undefined|\[object Object\]|TypeError|at .*\.ts:\d+/);
}

const errorOf = (text: string) => scenarioError(text);

describe('scenario loading', () => {
  it('accepts a valid scenario and fills in the defaults', () => {
    const scenario = parseScenario(VALID, 'ok.yaml');
    expect(scenario.name).toBe('ok');
    expect(scenario.config.layer).toBe('extended');
    expect(scenario.config.partitions).toEqual(['personal', 'medical', 'insurance', 'prescription']);
    expect(scenario.config.files[0]?.levels).toEqual({
      personal: 0,
      medical: 1,
      insurance: 2,
      prescription: 3,
    });
    expect(scenario.steps.map((s) => s.action)).toEqual(['onboard', 'join', 'upload', 'request']);
  });

  it.each([
    [
      'a step with an unknown partition',
      VALID.replace('partition: medical }', 'partition: dental }'),
      'step 4 (request).partition',
      /unknown partition "dental"/,
    ],
    [
      'a user where an owner is needed',
      VALID.replace('join: { owner: alice', 'join: { owner: bob'),
      'step 2 (join).owner',
      /not an owner/,
    ],
    ['an unknown action', VALID.replace('- upload: f1', '- uplaod: f1'), 'step 3', /unknown key "uplaod"/],
    [
      'two actions in one step',
      VALID.replace('- upload: f1', '- upload: f1\n    tick: 1'),
      'step 3',
      /several actions/,
    ],
    ['a wrong expectation', VALID.replace('expect: granted', 'expect: maybe'), 'step 4.expect', /./],
    ['a missing variant', VALID.replace('variant: paper', ''), 'variant', /./],
    ['an unknown top-level field', `${VALID}\ncolour: blue\n`, '', /colour/],
    [
      'a file owned by a user',
      VALID.replace('f1: { owner: alice }', 'f1: { owner: bob }'),
      'files.f1.owner',
      /not an owner/,
    ],
    [
      'an extended action in the paper layer',
      VALID.replace('variant: paper', 'variant: paper\nlayer: paper'),
      'step 2 (join)',
      /paper layer/,
    ],
    [
      'a transition the net lacks',
      VALID.replace('- upload: f1', '- fire: { transition: Send_Keys_Twice }'),
      'step 3 (fire).transition',
      /no transition/,
    ],
    [
      'a token beyond the clock',
      VALID.replace('partition: medical }', 'partition: medical, token: 99 }'),
      'step 4 (request).token',
      /clock/,
    ],
    ['invalid YAML', 'steps: [\n', '', /invalid YAML|line/],
  ])('rejects %s, naming the file, step and field', (_what, text, field, reason) => {
    const error = errorOf(text);
    expect(error.source).toBe('bad.yaml');
    if (field) expect(error.field).toBe(field);
    expect(error.message).toMatch(reason);
    expect(error.message.startsWith('bad.yaml')).toBe(true);
  });

  it('an alias bomb or a dangling alias is invalid input, not a crash', () => {
    expect(errorOf('a: *missing\n').message).toMatch(/invalid YAML/);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, k) => {
        const prev = String.fromCharCode(97 + k);
        const next = String.fromCharCode(98 + k);
        return `${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`;
      }),
    ].join('\n');
    expect(errorOf(bomb).message).toMatch(/invalid YAML|alias/i);
  });

  it('fuzzed text gives a InputError or a scenario, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseScenario(text, 'fuzz.yaml');
        } catch (error) {
          expectLocatedError(error, 'fuzz.yaml');
        }
      }),
      { numRuns: runs(500) },
    );
  });

  it('mutated valid scenarios give a InputError or a scenario, never another exception', () => {
    const lines = VALID.split('\n');
    fc.assert(
      fc.property(
        fc.nat({ max: lines.length - 1 }),
        fc.nat({ max: 80 }),
        fc.string({ maxLength: 12 }),
        fc.boolean(),
        (line, column, insert, deleteLine) => {
          const mutated = [...lines];
          const target = mutated[line] ?? '';
          mutated[line] = deleteLine ? '' : target.slice(0, column) + insert + target.slice(column);
          try {
            parseScenario(mutated.join('\n'), 'fuzz.yaml');
          } catch (error) {
            expectLocatedError(error, 'fuzz.yaml');
            // An edit inside the document is located: every such error has a line, or names a field.
            const e = error as InputError;
            expect(e.position !== undefined || e.field !== '', e.message).toBe(true);
          }
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it('a step that is not enabled fails its scenario (exit 1), unless not-enabled is expected', async () => {
    const decrypt = '  - decrypt: { user: bob, file: f1, partition: medical }\n';
    const failing = parseScenario(`${VALID}${decrypt}`, 'x.yaml');
    const { result } = await runScenario(failing, { backend: 'mcl' });
    expect(result.passed).toBe(false);
    expect(result.failedExpectations).toEqual([
      expect.objectContaining({
        step: 5,
        actual: 'not-enabled: Decrypt_C | Reject_C(u=bob, f=f1, i=medical)',
      }),
    ]);
    const expected = parseScenario(`${VALID}${decrypt}    expect: not-enabled\n`, 'y.yaml');
    expect((await runScenario(expected, { backend: 'mcl' })).result.passed).toBe(true);
  });

  it('a wrong expectation about readers fails with the actual set', async () => {
    const text = `${VALID}  - check:\n      - { who: bob, readsExactly: [f1/personal] }\n`;
    const { result } = await runScenario(parseScenario(text, 'z.yaml'), { backend: 'mcl' });
    expect(result.passed).toBe(false);
    expect(result.failedExpectations).toEqual([
      expect.objectContaining({ expected: 'bob reads exactly f1/personal', actual: 'nothing' }),
    ]);
  });
});
