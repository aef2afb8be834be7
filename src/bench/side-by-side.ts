/**
 * Protocol steps timed side by side with their composite floors: one interleaved measurement (measure.ts)
 * of every step and every step's floor, so that each step-over-floor ratio divides medians taken at the
 * same moments. Returns the figures (the steps' and the floors'), the floor entries (with the summed floor
 * as a cross-check) and the raw per-round samples (for sums such as T_up + T_down).
 */
import type { SuiteContext } from './context.ts';
import { compositeFloor, type FloorPart, floorEntry, floorFigureId, summedParts } from './floors.ts';
import { type Budget, type Contender, figure, interleaved } from './measure.ts';
import type { Figure, FigureGroup, FloorEntry } from './results.ts';

export interface FlooredStep {
  /** The floor entry's label. */
  readonly step: string;
  readonly suite: FigureGroup;
  readonly figureId: string;
  readonly title: string;
  readonly params: Figure['params'];
  readonly run: () => unknown;
  readonly floor: readonly FloorPart[];
}

export interface FlooredResult {
  readonly figure: Figure;
  readonly floorFigure: Figure;
  readonly entry: FloorEntry;
  /** The parts the floor was made of (the step's). */
  readonly floorParts: readonly FloorPart[];
  /** Per-round samples (ms), in time order: round i of the step and of its floor. */
  readonly samples: readonly number[];
  readonly floorSamples: readonly number[];
}

/**
 * The contenders of an interleaved measurement: each step, then its floor — once per distinct parts list
 * (steps given the same list, e.g. both variants of key generation, share one floor task) — and where each
 * step's floor is among them.
 */
export function flooredContenders(steps: readonly FlooredStep[]): {
  contenders: Contender[];
  stepIndex: number[];
  floorIndex: number[];
} {
  const contenders: Contender[] = [];
  const stepIndex: number[] = [];
  const floorIndex: number[] = [];
  const seen = new Map<readonly FloorPart[], number>();
  for (const s of steps) {
    stepIndex.push(contenders.length);
    contenders.push({ name: s.step, fn: s.run });
    let at = seen.get(s.floor);
    if (at === undefined) {
      at = contenders.length;
      contenders.push({ name: `floor of ${s.step}`, fn: compositeFloor(s.floor) });
      seen.set(s.floor, at);
    }
    floorIndex.push(at);
  }
  return { contenders, stepIndex, floorIndex };
}

/**
 * Times `steps` and their floors interleaved, plus `others` (timed in the same rounds, returned raw). A
 * floor shared by several steps becomes one figure, named after the first of them.
 */
export async function measureFloored(
  ctx: SuiteContext,
  steps: readonly FlooredStep[],
  budget: Budget,
  others: readonly Contender[] = [],
): Promise<{ results: FlooredResult[]; others: number[][] }> {
  const { contenders, stepIndex, floorIndex } = flooredContenders(steps);
  const samples = await interleaved([...contenders, ...others], budget);
  const results: FlooredResult[] = [];
  const floorFigures = new Map<number, Figure>();
  for (const [i, s] of steps.entries()) {
    const stepSamples = samples[stepIndex[i] as number] as number[];
    const at = floorIndex[i] as number;
    const floorSamples = samples[at] as number[];
    const fig = figure(s.suite, s.figureId, s.title, s.params, stepSamples);
    let floorFig = floorFigures.get(at);
    if (floorFig === undefined) {
      floorFig = figure(
        s.suite,
        floorFigureId(s.figureId),
        `composite floor of: ${s.title} (timed interleaved with it)`,
        s.params,
        floorSamples,
      );
      floorFigures.set(at, floorFig);
    }
    results.push({
      figure: fig,
      floorFigure: floorFig,
      entry: floorEntry(s.step, fig, floorFig, await summedParts(ctx, s.floor)),
      floorParts: s.floor,
      samples: stepSamples,
      floorSamples,
    });
  }
  return { results, others: samples.slice(contenders.length) };
}

/** The figures (each shared floor once) and floor entries of measured steps, for a suite's output. */
export function flooredOutput(results: readonly FlooredResult[]): {
  figures: Figure[];
  floors: FloorEntry[];
} {
  const floorFigures = [...new Set(results.map((r) => r.floorFigure))];
  return {
    figures: [...results.map((r) => r.figure), ...floorFigures],
    floors: results.map((r) => r.entry),
  };
}
