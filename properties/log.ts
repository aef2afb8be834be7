/**
 * LOG — no rewrite of audit history goes undetected (seed paper: secure auditing storage; the cloud admin
 * "views key transactions").
 *
 * The model's part: history is append-only (no transition deletes an audit token; every SRS decision and
 * TPA verdict writes one — model/transitions.ts). What the model cannot state — that the bytes on disk were
 * not rewritten afterwards — is the concrete oracle's: `sesphr audit
 * verify DIR` (src/audit/verify.ts) recomputes every record's checksum, the RFC 6962 root every signed tree
 * head covers and each head's Ed25519 signature, and names the entry and byte offset of any change
 * (docs/audit.md "On disk"; test/audit/log.test.ts rewrites logs every way and test/scenario/log-rewrite
 * erases a refusal of scenario 34 from the log on disk).
 */
import type { StructuralProperty } from './property.ts';

export const LOG: StructuralProperty = {
  id: 'LOG',
  kind: 'structural',
  title: 'audit history is append-only',
  statement:
    'No transition of the net deletes an entry of the audit log (every AuditLog relation except the ghost history is only ever inserted into), so every decision and verdict stays on record. Concrete oracle: `sesphr audit verify` fails, naming where, on any rewrite of the log on disk.',
  cite: 'seed paper (secure auditing storage); docs/audit.md; docs/model.md',
  appliesTo: (ctx) => ctx.layer === 'extended',
  check: (ctx) => {
    const audit = new Set(
      ctx.net.relations.filter((r) => r.place === 'AuditLog' && !r.ghost).map((r) => r.name),
    );
    return ctx.net.transitions.flatMap((t) =>
      t.effect
        .filter((x) => (x.op === 'delete' || x.op === 'deleteAll') && audit.has(x.rel))
        .map((x) => `${t.name} deletes ${'rel' in x ? x.rel : ''}`),
    );
  },
  expected: () => 'holds',
  premises: () => [],
};
