/** LOG — no rewrite of audit history goes undetected (the model's part: history is append-only). */
import type { StructuralProperty } from './property.ts';

export const LOG: StructuralProperty = {
  id: 'LOG',
  kind: 'structural',
  title: 'audit history is append-only',
  statement:
    'No transition of the net deletes an entry of the audit log (every AuditLog relation except the ghost history is only ever inserted into), so every decision stays on record. Tamper evidence of the log on disk (Merkle tree, signed tree heads) is the audit storage’s.',
  cite: 'seed paper (secure auditing storage); docs/model.md',
  appliesTo: (ctx) => ctx.layer === 'extended',
  check: (ctx) => {
    const audit = new Set(
      ctx.net.relations.filter((r) => r.place === 'AuditLog' && !r.ghost).map((r) => r.name),
    );
    return ctx.net.transitions.flatMap((t) =>
      t.effect
        .filter((u) => (u.op === 'delete' || u.op === 'deleteAll') && audit.has(u.rel))
        .map((u) => `${t.name} deletes ${'rel' in u ? u.rel : ''}`),
    );
  },
  expected: () => 'holds',
  premises: () => [],
};
