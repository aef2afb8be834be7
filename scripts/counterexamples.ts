/**
 * Regenerates the counterexamples shipped in scenarios/ (docs/counterexamples.md): runs `verify()` with
 * the default options, and for every result that fails or is reachable as expected writes the scenario
 * `scenarios/NN-cx-….yaml` and its ITF trace `scenarios/itf/NN-cx-….itf.json` (NN from 40, in the
 * verifier's order), after removing the previous ones. test/verify/counterexamples.test.ts checks that the
 * committed files still match what the verifier finds and still show the violation on the real
 * cryptography.
 *
 *   npm run counterexamples [-- --solver native|wasm|cvc5] [--jobs N] [--out DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SolverName } from '../src/smt/solvers.ts';
import { counterexampleFiles } from '../src/verify/counterexample.ts';
import { verificationConfig } from '../src/verify/universe.ts';
import { type CheckResult, verify } from '../src/verify/verify.ts';

/** Shipped counterexamples are numbered from here, after the hand-written scenarios. */
export const FIRST_NUMBER = 40;
/** `40-cx-srs-cloud-paper-paper-from-join-date-hybrid.yaml` → its stem without the number. */
export const COUNTEREXAMPLE_FILE = /^(\d+)-(cx-.+)\.yaml$/;

export interface PlannedFile {
  readonly result: CheckResult;
  /** `NN-<name>`: the scenario is `<stem>.yaml` in scenarios/, the trace `itf/<stem>.itf.json`. */
  readonly stem: string;
  readonly name: string;
  readonly scenario: string;
  readonly itf: string;
}

/** The results a counterexample is shipped for: a trace that shows the expected failure or witness. */
export function shipped(result: CheckResult): boolean {
  return (
    result.asExpected &&
    result.trace !== undefined &&
    (result.verdict === 'fails' || result.verdict === 'reachable')
  );
}

export function plannedFiles(results: readonly CheckResult[]): PlannedFile[] {
  return results.filter(shipped).map((result, k) => {
    const config = verificationConfig({
      layer: result.layer,
      variant: result.variant,
      pastData: result.policy,
      mode: result.mode,
    });
    const files = counterexampleFiles(result, config);
    return { result, stem: `${FIRST_NUMBER + k}-${files.name}`, ...files };
  });
}

function defaultSolver(): SolverName {
  return spawnSync('z3', ['-version'], { stdio: 'ignore' }).status === 0 ? 'native' : 'wasm';
}

async function main(argv: readonly string[]): Promise<void> {
  const option = (name: string) => {
    const k = argv.indexOf(`--${name}`);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const out = option('out') ?? 'scenarios';
  const solver = (option('solver') as SolverName | undefined) ?? defaultSolver();
  const jobs = Number(option('jobs') ?? 1);
  const start = performance.now();
  const report = await verify({ solver, jobs });
  const planned = plannedFiles(report.results);
  const itfDir = join(out, 'itf');
  mkdirSync(itfDir, { recursive: true });
  for (const name of readdirSync(out)) if (COUNTEREXAMPLE_FILE.test(name)) rmSync(join(out, name));
  for (const name of readdirSync(itfDir)) if (/^\d+-cx-.+\.itf\.json$/.test(name)) rmSync(join(itfDir, name));
  for (const file of planned) {
    writeFileSync(join(out, `${file.stem}.yaml`), file.scenario);
    writeFileSync(join(itfDir, `${file.stem}.itf.json`), file.itf);
  }
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.log(
    `${planned.length} counterexamples from ${report.results.length} results (${report.jobs} configurations, solver ${solver}, ${seconds} s) written to ${out}/ and ${itfDir}/`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
