/**
 * One key per ground transition: its name and its binding, whatever order the binding's parameters were
 * written in. Injective: parameter names are identifiers, and each value is written as JSON, which
 * escapes every control character, so the separators (NUL, SOH) never occur inside a part.
 */
import type { Value } from '../../model/expr/ast.ts';

export function bindingKey(transition: string, binding: Readonly<Record<string, Value>>): string {
  let key = transition;
  for (const name of Object.keys(binding).sort())
    key += `\u0000${name}\u0001${JSON.stringify(binding[name])}`;
  return key;
}
