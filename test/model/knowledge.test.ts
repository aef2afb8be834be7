/**
 * The knowledge rules (model/knowledge.ts), tested directly: each derivation route on a marking built by
 * hand, each premise shown necessary by removing it, and coalitions shown to pool knowledge (a group
 * reads at least what each of its members reads) on random markings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { Expr, Value } from '../../model/expr/ast.ts';
import { lit } from '../../model/expr/build.ts';
import { holds, type Marking, tupleKey } from '../../model/expr/evaluate.ts';
import {
  canRead,
  coalition,
  type Group,
  knowsCiphertext,
  knowsDataKey,
  knowsOwnerParameter,
  knowsReKey,
  knowsSecretKey,
  principal,
} from '../../model/knowledge.ts';
import { smallConfig } from '../../model/universes.ts';
import { runs } from '../helpers/effort.ts';

type Tuples = Readonly<Record<string, readonly (readonly Value[])[]>>;

const hybrid = buildNet(smallConfig('extended', 'paper', 'from-join-date', 'hybrid'));
const literal = buildNet(smallConfig('extended', 'paper', 'from-join-date', 'literal'));
const paperLayer = buildNet(smallConfig('paper', 'paper'));

function marking(tuples: Tuples): Marking {
  return {
    relations: new Map(Object.entries(tuples).map(([rel, list]) => [rel, new Set(list.map(tupleKey))])),
    scalars: new Map<string, Value>([['now', 0]]),
  };
}

const of = (ids: string | readonly string[]): Group => coalition(typeof ids === 'string' ? [ids] : ids);
const f1 = lit('File', 'f1');
const level1 = lit('Level', 1);
const medical = lit('Partition', 'medical');

function truth(expr: Expr, tuples: Tuples, net = hybrid): boolean {
  return holds(expr, net.interpretation, marking(tuples), new Map());
}

/** The rule holds on `tuples`, and fails when any one of them is removed: every premise is needed. */
function needsEach(rule: Expr, tuples: Tuples, net = hybrid): void {
  expect(truth(rule, tuples, net), 'with every premise').toBe(true);
  for (const [rel, list] of Object.entries(tuples)) {
    list.forEach((_, k) => {
      const without = { ...tuples, [rel]: list.filter((_, j) => j !== k) };
      expect(truth(rule, without, net), `without ${rel}(${list[k]})`).toBe(false);
    });
  }
}

describe('secret keys', () => {
  it('a principal knows its own key when it holds it; the paper SRS knows every key it keeps', () => {
    needsEach(knowsSecretKey(of('bob'), principal('bob')), { holdsKeys: [['bob']] });
    expect(truth(knowsSecretKey(of('erin'), principal('bob')), { holdsKeys: [['bob']] })).toBe(false);
    needsEach(knowsSecretKey(of('srs'), principal('bob')), { srsKeyPair: [['bob']] });
    expect(truth(knowsSecretKey(of('cloud'), principal('bob')), { srsKeyPair: [['bob']] })).toBe(false);
    // A coalition knows what any member knows.
    needsEach(knowsSecretKey(of(['cloud', 'srs']), principal('bob')), { srsKeyPair: [['bob']] });
  });
});

describe('owner parameters and re-encryption keys', () => {
  it('R_{l-P} is known to the file’s owner when computed, and to the SRS once sent', () => {
    needsEach(knowsOwnerParameter(of('alice'), f1, level1), { holdsParam: [['f1', 1]] });
    expect(truth(knowsOwnerParameter(of('bob'), f1, level1), { holdsParam: [['f1', 1]] })).toBe(false);
    needsEach(knowsOwnerParameter(of('srs'), f1, level1), { srsParam: [['f1', 1]] });
    expect(truth(knowsOwnerParameter(of('srs'), f1, lit('Level', 0)), { srsParam: [['f1', 1]] })).toBe(false);
  });

  it('RK_{o→u} is known to the SRS only', () => {
    needsEach(knowsReKey(of('srs'), principal('alice'), principal('bob')), { srsReKey: [['alice', 'bob']] });
    for (const who of ['alice', 'bob', 'cloud'])
      expect(
        truth(knowsReKey(of(who), principal('alice'), principal('bob')), { srsReKey: [['alice', 'bob']] }),
      ).toBe(false);
  });
});

describe('ciphertexts', () => {
  it('the cloud knows what it stores; a holder knows its copy unless the ciphertext was damaged', () => {
    needsEach(knowsCiphertext(of('cloud'), f1), { stored: [['f1']] });
    needsEach(knowsCiphertext(of('bob'), f1), { holdsC: [['bob', 'f1']] });
    expect(
      truth(knowsCiphertext(of('bob'), f1), { holdsC: [['bob', 'f1']], holdsDamaged: [['bob', 'f1']] }),
    ).toBe(false);
    // A copy that fails the reader's check with intact ciphertext (a stripped manifest) still counts.
    expect(
      truth(knowsCiphertext(of('bob'), f1), { holdsC: [['bob', 'f1']], holdsCorrupt: [['bob', 'f1']] }),
    ).toBe(true);
  });

  it('a copy the cloud substituted counts as the ciphertext it really is', () => {
    needsEach(knowsCiphertext(of('bob'), f1), { holdsForeign: [['bob', 'f2', 'f1']] });
    expect(
      truth(knowsCiphertext(of('bob'), lit('File', 'f2')), { holdsForeign: [['bob', 'f2', 'f1']] }),
    ).toBe(false);
  });

  it('the paper layer has no tampering: every held copy is intact', () => {
    needsEach(knowsCiphertext(of('bob'), f1, 'paper'), { holdsC: [['bob', 'f1']] }, paperLayer);
  });
});

