/**
 * How random walks choose the next step, shared by the coverage walks and the conformance property
 * (the disruptive transitions are the verifier's walks' list, src/explore/walks.ts):
 * first a transition (uniformly among the enabled ones, with transitions that close off paths — the
 * clock, ACL limits, denied joins, departures, insider attacks — ten times less likely, so walks get
 * deep), then one of its bindings.
 */
import type { Binding } from '../../model/semantics.ts';

import { DISRUPTIVE } from '../../src/explore/walks.ts';

/** Picks with two independent draws; `prefer` (e.g. not-yet-fired transitions) narrows the first. */
export function chooseBinding(
  enabled: readonly Binding[],
  transitionDraw: number,
  bindingDraw: number,
  prefer: (transition: string) => boolean = () => true,
): Binding | undefined {
  const all = [...new Set(enabled.map((b) => b.transition))];
  const preferred = all.filter(prefer);
  const names = preferred.length > 0 ? preferred : all;
  const weighted = names.flatMap((n) => Array<string>(DISRUPTIVE.has(n) ? 1 : 10).fill(n));
  if (weighted.length === 0) return undefined;
  const name = weighted[transitionDraw % weighted.length];
  const options = enabled.filter((b) => b.transition === name);
  return options[bindingDraw % options.length];
}
