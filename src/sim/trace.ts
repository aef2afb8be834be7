/**
 * Traces: every fired transition with its binding, serialized to JSON with what is needed to replay it
 * deterministically (configuration, seed, backend, mode). Holdings are listed as SHA-256 digests; the
 * bytes of secret items (keys, r) appear only when asked for.
 */
import { z } from 'zod';
import { InputError } from '../../common/input-error.ts';
import type { ModelConfig } from '../../model/config.ts';
import { bytesToHex } from '../crypto/bytes.ts';
import { sha256Native } from '../crypto/manifest.ts';
import { SECRET_KINDS } from './holdings.ts';
import type { Simulation, SimulationOptions, StepRecord } from './simulation.ts';

export const TRACE_FORMAT = 'sesphr-trace';
export const TRACE_VERSION = 1;

export interface TraceItem {
  readonly sha256: string;
  /** Present for public items always, for secret items only when secrets were requested. */
  readonly hex?: string;
  readonly secret: boolean;
}

export interface Trace {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly config: ModelConfig;
  readonly seed: string;
  readonly backend: string;
  readonly mode: string;
  readonly aead: string;
  readonly partitionBytes: number;
  readonly plaintexts?: Readonly<Record<string, string>>;
  readonly steps: readonly StepRecord[];
  /** principal → item key → digest (and bytes where allowed), after the last step. */
  readonly holdings: Readonly<Record<string, Readonly<Record<string, TraceItem>>>>;
}

export interface TraceOptions {
  /** Include the bytes of secret items (PRE secret keys, level secrets r, signing seeds). */
  readonly includeSecrets?: boolean;
  /** Include the bytes of public items (ciphertexts can be large). */
  readonly includePublicBytes?: boolean;
}

export function traceOf(simulation: Simulation, options: TraceOptions = {}): Trace {
  const { world } = simulation;
  const holdings: Record<string, Record<string, TraceItem>> = {};
  for (const principal of world.holdings.principals().sort()) {
    const items: Record<string, TraceItem> = {};
    for (const item of world.holdings
      .itemsOf([principal])
      .sort((a, b) => (a.kind + a.args).localeCompare(b.kind + b.args))) {
      const secret = SECRET_KINDS.has(item.kind);
      const show = secret ? options.includeSecrets : options.includePublicBytes;
      const key = `${item.kind}(${item.args.join(',')})`;
      items[key] = {
        sha256: bytesToHex(sha256Native(item.bytes)),
        secret,
        ...(show ? { hex: bytesToHex(item.bytes) } : {}),
      };
    }
    holdings[principal] = items;
  }
  const opts = world.options;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    config: simulation.options.config,
    seed: opts.seed,
    backend: opts.backend.name,
    mode: opts.mode,
    aead: opts.aead,
    partitionBytes: opts.partitionBytes,
    ...(opts.plaintexts ? { plaintexts: opts.plaintexts } : {}),
    steps: simulation.records,
    holdings,
  };
}

// ── parsing (traces come from files: outside data) ─────────────────────────────────────────────────

const value = z.union([z.string(), z.number(), z.boolean()]);
const identifier = z.string().min(1).max(128);

export const modelConfigSchema = z.strictObject({
  layer: z.enum(['paper', 'extended']),
  variant: z.enum(['paper', 'hardened']),
  pastData: z.enum(['from-join-date', 'all-past']),
  principals: z
    .array(z.strictObject({ id: identifier, kind: z.enum(['owner', 'user']), role: identifier }))
    .min(1),
  partitions: z.array(identifier).min(1),
  files: z.array(
    z.strictObject({
      id: identifier,
      owner: identifier,
      window: z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) }),
      levels: z.record(identifier, z.number().int().min(0).max(0xffff)),
    }),
  ),
  roleAccess: z.array(
    z.strictObject({ owner: identifier, role: identifier, partitions: z.array(identifier) }),
  ),
  time: z.strictObject({
    start: z.number().int().min(0),
    max: z.number().int().min(0).max(1000),
    tokenMaxAge: z.number().int().min(0),
  }),
});

const stepSchema = z.strictObject({
  index: z.number().int().min(1),
  transition: identifier,
  cite: z.string(),
  binding: z.record(z.string(), value),
  actor: z.string(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  refusal: z.string().optional(),
});

const traceSchema = z.strictObject({
  format: z.literal(TRACE_FORMAT),
  version: z.literal(TRACE_VERSION),
  config: modelConfigSchema,
  seed: z.string(),
  backend: z.enum(['noble', 'mcl']),
  mode: z.enum(['hybrid', 'literal']),
  aead: z.enum(['aes-256-gcm', 'xchacha20-poly1305']),
  partitionBytes: z
    .number()
    .int()
    .min(0)
    .max(1 << 20),
  plaintexts: z.record(z.string(), z.string()).optional(),
  steps: z.array(stepSchema),
  holdings: z.record(
    z.string(),
    z.record(
      z.string(),
      z.strictObject({
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        hex: z
          .string()
          .regex(/^([0-9a-f]{2})*$/)
          .optional(),
        secret: z.boolean(),
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
    const issue = parsed.error.issues[0];
    throw new InputError(source, issue?.path.join('.') ?? '', issue?.message ?? 'invalid');
  }
  return parsed.data as Trace;
}

export function simulationOptionsOf(trace: Trace): SimulationOptions {
  return {
    config: trace.config,
    seed: trace.seed,
    backend: trace.backend as SimulationOptions['backend'] & string,
    mode: trace.mode as 'hybrid' | 'literal',
    aead: trace.aead as 'aes-256-gcm' | 'xchacha20-poly1305',
    partitionBytes: trace.partitionBytes,
    ...(trace.plaintexts ? { plaintexts: trace.plaintexts } : {}),
  };
}
