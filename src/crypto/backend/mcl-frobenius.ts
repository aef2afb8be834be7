/**
 * The Frobenius endomorphism x ↦ x^(p^k) of Fp12 on mcl-wasm's own Fp2 arithmetic, for the GT membership
 * test (shared.ts `isInGt`). mcl-wasm does not expose its Frobenius; noble's `frobeniusMap` would do, but
 * its first call derives noble's coefficient tables by bigint exponentiation (some 60 ms of every process
 * that decodes a GT value) and each call converts the element to and from noble's form.
 *
 * The tower (the same in mcl and noble): Fp2 = Fp[u]/(u² + 1), Fp6 = Fp2[v]/(v³ − ξ) with ξ = 1 + u,
 * Fp12 = Fp6[w]/(w² − v). So w⁶ = ξ, and x = Σ b_m·w^m (m = 0..5, b_m ∈ Fp2) maps to
 *
 *   x^(p^k) = Σ conj^k(b_m) · γ_{k,m} · w^m,   γ_{k,m} = ξ^(m·(p^k − 1)/6)
 *
 * (Frobenius on Fp2 is conjugation; (w^m)^(p^k) = w^m · (w⁶)^(m·(p^k − 1)/6); p ≡ 1 mod 6). Every γ comes
 * from one constant γ = ξ^((p − 1)/6): γ_{1,m} = γ^m, γ_{2,m} = γ_{1,m}^(p+1) = γ_{1,m}·conj(γ_{1,m}) and
 * γ_{4,m} = γ_{2,m}^(p²+1) = γ_{2,m}² (γ_{2,m} lies in Fp, which Frobenius fixes).
 * test/crypto/mcl-frobenius.test.ts checks γ against its definition and the map against noble's.
 */
import * as mcl from 'mcl-wasm';
import { FP_BYTES, GT_BYTES } from '../constants.ts';

/**
 * γ = ξ^((p − 1)/6) in Fp2 as c0 + c1·u, hexadecimal: computed from that definition (noble's
 * Fp2.pow(1 + u, (p − 1)/6), which is also noble's first degree-12 Frobenius coefficient).
 */
const GAMMA_C0_HEX =
  '1904d3bf02bb0667c231beb4202c0d1f0fd603fd3cbd5f4f7b2443d784bab9c4f67ea53d63e7813d8d0775ed92235fb8';
const GAMMA_C1_HEX =
  '00fc3e2b36c4e03288e9e902231f9fb854a14787b6c7b36fec0c8ec971f63c5f282d5ac14d6c7ec22cf78a126ddc4af3';

const FP2_BYTES = 2 * FP_BYTES;
const COEFFICIENTS = GT_BYTES / FP2_BYTES;
/**
 * The exponent m of w for each Fp2 coefficient in mcl's serialization order, which follows the tower:
 * c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2, where c_i.c_j multiplies v^j·w^i = w^(2j + i).
 */
const W_EXPONENTS: readonly number[] = [0, 2, 4, 1, 3, 5];

export type FrobeniusPower = 1 | 2 | 4;

const conjugate = (a: mcl.Fp2): mcl.Fp2 => {
  const r = new mcl.Fp2();
  r.set_a(a.get_a());
  r.set_b(mcl.neg(a.get_b()));
  return r;
};

/** γ_{k,m} for m = 0..5, per power k; built on first use, as mcl must be initialized first. */
let gammas: Readonly<Record<FrobeniusPower, readonly mcl.Fp2[]>> | undefined;

/** The γ constant as an mcl Fp2 (exported for the test of its definition; mcl must be initialized). */
export function frobeniusGamma(): mcl.Fp2 {
  const c0 = new mcl.Fp();
  c0.setStr(GAMMA_C0_HEX, 16);
  const c1 = new mcl.Fp();
  c1.setStr(GAMMA_C1_HEX, 16);
  const gamma = new mcl.Fp2();
  gamma.set_a(c0);
  gamma.set_b(c1);
  return gamma;
}

function coefficients(): Readonly<Record<FrobeniusPower, readonly mcl.Fp2[]>> {
  if (gammas) return gammas;
  const gamma = frobeniusGamma();
  const one = new mcl.Fp2();
  one.setInt(1, 0);
  const first: mcl.Fp2[] = [one];
  for (let m = 1; m < COEFFICIENTS; m++) first.push(mcl.mul(first[m - 1] as mcl.Fp2, gamma));
  const second = first.map((g) => mcl.mul(g, conjugate(g)));
  const fourth = second.map((g) => mcl.sqr(g));
  gammas = { 1: first, 2: second, 4: fourth };
  return gammas;
}

/** x^(p^power) for any Fp12 element x (mcl's GT type holds every Fp12 element). */
export function frobeniusMcl(x: mcl.GT, power: FrobeniusPower): mcl.GT {
  const gamma = coefficients()[power];
  const bytes = x.serialize();
  const out = new Uint8Array(GT_BYTES);
  for (let n = 0; n < COEFFICIENTS; n++) {
    const offset = n * FP2_BYTES;
    const b = new mcl.Fp2();
    b.deserialize(bytes.subarray(offset, offset + FP2_BYTES));
    const m = W_EXPONENTS[n] as number;
    const mapped = power % 2 === 1 ? conjugate(b) : b;
    out.set(m === 0 ? mapped.serialize() : mcl.mul(mapped, gamma[m] as mcl.Fp2).serialize(), offset);
  }
  const result = new mcl.GT();
  result.deserialize(out);
  return result;
}
