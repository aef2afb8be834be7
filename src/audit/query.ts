/**
 * Queries over entries — the admin's "view key transactions" (`sesphr audit show`) and a scenario's `log`
 * check (src/scenario) both filter with `matches`: one rule. Works on any iterable of entries: an open
 * log's `entries()`, or the entries mapped from a run before they are stored.
 */
import { type Entry, type EntryType, entryFile, entryUsers } from './entries.ts';

export interface EntryFilter {
  /** Any of these types. */
  readonly types?: readonly EntryType[];
  /** Entries about this principal (as user, owner or sender). */
  readonly user?: string;
  /** Entries about this file: `owner/file` or just the file id. */
  readonly file?: string;
  /** Entries about this version of a file (entries that name no version do not match). */
  readonly version?: number;
  /** A refusal's reason. */
  readonly reason?: string;
  /** A corruption entry's kind. */
  readonly kind?: string;
  /** An auditVerdict entry's result (`intact`, `failed`). */
  readonly result?: string;
  /** Inclusive bounds on the entry's time. */
  readonly since?: number;
  readonly until?: number;
}

export function matches(entry: Entry, filter: EntryFilter): boolean {
  if (filter.types && filter.types.length > 0 && !filter.types.includes(entry.type)) return false;
  if (filter.user !== undefined && !entryUsers(entry).includes(filter.user)) return false;
  if (filter.file !== undefined) {
    const file = entryFile(entry);
    if (file === undefined) return false;
    if (file !== filter.file && file.slice(file.indexOf('/') + 1) !== filter.file) {
      // `owner/file` or the file id alone; ids may themselves contain '/', so compare exactly.
      const fileId = (entry as { fileId?: string }).fileId;
      if (fileId !== filter.file) return false;
    }
  }
  if (filter.reason !== undefined && (entry.type !== 'refusal' || entry.reason !== filter.reason))
    return false;
  if (filter.version !== undefined && (entry as { version?: number }).version !== filter.version)
    return false;
  if (filter.kind !== undefined && (entry.type !== 'corruption' || entry.kind !== filter.kind)) return false;
  if (filter.result !== undefined && (entry.type !== 'auditVerdict' || entry.result !== filter.result))
    return false;
  if (filter.since !== undefined && entry.time < filter.since) return false;
  if (filter.until !== undefined && entry.time > filter.until) return false;
  return true;
}

export function* query(entries: Iterable<Entry>, filter: EntryFilter = {}): Generator<Entry> {
  for (const entry of entries) if (matches(entry, filter)) yield entry;
}

export function count(entries: Iterable<Entry>, filter: EntryFilter = {}): number {
  let n = 0;
  for (const _ of query(entries, filter)) n++;
  return n;
}
