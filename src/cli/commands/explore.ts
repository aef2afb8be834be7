/**
 * `sesphr explore`: breadth-first enumeration of the reachable markings of the net over a universe,
 * every property checked in each state, with TLC-style statistics (docs/cli/explore.md). Exit 0 when
 * every property's result is as expected, 1 otherwise, 2 on bad input.
 */
import type { Argv } from 'yargs';
import { formatTable } from '../../format/table.ts';
import { plural } from '../../format/words.ts';
import type { ExploreRun, PropertyOutcome } from '../../verify/explore-run.ts';
import type { ConfigChoice } from '../../verify/universe.ts';
import { type Args, optionFlag, optionText, parseWholeNumber, UsageError } from '../args.ts';
import type { ExitCode } from '../command.ts';
import type { CliIO } from '../io.ts';
import { flagOption, numberOption } from '../options.ts';
import { textStyle } from '../terminal.ts';
import { toolInfo } from '../version.ts';
import { countProgress } from './count-progress.ts';
import {
  configurationFlags,
  type DimensionDefaults,
  parseDimensions,
  parsePropertyIds,
  parseUniverseSize,
  universeFlags,
} from './model-flags.ts';

/** One configuration, the paper's own net, unless asked for more. */
const EXPLORE_DEFAULTS: DimensionDefaults = {
  variant: 'paper',
  policy: 'from-join-date',
  mode: 'hybrid',
  layer: 'paper',
};

const DEFAULT_MAX_STATES = 1_000_000;

