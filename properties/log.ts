/**
 * LOG — no rewrite of audit history goes undetected (seed paper: secure auditing storage; the cloud admin
 * "views key transactions").
 *
 * The model's part is twofold: LOG, history is append-only (no transition deletes an audit token), and
 * LOG-REC, every decision the SRS hands out (R issued, a refusal) has its audit token. What the model cannot
 * state — that the bytes on disk were not rewritten afterwards — is the concrete oracle's: `sesphr audit
 * verify DIR` (src/audit/verify.ts) recomputes every record's checksum, the RFC 6962 root every signed tree
 * head covers and each head's Ed25519 signature, and names the entry and byte offset of any change
 * (docs/audit.md "On disk"; test/audit/log.test.ts rewrites logs every way and test/scenario/log-rewrite
 * erases a refusal of scenario 34 from the log on disk).
 */
import { and, eq, exists, forall, implies, member } from '../model/expr/build.ts';
import { R } from '../model/vocabulary.ts';
import type { InvariantProperty, StructuralProperty } from './property.ts';
import { existsVars, f, forallVars, i, levelOf, u } from './terms.ts';

const extendedOnly = (ctx: { layer: string }) => ctx.layer === 'extended';

export const LOG: StructuralProperty = {
  id: 'LOG',
  kind: 'structural',
  title: 'audit history is append-only',
  statement:
    'No transition of the net deletes an entry of the audit log (every AuditLog relation except the ghost history is only ever inserted into), so every decision and verdict stays on record. Concrete oracle: `sesphr audit verify` fails, naming where, on any rewrite of the log on disk.',
  cite: 'seed paper (secure auditing storage); docs/audit.md; docs/model.md',
  appliesTo: extendedOnly,
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

export const LOG_REC: InvariantProperty = {
  id: 'LOG-REC',
  kind: 'invariant',
  title: 'every R issued and every refusal is on record',
  statement:
    'Whenever a user holds R_{l-U} for a file, the audit log records a grant to it of a partition of that file at level l; whenever a user was refused R for a partition, the log records the refusal with its reason. Concrete oracle: the simulator appends every SRS decision to the log (src/audit/from-run.ts; test/audit/from-run.test.ts checks one entry per decision), and scenario `log` checks read it back.',
  cite: 'seed paper (cloud admin: View Key Transactions; secure auditing storage); docs/audit.md',
  appliesTo: extendedOnly,
  formula: () =>
    and(
      forallVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
        ],
        forall('Level', 'l', (l) =>
          implies(
            member(R.holdsRu, u, f, l),
            exists('Partition', 'p', (p) =>
              exists('Time', 't', (t) => and(member(R.auditGrant, u, f, p, t), eq(levelOf(f, p), l))),
            ),
          ),
        ),
      ),
      forallVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
          ['i', 'Partition'],
        ],
        implies(
          member(R.refused, u, f, i),
          exists('Time', 't', (t) =>
            exists('Reason', 'why', (why) => member(R.auditRefusal, u, f, i, t, why)),
          ),
        ),
      ),
    ),
  expected: () => 'holds',
  premises: () => [
    {
      name: 'a user holds R',
      formula: existsVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
        ],
        exists('Level', 'l', (l) => member(R.holdsRu, u, f, l)),
      ),
    },
    {
      name: 'a user was refused',
      formula: existsVars(
        [
          ['u', 'Principal'],
          ['f', 'File'],
          ['i', 'Partition'],
        ],
        member(R.refused, u, f, i),
      ),
    },
  ],
};