describe('data keys K = Z^r', () => {
  it('route 1: the owner holds r', () => {
    needsEach(knowsDataKey(of('alice'), f1, level1), { holdsR: [['f1', 1]] });
    expect(truth(knowsDataKey(of('bob'), f1, level1), { holdsR: [['f1', 1]] })).toBe(false);
  });

  it('route 2: R_{l-U} issued to u with u’s secret key (Eqs. 19–22)', () => {
    needsEach(knowsDataKey(of('bob'), f1, level1), { holdsRu: [['bob', 'f1', 1]], holdsKeys: [['bob']] });
    // Another user's R_{l-U} with one's own key does not open it.
    expect(
      truth(knowsDataKey(of('erin'), f1, level1), {
        holdsRu: [['bob', 'f1', 1]],
        holdsKeys: [['bob'], ['erin']],
      }),
    ).toBe(false);
    // Pooled: bob's key may come from another member — the paper SRS keeps a copy.
    needsEach(knowsDataKey(of(['bob', 'srs']), f1, level1), {
      holdsRu: [['bob', 'f1', 1]],
      srsKeyPair: [['bob']],
    });
  });

  it('route 3: R_{l-P} with the owner’s secret key (the curious paper SRS)', () => {
    needsEach(knowsDataKey(of('srs'), f1, level1), { srsParam: [['f1', 1]], srsKeyPair: [['alice']] });
  });

  it('route 4: R_{l-P}, RK_{owner→u} and u’s secret key (Eq. 17 done by anyone)', () => {
    needsEach(knowsDataKey(of(['srs', 'bob']), f1, level1), {
      srsParam: [['f1', 1]],
      srsReKey: [['alice', 'bob']],
      holdsKeys: [['bob']],
    });
    // RK from another owner does not help.
    expect(
      truth(knowsDataKey(of(['srs', 'bob']), f1, level1), {
        srsParam: [['f1', 1]],
        srsReKey: [['olga', 'bob']],
        holdsKeys: [['bob']],
      }),
    ).toBe(false);
  });
});

describe('reading a partition', () => {
  it('a held plaintext is read', () => {
    needsEach(canRead(of('bob'), f1, medical), { holdsPT: [['bob', 'f1', 'medical']] });
  });

  it('hybrid mode: the ciphertext and the data key of the partition’s level, both needed', () => {
    needsEach(canRead(of('bob'), f1, medical), {
      holdsC: [['bob', 'f1']],
      holdsRu: [['bob', 'f1', 1]],
      holdsKeys: [['bob']],
    });
    // medical is at level 1 in f1: the key of level 0 does not open it.
    expect(
      truth(canRead(of('bob'), f1, medical), {
        holdsC: [['bob', 'f1']],
        holdsRu: [['bob', 'f1', 0]],
        holdsKeys: [['bob']],
      }),
    ).toBe(false);
  });

  it('literal mode: whoever holds the ciphertext reads it, no key needed', () => {
    needsEach(canRead(of('cloud'), f1, medical), { stored: [['f1']] }, literal);
    expect(truth(canRead(of('cloud'), f1, medical), { stored: [['f1']] }, hybrid)).toBe(false);
    needsEach(canRead(of('bob'), f1, medical), { holdsC: [['bob', 'f1']] }, literal);
    expect(
      truth(
        canRead(of('bob'), f1, medical),
        { holdsC: [['bob', 'f1']], holdsDamaged: [['bob', 'f1']] },
        literal,
      ),
    ).toBe(false);
  });
});

describe('coalitions pool knowledge', () => {
  const net = hybrid;
  const relations = net.relations.map((r) => r.name);
  const principals = net.interpretation.domains.Principal as string[];
  const tupleOf = (rel: string) => {
    const spec = net.relations.find((r) => r.name === rel);
    return fc.tuple(
      ...(spec?.columns ?? []).map((c) => fc.constantFrom(...net.interpretation.domains[c.sort])),
    );
  };
  const markings = fc
    .array(
      fc.constantFrom(...relations).chain((rel) => tupleOf(rel).map((t) => [rel, t] as const)),
      { maxLength: 40 },
    )
    .map((entries) => {
      const tuples: Record<string, Value[][]> = {};
      for (const [rel, t] of entries) tuples[rel] = [...(tuples[rel] ?? []), [...t]];
      return tuples;
    });

  it('a group reads at least what each of its members reads (random markings)', () => {
    fc.assert(
      fc.property(
        markings,
        fc.subarray(principals, { minLength: 2 }),
        fc.constantFrom(...(net.interpretation.domains.File as string[])),
        fc.constantFrom(...(net.interpretation.domains.Partition as string[])),
        (tuples, group, file, partition) => {
          const target = [lit('File', file), lit('Partition', partition)] as const;
          const together = truth(canRead(of(group), ...target), tuples);
          for (const member of group)
            if (truth(canRead(of(member), ...target), tuples)) expect(together).toBe(true);
        },
      ),
      { numRuns: runs(300), seed: 0x6b6e },
    );
  });
});
