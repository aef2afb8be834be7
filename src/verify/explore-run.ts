/**
 * `sesphr explore` as a library call: one configuration's net over a universe, every applicable property
 * as an explorer check (invariants at every state, step properties at every enabled binding, exists-trace
 * properties as goals), breadth-first to the limits, optionally one state per orbit of the users'
 * symmetry. Every trace found is a run of the net (replayed on the model's evaluator by the caller's
 * tests); verdicts are read against each property's expected verdict.
 */
import { buildNet } from '../../model/build.ts';
import type { Net } from '../../model/net.ts';
import { PROPERTIES } from '../../properties/index.ts';
import type { Expected, Property, PropertyContext } from '../../properties/property.ts';
import { type ExploreResult, explore, type Finding, GroundNet } from '../explore/explorer.ts';
import { Symmetry, type SymmetryReport } from '../explore/symmetry.ts';
import { type ConfigChoice, DEFAULT_SIZE, type UniverseSize, verificationConfig } from './universe.ts';

export interface ExploreRunOptions {
  readonly size?: UniverseSize;
  readonly properties?: readonly string[];
  readonly maxDepth?: number;
  readonly maxStates?: number;
  readonly timeLimitMs?: number;
  readonly symmetry?: boolean;
  readonly onProgress?: (states: number, depth: number) => void;
  readonly keepStates?: boolean;
}

/** What the explorer found for one property. */
export interface PropertyOutcome {
  readonly property: string;
  readonly kind: Property['kind'];
  /** violated / reached (with the shortest run), none (nothing found), or skipped (structural). */
  readonly found: 'violated' | 'reached' | 'none' | 'skipped';
  /** The library's verdict words: holds, fails, reachable, unreachable. */
  readonly outcome: Expected | 'unknown';
  readonly expected: Expected;
  readonly asExpected: boolean;
  /** The scope of a "nothing found": every reachable state (exhausted) or those within the depth. */
  readonly scope: 'every reachable state' | 'within the bound' | 'rules';
  readonly finding?: Finding;
}

export interface ExploreRun {
  readonly choice: ConfigChoice;
  readonly net: Net;
  readonly result: ExploreResult;
  readonly symmetry?: SymmetryReport;
  readonly properties: readonly PropertyOutcome[];
}

/** A property that names an interchangeable principal makes symmetry unsound for it. */
export class SymmetryRefused extends Error {
  constructor(readonly blockedBy: SymmetryReport['blockedBy']) {
    super(
      `symmetry reduction refused: ${blockedBy
        .map((b) => `${b.check} is not symmetric in ${b.pair.join(' and ')}`)
        .join('; ')} (a property that names one of the users would not be checked soundly)`,
    );
    this.name = 'SymmetryRefused';
  }
}

export function applicable(choice: ConfigChoice, net: Net, ids?: readonly string[]): Property[] {
  const ctx: PropertyContext = { net, ...choice };
  return PROPERTIES.filter((p) => (!ids || ids.includes(p.id)) && (!p.appliesTo || p.appliesTo(ctx)));
}

export function exploreConfiguration(choice: ConfigChoice, options: ExploreRunOptions = {}): ExploreRun {
  const net = buildNet(verificationConfig(choice, options.size ?? DEFAULT_SIZE));
  const ctx: PropertyContext = { net, ...choice };
  const properties = applicable(choice, net, options.properties);
  const invariants = properties.flatMap((p) =>
    p.kind === 'invariant' ? [{ name: p.id, formula: p.formula(ctx) }] : [],
  );
  const goals = properties.flatMap((p) =>
    p.kind === 'reachable' ? [{ name: p.id, formula: p.formula(ctx) }] : [],
  );
  const steps = properties.flatMap((p) =>
    p.kind === 'step' ? [{ name: p.id, transitions: p.transitions, condition: p.condition(ctx) }] : [],
  );
  const ground = new GroundNet(net, { invariants, goals, steps });
  let symmetry: Symmetry | undefined;
  if (options.symmetry) {
    const users = net.config.principals.filter((x) => x.kind === 'user').map((x) => x.id);
    symmetry = Symmetry.of(ground, users);
    if (symmetry.report.blockedBy.length > 0) throw new SymmetryRefused(symmetry.report.blockedBy);
  }
  const result = explore(
    net,
    {
      invariants,
      goals,
      steps,
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(symmetry ? { symmetry } : {}),
      ...(options.keepStates ? { keepStates: true } : {}),
      exhaustive: true,
    },
    ground,
  );
  const exhausted = result.stats.exhausted;
  // A search cut by its state or time limit decides nothing it did not find.
  const limited = !exhausted && result.stats.stoppedBy !== 'depth';
  const outcomes = properties.map((p): PropertyOutcome => {
    const expected = p.expected(ctx);
    const base = { property: p.id, kind: p.kind, expected };
    if (p.kind === 'structural') {
      const ok = p.check(ctx).length === 0;
      const outcome = ok ? 'holds' : 'fails';
      return { ...base, found: 'skipped', outcome, asExpected: outcome === expected, scope: 'rules' };
    }
    const scope = exhausted ? 'every reachable state' : 'within the bound';
    if (p.kind === 'reachable') {
      const finding = result.witnesses.find((w) => w.name === p.id);
      if (finding)
        return {
          ...base,
          found: 'reached',
          outcome: 'reachable',
          asExpected: expected === 'reachable',
          scope,
          finding,
        };
      const outcome = limited ? 'unknown' : 'unreachable';
      return { ...base, found: 'none', outcome, asExpected: outcome === expected, scope };
    }
    const finding = result.violations.find((v) => v.name === p.id);
    if (finding)
      return {
        ...base,
        found: 'violated',
        outcome: 'fails',
        asExpected: expected === 'fails',
        scope,
        finding,
      };
    const outcome = limited ? 'unknown' : 'holds';
    return { ...base, found: 'none', outcome, asExpected: outcome === expected, scope };
  });
  return {
    choice,
    net,
    result,
    ...(symmetry ? { symmetry: symmetry.report } : {}),
    properties: outcomes,
  };
}
