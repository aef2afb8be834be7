/**
 * The seeded faults (src/verify/mutants.ts) and the harness that must refute them (src/verify/mutation.ts):
 * every mutant is a well-formed net that differs from the model where it applies and is the model elsewhere;
 * every mutant is killed; and every piece of killing evidence is checked to be real, on the evaluator alone —
 * a counterexample replays on the mutated net and violates the property there, and is no run of the correct
 * model or violates nothing on it; a proof where the model fails is matched by the model's own counterexample
 * showing nothing on the mutant; a lost premise is matched by the model's witness reaching nothing on the
 * mutant; and the correct model gives no evidence at all on the checks that kill the mutants.
 * The fast suite checks three mutants that between them give every kind of evidence; the full suite all of
 * them.
 */
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { PastDataPolicy } from '../../model/config.ts';
import { exists, forall, lit, member, variable } from '../../model/expr/build.ts';
import { holds, type Marking } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { R } from '../../model/vocabulary.ts';
import { PROPERTIES, type Property, type PropertyContext } from '../../properties/index.ts';
import { available } from '../../src/smt/solvers.ts';
import {
  reachesGoal,
  replay,
  type TraceJudge,
  type TraceStep,
  violatesInvariant,
  violatesStep,
} from '../../src/verify/engine.ts';
import {
  MUTANTS,
  MutantError,
  mutantNamed,
  netsDiffer,
  sameExpr,
  scopeOf,
} from '../../src/verify/mutants.ts';
import {
  checkMutants,
  configurationName,
  type KillEvidence,
  killEvidence,
  selectedMutants,
} from '../../src/verify/mutation.ts';
import { netProblems } from '../../src/verify/net-check.ts';
import { type ConfigChoice, verificationConfig } from '../../src/verify/universe.ts';
import { type CheckResult, runJob } from '../../src/verify/verify.ts';
import { FAST } from '../helpers/effort.ts';

const solver = available('native') ? 'native' : 'wasm';
/**
 * Every kind of evidence, each mutant killed in the first configuration it is checked in (registry order):
 * a counterexample (drs-no-acl), a lost premise and a transition that stops firing (reject-never-fires),
 * a proof where the model has a finding and a transition that stops firing (tpa-never-detects).
 */
const FAST_SUBSET = ['drs-no-acl', 'reject-never-fires', 'tpa-never-detects'];

const CHOICES: ConfigChoice[] = (['paper', 'extended'] as const).flatMap((layer) =>
  (['paper', 'hardened'] as const).flatMap((variant) =>
    (['from-join-date', 'all-past'] as const).flatMap((pastData) =>
      (['hybrid', 'literal'] as const).map((mode) => ({ layer, variant, pastData, mode })),
    ),
  ),
);

const choiceOf = (r: CheckResult): ConfigChoice => ({
  layer: r.layer,
  variant: r.variant,
  pastData: r.policy as PastDataPolicy,
  mode: r.mode,
});
const modelNet = (c: ConfigChoice) => buildNet(verificationConfig(c));
const propertyOf = (id: string) => PROPERTIES.find((p) => p.id === id) as Property;
/** Everything about a net a run or a formula can see, for "the input was not changed". */
const snapshot = (net: Net) =>
  JSON.stringify([net.transitions, net.arcs, [...net.interpretation.constants], net.procedures]);

/** How a run shows the property's finding (a violation, or a witness of a reachable property). */
function judgeOf(p: Property, ctx: PropertyContext): TraceJudge {
  if (p.kind === 'step') return violatesStep(ctx.net, p.transitions, p.condition(ctx));
  if (p.kind === 'invariant') return violatesInvariant(ctx.net, p.formula(ctx));
  if (p.kind === 'reachable') return reachesGoal(ctx.net, p.formula(ctx));
  throw new Error(`${p.id} is structural: it has no runs`);
}

/** Does the run fire on the net and show the finding there? (A run the net cannot fire shows nothing.) */
function shows(net: Net, trace: readonly TraceStep[], judge: TraceJudge): boolean {
  let markings: Marking[];
  try {
    markings = replay(net, trace);
  } catch {
    return false;
  }
  return judge(markings, trace);
}

