/**
 * What the simulator needs from a third-party auditor to carry out the TPA's transitions (TPA_Challenge,
 * TPA_Verdict_Intact, TPA_Verdict_Corrupt) with real effects. The auditor itself lives in src/tpa, which
 * builds on the simulator's world (src/tpa/from-sim.ts); so the simulator takes it as a parameter
 * instead of importing it. A simulation without one cannot fire a TPA transition: the step fails, naming
 * what is missing — never a silent pass.
 */
import type { World } from './world.ts';

/** One problem the TPA found, as its corruption record names it. */
export interface AuditProblem {
  readonly kind: string;
  readonly blocks: readonly number[];
  readonly detail: string;
}

/** The outcome of one audit of one file version, with what the log records of it. */
export interface AuditEvidence {
  readonly ownerId: string;
  readonly fileId: string;
  readonly version: number;
  readonly result: 'intact' | 'failed';
  /** Blocks the signed commitment has, blocks challenged, challenged blocks that failed. */
  readonly blocks: number;
  readonly challenged: number;
  readonly failed: number;
  readonly problems: readonly AuditProblem[];
}

export interface SimulationAuditor {
  /** The TPA's randomness for a stored file version taken under audit (CHALLENGE_BYTES bytes). */
  challenge(world: World, file: string): Uint8Array;
  /**
   * One round: the TPA draws block indices from `challenge` (its randomness and the round number), the
   * cloud answers from what it serves for the file now, and the TPA checks the answer against the owner's
   * signed commitment. A pure function of the challenge and the bytes served.
   */
  judge(world: World, file: string, challenge: Uint8Array): AuditEvidence;
}
