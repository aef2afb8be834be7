/**
 * Apalache's Informal Trace Format (ADR-015) for the tests: a zod schema written from the format's
 * description (not from our encoder), and a decoder of our ITF states back to markings, following the
 * mapping in docs/counterexamples.md.
 */
import { z } from 'zod';
import type { Value } from '../../model/expr/ast.ts';
import { type Marking, tupleKey } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';

// ── the format (ADR-015) ─────────────────────────────────────────────────────────────────────────────

/** An ITF expression: boolean, string, small integer, big integer, list, record, tuple, set, map. */
export const itfExpr: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.boolean(),
    z.string(),
    z
      .number()
      .int()
      .min(-(2 ** 53) + 1)
      .max(2 ** 53 - 1),
    z.strictObject({ '#bigint': z.string().regex(/^-?[0-9]+$/) }),
    z.strictObject({ '#tup': z.array(itfExpr) }),
    z.strictObject({ '#set': z.array(itfExpr) }),
    z.strictObject({ '#map': z.array(z.tuple([itfExpr, itfExpr])) }),
    z.strictObject({ '#unserializable': z.string() }),
    z.array(itfExpr),
    // A record: field names must not start with '#'.
    z.record(z.string().regex(/^[^#]/), itfExpr),
  ]),
);

const itfState = z.object({ '#meta': z.record(z.string(), z.unknown()).optional() }).catchall(itfExpr);

export const itfTrace = z
  .strictObject({
    '#meta': z.record(z.string(), z.unknown()).optional(),
    params: z.array(z.string()).optional(),
    vars: z.array(z.string()),
    states: z.array(itfState),
    loop: z.number().int().min(0).optional(),
  })
  .superRefine((trace, ctx) => {
    const allowed = new Set(['#meta', ...trace.vars, ...(trace.params ?? [])]);
    trace.states.forEach((state, k) => {
      for (const v of trace.vars)
        if (!(v in state)) ctx.addIssue({ code: 'custom', path: ['states', k, v], message: 'missing var' });
      for (const key of Object.keys(state))
        if (!allowed.has(key))
          ctx.addIssue({ code: 'custom', path: ['states', k, key], message: 'not a var' });
    });
    for (const p of trace.params ?? [])
      if (!(p in (trace.states[0] ?? {})))
        ctx.addIssue({ code: 'custom', path: ['states', 0, p], message: 'parameter not set initially' });
    if (trace.loop !== undefined && trace.loop >= trace.states.length)
      ctx.addIssue({ code: 'custom', path: ['loop'], message: 'beyond the last state' });
  });

// ── decoding, per docs/counterexamples.md ────────────────────────────────────────────────────────────

export function decodeValue(x: unknown): Value {
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (x && typeof x === 'object' && '#bigint' in x) return Number((x as { '#bigint': string })['#bigint']);
  throw new Error(`not a model value: ${JSON.stringify(x)}`);
}

export function decodeState(net: Net, state: Record<string, unknown>): Marking {
  const relations = new Map<string, Set<string>>();
  for (const r of net.relations) {
    const set = state[r.name] as { '#set': { '#tup': unknown[] }[] };
    relations.set(r.name, new Set(set['#set'].map((t) => tupleKey(t['#tup'].map(decodeValue)))));
  }
  const scalars = new Map<string, Value>(net.scalars.map((s) => [s.name, decodeValue(state[s.name])]));
  return { relations, scalars };
}

/** The same marking: every relation of the net (an absent one is empty) and every scalar. */
export function sameMarking(net: Net, a: Marking, b: Marking): boolean {
  const set = (m: Marking, r: string) => m.relations.get(r) ?? new Set<string>();
  return (
    net.relations.every((r) => {
      const [x, y] = [set(a, r.name), set(b, r.name)];
      return x.size === y.size && [...x].every((k) => y.has(k));
    }) && net.scalars.every((s) => a.scalars.get(s.name) === b.scalars.get(s.name))
  );
}
