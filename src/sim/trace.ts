/**
 * Traces: every fired transition with its binding, serialized to JSON with the configuration, backend and
 * AEAD (docs/traces.md). Holdings are listed per item: public items by SHA-256 digest (and bytes when
 * asked), secret items by name only.
 *
 * A trace without secrets holds nothing from which a secret key, an r, a K or a plaintext can be computed:
 * no seed, no plaintexts, no digest or bytes of a secret item, and — in literal mode, where the ciphertext
 * *is* readable without a key — no ciphertext bytes or digests either. It is the public transcript: what
 * was fired, by whom, with which outcome and which tokens moved, checkable against a replay. A trace with
 * secrets also holds the seed and the explicit plaintexts, and replays byte for byte.
 */
import { z } from 'zod';
import { InputError } from '../../common/input-error.ts';
import { OUTCOMES } from '../../model/net.ts';
import { TRANSITION_NAMES } from '../../model/transitions.ts';
import { REASONS } from '../../model/vocabulary.ts';
import {
  type Configuration,
  checkedModelConfig,
  configurationSchema,
  fromModelConfig,
} from '../config/configuration.ts';
import { firstProblem, formatPath } from '../config/issues.ts';
import { BACKEND_NAMES } from '../crypto/backend/index.ts';
import { bytesToHex } from '../crypto/bytes.ts';
import { sha256Native } from '../crypto/manifest.ts';
import { AEAD_ALGORITHMS } from '../crypto/types.ts';
import { type Item, type ItemKind, itemLabel, SECRET_KINDS } from './holdings.ts';
import type { Simulation, SimulationOptions, StepRecord } from './simulation.ts';
import type { ExplicitPlaintext } from './world.ts';

export const TRACE_FORMAT = 'sesphr-trace';
export const TRACE_VERSION = 2;

export interface TraceItem {
  readonly secret: boolean;
  /** Public items only. */
  readonly sha256?: string;
  /** Public items when public bytes were asked for; secret items only with secrets. */
  readonly hex?: string;
}

export interface Trace {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly configuration: Configuration;
  readonly backend: string;
  readonly aead: string;
  readonly partitionBytes: number;
  /** Whether secrets were included: only then are `seed` and `plaintexts` present. */
  readonly secrets: boolean;
  readonly seed?: string;
  readonly plaintexts?: readonly ExplicitPlaintext[];
  readonly steps: readonly StepRecord[];
  /** principal → item → what may be shown of it, after the last step. */
  readonly holdings: Readonly<Record<string, Readonly<Record<string, TraceItem>>>>;
}

export interface TraceOptions {
  /** Include the seed, the explicit plaintexts and the bytes of secret items (keys, r, plaintexts). */
  readonly includeSecrets?: boolean;
  /** Include the bytes of public items (ciphertexts can be large). */
  readonly includePublicBytes?: boolean;
}

/** Whether an item's bytes (or even their digest) would let someone compute a secret. */
export function isSecretItem(kind: ItemKind, literalMode: boolean): boolean {
  return SECRET_KINDS.has(kind) || (literalMode && (kind === 'C' || kind === 'Served' || kind === 'Cpart'));
}

function itemBytes(item: Item): Uint8Array {
  return item.manifest ? Buffer.concat([item.bytes, item.manifest]) : item.bytes;
}

export function traceOf(simulation: Simulation, options: TraceOptions = {}): Trace {
  const { world } = simulation;
  const literal = world.mode === 'literal';
  const secrets = options.includeSecrets === true;
  const holdings: Record<string, Record<string, TraceItem>> = {};
  for (const principal of world.holdings.principals().sort()) {
    const items: Record<string, TraceItem> = {};
    const sorted = world.holdings
      .itemsOf([principal])
      .map((item) => ({ item, label: itemLabel(item.kind, item.args) }))
      .sort((a, b) => a.label.localeCompare(b.label));
    for (const { item, label } of sorted) {
      const secret = isSecretItem(item.kind, literal);
      const bytes = itemBytes(item);
      items[label] = secret
        ? { secret, ...(secrets ? { sha256: bytesToHex(sha256Native(bytes)), hex: bytesToHex(bytes) } : {}) }
        : {
            secret,
            sha256: bytesToHex(sha256Native(bytes)),
            ...(options.includePublicBytes ? { hex: bytesToHex(bytes) } : {}),
          };
    }
    holdings[principal] = items;
  }
  const opts = world.options;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    configuration: fromModelConfig(simulation.net.config),
    backend: opts.backend.name,
    aead: opts.aead,
    partitionBytes: opts.partitionBytes,
    secrets,
    ...(secrets ? { seed: opts.seed } : {}),
    ...(secrets && opts.plaintexts ? { plaintexts: opts.plaintexts } : {}),
    steps: simulation.records,
    holdings,
  };
}

// ── parsing (traces come from files: outside data) ─────────────────────────────────────────────────

const value = z.union([z.string(), z.number(), z.boolean()]);

const stepSchema = z.strictObject({
  index: z.number().int().min(1),
  transition: z.enum(TRANSITION_NAMES),
  cite: z.string(),
  binding: z.record(z.string(), value),
  detail: z.string().optional(),
  actor: z.string(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  outcome: z.enum(OUTCOMES).optional(),
  refusal: z.enum(REASONS).optional(),
});

const hex = z.string().regex(/^([0-9a-f]{2})*$/, 'expected lowercase hex');

export const traceSchema = z.strictObject({
  format: z.literal(TRACE_FORMAT),
  version: z.literal(TRACE_VERSION),
  configuration: configurationSchema,
  backend: z.enum(BACKEND_NAMES),
  aead: z.enum(AEAD_ALGORITHMS),
  partitionBytes: z
    .number()
    .int()
    .min(0)
    .max(1 << 20),
  secrets: z.boolean(),
  seed: z.string().optional(),
  plaintexts: z
    .array(z.strictObject({ file: z.string(), partition: z.string(), text: z.string() }))
    .optional(),
  steps: z.array(stepSchema),
  holdings: z.record(
    z.string(),
    z.record(
      z.string(),
      z.strictObject({
        secret: z.boolean(),
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 digest in lowercase hex')
          .optional(),
        hex: hex.optional(),
      }),
    ),
  ),
});

export function parseTrace(text: string, source = 'trace'): Trace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(source, '', `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = traceSchema.safeParse(json);
  if (!parsed.success) {
    const problem = firstProblem(traceSchema, parsed.error);
    throw new InputError(source, formatPath(problem.path), problem.reason);
  }
  const trace = parsed.data as Trace;
  if (trace.secrets !== (trace.seed !== undefined))
    throw new InputError(
      source,
      'seed',
      trace.secrets ? 'a trace with secrets records its seed' : 'a trace without secrets has no seed',
    );
  checkedModelConfig(trace.configuration, source, ['configuration']);
  return trace;
}

/** How to run a trace again: with its seed when it has one (byte for byte), else with a fresh one. */
export function simulationOptionsOf(trace: Trace): SimulationOptions {
  return {
    config: checkedModelConfig(trace.configuration, 'trace', ['configuration']),
    ...(trace.seed !== undefined ? { seed: trace.seed } : {}),
    backend: trace.backend as SimulationOptions['backend'] & string,
    aead: trace.aead as NonNullable<SimulationOptions['aead']>,
    partitionBytes: trace.partitionBytes,
    ...(trace.plaintexts ? { plaintexts: trace.plaintexts } : {}),
  };
}
