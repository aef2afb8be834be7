/**
 * What `sesphr simulate` prints (docs/cli/simulate.md): the text report, one JSON array, TAP 14 or
 * JUnit XML. Each reporter turns the run into text in three parts — the start, one chunk per scenario as
 * it finishes (so results stream), and the end — and never sees the simulator itself.
 */

import { plural } from '../../format/words.ts';
import type { Scenario } from '../../scenario/load.ts';
import type { ExpectationResult, ScenarioResult } from '../../scenario/run.ts';
import type { ToolInfo } from '../version.ts';

type JUnitBuilder = import('junit-report-builder').Builder;

export const REPORTERS = ['text', 'json', 'tap', 'junit'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export interface ScenarioTimings {
  /** Reading and checking the scenario file. */
  readonly loadMs: number;
  /** From starting the run to the first step (backend, keys, the net). */
  readonly setupMs: number;
  /** Each step, in order. */
  readonly stepsMs: readonly number[];
  /** The whole run of the scenario (setup and steps). */
  readonly totalMs: number;
}

/** One finished scenario, with everything a reporter may show. */
export interface FinishedScenario {
  readonly index: number;
  readonly scenario: Scenario;
  readonly result: ScenarioResult;
  readonly backend: string;
  /** Present only when the seed may be shown: given with --seed, or --secrets asked for it. */
  readonly seed?: string;
  readonly timings: ScenarioTimings;
  readonly startedAt: Date;
  /** The trace file written for this scenario. */
  readonly trace?: string;
  /** The text report (only the text reporter needs it; made by the caller with the library's formatter). */
  readonly text?: string;
}

export interface RunSummary {
  readonly finished: readonly FinishedScenario[];
  readonly tool: ToolInfo;
  /** Where the traces went (a file for one scenario, a directory for several). */
  readonly traceTarget?: string;
}

export interface Reporter {
  start(count: number): string;
  scenario(finished: FinishedScenario): string;
  end(summary: RunSummary): Promise<string>;
}

/** The expectations of a run, plus one check that stands for conformance (bytes, guards and oracle vs the model). */
export interface Check {
  readonly name: string;
  readonly passed: boolean;
  readonly step?: number;
  readonly expected?: string;
  readonly actual?: string;
  readonly problems?: readonly string[];
}

export const CONFORMANCE_CHECK =
  'conformance: after every step the bytes, guards and oracle agree with the model';

export function checksOf(result: ScenarioResult): Check[] {
  const expectations: Check[] = result.outcomes.flatMap((o) =>
    o.expectations.map((e: ExpectationResult) => ({
      // `step 9: dave can read phr/insurance`, `step 5: dave requests R for phr/medical, expect granted`
      name:
        o.action === 'check' || o.action === 'property'
          ? `step ${e.step}: ${e.expected}`
          : `step ${e.step}: ${o.summary}, expect ${e.expected}`,
      passed: e.passed,
      step: e.step,
      expected: e.expected,
      actual: e.actual,
    })),
  );
  return [
    ...expectations,
    { name: CONFORMANCE_CHECK, passed: result.conformance.length === 0, problems: result.conformance },
  ];
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
/** Milliseconds as seconds to the millisecond, as JUnit's `time` attributes are read. */
const seconds = (ms: number) => Math.round(ms) / 1000;

/** The JSON object of one scenario: what the library reports, plus the tool, the set-up and the timings. */
export function scenarioRecord(finished: FinishedScenario, tool: ToolInfo): Record<string, unknown> {
  const { result, scenario, timings } = finished;
  // Never pass on a seed the library may add to its result: it is shown only when allowed (see `seed`).
  const {
    scenario: name,
    file,
    passed,
    seed: _librarySeed,
    ...rest
  } = result as ScenarioResult & { seed?: unknown };
  return {
    scenario: name,
    file,
    passed,
    tool,
    backend: finished.backend,
    variant: scenario.config.variant,
    layer: scenario.config.layer,
    pastData: scenario.config.pastData,
    mode: scenario.config.mode,
    ...(scenario.config.mode === 'hybrid' ? { aead: scenario.aead } : {}),
    ...(finished.seed === undefined ? {} : { seed: finished.seed }),
    timings: {
      loadMs: round(timings.loadMs),
      setupMs: round(timings.setupMs),
      totalMs: round(timings.totalMs),
      stepsMs: timings.stepsMs.map(round),
    },
    ...(finished.trace === undefined ? {} : { trace: finished.trace }),
    ...rest,
  };
}

/** Lines naming what failed, for the end of the text report. */
export function failureSummary(finished: readonly FinishedScenario[], mark: string): string[] {
  const lines: string[] = [];
  for (const f of finished.filter((x) => !x.result.passed)) {
    lines.push(`  ${f.result.scenario} (${f.result.file})`);
    for (const e of f.result.failedExpectations)
      lines.push(`    ${mark} step ${e.step}: expected ${e.expected}, got ${e.actual}`);
    for (const problem of f.result.conformance) lines.push(`    ${mark} conformance: ${problem}`);
  }
  return lines;
}

export function textReporter(): Reporter {
  return {
    start: () => '',
    scenario: (f) => `${f.text ?? ''}\n`,
    end: async ({ finished, traceTarget }) => {
      const passed = finished.filter((f) => f.result.passed).length;
      const lines = [`${passed} of ${plural(finished.length, 'scenario')} passed`];
      if (passed < finished.length) lines.push('Failed:', ...failureSummary(finished, '✗'));
      if (traceTarget !== undefined) {
        const traces = finished.filter((f) => f.trace !== undefined).length;
        lines.push(`Wrote ${plural(traces, 'trace')} to ${traceTarget}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** The same text as `JSON.stringify(records, null, 2)`, written one element at a time. */
export function jsonReporter(tool: ToolInfo): Reporter {
  let first = true;
  return {
    start: () => '[\n',
    scenario: (f) => {
      const element = JSON.stringify(scenarioRecord(f, tool), null, 2).replace(/^/gm, '  ');
      const chunk = `${first ? '' : ',\n'}${element}`;
      first = false;
      return chunk;
    },
    end: async () => '\n]\n',
  };
}

/** A TAP description: one line, and `#` escaped (it would start a directive). */
const tapText = (text: string) => text.replace(/\s+/g, ' ').replace(/\\/g, '\\\\').replace(/#/g, '\\#');

type YamlStringify = (value: unknown) => string;

/** A YAML diagnostics block, indented under its test point (TAP 14). */
const tapYaml = (yamlStringify: YamlStringify, fields: Record<string, unknown>, indent: string) =>
  `${indent}  ---\n${yamlStringify(fields)
    .trimEnd()
    .split('\n')
    .map((l) => `${indent}  ${l}`)
    .join('\n')}\n${indent}  ...\n`;

/** TAP version 14: each scenario a subtest, each expectation (and conformance) a test point inside it. */
export function tapReporter(yamlStringify: YamlStringify): Reporter {
  return {
    start: (count) => `TAP version 14\n# sesphr simulate: ${plural(count, 'scenario')}\n`,
    scenario: (f) => {
      const checks = checksOf(f.result);
      const inner = '    ';
      let text = `# Subtest: ${tapText(f.result.scenario)}\n${inner}1..${checks.length}\n`;
      checks.forEach((check, k) => {
        text += `${inner}${check.passed ? 'ok' : 'not ok'} ${k + 1} - ${tapText(check.name)}\n`;
        if (!check.passed) {
          text += tapYaml(
            yamlStringify,
            check.problems
              ? { message: 'the run did not conform to the model', problems: [...check.problems] }
              : {
                  message: `expected ${check.expected}, got ${check.actual}`,
                  expected: check.expected,
                  actual: check.actual,
                  step: check.step,
                },
            inner,
          );
        }
      });
      text += `${f.result.passed ? 'ok' : 'not ok'} ${f.index} - ${tapText(f.result.scenario)}\n`;
      text += tapYaml(
        yamlStringify,
        {
          file: f.result.file,
          backend: f.backend,
          variant: f.scenario.config.variant,
          ...(f.seed === undefined ? {} : { seed: f.seed }),
          duration_ms: round(f.timings.totalMs),
        },
        '',
      );
      return text;
    },
    end: async ({ finished }) => {
      const passed = finished.filter((f) => f.result.passed).length;
      return `1..${finished.length}\n# ${passed} of ${plural(finished.length, 'scenario')} passed\n`;
    },
  };
}

/** JUnit XML (the Jenkins / Ant dialect CI servers read): each scenario a testsuite, each check a testcase. */
export async function junitXml(summary: RunSummary): Promise<string> {
  // The package is CommonJS whose module.exports is the builder; its types describe an ES default export.
  const { default: junit } = (await import('junit-report-builder')) as unknown as { default: JUnitBuilder };
  const builder = junit.newBuilder().name(`${summary.tool.name} simulate`);
  for (const f of summary.finished) {
    const suite = builder
      .testSuite()
      .name(f.result.scenario)
      .timestamp(f.startedAt)
      .time(seconds(f.timings.totalMs))
      .property('file', f.result.file)
      .property('backend', f.backend)
      .property('variant', f.scenario.config.variant)
      .property('layer', f.scenario.config.layer)
      .property('mode', f.scenario.config.mode)
      .property('tool', `${summary.tool.name} ${summary.tool.version}`);
    if (f.seed !== undefined) suite.property('seed', f.seed);
    for (const check of checksOf(f.result)) {
      const testCase = suite.testCase().className(f.result.scenario).name(check.name).file(f.result.file);
      const stepMs = check.step === undefined ? undefined : f.timings.stepsMs[check.step - 1];
      if (stepMs !== undefined) testCase.time(seconds(stepMs));
      if (!check.passed) {
        if (check.problems) {
          const [first] = check.problems;
          testCase
            .failure(
              `${plural(check.problems.length, 'conformance problem')}, the first: ${first}`,
              'conformance',
            )
            .stacktrace(check.problems.join('\n'));
        } else testCase.failure(`expected ${check.expected}, got ${check.actual}`, 'expectation');
      }
    }
  }
  return builder.build();
}

export function junitReporter(): Reporter {
  return {
    start: () => '',
    scenario: () => '',
    end: async (summary) => `${await junitXml(summary)}\n`,
  };
}

export async function reporterFor(name: ReporterName, tool: ToolInfo): Promise<Reporter> {
  switch (name) {
    case 'text':
      return textReporter();
    case 'json':
      return jsonReporter(tool);
    case 'tap':
      return tapReporter((await import('yaml')).stringify);
    case 'junit':
      return junitReporter();
  }
}
