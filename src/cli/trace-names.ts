/**
 * File names for the traces of a run (`--trace DIR`): derived from the scenario names, which are free
 * text (`name: "../escaped"` is a valid scenario name), so they are made safe (docs/cli/simulate.md):
 *
 * - only letters, digits, `.`, `_` and `-` survive; anything else (path separators included) becomes `-`;
 * - no leading `.` or `-` (no hidden files, no `..`, nothing that reads as an option), never empty;
 * - unique within the run, ignoring case (two scenarios called `a/b` and `a-b`, or the same file named
 *   twice, get `a-b` and `a-b-2`), so no trace overwrites another.
 */

const UNSAFE = /[^\p{L}\p{N}._-]+/gu;

/** One scenario name as a safe file-name stem. */
export function safeStem(name: string): string {
  const stem = name
    .normalize('NFC')
    .replace(UNSAFE, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/[.-]+$/, '');
  return stem === '' ? 'scenario' : stem;
}

/** `<stem>.trace.json` for each name, in order, unique ignoring case. */
export function traceFileNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const stem = safeStem(name);
    let candidate = stem;
    for (let k = 2; taken.has(candidate.toLowerCase()); k++) candidate = `${stem}-${k}`;
    taken.add(candidate.toLowerCase());
    return `${candidate}.trace.json`;
  });
}
