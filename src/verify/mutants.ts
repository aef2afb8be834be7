/**
 * Seeded faults: each mutant is a transformation of the net (a guard weakened, an update dropped, a rule
 * of knowledge removed) that some property must refute. `sesphr verify --mutants` checks every one and
 * reports the mutation score; a mutant no property kills is a missing property.
 */
import type { Net } from '../../model/net.ts';

export interface Mutant {
  readonly name: string;
  /** The fault in words, and what a correct model does instead. */
  readonly description: string;
  readonly apply: (net: Net) => Net;
}

export const MUTANTS: readonly Mutant[] = [];

export function mutantNamed(name: string): Mutant {
  const m = MUTANTS.find((x) => x.name === name);
  if (!m) throw new RangeError(`unknown mutant ${name}`);
  return m;
}
