/** TIME and FRESH — the time server (seed paper): windows on the SRS clock, fresh tokens. */
import { add, and, apply, constant, le, not, stateVar } from '../model/expr/build.ts';
import { C, F, S } from '../model/vocabulary.ts';
import type { StepProperty } from './property.ts';
import { enabledWith, f, t } from './terms.ts';

const now = stateVar(S.now.name, 'Time');
const extendedOnly = (ctx: { layer: string }) => ctx.layer === 'extended';
const insideWindow = and(le(apply(F.windowStart, f), now), le(now, apply(F.windowEnd, f)));
const fresh = le(now, add(t, constant(C.tokenMaxAge.name, 'Time')));

export const TIME: StepProperty = {
  id: 'TIME',
  kind: 'step',
  title: 'R only inside the file’s window',
  statement:
    'The SRS issues R for a file (D_R_S) only while its trusted clock is inside the file’s [start, end] window.',
  cite: 'seed paper (time server); docs/model.md decision 10',
  appliesTo: extendedOnly,
  transitions: ['D_R_S'],
  condition: () => insideWindow,
  expected: () => 'holds',
  premises: (ctx) => [
    {
      name: 'a request outside the window is answered',
      formula: enabledWith(ctx.net, 'D_R_F', not(insideWindow)),
    },
  ],
};

export const FRESH: StepProperty = {
  id: 'FRESH',
  kind: 'step',
  title: 'R only on a fresh token',
  statement:
    'The SRS issues R (D_R_S) only on a request whose time token is at most tokenMaxAge ticks older than its clock.',
  cite: 'seed paper (time server); docs/model.md decision 10',
  appliesTo: extendedOnly,
  transitions: ['D_R_S'],
  condition: () => fresh,
  expected: () => 'holds',
  premises: (ctx) => [
    { name: 'a request with a stale token is answered', formula: enabledWith(ctx.net, 'D_R_F', not(fresh)) },
  ],
};