describe('every mutant is a well-formed net that differs from the model where it applies', () => {
  for (const m of MUTANTS) {
    it(m.name, () => {
      let applied = 0;
      for (const choice of CHOICES) {
        const net = modelNet(choice);
        const before = snapshot(net);
        const out = m.apply(net);
        expect(snapshot(net), `${m.name} changed its input in ${configurationName(choice)}`).toBe(before);
        if (!m.appliesTo(scopeOf(net))) {
          expect(out).toBe(net);
          continue;
        }
        applied++;
        expect(netsDiffer(net, out), configurationName(choice)).toBe(true);
        expect(netProblems(out), configurationName(choice)).toEqual([]);
        expect(out.name).toBe(`${net.name}+${m.name}`);
      }
      expect(applied).toBeGreaterThan(0);
      expect(m.description.length).toBeGreaterThan(40);
    });
  }

  it('a mutant that does not match the model it is given is a harness error, not a kill', () => {
    const net = modelNet({ layer: 'extended', variant: 'paper', pastData: 'all-past', mode: 'hybrid' });
    const once = mutantNamed('drs-no-acl').apply(net);
    // The ACL conjunct is gone, so a second application finds nothing to drop.
    expect(() => mutantNamed('drs-no-acl').apply(once)).toThrow(MutantError);
    expect(() => mutantNamed('depart-keeps-key').apply(mutantNamed('depart-keeps-key').apply(net))).toThrow(
      /no update that deletes/,
    );
  });

  it('matches the model’s own conditions up to the names of bound variables', () => {
    const u = variable({ name: 'u', sort: 'Principal' });
    const some = () => exists('Partition', 'i', (i) => member(R.acl, u, u, i));
    expect(sameExpr(some(), some())).toBe(true);
    expect(JSON.stringify(some())).not.toBe(JSON.stringify(some()));
    expect(
      sameExpr(
        some(),
        forall('Partition', 'i', (i) => member(R.acl, u, u, i)),
      ),
    ).toBe(false);
    expect(
      sameExpr(
        some(),
        exists('Partition', 'i', (i) => member(R.acl, u, lit('Principal', 'u1'), i)),
      ),
    ).toBe(false);
    expect(
      sameExpr(
        some(),
        exists('Partition', 'i', () => member(R.acl, u, u, variable({ name: 'i', sort: 'Partition' }))),
      ),
    ).toBe(false);
  });

  it('selects mutants by name and by shard, in registry order', () => {
    const all = MUTANTS.map((m) => m.name);
    expect(selectedMutants({}).map((m) => m.name)).toEqual(all);
    expect(selectedMutants({ mutants: ['reject-never-fires', 'drs-no-acl'] }).map((m) => m.name)).toEqual([
      'drs-no-acl',
      'reject-never-fires',
    ]);
    const shards = [1, 2, 3].map((index) =>
      selectedMutants({ shard: { index, count: 3 } }).map((m) => m.name),
    );
    expect(shards.flat().sort()).toEqual([...all].sort());
    expect(shards[0]).toEqual(all.filter((_, k) => k % 3 === 0));
    expect(() => selectedMutants({ mutants: ['no-such-fault'] })).toThrow(/unknown mutant no-such-fault/);
  });

  it('the well-formedness check rejects an ill-formed net', () => {
    const net = modelNet({ layer: 'extended', variant: 'hardened', pastData: 'all-past', mode: 'hybrid' });
    const [first, ...rest] = net.transitions;
    if (!first) throw new Error('no transitions');
    const bad: Net = {
      ...net,
      transitions: [
        {
          ...first,
          guard: { op: 'rel', sort: 'Bool', rel: 'acl', args: [{ op: 'var', sort: 'File', name: 'x' }] },
        },
        ...rest,
      ],
    };
    const problems = netProblems(bad);
    expect(problems.some((p) => p.includes('acl takes 3 arguments'))).toBe(true);
    expect(problems.some((p) => p.includes('free variable x'))).toBe(true);
    expect(problems.some((p) => p.includes('arcs'))).toBe(true);
  });
});

