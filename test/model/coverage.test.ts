/**
 * Every transition of both layers and both variants fires, and every guard is seen both true and false,
 * on markings reached by seeded random walks of the abstract net from M0. The walks stop once all three
 * are seen for every transition: further steps could only add to sets that are already complete. The walks
 * run in the small universe (two files); in the fast suite in the tiny one (one file, two versions in the
 * extended layer), where each step has fewer bindings to enumerate.
 */
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { ModelConfig } from '../../model/config.ts';
import { assignments, holds } from '../../model/expr/evaluate.ts';
import { enabledBindings, fire } from '../../model/semantics.ts';
import { smallConfig, tinyConfig } from '../../model/universes.ts';
import { deterministicRng } from '../../src/crypto/rng.ts';
import { chooseBinding } from '../helpers/choice.ts';
import { FAST } from '../helpers/effort.ts';
import { PAPER_TRANSITIONS } from '../helpers/paper.ts';

const universe = FAST ? tinyConfig : smallConfig;

function randomIndex(rng: (n: number) => Uint8Array, bound: number): number {
  const bytes = rng(4);
  return (
    ((bytes[0] ?? 0) * 2 ** 24 + (bytes[1] ?? 0) * 2 ** 16 + (bytes[2] ?? 0) * 256 + (bytes[3] ?? 0)) % bound
  );
}

function explore(config: ModelConfig, walks: number, depth: number) {
  const net = buildNet(config);
  const rng = deterministicRng(`coverage-${config.layer}-${config.variant}-${config.pastData}`);
  const fired = new Set<string>();
  const seenTrue = new Set<string>();
  const seenFalse = new Set<string>();
  const n = net.transitions.length;
  const complete = () => fired.size === n && seenTrue.size === n && seenFalse.size === n;
  for (let w = 0; w < walks && !complete(); w++) {
    let marking = net.initialMarking;
    for (let d = 0; d < depth; d++) {
      for (const t of net.transitions) {
        if (seenTrue.has(t.name) && seenFalse.has(t.name)) continue;
        for (const env of assignments(t.params, net.interpretation)) {
          (holds(t.guard, net.interpretation, marking, env) ? seenTrue : seenFalse).add(t.name);
        }
      }
      const enabled = enabledBindings(net, marking);
      if (enabled.length === 0) break;
      // Coverage-guided: prefer transitions that have not fired yet, so that deep ones (Decrypt_C needs
      // keys, a join, an upload and a grant first) are reached.
      const binding = chooseBinding(
        enabled,
        randomIndex(rng, 1 << 30),
        randomIndex(rng, 1 << 30),
        (n) => !fired.has(n),
      );
      if (!binding) break;
      marking = fire(net, marking, binding);
      fired.add(binding.transition);
      if (complete()) break;
    }
  }
  return { net, fired, seenTrue, seenFalse };
}

describe('transition coverage by random walks of the abstract net', () => {
  for (const layer of ['paper', 'extended'] as const) {
    for (const variant of ['paper', 'hardened'] as const) {
      for (const pastData of ['from-join-date', 'all-past'] as const) {
        it(`${layer} layer, ${variant} variant, ${pastData}: every transition fires and every guard is seen true and false`, () => {
          const { net, fired, seenTrue, seenFalse } = explore(universe(layer, variant, pastData), 40, 80);
          const names = net.transitions.map((t) => t.name);
          expect(names.filter((n) => !fired.has(n))).toEqual([]);
          expect(names.filter((n) => !seenTrue.has(n))).toEqual([]);
          expect(names.filter((n) => !seenFalse.has(n))).toEqual([]);
        });
      }
    }
  }

  it('the paper layer of the paper variant is exactly the 11 transitions of Fig. 2', () => {
    expect(buildNet(smallConfig('paper', 'paper')).transitions.map((t) => t.name)).toEqual([
      ...PAPER_TRANSITIONS,
    ]);
  });

  it('the extended layer keeps every paper transition and adds the rest', () => {
    const names = buildNet(smallConfig('extended', 'paper')).transitions.map((t) => t.name);
    for (const name of PAPER_TRANSITIONS) expect(names).toContain(name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Register',
        'Authorize',
        'Request_Join',
        'Approve_Join',
        'Depart',
        'Tick',
        'Get_Time_Token',
        'Request_R',
        'Tamper_C',
        'Reject_C',
      ]),
    );
  });
});
