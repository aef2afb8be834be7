/**
 * The property step (docs/scenarios.md): a property of properties/ evaluated on the run so far by the
 * model's evaluator and — for a property about reading — decided by real decryption, with the violation
 * shown in real bytes. Strict at load time: an unknown id, an expectation the property's kind cannot have,
 * a property that does not apply to the configuration are rejected with the step and the field.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eq, lit, member, not } from '../../model/expr/build.ts';
import { R } from '../../model/vocabulary.ts';
import { forallVars, param } from '../../properties/terms.ts';
import { runCli } from '../../src/cli/main.ts';
import { parseScenario } from '../../src/scenario/load.ts';
import { describeStatus, PropertyMonitor } from '../../src/scenario/properties.ts';
import { formatScenarioReport } from '../../src/scenario/report.ts';
import { runScenario, type StepOutcome } from '../../src/scenario/run.ts';
import { Simulation } from '../../src/sim/simulation.ts';
import { scratch } from '../cli/helpers.ts';
import { scenarioError } from '../helpers/scenario.ts';

const HEADER = `variant: paper
partitions: [medical, personal]
principals: { alice: owner, bob: family }
access:
  alice: { family: [medical] }
files:
  f1: { owner: alice }
plaintexts:
  f1/medical: "blood type A+, allergic to penicillin"
seed: property-step
`;
const withSteps = (steps: string, header = HEADER) => `${header}steps:\n${steps}`;

const SETUP = `  - onboard: [alice, bob]
  - join: { owner: alice, user: bob }
  - upload: f1
`;

async function run(text: string) {
  const scenario = parseScenario(text, 'property.yaml');
  const { result } = await runScenario(scenario, { backend: 'mcl' });
  return { scenario, result };
}

const propertyOf = (o: StepOutcome | undefined) => {
  if (!o?.property) throw new Error('not a property step');
  return o.property;
};

describe('a property step is checked when the file loads', () => {
  it.each([
    [
      'an unknown id, with a suggestion',
      '  - property: { id: SRS+clod, expect: fails }',
      'step 1 (property).id',
      /unknown property "SRS\+clod" \(did you mean "SRS\+cloud"\?\)/,
    ],
    [
      'an id far from every property: the list',
      '  - property: { id: confidentiality, expect: holds }',
      'step 1 (property).id',
      /unknown property "confidentiality" \(properties: P1, P2, .*INT-TPA, INT-DETECT, .*LOG\)/,
    ],
    [
      'an invariant expected reachable',
      '  - property: { id: CLOUD, expect: reachable }',
      'step 1 (property).expect',
      /CLOUD is an invariant property: expect holds or fails/,
    ],
    [
      'a reachable property expected to hold',
      '  - property: { id: BAC-past, expect: holds }',
      'step 1 (property).expect',
      /BAC-past is a reachable property: expect reachable or unreachable/,
    ],
    [
      'an expectation word that is none',
      '  - property: { id: CLOUD, expect: broken }',
      'step 1 (property).expect',
      /holds.*fails.*reachable.*unreachable/,
    ],
    ['no expectation', '  - property: { id: CLOUD }', 'step 1 (property).expect', /./],
    [
      'an unknown field',
      '  - property: { id: CLOUD, expect: holds, when: now }',
      'step 1 (property).when',
      /when|unrecognized|unknown/i,
    ],
    [
      'the expectation beside the action',
      '  - property: { id: CLOUD, expect: holds }\n    expect: ok',
      'step 1.expect',
      /property\.expect/,
    ],
  ])('%s', (_what, step, field, reason) => {
    const error = scenarioError(withSteps(`${step}\n`));
    expect(error.field).toBe(field);
    expect(error.reason).toMatch(reason);
    expect(error.position?.line).toBeGreaterThanOrEqual(12);
  });

  it('a property of the extended layer only is refused in the paper layer', () => {
    const error = scenarioError(
      withSteps(
        '  - property: { id: FAC, expect: holds }\n',
        HEADER.replace('variant: paper', 'variant: paper\nlayer: paper'),
      ),
    );
    expect(error.field).toBe('step 1 (property).id');
    expect(error.reason).toMatch(/FAC does not apply to this configuration \(the paper layer/);
  });

  it('the CLI exits 2 on an unknown property, naming the file, step and field', async () => {
    const dir = scratch('sesphr-property-');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, withSteps(`${SETUP}  - property: { id: SRS+clod, expect: fails }\n`));
    const { exitCode, output } = await runCli(['simulate', file, '--backend', 'mcl']);
    expect(exitCode).toBe(2);
    expect(output).toMatch(
      /bad\.yaml:15:\d+: step 4 \(property\)\.id: unknown property "SRS\+clod" \(did you mean "SRS\+cloud"\?\)/,
    );
  });
});

describe('a property step on the real cryptography', () => {
  it('a violated read property: the colluding SRS and cloud decrypt the owner’s partition, in real bytes', async () => {
    const { scenario, result } = await run(
      withSteps(`${SETUP}  - property: { id: SRS+cloud, expect: fails }
  - property: { id: SRS, expect: holds }
`),
    );
    expect(result.passed).toBe(true);
    const srsCloud = propertyOf(result.outcomes[3]);
    expect(srsCloud).toMatchObject({ id: 'SRS+cloud', verdict: 'fails', expect: 'fails' });
    // The first violation: the SRS holds R_{l-P} and x_P once the owner sends its parameters; the cloud
    // stores C — on the marking after the firing that completes the pair, during the upload step.
    expect(srsCloud.evidence).toMatchObject({
      step: 3,
      read: { group: ['srs', 'cloud'], equalsOwnerPlaintext: true },
    });
    const read = srsCloud.evidence?.read;
    expect(read?.via).toMatch(
      /^K = e\(R_P, g2\)\^\{1\/x\} with srs's Rp\("f1", \d\) .* and srs's SK\("alice"\), decrypting cloud's C\("f1"\)$/,
    );
    // The report wraps long lines; read it unwrapped.
    const report = formatScenarioReport(scenario, result, 'mcl').replace(/\n\s+/g, ' ');
    expect(report).toMatch(
      /✓ step 4: SRS\+cloud \(the SRS colluding with the cloud reads nothing\), expect fails/,
    );
    expect(report).toMatch(/srs\+cloud read f1\/\w+ with the real cryptography/);
    expect(report).toMatch(
      /recovered \d+ bytes ".*" \(hex [0-9a-f]+…\) — equal to alice's plaintext of f1\/\w+, byte for byte/,
    );
    expect(propertyOf(result.outcomes[4])).toMatchObject({ id: 'SRS', verdict: 'holds' });
    expect(propertyOf(result.outcomes[4]).checked).toMatch(
      /^\d+ markings \(M0 and after each of the \d+ transitions fired\)$/,
    );
  });

  it('the explicit plaintext is what the report shows the coalition recovering', async () => {
    const { result } = await run(
      withSteps(`${SETUP}  - property: { id: SRS+cloud+user, expect: fails }
`),
    );
    const read = propertyOf(result.outcomes[3]).evidence?.read;
    // medical is the first partition of the universe, so the first violation is about it.
    expect(read?.partition).toBe('medical');
    expect(read?.textPrefix).toBe('blood type A+, allergic …');
    expect(read?.equalsOwnerPlaintext).toBe(true);
    expect(read?.group).toEqual(['srs', 'cloud', 'bob']);
  });

  it('a wrong expectation fails the scenario, with the evidence still in the report', async () => {
    const { scenario, result } = await run(
      withSteps(`${SETUP}  - property: { id: SRS+cloud, expect: holds }\n`),
    );
    expect(result.passed).toBe(false);
    expect(result.failedExpectations).toEqual([
      { step: 4, expected: 'property SRS+cloud holds', actual: 'fails', passed: false },
    ]);
    expect(formatScenarioReport(scenario, result, 'mcl')).toMatch(/✗ step 4: SRS\+cloud .*expect holds/);
  });

  it('"so far": a property step before the violation sees it hold; one after it sees it fail', async () => {
    const { result } = await run(
      withSteps(`  - onboard: [alice, bob]
  - property: { id: SRS+cloud, expect: holds }
  - join: { owner: alice, user: bob }
  - upload: f1
  - property: { id: SRS+cloud, expect: fails }
`),
    );
    expect(result.passed).toBe(true);
    expect(propertyOf(result.outcomes[1]).verdict).toBe('holds');
    expect(propertyOf(result.outcomes[4]).verdict).toBe('fails');
  });

  it('a step property counts the firings it checked; a structural one is checked on the rules', async () => {
    const { result } = await run(
      withSteps(`${SETUP}  - request: { user: bob, file: f1, partition: medical }
    expect: granted
  - request: { user: bob, file: f1, partition: personal }
    expect: { refused: notGranted }
  - property: { id: P1, expect: holds }
  - property: { id: LOG, expect: holds }
`),
    );
    expect(result.passed).toBe(true);
    expect(propertyOf(result.outcomes[5])).toMatchObject({ verdict: 'holds', checked: '1 firing of D_R_S' });
    expect(propertyOf(result.outcomes[6])).toMatchObject({ verdict: 'holds', kind: 'structural' });
  });

  it('literal mode: the cloud alone recovers a partition without any key', async () => {
    const { result } = await run(
      withSteps(
        `${SETUP}  - property: { id: CLOUD, expect: fails }\n`,
        HEADER.replace('variant: paper', 'variant: paper\nmode: literal'),
      ),
    );
    expect(result.passed).toBe(true);
    const read = propertyOf(result.outcomes[3]).evidence?.read;
    expect(read).toMatchObject({ group: ['cloud'], equalsOwnerPlaintext: true });
    expect(read?.via).toMatch(
      /^keyless recovery from the ciphertext cloud's C\("f1"\) alone \(literal mode\)$/,
    );
  });

  it('a reachable property: a joiner under all-past reads the past, shown with its bytes', async () => {
    const { result } = await run(
      withSteps(
        `  - onboard: [alice, bob]
  - upload: f1
  - tick: 1
  - join: { owner: alice, user: bob }
  - property: { id: BAC-past, expect: unreachable }
  - download: { user: bob, file: f1 }
  - request: { user: bob, file: f1, partition: medical }
    expect: granted
  - property: { id: BAC-past, expect: reachable }
`,
        HEADER.replace('variant: paper', 'variant: hardened\npastData: all-past'),
      ),
    );
    expect(result.failedExpectations).toEqual([]);
    expect(result.passed).toBe(true);
    const witness = propertyOf(result.outcomes[7]).evidence;
    expect(witness?.read).toMatchObject({
      group: ['bob'],
      file: 'f1',
      partition: 'medical',
      equalsOwnerPlaintext: true,
    });
    expect(witness?.read?.textPrefix).toBe('blood type A+, allergic …');
  });
});

describe('the monitor on properties that are not about reading', () => {
  const extended = `variant: hardened
principals: { alice: owner, bob: family }
access: { alice: { family: [medical] } }
files: { f1: { owner: alice } }
steps:
  - register: [alice, bob]
`;

  it('a violated step property names the firing and its binding; an invariant the instance that breaks it', async () => {
    const scenario = parseScenario(extended, 'monitor.yaml');
    const sim = await Simulation.create({ config: scenario.config, seed: 'monitor', backend: 'mcl' });
    const base = {
      title: 't',
      statement: 's',
      cite: 'c',
      expected: () => 'holds' as const,
      premises: () => [],
    };
    const step = new PropertyMonitor(sim, {
      ...base,
      id: 'NO-BOB',
      kind: 'step',
      transitions: ['Register'],
      condition: () => not(eq(param('p', 'Principal'), lit('Principal', 'bob'))),
    });
    const invariant = new PropertyMonitor(sim, {
      ...base,
      id: 'NOBODY-REGISTERED',
      kind: 'invariant',
      formula: () => forallVars([['p', 'Principal']], not(member(R.registered, param('p', 'Principal')))),
    });
    for (const p of ['alice', 'bob']) {
      const before = sim.marking;
      const record = sim.fire('Register', { p });
      step.afterFire(record, before, 1);
      invariant.afterFire(record, before, 1);
    }
    expect(step.status()).toMatchObject({
      verdict: 'fails',
      checked: '2 firings of Register',
      evidence: { transition: 'Register(p=bob)', firing: 2, step: 1, values: { p: 'bob' } },
    });
    expect(describeStatus(step.status())).toEqual([
      'NO-BOB fails on the run so far — checked on 2 firings of Register',
      'violated by firing #2 Register(p=bob) (step 1)',
      'instance: p=bob',
    ]);
    expect(invariant.status()).toMatchObject({
      verdict: 'fails',
      evidence: { transition: 'Register(p=alice)', firing: 1, values: { p: 'alice' } },
    });
    expect(invariant.status().checked).toBe('3 markings (M0 and after each of the 2 transitions fired)');
  });
});