export function builder(yargs: Argv): Argv {
  let y: Argv = yargs.usage(
    '$0 explore [options]\n\n' +
      'Enumerate the reachable markings breadth-first (explicit-state, as TLC does) with every property\n' +
      'checked in each state; print distinct states, transitions, depth, states/s, memory, whether the\n' +
      'space was exhausted, and a shortest run for each violation.',
  );
  const g = 'Configuration:';
  y = configurationFlags(y, EXPLORE_DEFAULTS, g);
  const u = 'Universe and limits:';
  y = universeFlags(y, u);
  y = numberOption(y, 'depth', {
    describe: 'expand no state deeper than D steps',
    defaultDescription: 'no limit',
    group: u,
  });
  y = numberOption(y, 'max-states', {
    describe: 'stop after S distinct states',
    defaultDescription: String(DEFAULT_MAX_STATES),
    group: u,
  });
  y = numberOption(y, 'timeout', {
    describe: 'stop after this many seconds',
    defaultDescription: 'no limit',
    group: u,
  });
  y = flagOption(
    y,
    'symmetry',
    'one state per orbit of interchangeable users (same role, same initial marking)',
  );
  y = flagOption(y, 'json', 'print one JSON report');
  y = flagOption(y, 'quiet', 'no progress bar (it is shown only when standard error is a terminal)', 'q');
  y = flagOption(y, 'ascii', 'plain ASCII text (the default when the locale is not UTF-8)');
  return y
    .example('$0 explore', 'the paper layer, paper variant, default universe')
    .example('$0 explore --layer extended --depth 8', 'the extended net to 8 steps')
    .example('$0 explore --users 3 --symmetry', 'u1 and u3 (both family) are interchangeable');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function run(args: Args, io: CliIO): Promise<ExitCode> {
  const [{ PROPERTIES }, { describeUniverse }, explorer] = await Promise.all([
    import('../../../properties/index.ts'),
    import('../../verify/universe.ts'),
    import('../../verify/explore-run.ts'),
  ]);
  const { layers, variants, policies, modes } = parseDimensions(args, EXPLORE_DEFAULTS);
  const properties = parsePropertyIds(
    args,
    PROPERTIES.map((p) => p.id),
  );
  const whole = (name: string, min: number, max: number, fallback: number | undefined) => {
    const text = optionText(args, name);
    return text === undefined ? fallback : parseWholeNumber(text, name, min, max);
  };
  const size = parseUniverseSize(args);
  const depth = whole('depth', 0, 1000, undefined);
  const maxStates = whole('max-states', 1, 50_000_000, DEFAULT_MAX_STATES) as number;
  const timeout = whole('timeout', 1, 86_400, undefined);
  const symmetry = optionFlag(args, 'symmetry');
  const json = optionFlag(args, 'json');
  const style = textStyle(io, { ascii: optionFlag(args, 'ascii') });
  const [yes, no] = style.ascii ? ['ok', 'x'] : ['✓', '✗'];

  const choices: ConfigChoice[] = [];
  for (const layer of layers)
    for (const variant of variants)
      for (const pastData of layer === 'paper' ? (['from-join-date'] as const) : policies)
        for (const mode of modes) choices.push({ layer, variant, pastData, mode });

  const progress = countProgress(io, {
    quiet: optionFlag(args, 'quiet'),
    unicode: !style.ascii,
    label: 'explore',
    total: 1,
  });
  const runs: ExploreRun[] = [];
  try {
    for (const choice of choices) {
      const label = `${choice.layer}/${choice.variant}/${choice.pastData}/${choice.mode}`;
      try {
        runs.push(
          explorer.exploreConfiguration(choice, {
            size,
            ...(properties ? { properties } : {}),
            ...(depth === undefined ? {} : { maxDepth: depth }),
            maxStates,
            ...(timeout === undefined ? {} : { timeLimitMs: timeout * 1000 }),
            symmetry,
            onProgress: (states, d) => progress.set(states, `${label} depth ${d}`),
          }),
        );
      } catch (error) {
        if (error instanceof explorer.SymmetryRefused)
          throw new UsageError(`--symmetry: ${label}: ${error.message}`);
        throw error;
      }
    }
  } finally {
    progress.stop();
  }
  const passed = runs.every((r) => r.properties.every((p) => p.asExpected));
  const universe = describeUniverse(size);
  if (json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          tool: { ...toolInfo() },
          universe,
          size,
          depth: depth ?? null,
          maxStates,
          symmetry,
          configurations: runs.map((r) => ({
            layer: r.choice.layer,
            variant: r.choice.variant,
            policy: r.choice.pastData,
            mode: r.choice.mode,
            stats: {
              ...r.result.stats,
              ms: Math.round(r.result.stats.ms),
              statesPerSecond: Math.round(r.result.stats.statesPerSecond),
            },
            ...(r.symmetry ? { symmetryClasses: r.symmetry.classes } : {}),
            properties: r.properties.map((p) => propertyJson(p)),
          })),
          passed,
        },
        null,
        2,
      )}\n`,
    );
    return passed ? 0 : 1;
  }
  const out: string[] = [];
  for (const r of runs) {
    const s = r.result.stats;
    const sym = r.symmetry
      ? r.symmetry.classes.length
        ? `symmetry: ${r.symmetry.classes.map((c) => c.join(' ~ ')).join(', ')} (group of order ${r.symmetry.order}; counts are orbits)`
        : 'symmetry: no interchangeable users in this universe (no two users share a role): no reduction'
      : 'symmetry: off';
    out.push(
      `sesphr explore: ${r.choice.layer} layer, ${r.choice.variant} variant, ${r.choice.pastData}, ${r.choice.mode}; ${universe}`,
      sym,
      `${s.states.toLocaleString('en-US')} distinct states found, ${s.transitions.toLocaleString('en-US')} transitions (edges); depth ${s.depth}; ${Math.round(s.statesPerSecond).toLocaleString('en-US')} states/s over ${(s.ms / 1000).toFixed(2)} s`,
      `memory: heap ${mb(s.heapBytes)}, RSS ${mb(s.memoryBytes)}; ${s.bits} state bits, ${s.groundTransitions} ground transitions`,
      s.exhausted
        ? 'the state space was exhausted: every reachable state was checked'
        : `the state space was NOT exhausted: stopped by ${s.stoppedBy === 'depth' ? `the depth bound (--depth ${depth})` : s.stoppedBy === 'states' ? `the state limit (--max-states ${maxStates})` : s.stoppedBy === 'time' ? `the time limit (--timeout ${timeout})` : 'its checks'}`,
      '',
      formatTable(
        ['property', 'kind', 'result', 'expected', '', 'run'],
        r.properties.map((p) => [
          p.property,
          p.kind,
          resultWords(p),
          p.expected,
          p.asExpected ? yes : no,
          p.finding ? plural(p.finding.trace.length, 'step') : '',
        ]),
      ),
    );
    for (const p of r.properties.filter((x) => x.finding)) {
      out.push('', `shortest run: ${p.property} ${p.found}`);
      p.finding?.trace.forEach((step, k) => {
        const binding = Object.entries(step.binding)
          .map(([name, value]) => `${name}=${String(value)}`)
          .join(', ');
        out.push(`  ${String(k + 1).padStart(2)}  ${step.transition}(${binding})`);
      });
    }
    out.push('');
  }
  const total = runs.reduce((n, r) => n + r.properties.length, 0);
  const good = runs.reduce((n, r) => n + r.properties.filter((p) => p.asExpected).length, 0);
  out.push(
    `${good} of ${plural(total, 'result')} as expected in ${plural(runs.length, 'configuration')}${passed ? '' : ' — FAILED'}`,
  );
  io.stdout.write(`${out.join('\n')}\n`);
  return passed ? 0 : 1;
}

function resultWords(p: PropertyOutcome): string {
  if (p.found === 'skipped') return `${p.outcome} (checked on the rules)`;
  if (p.found === 'violated') return 'violated';
  if (p.found === 'reached') return 'reached';
  if (p.outcome === 'unknown') return 'unknown (a limit stopped the search)';
  const what = p.kind === 'reachable' ? 'not reached' : 'no violation';
  return `${what} (${p.scope})`;
}

function propertyJson(p: PropertyOutcome) {
  return {
    property: p.property,
    kind: p.kind,
    found: p.found,
    outcome: p.outcome,
    expected: p.expected,
    asExpected: p.asExpected,
    scope: p.scope,
    ...(p.finding ? { trace: p.finding.trace } : {}),
  };
}
