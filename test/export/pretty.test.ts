import { describe, expect, it } from 'vitest';
import { buildNet } from '../../model/build.ts';
import type { Expr } from '../../model/expr/ast.ts';
import {
  and,
  assign,
  constant,
  eq,
  exists,
  implies,
  lit,
  member,
  not,
  or,
  stateVar,
  variable,
} from '../../model/expr/build.ts';
import { paperExampleConfig } from '../../model/universes.ts';
import { R } from '../../model/vocabulary.ts';
import { prettyExpr, prettyTransition, prettyUpdate } from '../../src/export/pretty.ts';

const u = variable({ name: 'u', sort: 'Principal' });
const o = variable({ name: 'o', sort: 'Principal' });
const f = variable({ name: 'f', sort: 'File' });

function transition(layer: 'paper' | 'extended', name: string) {
  const net = buildNet(paperExampleConfig(layer, 'paper'));
  const t = net.transitions.find((x) => x.name === name);
  if (!t) throw new Error(`no ${name}`);
  return prettyTransition(t);
}

describe('pretty printer', () => {
  it('prints connectives, relation and function application in math-ish notation', () => {
    const e: Expr = and(
      member(R.holdsC, u, f),
      not(member(R.holdsKeys, u)),
      or(member(R.stored, f), member(R.corrupted, f)),
    );
    expect(prettyExpr(e)).toBe('holdsC(u, f) ∧ ¬holdsKeys(u) ∧ (stored(f) ∨ corrupted(f))');
    expect(prettyExpr(not(eq(u, o)))).toBe('u ≠ o');
    expect(prettyExpr(implies(member(R.stored, f), member(R.holdsC, u, f)))).toBe('stored(f) ⇒ holdsC(u, f)');
    expect(prettyExpr(not(and(member(R.stored, f), member(R.corrupted, f))))).toBe(
      '¬(stored(f) ∧ corrupted(f))',
    );
    expect(prettyExpr(or(and(member(R.stored, f), member(R.corrupted, f)), lit('Bool', true)))).toBe(
      '(stored(f) ∧ corrupted(f)) ∨ true',
    );
    expect(prettyExpr(lit('Reason', 'notGranted'))).toBe("'notGranted'");
    expect(prettyExpr(constant('tokenMaxAge', 'Time'))).toBe('tokenMaxAge');
  });

  it('the paper layer: guards and effects of Fig. 2', () => {
    const dRS = transition('paper', 'D_R_S');
    expect(dRS.signature).toBe('D_R_S(u: Principal, f: File, i: Partition)');
    expect(dRS.guard).toContain('acl(ownerOf(f), u, i)');
    expect(dRS.guardLines).toContain('¬refused(u, f, i)');
    expect(dRS.effect).toEqual(['insert holdsRu(u, f, levelOf(f, i))']);
    expect(transition('paper', 'Send_C').guard).toBe('(∀ i ∈ Partition. encrypted(f, i)) ∧ ¬stored(f)');
    expect(transition('paper', 'Send_C').effect).toEqual([
      'insert stored(f)',
      'insert holdsC(ownerOf(f), f)',
    ]);
  });

  it('the extended layer: assignments, bulk updates, nested quantifiers', () => {
    expect(transition('extended', 'Tick')).toMatchObject({
      guard: 'now < maxTime',
      effect: ['now := now + 1'],
    });
    expect(transition('extended', 'Approve_Join').effect).toContain(
      'insert acl(o, u, i) for all i ∈ Partition where ∃ r ∈ Role. hasRole(u, r) ∧ roleAccess(o, r, i)',
    );
    const depart = transition('extended', 'Depart').effect;
    expect(depart).toContain('delete acl(o, u, i) for all i ∈ Partition');
    expect(depart).toContain(
      'delete pending(u, f, i, t) for all f ∈ File, i ∈ Partition, t ∈ Time where ownerOf(f) = o',
    );
    expect(transition('extended', 'D_C').effect).toContain(
      'insert holdsDamaged(u, f) if corrupted(f) ∨ (∃ g ∈ File. substituted(f, g))',
    );
    expect(transition('extended', 'D_R_S').guard).toContain(
      '∃ joined ∈ Time. joinedAt(ownerOf(f), u, joined) ∧ (∃ uploaded ∈ Time. uploadedAt(f, uploaded) ∧ joined ≤ uploaded)',
    );
    expect(transition('extended', 'D_R_S').guard).toContain('now ≤ t + tokenMaxAge');
  });

  it('strips the #n suffix of a bound variable only where the short name is free', () => {
    const depart = transition('extended', 'Depart');
    expect(depart.effect).toContain('delete joinedAt(o, u, t) for all t ∈ Time');
    // Request_R has a parameter t, so its quantified t keeps its unique name.
    const request = transition('extended', 'Request_R').guardLines.find((l) => l.startsWith('∀'));
    expect(request).toMatch(/^∀ t#\d+ ∈ Time\. ¬pending\(u, f, i, t#\d+\)$/);
    // Standalone: free variables are in scope, so a bound `u#7` under a free `u` keeps its suffix.
    const nested = and(
      member(R.holdsKeys, u),
      exists('Principal', 'u', (x) => member(R.holdsC, x, f)),
    );
    expect(prettyExpr(nested)).toMatch(/^holdsKeys\(u\) ∧ \(∃ u#\d+ ∈ Principal\. holdsC\(u#\d+, f\)\)$/);
    expect(prettyExpr(exists('Principal', 'v', (x) => member(R.holdsKeys, x)))).toBe(
      '∃ v ∈ Principal. holdsKeys(v)',
    );
  });

  it('prints single updates', () => {
    const now = stateVar('now', 'Time');
    expect(prettyUpdate(assign('now', 'Time', now))).toBe('now := now');
  });
});
