/**
 * Entries: every type round-trips canonically; the decoder, fed anything (random bytes, mutated valid
 * entries), returns an entry that re-encodes to exactly its input or throws a DecodeError naming a field
 * under `entry`; the encoder refuses what the decoder would refuse.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntry, ENTRY_TYPE_NAMES, type Entry, encodeEntry } from '../../src/audit/entries.ts';
import { ArgumentError, DecodeError } from '../../src/crypto/errors.ts';
import { runs } from '../helpers/effort.ts';
import { entryInput } from './helpers.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const entry: fc.Arbitrary<Entry> = fc
  .tuple(entryInput, fc.oneof(fc.nat({ max: 10_000 }), fc.constant(Number.MAX_SAFE_INTEGER)))
  .map(([input, index]) => ({ ...input, index }) as Entry);

function decodeOrError(bytes: Uint8Array): Entry | DecodeError {
  try {
    const e = decodeEntry(bytes);
    expect(hex(encodeEntry(e)), 'an accepted entry re-encodes to its bytes').toBe(hex(bytes));
    return e;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    expect(error.field === 'entry' || error.field.startsWith('entry.'), error.field).toBe(true);
    return error;
  }
}

describe('audit entries', () => {
  it('every type round-trips: decode(encode(e)) = e, and the arbitrary covers every type', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(entry, (e) => {
        seen.add(e.type);
        const bytes = encodeEntry(e);
        expect(decodeEntry(bytes)).toEqual(e);
      }),
      { numRuns: runs(600) },
    );
    if (runs(600) >= 300) expect([...seen].sort()).toEqual([...ENTRY_TYPE_NAMES].sort());
  });

  it('arbitrary bytes: an entry re-encoding to them, or a DecodeError under "entry"', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc
            .tuple(fc.integer({ min: 0, max: 13 }), fc.uint8Array({ maxLength: 200 }))
            .map(([t, rest]) => Uint8Array.of(1, t, ...rest)),
        ),
        (bytes) => {
          decodeOrError(bytes);
        },
      ),
      { numRuns: runs(2000) },
    );
  });

  it('valid entries with bytes flipped, cut or added: an entry or a DecodeError', () => {
    fc.assert(
      fc.property(
        entry,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.uint8Array({ minLength: 1, maxLength: 4 }),
        (e, at, x, extra) => {
          const bytes = encodeEntry(e);
          const flipped = bytes.slice();
          flipped[at % bytes.length] = (flipped[at % bytes.length] as number) ^ x;
          decodeOrError(flipped);
          const cut = decodeOrError(bytes.subarray(0, at % bytes.length));
          expect(cut).toBeInstanceOf(DecodeError);
          expect(decodeOrError(Uint8Array.of(...bytes, ...extra))).toBeInstanceOf(DecodeError);
        },
      ),
      { numRuns: runs(800) },
    );
  });

  it('names the field: unknown type, format, a bad identifier, a reason code, counts out of order', () => {
    const good = encodeEntry({ type: 'keyIssued', user: 'bob', time: 1, actor: 'srs', index: 0 });
    expect(() => decodeEntry(Uint8Array.of(2, ...good.subarray(1)))).toThrow(
      /invalid entry.format: unsupported entry format 2/,
    );
    expect(() => decodeEntry(Uint8Array.of(1, 99, ...good.subarray(2)))).toThrow(
      /invalid entry.type: unknown entry type 99/,
    );
    const control = good.slice();
    control[control.length - 1] = 0x07; // "bo\x07"
    expect(() => decodeEntry(control)).toThrow(/invalid entry.user/);
    const verdict = {
      type: 'auditVerdict',
      ownerId: 'a',
      fileId: 'f',
      version: 1,
      result: 'intact',
      blocks: 10,
      challenged: 5,
      failed: 1,
      time: 0,
      actor: 'tpa',
      index: 0,
    } as const;
    expect(() => encodeEntry(verdict)).toThrow(ArgumentError);
    expect(() => encodeEntry({ ...verdict, failed: 6, result: 'failed' })).toThrow(/failed/);
    expect(() => encodeEntry({ type: 'keyIssued', user: '', time: 0, actor: 'srs', index: 0 })).toThrow(
      /invalid user/,
    );
    expect(() => encodeEntry({ type: 'keyIssued', user: 'x', time: -1, actor: 'srs', index: 0 })).toThrow(
      /invalid time/,
    );
    expect(() =>
      encodeEntry({
        type: 'aclChange',
        ownerId: 'o',
        user: 'u',
        change: 'allowPastData',
        partition: 'p',
        time: 0,
        actor: 'o',
        index: 0,
      }),
    ).toThrow(/partition/);
  });
});
