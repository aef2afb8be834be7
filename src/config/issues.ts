/**
 * Turning zod's issues into one message in the user's terms: the path as the user wrote it
 * (`files.phr.window[1]`), an unknown key reported as unknown with a "did you mean", before any
 * "missing" complaint the same typo causes.
 */
import leven from 'leven';
import type { ZodType, z } from 'zod';

export type Path = readonly PropertyKey[];

/** `a.b[2].c`: the path a user would write (keys with spaces or dots quoted). */
export function formatPath(path: Path): string {
  return path
    .map((p, k) => {
      if (typeof p === 'number') return `[${p}]`;
      const key = String(p);
      if (!/^[\p{L}\p{N}_-]+$/u.test(key)) return `[${JSON.stringify(key)}]`;
      return k === 0 ? key : `.${key}`;
    })
    .join('');
}

/** The closest of `candidates` to `word`, when it is close enough to be a plausible typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = leven(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, ZodType>>;
  readonly innerType?: ZodType;
  readonly in?: ZodType;
  readonly valueType?: ZodType;
  readonly element?: ZodType;
  readonly options?: readonly ZodType[];
}

const defOf = (schema: ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object keys a schema accepts at `path`, looking through defaults, optionals, records and arrays. */
export function keysAt(schema: ZodType, path: Path): string[] {
  let current: ZodType | undefined = schema;
  const unwrap = (s: ZodType): ZodType => {
    const def = defOf(s);
    if (def.innerType && (def.type === 'default' || def.type === 'optional' || def.type === 'nullable'))
      return unwrap(def.innerType);
    if (def.type === 'pipe' && def.in) return unwrap(def.in);
    return s;
  };
  for (const step of path) {
    if (!current) return [];
    const def = defOf(unwrap(current));
    if (def.type === 'object') current = def.shape?.[String(step)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'union') {
      current = def.options?.find((o) => {
        const d = defOf(unwrap(o));
        return (
          (typeof step === 'number' && d.type === 'array') || (typeof step !== 'number' && d.type !== 'array')
        );
      });
    } else return [];
  }
  if (!current) return [];
  const def = defOf(unwrap(current));
  if (def.type === 'object') return Object.keys(def.shape ?? {});
  if (def.type === 'union')
    return (def.options ?? []).flatMap((o) => {
      const d = defOf(unwrap(o));
      return d.type === 'object' ? Object.keys(d.shape ?? {}) : [];
    });
  return [];
}

export interface LocatedProblem {
  readonly path: Path;
  readonly reason: string;
}

/** The one problem to report for a failed parse: unknown keys first, then the first other issue. */
export function firstProblem(schema: ZodType, error: z.ZodError): LocatedProblem {
  const issues = error.issues;
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown && unknown.code === 'unrecognized_keys') {
    const key = unknown.keys[0] ?? '';
    const hint = didYouMean(key, keysAt(schema, unknown.path));
    return {
      path: [...unknown.path, key],
      reason: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
    };
  }
  const issue = issues[0];
  if (!issue) return { path: [], reason: 'invalid' };
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
    return { path: issue.path, reason: `missing (expected ${issue.expected})` };
  if (issue.code === 'invalid_value' && 'values' in issue)
    return {
      path: issue.path,
      reason: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
    };
  return { path: issue.path, reason: issue.message.replace(/^Invalid input: /, '') };
}
