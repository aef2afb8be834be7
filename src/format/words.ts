/** Small helpers for counts in prose: "1 byte", "2 bytes", "1 of 3 scenarios passed". */

/** `plural(1, 'byte')` → `1 byte`; `plural(2, 'partition')` → `2 partitions`; an irregular plural can be given. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
