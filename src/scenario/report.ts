/** The readable report of a scenario run: a step table, who can read what, expectations, conformance. */
import { formatTable } from '../format/table.ts';
import type { Scenario } from './load.ts';
import type { ScenarioResult, StepOutcome } from './run.ts';

/** `Register, Authorize, Register` → `Register ×2, Authorize` (first-firing order, with counts). */
export function compactTransitions(names: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, count]) => (count > 1 ? `${name} ×${count}` : name)).join(', ');
}

/** Wraps prose to a width, indenting continuation lines. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

function outcomeCell(outcome: StepOutcome): string {
  const own = outcome.expectations.filter((e) => !e.expected.includes(' read'));
  const mark = own.length === 0 ? '' : own.every((e) => e.passed) ? ' ✓' : ' ✗';
  return `${outcome.outcome}${mark}`;
}

/** `+bob: f1/medical; -erin: f2/*`, one entry per group and sign. */
function readersCell(outcome: StepOutcome, partitions: readonly string[]): string {
  const entries: string[] = [];
  for (const [sign, list] of [
    ['+', outcome.gained],
    ['-', outcome.lost],
  ] as const) {
    const byGroup = new Map<string, string[]>();
    for (const entry of list) {
      const [group, target] = entry.split(': ') as [string, string];
      byGroup.set(group, [...(byGroup.get(group) ?? []), target]);
    }
    for (const [group, targets] of byGroup)
      entries.push(`${sign}${group}: ${summarizeTargets(targets, partitions)}`);
  }
  return entries.join('; ');
}

/** Collapses `f/a, f/b, …` to `f/*` when a group reads every partition of f. */
function summarizeTargets(targets: readonly string[], partitions: readonly string[]): string {
  const byFile = new Map<string, string[]>();
  for (const t of targets) {
    const [file, partition] = t.split('/') as [string, string];
    byFile.set(file, [...(byFile.get(file) ?? []), partition]);
  }
  return [...byFile]
    .map(([file, parts]) =>
      parts.length === partitions.length
        ? `${file}/*`
        : parts
            .sort()
            .map((p) => `${file}/${p}`)
            .join(', '),
    )
    .join(', ');
}

export function formatScenarioReport(scenario: Scenario, result: ScenarioResult, backend: string): string {
  const { config } = scenario;
  const lines: string[] = [];
  lines.push(
    `━━ ${result.scenario} (${result.file})`,
    `   variant ${config.variant}, ${config.layer} layer, past data ${config.pastData}, ${config.mode}` +
      `${config.mode === 'hybrid' ? ` (${scenario.aead})` : ''}, backend ${backend}`,
  );
  if (scenario.description) lines.push(wrap(scenario.description, 100, '   '));
  lines.push('');
  const rows = result.outcomes.map((o) => [
    String(o.index),
    o.summary,
    compactTransitions(o.fired.map((f) => f.transition)),
    outcomeCell(o),
    readersCell(o, config.partitions),
  ]);
  lines.push(
    formatTable(['#', 'step', 'transitions fired', 'outcome', 'readers gained (+) / lost (-)'], rows),
    '',
  );

  lines.push('Who can read what (model and real decryption agree unless reported below):');
  const readerRows = Object.entries(result.readers).map(([group, targets]) => [
    group,
    targets.length === 0 ? '—' : summarizeTargets(targets, config.partitions),
  ]);
  lines.push(formatTable(['principal / coalition', 'reads'], readerRows), '');

  const properties = result.outcomes.filter((o) => o.property);
  if (properties.length > 0) {
    lines.push('Properties (the model on every state of the run so far; reads decided by real decryption):');
    for (const o of properties) {
      const p = o.property as NonNullable<StepOutcome['property']>;
      const mark = p.verdict === p.expect ? '✓' : '✗';
      lines.push(`  ${mark} step ${o.index}: ${p.id} (${p.title}), expect ${p.expect}`);
      for (const line of p.lines) lines.push(wrap(line, 104, '      '));
    }
    lines.push('');
  }

  const expectations = result.outcomes.flatMap((o) => o.expectations);
  lines.push(
    `Expectations: ${expectations.filter((e) => e.passed).length} passed, ${result.failedExpectations.length} failed`,
  );
  for (const failed of result.failedExpectations) {
    lines.push(`  ✗ step ${failed.step}: expected ${failed.expected}, got ${failed.actual}`);
  }
  if (result.conformance.length === 0) {
    lines.push(
      'Conformance: after every step the bytes matched the marking, the guards agreed and the oracle agreed with the model',
    );
  } else {
    lines.push(`Conformance: ${result.conformance.length} problem(s)`);
    for (const problem of result.conformance) lines.push(`  ✗ ${problem}`);
  }
  lines.push(result.passed ? 'PASS' : 'FAIL', '');
  return lines.join('\n');
}
