import type { Commitment } from './model.js';
import { titleSimilarity } from './normalise-tokens.js';
import type { TrackerEntry } from './parse-tracking-table.js';

/** Minimum title similarity for a tracking-table row to be taken as a commitment's. */
export const TRACKER_MATCH_THRESHOLD = 0.6;

export interface TrackerMatch {
  readonly commitmentKey: string;
  /** The tracking-table row of this commitment, or null when none matches. */
  readonly entry: TrackerEntry | null;
  /** Title similarity of the match in [0, 1]; null without a match. */
  readonly similarity: number | null;
}

/** Symmetric title similarity: the mean of both directions of `titleSimilarity`. */
function similarity(a: string, b: string): number {
  return (titleSimilarity(a, b) + titleSimilarity(b, a)) / 2;
}

/**
 * Pairs local records with tracking-table rows by normalised title
 * similarity (accents, case, word order and stop words ignored). Pairs are
 * taken best first, each row and each commitment at most once; a row whose
 * TYPE names another kind is never paired.
 *
 * @returns one match per commitment, in the commitments' order.
 */
export function matchTrackerEntries(
  commitments: readonly Commitment[],
  entries: readonly TrackerEntry[],
): TrackerMatch[] {
  const pairs: { commitment: number; entry: number; score: number }[] = [];
  commitments.forEach((commitment, c) => {
    entries.forEach((entry, e) => {
      if (entry.kind !== null && entry.kind !== commitment.kind) return;
      const score = similarity(commitment.title, entry.title);
      if (score >= TRACKER_MATCH_THRESHOLD) pairs.push({ commitment: c, entry: e, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.commitment - b.commitment || a.entry - b.entry);

  const byCommitment = new Map<number, { entry: number; score: number }>();
  const usedEntries = new Set<number>();
  for (const pair of pairs) {
    if (byCommitment.has(pair.commitment) || usedEntries.has(pair.entry)) continue;
    byCommitment.set(pair.commitment, pair);
    usedEntries.add(pair.entry);
  }
  return commitments.map((commitment, c) => {
    const match = byCommitment.get(c);
    return match
      ? { commitmentKey: commitment.key, entry: entries[match.entry] ?? null, similarity: Math.round(match.score * 1000) / 1000 }
      : { commitmentKey: commitment.key, entry: null, similarity: null };
  });
}
