/**
 * The mutation harness: every seeded fault of src/verify/mutants.ts is verified like the real model, and
 * a mutant is killed when the verifier's report on it deviates from what the correct model gives — a
 * property with an unexpected verdict (a counterexample where a proof was expected, or a proof where a
 * counterexample was), a premise no longer reachable (vacuity), or a transition that no longer fires.
 * A mutant no evidence kills is a missing property (docs/verification.md, "Mutants").
 */
import { MUTANTS, type Mutant } from './mutants.ts';
import { type CheckResult, type VerifyOptions, verify } from './verify.ts';

/** One piece of evidence that a mutant is not the model. */
export interface KillEvidence {
  /** `property@layer/variant/policy/mode`, or `fires T@…` for a transition that stopped firing. */
  readonly by: string;
  readonly kind: 'verdict' | 'vacuity' | 'reachability';
  /** What was found, in words (e.g. "fails (expected holds), 4-step counterexample"). */
  readonly detail: string;
  /** The result that deviated (absent for reachability evidence). */
  readonly result?: CheckResult;
}

export interface MutantResult {
  readonly name: string;
  readonly description: string;
  readonly killed: boolean;
  readonly by: readonly KillEvidence[];
  readonly ms: number;
}

export interface MutationReport {
  readonly mutants: readonly MutantResult[];
  /** Killed / total. */
  readonly score: number;
}

const where = (r: CheckResult) => `${r.property}@${r.layer}/${r.variant}/${r.policy}/${r.mode}`;

/** The evidence in one verification report of the mutated model. */
export function killEvidence(results: readonly CheckResult[], unreached: readonly string[]): KillEvidence[] {
  const out: KillEvidence[] = [];
  for (const r of results) {
    if (r.verdict !== r.expected) {
      const trace = r.trace
        ? `, ${r.trace.length}-step ${r.verdict === 'fails' ? 'counterexample' : 'witness'}`
        : '';
      out.push({
        by: where(r),
        kind: 'verdict',
        detail: `${r.verdict} (expected ${r.expected})${trace}`,
        result: r,
      });
    } else if (!r.asExpected) {
      const lost = r.vacuity.filter((v) => !v.reached).map((v) => v.premise);
      out.push({
        by: where(r),
        kind: 'vacuity',
        detail: `premise unreachable: ${lost.join('; ')}`,
        result: r,
      });
    }
  }
  for (const t of unreached) out.push({ by: t, kind: 'reachability', detail: 'transition never fires' });
  return out;
}

export interface MutationOptions extends Omit<VerifyOptions, 'mutant' | 'onResult'> {
  /** Check only these mutants (by name); all by default. */
  readonly mutants?: readonly string[];
  readonly onMutant?: (result: MutantResult) => void;
}

/** Verifies every mutant (or the named ones) and reports which are killed and by what. */
export async function checkMutants(options: MutationOptions = {}): Promise<MutationReport> {
  const { mutants: names, onMutant, ...verifyOptions } = options;
  const known = new Set(MUTANTS.map((m) => m.name));
  for (const n of names ?? []) if (!known.has(n)) throw new RangeError(`unknown mutant ${n}`);
  const selected: readonly Mutant[] = names ? MUTANTS.filter((m) => names.includes(m.name)) : MUTANTS;
  const mutants: MutantResult[] = [];
  for (const m of selected) {
    const start = performance.now();
    const report = await verify({ ...verifyOptions, mutant: m.name });
    const unreached = report.reachability.flatMap((r) =>
      r.unreached.map((t) => `fires ${t}@${r.layer}/${r.variant}/${r.policy}/${r.mode}`),
    );
    const by = killEvidence(report.results, unreached);
    const result: MutantResult = {
      name: m.name,
      description: m.description,
      killed: by.length > 0,
      by,
      ms: performance.now() - start,
    };
    mutants.push(result);
    onMutant?.(result);
  }
  const killed = mutants.filter((m) => m.killed).length;
  return { mutants, score: mutants.length === 0 ? 0 : killed / mutants.length };
}
