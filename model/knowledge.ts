/**
 * Abstract knowledge (docs/model.md, "Knowledge"): what a principal — or a coalition pooling what its members hold —
 * can derive from the tokens it holds, by the algebra of the scheme. "Who can read partition i of file f"
 * is a formula over the marking; the simulator's oracle checks it against real decryption attempts.
 *
 * Derivation rules (K_{f,l} = Z^{r_l} is the data key of level l of file f):
 *   SK_u            ⇐ u holds its keys  |  the SRS keeps them (paper variant, Eq. 23)
 *   R_{l-P}         ⇐ the owner computed it (Eq. 27)  |  the SRS stores it (Eq. 29)
 *   K_{f,l}         ⇐ r_l (the owner, Eq. 25)
 *                   | R_{l-U} issued to u  ∧ SK_u                        (Eqs. 19–22)
 *                   | R_{l-P} ∧ SK_owner        (e(R_{l-P}, g2)^{1/x_P}: the curious paper SRS)
 *                   | R_{l-P} ∧ RK_{owner→u} ∧ SK_u                       (Eq. 17 done by anyone)
 *   C_f (intact)    ⇐ the cloud stores it  |  a downloaded copy whose ciphertext was not altered
 *                     (a stripped or replaced manifest leaves it intact: the reader rejects it, but
 *                     whoever holds the key can still decrypt it)
 *                   | a copy downloaded as another file that the cloud substituted with C_f
 *   PT_{f,i}        ⇐ held plaintext  |  C_f ∧ K_{f, level(f,i)}
 *                   | C_f alone, in literal mode (docs/security-notes.md: C·conj(C) = M²)
 */
import type { Expr } from './expr/ast.ts';
import { and, apply, constant, eq, exists, FALSE, lit, member, not, or, TRUE } from './expr/build.ts';
import { C, F, type Layer, R, SYSTEM } from './vocabulary.ts';

/** A set of principals, as a membership predicate: one principal, or a coalition. */
export type Group = (principal: Expr) => Expr;

export const principal = (id: string): Expr => lit('Principal', id);

export function single(p: Expr): Group {
  return (x) => eq(x, p);
}

export function coalition(ids: readonly string[]): Group {
  return (x) => or(...ids.map((id) => eq(x, principal(id))));
}

const SRS = principal(SYSTEM.srs);
const CLOUD = principal(SYSTEM.cloud);

export function knowsSecretKey(group: Group, u: Expr): Expr {
  return or(and(group(u), member(R.holdsKeys, u)), and(group(SRS), member(R.srsKeyPair, u)));
}

export function knowsOwnerParameter(group: Group, f: Expr, l: Expr): Expr {
  return or(
    and(group(apply(F.ownerOf, f)), member(R.holdsParam, f, l)),
    and(group(SRS), member(R.srsParam, f, l)),
  );
}

export function knowsReKey(group: Group, o: Expr, u: Expr): Expr {
  return and(group(SRS), member(R.srsReKey, o, u));
}

/** In the paper layer nothing can be altered (no Tamper_C), so a held copy is always intact. */
export function knowsCiphertext(group: Group, f: Expr, layer: Layer = 'extended'): Expr {
  const intact = (h: Expr) => (layer === 'extended' ? not(member(R.holdsDamaged, h, f)) : TRUE);
  const substitutedCopy =
    layer === 'extended'
      ? exists('Principal', 'h', (h) =>
          and(
            group(h),
            exists('File', 'asked', (g) => member(R.holdsForeign, h, g, f)),
          ),
        )
      : FALSE;
  return or(
    and(group(CLOUD), member(R.stored, f)),
    exists('Principal', 'h', (h) => and(group(h), member(R.holdsC, h, f), intact(h))),
    substitutedCopy,
  );
}

export function knowsDataKey(group: Group, f: Expr, l: Expr): Expr {
  const owner = apply(F.ownerOf, f);
  return or(
    and(group(owner), member(R.holdsR, f, l)),
    exists('Principal', 'u', (u) => and(group(u), member(R.holdsRu, u, f, l), knowsSecretKey(group, u))),
    and(knowsOwnerParameter(group, f, l), knowsSecretKey(group, owner)),
    and(
      knowsOwnerParameter(group, f, l),
      exists('Principal', 'u', (u) => and(knowsReKey(group, owner, u), knowsSecretKey(group, u))),
    ),
  );
}

/** The group can read partition i of file f. */
export function canRead(group: Group, f: Expr, i: Expr, layer: Layer = 'extended'): Expr {
  return or(
    exists('Principal', 'h', (h) => and(group(h), member(R.holdsPT, h, f, i))),
    and(
      knowsCiphertext(group, f, layer),
      or(constant(C.literalMode.name, 'Bool'), knowsDataKey(group, f, apply(F.levelOf, f, i))),
    ),
  );
}
