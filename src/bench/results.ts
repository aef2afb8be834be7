/**
 * What `sesphr bench` writes to results.json, as a zod schema (checked before every write, and by the
 * tests): the machine, every figure with its distribution, each protocol step against its floor, the
 * headline ratios, and the paper's own numbers as a reference series.
 */
import { z } from 'zod';

export const SUITE_NAMES = ['keygen', 'encdec', 'reenc', 'turnaround', 'scaling', 'peers', 'verify'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];
/** Where a figure belongs: a suite, or the primitives a floor is made of. */
export const FIGURE_GROUPS = [...SUITE_NAMES, 'primitives'] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

/**
 * The headline ratios, each of two medians measured in the same run. "A vs B" is how many times faster
 * A is than B (B's time over A's); "X over floor" is X's time over its floor's.
 */
export const RATIO_NAMES = [
  /** literal (encrypt + decrypt) / hybrid (encrypt + decrypt), 1 MiB, 4 partitions, default backend. */
  'hybridVsLiteral1MiB',
  /** noble pairing / mcl pairing. */
  'mclVsNoblePairing',
  /** (T_up + T_down) / their floor, 1 MiB, 4 partitions, default backend (Eqs. 34–35). */
  'turnaroundOverFloor1MiB',
  /** ours / umbral-pre, one delegation: encrypt + re-encrypt + decrypt of 1 KiB. */
  'umbralVsOurs1KiB',
  /** key generation for the largest user count / N fixed-base multiplications in G2. Every "over floor"
   * ratio is median(step) / median(composite floor), the two timed interleaved (floors.ts). */
  'keygenOverFloor',
  'ownerKeygenOverFloor',
  'encryptOverFloor1MiB',
  'reEncryptOverFloor',
  'decryptOverFloor1MiB',
  /** generic x^q = 1 GT membership / the fast test, default backend. */
  'gtCheckFastVsGeneric',
] as const;
export type RatioName = (typeof RATIO_NAMES)[number];

const distributionSchema = z.object({
  mean: z.number().nonnegative(),
  p50: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  min: z.number().nonnegative(),
  max: z.number().nonnegative(),
  samples: z.array(z.number().nonnegative()).min(1),
});

export const figureSchema = distributionSchema.extend({
  id: z.string().min(1),
  suite: z.enum(FIGURE_GROUPS),
  title: z.string().min(1),
  unit: z.enum(['ms', 'MiB']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Figure = z.infer<typeof figureSchema>;

export const floorSchema = z.object({
  step: z.string().min(1),
  /** The figure this floor is for (its id). */
  figure: z.string().min(1),
  /** The composite floor's figure, timed interleaved with the step's (floors.ts). */
  floorFigure: z.string().min(1),
  measuredMs: z.number().nonnegative(),
  /** The composite floor's median. */
  floorMs: z.number().nonnegative(),
  /** measuredMs / floorMs: the headline. */
  overhead: z.number().nonnegative(),
  /** Σ count × each primitive's median timed on its own: the cross-check. */
  summedFloorMs: z.number().nonnegative(),
  summedOverhead: z.number().nonnegative(),
  parts: z.array(
    z.object({
      primitive: z.string(),
      calls: z.number().int().nonnegative(),
      count: z.number().nonnegative(),
      p50: z.number(),
    }),
  ),
});
export type FloorEntry = z.infer<typeof floorSchema>;

export const machineSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int().positive(),
  memoryBytes: z.number().positive(),
  loadAverage: z.array(z.number()),
  node: z.string(),
  os: z.string(),
  versions: z.record(z.string(), z.string()),
});
export type Machine = z.infer<typeof machineSchema>;

export const paperPointSchema = z.object({ x: z.number(), seconds: z.number() });
export const paperSeriesSchema = z.object({
  source: z.string(),
  keygen: z.array(paperPointSchema),
  encryption: z.array(paperPointSchema),
  decryption: z.array(paperPointSchema),
  turnaroundUp: z.array(paperPointSchema),
  turnaroundDown: z.array(paperPointSchema),
});
export type PaperSeries = z.infer<typeof paperSeriesSchema>;

export const resultsSchema = z.object({
  format: z.literal('sesphr-bench/1'),
  tool: z.object({ name: z.string(), version: z.string() }),
  date: z.string(),
  quick: z.boolean(),
  suites: z.array(z.enum(SUITE_NAMES)).min(1),
  defaultBackend: z.string(),
  machine: machineSchema,
  figures: z.array(figureSchema),
  floors: z.array(floorSchema),
  ratios: z.object(
    Object.fromEntries(RATIO_NAMES.map((name) => [name, z.number().positive().nullable()])) as Record<
      RatioName,
      z.ZodNullable<z.ZodNumber>
    >,
  ),
  paper: paperSeriesSchema,
  notes: z.array(z.string()),
  totalMs: z.number().nonnegative(),
});
export type BenchResults = z.infer<typeof resultsSchema>;
