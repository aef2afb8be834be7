/**
 * The ground-transition key (src/explore/binding-key.ts): equal exactly when the transition and the
 * binding are equal, whatever order the parameters were written in and whatever the values contain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../model/expr/ast.ts';
import { bindingKey } from '../../src/explore/binding-key.ts';
import { runs } from '../helpers/effort.ts';

// Values with the key's separators, JSON's own syntax and numbers that print like strings.
const value: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom('\u0000', '\u0001', '"', ',', '=', '1', 'u1', ''),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.integer({ min: -2, max: 3 }),
  fc.boolean(),
);
const binding = fc.dictionary(fc.constantFrom('u', 'f', 'i', 'l', 't'), value, { maxKeys: 4 });
const transition = fc.constantFrom('Gen_Keys', 'Gen_Keys\u0000u', 'D_R_S');

const sameBinding = (a: Record<string, Value>, b: Record<string, Value>) =>
  Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => k in b && a[k] === b[k]);

describe('bindingKey', () => {
  it('does not depend on the order the parameters were written in', () => {
    expect(bindingKey('D_R_S', { u: 'u1', f: 'f1', i: 0 })).toBe(
      bindingKey('D_R_S', { i: 0, f: 'f1', u: 'u1' }),
    );
  });

  it('tells a number from a string and a separator from a part', () => {
    expect(bindingKey('T', { l: 1 })).not.toBe(bindingKey('T', { l: '1' }));
    expect(bindingKey('T', { u: 'a\u0000f\u0001"b"' })).not.toBe(bindingKey('T', { u: 'a', f: 'b' }));
  });

  it('is injective: equal keys exactly for equal transitions and bindings', () => {
    fc.assert(
      fc.property(transition, binding, transition, binding, (t1, b1, t2, b2) => {
        const equal = t1 === t2 && sameBinding(b1, b2);
        expect(bindingKey(t1, b1) === bindingKey(t2, b2)).toBe(equal);
        // A shuffled copy of the binding keys the same.
        const shuffled = Object.fromEntries(Object.entries(b1).reverse());
        expect(bindingKey(t1, shuffled)).toBe(bindingKey(t1, b1));
      }),
      { numRuns: runs(2000) },
    );
  });
});
