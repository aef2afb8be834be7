/** "Did you mean …?" for misspelt commands and options (Levenshtein distance, `leven`). */
import leven from 'leven';

/**
 * The candidate closest to `word` when it is close enough to be a likely typo — one edit for words of up
 * to three letters, two or one per three letters for longer ones (a swap of two letters is two edits) —
 * or the one candidate that `word` begins. Single letters (aliases such as -h) are never suggested.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 2) return undefined;
  const names = candidates.filter((c) => c.length > 1);
  const prefixed = names.filter((c) => c.startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  const limit = lower.length <= 3 ? 1 : Math.max(2, Math.floor(lower.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of names) {
    const distance = leven(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