describe(`every mutant is killed, by evidence that is real (${solver})`, async () => {
  const names = FAST ? FAST_SUBSET : MUTANTS.map((m) => m.name);
  const report = await checkMutants({ mutants: names, solver, jobs: 2 });

  // The correct model on every configuration and property that produced evidence against a mutant.
  const wanted = new Map<string, { choice: ConfigChoice; properties: Set<string> }>();
  for (const m of report.mutants)
    for (const e of m.by) {
      const r = e.result;
      const choice = r
        ? choiceOf(r)
        : (CHOICES.find((c) => e.by.endsWith(`@${configurationName(c)}`)) as ConfigChoice);
      const entry = wanted.get(configurationName(choice)) ?? { choice, properties: new Set<string>() };
      if (r) entry.properties.add(r.property);
      wanted.set(configurationName(choice), entry);
    }
  const correct = new Map<string, Awaited<ReturnType<typeof runJob>>>();
  for (const [name, { choice, properties }] of wanted) {
    // A configuration killed by reachability alone still gets one property, so the job runs its searches.
    const list = properties.size > 0 ? [...properties] : ['P1'];
    correct.set(name, await runJob({ choice, properties: list }, { solver }));
  }
  const correctResult = (r: CheckResult) =>
    correct
      .get(configurationName(choiceOf(r)))
      ?.results.find((x) => x.property === r.property) as CheckResult;

  it('checks the mutants asked for, and kills every one', () => {
    expect(report.mutants.map((m) => m.name)).toEqual(names);
    expect(report.mutants.filter((m) => !m.killed).map((m) => m.name)).toEqual([]);
    expect(report.score).toBe(1);
    for (const m of report.mutants) expect(m.configurations?.length ?? 0, m.name).toBeGreaterThan(0);
  });

  it('the correct model gives no evidence on the checks that kill the mutants', () => {
    expect(correct.size).toBeGreaterThan(0);
    for (const [name, job] of correct) {
      const unreached = job.reachability.unreached.map((t) => `fires ${t}@${name}`);
      expect(killEvidence(job.results, unreached), name).toEqual([]);
    }
  });

  for (const name of names) {
    it(`${name}: its evidence is real`, () => {
      const m = report.mutants.find((x) => x.name === name);
      expect(m?.by.length).toBeGreaterThan(0);
      // Every mutant named in the issue must be refuted by a property, not only by a transition that stops.
      expect(m?.by.some((e) => e.kind !== 'reachability')).toBe(true);
      for (const e of m?.by ?? []) checkEvidence(name, e, correctResult);
    });
  }
});

function checkEvidence(mutant: string, e: KillEvidence, correctResult: (r: CheckResult) => CheckResult) {
  if (e.kind === 'reachability') {
    // The correct model fires every transition in that configuration (its job above reported none unreached).
    expect(e.by).toMatch(/^fires \w+@/);
    return;
  }
  const r = e.result as CheckResult;
  const choice = choiceOf(r);
  const p = propertyOf(r.property);
  const model = modelNet(choice);
  const mutated = mutantNamed(mutant).apply(model);
  const onMutant: PropertyContext = { net: mutated, ...choice };
  const onModel: PropertyContext = { net: model, ...choice };
  const reference = correctResult(r);
  expect(reference.asExpected, `${e.by} on the correct model`).toBe(true);
  if (e.kind === 'vacuity') {
    // The premise the mutant lost: the correct model's witness reaches nothing on the mutant.
    for (const lost of r.vacuity.filter((v) => !v.reached)) {
      const witness = reference.vacuity.find((v) => v.premise === lost.premise);
      expect(witness?.reached, `${e.by}: ${lost.premise} on the model`).toBe(true);
      const premise = p.premises(onMutant).find((x) => x.name === lost.premise);
      expect(premise, lost.premise).toBeDefined();
      expect(shows(mutated, witness?.trace ?? [], reachesGoal(mutated, premise?.formula as never))).toBe(
        false,
      );
    }
    return;
  }
  expect(r.verdict).not.toBe(r.expected);
  if (r.trace) {
    // A counterexample (or witness) of the mutant: it fires on the mutated net and shows the finding there;
    // on the correct model it either cannot fire or shows nothing.
    expect(shows(mutated, r.trace, judgeOf(p, onMutant)), `${e.by} on the mutant`).toBe(true);
    expect(shows(model, r.trace, judgeOf(p, onModel)), `${e.by} on the model`).toBe(false);
  } else {
    // A proof where the model has a finding: the model's own run shows nothing on the mutant.
    expect(['holds', 'unreachable']).toContain(r.verdict);
    expect(reference.trace, `${e.by}: the model's finding`).toBeDefined();
    expect(shows(model, reference.trace ?? [], judgeOf(p, onModel))).toBe(true);
    expect(shows(mutated, reference.trace ?? [], judgeOf(p, onMutant))).toBe(false);
  }
  // The final marking of a state finding is where it shows, on the mutant only.
  if (r.trace && p.kind === 'invariant') {
    const last = replay(mutated, r.trace).at(-1) as Marking;
    expect(holds(p.formula(onMutant), mutated.interpretation, last, new Map())).toBe(false);
  }
}
