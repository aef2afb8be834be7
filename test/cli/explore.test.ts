/**
 * `sesphr explore` in process (docs/cli/explore.md): TLC-style statistics, verdicts against the expected
 * ones (exit 0/1), shortest runs that replay on the model, an exhausted space on a tiny universe, symmetry
 * (fewer states, same verdicts), and exit 2 on bad input.
 */
import { describe, expect, it } from 'vitest';
import { buildNet, holds } from '../../model/index.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { runCli } from '../../src/cli/main.ts';
import { replay } from '../../src/verify/engine.ts';
import { verificationConfig } from '../../src/verify/universe.ts';

async function exploreJson(args: readonly string[]) {
  const r = await runCli(['explore', ...args, '--json']);
  return { code: r.exitCode, report: JSON.parse(r.stdout), stderr: r.stderr };
}

describe('sesphr explore', () => {
  it('prints the statistics, the results and a shortest run per violation; exit 0', async () => {
    const { exitCode, stdout, stderr } = await runCli(['explore', '--depth', '9']);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(
      /^[\d,]+ distinct states found, [\d,]+ transitions \(edges\); depth 9; [\d,]+ states\/s/m,
    );
    expect(stdout).toMatch(/^memory: heap [\d.]+ MiB, RSS [\d.]+ MiB/m);
    expect(stdout).toMatch(/the state space was NOT exhausted: stopped by the depth bound \(--depth 9\)/);
    expect(stdout).toMatch(/^SRS\+cloud\s+invariant\s+violated\s+fails\s+✓\s+9 steps$/m);
    expect(stdout).toMatch(/^shortest run: SRS\+cloud violated$/m);
    expect(stdout).toMatch(/^ {3}9 {2}Send_Ri\(f=f1, l=0\)$/m);
  });

  it('--json: statistics and per-property results; every run replays and shows its violation', async () => {
    const { code, report } = await exploreJson(['--depth', '9', '--mode', 'all']);
    expect(code).toBe(0);
    expect(report.passed).toBe(true);
    expect(report.configurations).toHaveLength(2);
    for (const c of report.configurations) {
      expect(c.stats).toMatchObject({ depth: 9, exhausted: false, stoppedBy: 'depth', symmetryOrder: 1 });
      expect(c.stats.states).toBeGreaterThan(100);
      expect(c.stats.transitions).toBeGreaterThan(c.stats.states);
      expect(c.stats.heapBytes).toBeGreaterThan(0);
      const choice = { layer: c.layer, variant: c.variant, pastData: c.policy, mode: c.mode };
      const net = buildNet(verificationConfig(choice));
      for (const p of c.properties.filter((x: { found: string }) => x.found === 'violated')) {
        const property = PROPERTIES.find((x) => x.id === p.property);
        if (property?.kind !== 'invariant') continue;
        const markings = replay(net, p.trace);
        const formula = property.formula({ net, ...choice });
        expect(holds(formula, net.interpretation, markings.at(-1) as never, new Map())).toBe(false);
        expect(markings.slice(0, -1).every((m) => holds(formula, net.interpretation, m, new Map()))).toBe(
          true,
        );
      }
    }
    // Literal mode: the cloud reads without a key (7 steps), a failure the hybrid mode does not have.
    const literal = report.configurations.find((c: { mode: string }) => c.mode === 'literal');
    expect(literal.properties.find((p: { property: string }) => p.property === 'CLOUD')).toMatchObject({
      found: 'violated',
      outcome: 'fails',
      expected: 'fails',
      asExpected: true,
    });
  });

  it('exhausts a tiny universe: every result is about every reachable state', async () => {
    const { code, report } = await exploreJson(['--users', '1', '--partitions', '1', '--times', '1']);
    expect(code).toBe(0);
    const [c] = report.configurations;
    expect(c.stats.exhausted).toBe(true);
    expect(c.stats).not.toHaveProperty('stoppedBy');
    for (const p of c.properties) if (p.found === 'none') expect(p.scope).toBe('every reachable state');
  });

  it('--symmetry: fewer states with two interchangeable users, the same verdicts', async () => {
    const args = ['--users', '3', '--times', '2', '--depth', '9'];
    const plain = await exploreJson(args);
    const reduced = await exploreJson([...args, '--symmetry']);
    expect(reduced.code).toBe(0);
    const [p] = plain.report.configurations;
    const [s] = reduced.report.configurations;
    expect(s.symmetryClasses).toEqual([['u1', 'u3']]);
    expect(s.stats.symmetryOrder).toBe(2);
    expect(s.stats.states).toBeLessThan(p.stats.states);
    const verdicts = (c: { properties: { property: string; outcome: string }[] }) =>
      c.properties.map((x) => [x.property, x.outcome]);
    expect(verdicts(s)).toEqual(verdicts(p));
    const text = await runCli(['explore', ...args, '--symmetry']);
    expect(text.stdout).toMatch(/^symmetry: u1 ~ u3 \(group of order 2; counts are orbits\)$/m);
    const none = await runCli(['explore', '--depth', '2', '--symmetry']);
    expect(none.stdout).toMatch(/no interchangeable users in this universe/);
  });

  it('exit 1 when an expected failure is not found within the depth', async () => {
    const { code, report } = await exploreJson(['--property', 'SRS+cloud', '--depth', '3']);
    expect(code).toBe(1);
    expect(report.configurations[0].properties[0]).toMatchObject({
      property: 'SRS+cloud',
      found: 'none',
      outcome: 'holds',
      expected: 'fails',
      asExpected: false,
    });
  });

  it('a state limit leaves the results unknown, never a pass', async () => {
    const { code, report } = await exploreJson(['--property', 'CLOUD', '--max-states', '50']);
    expect(code).toBe(1);
    const [c] = report.configurations;
    expect(c.stats).toMatchObject({ exhausted: false, stoppedBy: 'states' });
    expect(c.properties[0]).toMatchObject({ outcome: 'unknown', asExpected: false });
  });

  it('exit 2 on bad input, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--users', '9'], /--users: expected 1 to 4, got 9/],
      [['--property', 'CLOUDS'], /--property: unknown property "CLOUDS" \(did you mean "CLOUD"\?\)/],
      [['--layer', 'full'], /--layer: expected one of paper, extended, all/],
      [['--depth', '-1'], /--depth: expected a whole number/],
      [['--max-states', '0'], /--max-states: expected 1 to/],
      [['--symetry'], /Unknown argument: symetry \(there is no --symetry; did you mean --symmetry\?\)/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['explore', ...args]);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
