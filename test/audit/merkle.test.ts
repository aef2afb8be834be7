/**
 * RFC 6962 hashing, proofs and their verification against the published known answers
 * (test/audit/vectors/rfc6962.json, with its provenance), then against a reference written here from
 * the RFC's recursive definitions on many tree sizes, and the verifiers against corrupted proofs.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MerkleTree } from '../../src/audit/tree.ts';
import { bytesToHex, hexToBytes } from '../../src/crypto/bytes.ts';
import {
  consistencyProblem,
  EMPTY_ROOT,
  inclusionProblem,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  rootOfLeafHashes,
} from '../../src/crypto/wire/merkle.ts';
import { runs } from '../helpers/effort.ts';
import vectors from './vectors/rfc6962.json' with { type: 'json' };

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const ascii = (s: string) => new TextEncoder().encode(s);
const inputs = vectors.inputs.map(hexToBytes);
const hex = bytesToHex;

// ── a reference from the RFC's text, independent of the code under test ─────────────────────────────
const refSplit = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
function refMth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Uint8Array.of(0), d[0] as Uint8Array);
  const k = refSplit(d.length);
  return sha(Uint8Array.of(1), refMth(d.slice(0, k)), refMth(d.slice(k)));
}
function refPath(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = refSplit(d.length);
  return m < k
    ? [...refPath(m, d.slice(0, k)), refMth(d.slice(k))]
    : [...refPath(m - k, d.slice(k)), refMth(d.slice(0, k))];
}
function refSubproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  const n = d.length;
  if (m === n) return b ? [] : [refMth(d)];
  const k = refSplit(n);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), refMth(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), refMth(d.slice(0, k))];
}
const refProof = (m: number, d: Uint8Array[]) => (m === 0 || m === d.length ? [] : refSubproof(m, d, true));

function treeOf(data: readonly Uint8Array[]): MerkleTree {
  const tree = new MerkleTree();
  for (const d of data) tree.append(leafHash(d));
  return tree;
}

describe('RFC 6962 known answers (google/certificate-transparency, transparency-dev/merkle)', () => {
  it('hash the empty tree, an empty leaf, a leaf and a node as published', () => {
    expect(hex(EMPTY_ROOT)).toBe(vectors.emptyTreeHash);
    expect(hex(leafHash(new Uint8Array(0)))).toBe(vectors.hasher.emptyLeaf);
    expect(hex(leafHash(ascii(vectors.hasher.leaf.input)))).toBe(vectors.hasher.leaf.hash);
    expect(hex(nodeHash(ascii(vectors.hasher.node.left), ascii(vectors.hasher.node.right)))).toBe(
      vectors.hasher.node.hash,
    );
  });

  it('give the published root at every size 1..8, built leaf by leaf and at once', () => {
    const tree = new MerkleTree();
    expect(hex(tree.root())).toBe(vectors.emptyTreeHash);
    inputs.forEach((input, i) => {
      tree.append(leafHash(input));
      expect(hex(tree.root()), `size ${i + 1}`).toBe(vectors.roots[i]);
      for (let j = 0; j <= i; j++) expect(hex(tree.root(j + 1))).toBe(vectors.roots[j]);
    });
    expect(hex(rootOfLeafHashes(inputs.map(leafHash)))).toBe(vectors.roots[7]);
  });

  it('generate the published audit paths, which verify against the published roots', () => {
    const tree = treeOf(inputs);
    for (const v of vectors.paths) {
      const index = v.leaf - 1;
      const proof = tree.inclusionProof(index, v.snapshot);
      expect(proof.map(hex), `leaf ${v.leaf} of ${v.snapshot}`).toEqual(v.path);
      const root = hexToBytes(vectors.roots[v.snapshot - 1] as string);
      expect(
        inclusionProblem(index, v.snapshot, leafHash(inputs[index] as Uint8Array), proof, root),
      ).toBeUndefined();
    }
  });

  it('generate the published consistency proofs, which verify against the published roots', () => {
    const tree = treeOf(inputs);
    for (const v of vectors.consistency) {
      const proof = tree.consistencyProof(v.snapshot1, v.snapshot2);
      expect(proof.map(hex), `${v.snapshot1} → ${v.snapshot2}`).toEqual(v.proof);
      const r1 = hexToBytes(vectors.roots[v.snapshot1 - 1] as string);
      const r2 = hexToBytes(vectors.roots[v.snapshot2 - 1] as string);
      expect(consistencyProblem(v.snapshot1, v.snapshot2, r1, r2, proof)).toBeUndefined();
    }
  });
});

// The corruptions of the CT verifier tests: every one must be refused.
function inclusionCorruptions(
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
  leaf: Uint8Array,
) {
  const some = hexToBytes('abacaba000000000000000000000000000000000000000000060061e00123456');
  const probes: [string, number, number, Uint8Array, Uint8Array[], Uint8Array][] = [
    ['index - 1', index - 1, size, leaf, proof, root],
    ['index + 1', index + 1, size, leaf, proof, root],
    ['index ^ 2', index ^ 2, size, leaf, proof, root],
    ['size * 2', index, size * 2, leaf, proof, root],
    ['size / 2', index, Math.floor(size / 2), leaf, proof, root],
    ['wrong leaf', index, size, leafHash(ascii('WrongLeaf')), proof, root],
    ['empty root', index, size, leaf, proof, EMPTY_ROOT],
    ['random root', index, size, leaf, proof, some],
    ['trailing garbage', index, size, leaf, [...proof, new Uint8Array(0)], root],
    ['trailing root', index, size, leaf, [...proof, root], root],
    ['preceding garbage', index, size, leaf, [new Uint8Array(0), ...proof], root],
    ['preceding root', index, size, leaf, [root, ...proof], root],
  ];
  proof.forEach((_, i) => {
    const wrong = proof.map((p) => p.slice());
    const target = wrong[i] as Uint8Array;
    target[0] = (target[0] as number) ^ 8;
    probes.push([`proof[${i}] bit 3`, index, size, leaf, wrong, root]);
  });
  if (proof.length > 0) probes.push(['removed component', index, size, leaf, proof.slice(0, -1), root]);
  if (proof.length > 1)
    probes.push([
      'inserted component',
      index,
      size,
      leaf,
      [proof[0] as Uint8Array, some, ...proof.slice(1)],
      root,
    ]);
  return probes;
}

describe('the verifiers refuse corrupted proofs (the probes of the CT verifier tests)', () => {
  it('inclusion: every corruption of every published path is refused', () => {
    for (const v of vectors.paths) {
      const index = v.leaf - 1;
      const proof = v.path.map(hexToBytes);
      const root = hexToBytes(vectors.roots[v.snapshot - 1] as string);
      const leaf = leafHash(inputs[index] as Uint8Array);
      for (const [name, i, s, l, p, r] of inclusionCorruptions(index, v.snapshot, proof, root, leaf)) {
        // index ^ 2 can equal the index itself only when that leaf is identical; never here.
        expect(inclusionProblem(i, s, l, p, r), `${name} (leaf ${v.leaf} of ${v.snapshot})`).toBeTypeOf(
          'string',
        );
      }
    }
  });

  it('consistency: every corruption of every non-trivial published proof is refused', () => {
    for (const v of vectors.consistency.filter((c) => c.proof.length > 0)) {
      const proof = v.proof.map(hexToBytes);
      const r1 = hexToBytes(vectors.roots[v.snapshot1 - 1] as string);
      const r2 = hexToBytes(vectors.roots[v.snapshot2 - 1] as string);
      const { snapshot1: a, snapshot2: b } = v;
      const wrong = ascii('WrongRoot');
      const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        ['size1 - 1', a - 1, b, r1, r2, proof],
        ['size1 + 1', a + 1, b, r1, r2, proof],
        ['size1 ^ 2', a ^ 2, b, r1, r2, proof],
        ['size2 * 2', a, b * 2, r1, r2, proof],
        ['size2 / 2', a, Math.floor(b / 2), r1, r2, proof],
        ['wrong root1', a, b, wrong, r2, proof],
        ['wrong root2', a, b, r1, wrong, proof],
        ['swapped roots', a, b, r2, r1, proof],
        ['empty proof', a, b, r1, r2, []],
        ['trailing garbage', a, b, r1, r2, [...proof, new Uint8Array(0)]],
        ['trailing root1', a, b, r1, r2, [...proof, r1]],
        ['trailing root2', a, b, r1, r2, [...proof, r2]],
        ['preceding garbage', a, b, r1, r2, [new Uint8Array(0), ...proof]],
        ['preceding root1', a, b, r1, r2, [r1, ...proof]],
        ['preceding root2', a, b, r1, r2, [r2, ...proof]],
        ['preceding proof[0]', a, b, r1, r2, [proof[0] as Uint8Array, ...proof]],
        ['truncated proof', a, b, r1, r2, proof.slice(0, -1)],
      ];
      proof.forEach((_, i) => {
        const changed = proof.map((p) => p.slice());
        const target = changed[i] as Uint8Array;
        target[0] = (target[0] as number) ^ 16;
        probes.push([`proof[${i}] bit 4`, a, b, r1, r2, changed]);
      });
      for (const [name, s1, s2, x, y, p] of probes)
        expect(consistencyProblem(s1, s2, x, y, p), `${name} (${a} → ${b})`).toBeTypeOf('string');
    }
  });

  it('the edge cases of the CT tests: sizes that are always consistent, time travel, empty proofs', () => {
    const [r1, r2] = [ascii("don't care 1"), ascii("don't care 2")];
    expect(consistencyProblem(0, 0, r1, r1, [])).toBeUndefined();
    expect(consistencyProblem(0, 1, r1, r2, [])).toBeUndefined();
    expect(consistencyProblem(1, 1, r2, r2, [])).toBeUndefined();
    expect(consistencyProblem(1, 1, r1, r2, [])).toBeTypeOf('string');
    expect(consistencyProblem(1, 0, r1, r2, [])).toBeTypeOf('string');
    expect(consistencyProblem(2, 1, r1, r2, [])).toBeTypeOf('string');
    expect(consistencyProblem(1, 2, r1, r2, [])).toBeTypeOf('string');
    expect(consistencyProblem(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBeTypeOf('string');
    expect(consistencyProblem(0, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toBeTypeOf('string');
    const some = hexToBytes('abacaba000000000000000000000000000000000000000000060061e00123456');
    for (const [i, s] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 1],
    ] as const) {
      expect(inclusionProblem(i, s, some, [], new Uint8Array(0)), `${i} of ${s}`).toBeTypeOf('string');
      expect(inclusionProblem(i, s, new Uint8Array(0), [], EMPTY_ROOT), `${i} of ${s}`).toBeTypeOf('string');
      expect(inclusionProblem(i, s, some, [], EMPTY_ROOT), `${i} of ${s}`).toBeTypeOf('string');
    }
    expect(rootFromInclusionProof(1, 1, some, [])).toBeTypeOf('string');
    const single = leafHash(ascii('data'));
    expect(inclusionProblem(0, 1, single, [], single)).toBeUndefined();
    expect(inclusionProblem(0, 1, single, [], new Uint8Array(0))).toBeTypeOf('string');
  });
});

describe('the cached tree against the RFC definitions', () => {
  const data = Array.from({ length: 300 }, (_, i) => Uint8Array.of(i & 0xff, i >> 8));
  const full = treeOf(data);

  it('roots, paths and consistency proofs equal the reference for every size up to 70, and verify', () => {
    for (let n = 1; n <= 70; n++) {
      const d = data.slice(0, n);
      const root = refMth(d);
      expect(hex(full.root(n))).toBe(hex(root));
      for (let m = 0; m < n; m++) {
        const proof = full.inclusionProof(m, n);
        expect(proof.map(hex)).toEqual(refPath(m, d).map(hex));
        expect(inclusionProblem(m, n, leafHash(d[m] as Uint8Array), proof, root)).toBeUndefined();
      }
      for (let m = 0; m <= n; m++) {
        const proof = full.consistencyProof(m, n);
        expect(proof.map(hex)).toEqual(refProof(m, d).map(hex));
        expect(consistencyProblem(m, n, refMth(data.slice(0, m)), root, proof)).toBeUndefined();
      }
    }
  });

  it('random sizes up to 300: proofs are O(log n) hashes and verify; set() equals rebuilding', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 300 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.integer({ min: 0, max: n - 1 }),
              fc.integer({ min: 0, max: n }),
              fc.uint8Array({ maxLength: 8 }),
            ),
          ),
        ([n, m, first, replacement]) => {
          const proof = full.inclusionProof(m, n);
          expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
          expect(
            inclusionProblem(m, n, leafHash(data[m] as Uint8Array), proof, full.root(n)),
          ).toBeUndefined();
          const consistency = full.consistencyProof(first, n);
          expect(consistency.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)) + 1);
          expect(consistencyProblem(first, n, full.root(first), full.root(n), consistency)).toBeUndefined();
          const changed = data.slice(0, n);
          changed[m] = replacement;
          const tree = treeOf(data.slice(0, n));
          tree.set(m, leafHash(replacement));
          expect(hex(tree.root())).toBe(hex(refMth(changed)));
          expect(tree.inclusionProof(m).map(hex)).toEqual(refPath(m, changed).map(hex));
        },
      ),
      { numRuns: runs(200) },
    );
  });

  it('the verifiers never throw, whatever they are given', () => {
    const hash = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 40 }));
    const size = fc.oneof(fc.integer({ min: -2, max: 2 ** 20 }), fc.constantFrom(2 ** 53, Number.NaN, 1.5));
    fc.assert(
      fc.property(size, size, hash, hash, fc.array(hash, { maxLength: 24 }), (a, b, x, y, proof) => {
        expect(() => inclusionProblem(a, b, x, proof, y)).not.toThrow();
        expect(() => consistencyProblem(a, b, x, y, proof)).not.toThrow();
      }),
      { numRuns: runs(500) },
    );
  });
});
