/**
 * The two protocol variants. `paper`: the SRS generates every key pair and computes RK itself (§3.3).
 * `hardened`: each party generates its own key and the owner computes RK = PK_U^{1/x_P}, so the SRS holds
 * only public keys and RKs (docs/model.md, "Variants").
 */
export const VARIANTS = ['paper', 'hardened'] as const;
export type Variant = (typeof VARIANTS)[number];
