/**
 * Scenario `log` checks: what the run's audit log holds, asserted like everything else. The schema part is
 * fuzzed (any value in any field: a scenario or an InputError naming the file, the line and the field —
 * the CLI exits 2), a check that does not hold fails its scenario, and the counts are the log's own
 * (two requests are two entries).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../common/input-error.ts';
import { REASONS } from '../../model/vocabulary.ts';
import { CORRUPTIONS, ENTRY_TYPE_NAMES, VERDICTS } from '../../src/audit/entries.ts';
import { captureIO } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { isLogCheck, parseScenario } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/scenario/run.ts';
import { cleanEnv, scratch } from '../cli/helpers.ts';
import { runs } from '../helpers/effort.ts';
import { scenarioError } from '../helpers/scenario.ts';

const HEADER = `variant: paper
principals: { alice: owner, bob: family, dave: insurer }
access:
  alice: { family: [medical], insurer: [insurance] }
files:
  phr: { owner: alice }
steps:
  - onboard: [alice, bob, dave]
  - join: { owner: alice, user: bob }
  - join: { owner: alice, user: dave }
  - upload: phr
  - request: { user: bob, file: phr, partition: medical }
  - request: { user: bob, file: phr, partition: medical }
  - request: { user: dave, file: phr, partition: medical }
`;
const withCheck = (check: string) => `${HEADER}  - check:\n      - log: ${check}\n`;
/** The check step is the 8th step, on line 16 of the file. */
const CHECK_LINE = 16;

describe('log checks load into the log’s query', () => {
  it('a type, a principal, a file and a reason become one filter', () => {
    const scenario = parseScenario(
      withCheck('{ type: refusal, user: dave, file: phr, reason: notGranted, count: 1 }'),
      'ok.yaml',
    );
    const body = scenario.steps.at(-1)?.body;
    if (body?.kind !== 'check') throw new Error('no check step');
    const [check] = body.checks;
    if (!check || !isLogCheck(check)) throw new Error('not a log check');
    expect(check.filter).toEqual({
      types: ['refusal'],
      user: 'dave',
      file: 'alice/phr',
      reason: 'notGranted',
    });
    expect(check.count).toBe(1);
    expect(check.description).toBe(
      'the log holds exactly 1 refusal entry about dave, for phr, reason notGranted',
    );
  });

  it('a field another entry type has is refused, naming the field and line', () => {
    const error = scenarioError(withCheck('{ type: grant, reason: notGranted }'));
    expect(error.field).toBe('step 8 (check)[0].log.reason');
    expect(error.reason).toBe('only a refusal entry has a reason');
    expect(error.position?.line).toBe(CHECK_LINE);
  });

  it('an unknown type, principal or file is refused with the choices or a suggestion', () => {
    expect(scenarioError(withCheck('{ type: grnat }')).reason).toMatch(/^expected one of "keyIssued"/);
    expect(scenarioError(withCheck('{ type: grant, user: bobb }')).reason).toBe(
      'unknown principal "bobb" (did you mean "bob"?)',
    );
    expect(scenarioError(withCheck('{ type: grant, file: phx }')).field).toBe('step 8 (check)[0].log.file');
    expect(scenarioError(withCheck('{ type: grant, count: -1 }')).field).toBe('step 8 (check)[0].log.count');
  });

  it('a log check stands alone: who can read what goes in a check of its own', () => {
    const error = scenarioError(
      `${HEADER}  - check:\n      - { who: bob, canRead: [phr/medical], log: { type: grant } }\n`,
    );
    expect(error.field).toBe('step 8 (check)[0].who');
    expect(error.reason).toMatch(/a log check stands alone/);
  });

  it('fuzzed: any value in any field loads or is an InputError naming the file, the line and the log field', () => {
    const word = fc.oneof(
      fc.constantFrom(
        ...ENTRY_TYPE_NAMES,
        ...REASONS,
        ...CORRUPTIONS,
        ...VERDICTS,
        'bob',
        'dave',
        'phr',
        'alice',
      ),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      word,
      fc.integer({ min: -3, max: 5 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(word, { maxLength: 2 }),
    );
    const key = fc.constantFrom('type', 'user', 'file', 'reason', 'kind', 'result', 'count', 'typo');
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (fields) => {
        const text = withCheck(JSON.stringify(fields));
        try {
          parseScenario(text, 'fuzz.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          const e = error as InputError;
          expect(e.source).toBe('fuzz.yaml');
          expect(e.field.startsWith('step 8 (check)[0]'), e.message).toBe(true);
          expect(e.position?.line, e.message).toBe(CHECK_LINE);
          expect(e.message).not.toMatch(/undefined|\[object Object\]|TypeError/);
        }
      }),
      { numRuns: runs(400) },
    );
  });

  it('the CLI exits 2 on a bad log check, naming file, line and field', async () => {
    const file = join(scratch('sesphr-logcheck-'), 'bad.yaml');
    writeFileSync(file, withCheck('{ type: refusal, kind: blockMismatch }'));
    const result = await runCli(['simulate', file, '--backend', 'mcl'], captureIO({ env: cleanEnv() }));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `bad\\.yaml:${CHECK_LINE}:\\d+: step 8 \\(check\\)\\[0\\]\\.log\\.kind: only a corruption entry has a kind`,
      ),
    );
  });
});

describe('log checks on a run', () => {
  it('two requests are two entries; a refusal is recorded with its reason; a wrong count fails the scenario', async () => {
    const text = `${HEADER}  - check:
      - log: { type: request, user: bob, count: 2 }
      - log: { type: grant, user: bob, count: 2 }
      - log: { type: refusal, user: dave, reason: notGranted, count: 1 }
      - log: { type: refusal, user: bob, count: 0 }
      - log: { type: refusal, user: dave, reason: staleToken }
      - log: { type: request, count: 2 }
`;
    const { result } = await runScenario(parseScenario(text, 'log.yaml'), {
      backend: 'mcl',
      seed: 'log-checks',
    });
    expect(result.passed).toBe(false);
    expect(result.conformance).toEqual([]);
    expect(result.failedExpectations.map((e) => `${e.expected}: ${e.actual}`)).toEqual([
      'the log holds a refusal entry about dave, reason staleToken: 0 entries',
      'the log holds exactly 2 request entries: 3 entries',
    ]);
    const passed = result.outcomes
      .at(-1)
      ?.expectations.filter((e) => e.passed)
      .map((e) => e.expected);
    expect(passed).toEqual([
      'the log holds exactly 2 request entries about bob',
      'the log holds exactly 2 grant entries about bob',
      'the log holds exactly 1 refusal entry about dave, reason notGranted',
      'the log holds exactly 0 refusal entries about bob',
    ]);
  });
});
