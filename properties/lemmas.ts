/**
 * Strengthening invariants several properties' proofs share. Each is only a candidate: the verifier proves
 * it together with the property (Houdini keeps the greatest inductive subset), and reports any it drops.
 */
import { and, eq, exists, forall, implies, member, not, or } from '../model/expr/build.ts';
import { R } from '../model/vocabulary.ts';
import type { NamedFormula } from './property.ts';
import { f, forallVars, i, o, ownerOf, u } from './terms.ts';

export const DEPARTED_IS_OUT: NamedFormula = {
  name: 'a departed user is no member and has no ACL entry',
  formula: forallVars(
    [
      ['o', 'Principal'],
      ['u', 'Principal'],
    ],
    implies(
      member(R.departed, o, u),
      and(
        not(member(R.member, o, u)),
        forall('Partition', 'i', (x) => not(member(R.acl, o, u, x))),
      ),
    ),
  ),
};

export const ACL_NEEDS_MEMBERSHIP: NamedFormula = {
  name: 'an ACL entry and a join date belong to a member',
  formula: forallVars(
    [
      ['o', 'Principal'],
      ['u', 'Principal'],
    ],
    implies(
      or(
        exists('Partition', 'i', (x) => member(R.acl, o, u, x)),
        exists('Time', 't', (x) => member(R.joinedAt, o, u, x)),
      ),
      member(R.member, o, u),
    ),
  ),
};

export const PARAMETERS_AFTER_UPLOAD: NamedFormula = {
  name: 'the SRS holds R_{l-P} only for stored files (decision 13)',
  formula: forallVars(
    [['f', 'File']],
    forall('Level', 'l', (x) => implies(member(R.srsParam, f, x), member(R.stored, f))),
  ),
};

export const RU_AFTER_UPLOAD: NamedFormula = {
  name: 'a user holds R_{l-U} only for stored files',
  formula: forallVars(
    [
      ['u', 'Principal'],
      ['f', 'File'],
    ],
    forall('Level', 'l', (x) => implies(member(R.holdsRu, u, f, x), member(R.stored, f))),
  ),
};

export const PLAINTEXT_AFTER_UPLOAD: NamedFormula = {
  name: 'only the owner holds the plaintext of a file not stored',
  formula: forallVars(
    [
      ['u', 'Principal'],
      ['f', 'File'],
      ['i', 'Partition'],
    ],
    implies(member(R.holdsPT, u, f, i), or(eq(u, ownerOf(f)), member(R.stored, f))),
  ),
};

export const ONE_UPLOAD_DATE: NamedFormula = {
  name: 'a file has at most one upload date, and only once stored',
  formula: forallVars(
    [['f', 'File']],
    forall('Time', 't', (t1) =>
      implies(
        member(R.uploadedAt, f, t1),
        and(
          member(R.stored, f),
          forall('Time', 't', (t2) => implies(member(R.uploadedAt, f, t2), eq(t1, t2))),
        ),
      ),
    ),
  ),
};

export const ONE_JOIN_DATE: NamedFormula = {
  name: 'a member has at most one join date, and a pending join request is not a member’s',
  formula: forallVars(
    [
      ['o', 'Principal'],
      ['u', 'Principal'],
    ],
    and(
      implies(member(R.joinRequest, o, u), not(member(R.member, o, u))),
      forall('Time', 't', (t1) =>
        implies(
          member(R.joinedAt, o, u, t1),
          forall('Time', 't', (t2) => implies(member(R.joinedAt, o, u, t2), eq(t1, t2))),
        ),
      ),
    ),
  ),
};
