import type { Commitment, CommitmentKind, CommitmentState, CommitmentStatus } from './model.js';
import { normaliseText } from './normalise-tokens.js';
import { resolveDeadline } from './resolve-commitment-status.js';

export interface CommitmentSelection {
  /** Part of the ministry's name, case- and accent-insensitive. */
  readonly ministry?: string | null;
  readonly kind?: CommitmentKind | null;
  readonly state?: CommitmentState | null;
  /** Slug of the announcing press release. */
  readonly announcement?: string | null;
  readonly confirmedInList?: boolean | null;
  /** Deadline on or before this day, `YYYY-MM-DD`; commitments without a deadline are excluded. */
  readonly dueBefore?: string | null;
  /** Deadline on or after this day, `YYYY-MM-DD`; commitments without a deadline are excluded. */
  readonly dueAfter?: string | null;
}

export type CommitmentOrder = 'KEY' | 'DUE_DATE' | 'TITLE' | 'MINISTRY';

/** True when the selection needs each commitment's verdict (and so upstream work). */
export function needsStatus(selection: CommitmentSelection): boolean {
  return selection.state != null;
}

/**
 * Filters and orders commitments. `statusOf` is consulted only when the
 * selection filters on state; it must then know every commitment.
 */
export function selectCommitments(
  commitments: readonly Commitment[],
  selection: CommitmentSelection,
  order: CommitmentOrder,
  statusOf: (commitment: Commitment) => CommitmentStatus | undefined = () => undefined,
): Commitment[] {
  const ministry = selection.ministry ? normaliseText(selection.ministry) : null;
  const selected = commitments.filter((commitment) => {
    if (ministry !== null && !normaliseText(commitment.ministry ?? '').includes(ministry)) return false;
    if (selection.kind != null && commitment.kind !== selection.kind) return false;
    if (selection.announcement != null && commitment.announcementSlug !== selection.announcement) return false;
    if (selection.confirmedInList != null && commitment.confirmedInList !== selection.confirmedInList) return false;
    const due = resolveDeadline(commitment);
    if ((selection.dueBefore != null || selection.dueAfter != null) && due === null) return false;
    if (selection.dueBefore != null && due !== null && due > selection.dueBefore) return false;
    if (selection.dueAfter != null && due !== null && due < selection.dueAfter) return false;
    if (selection.state != null && statusOf(commitment)?.state !== selection.state) return false;
    return true;
  });
  return selected.sort(comparators[order]);
}

const byKey = (a: Commitment, b: Commitment) => a.key.localeCompare(b.key, 'en', { numeric: true });

/** Missing values sort last; ties fall back to the key, so pages are stable. */
const comparators: Record<CommitmentOrder, (a: Commitment, b: Commitment) => number> = {
  KEY: byKey,
  DUE_DATE: (a, b) => compareNullable(resolveDeadline(a), resolveDeadline(b)) || byKey(a, b),
  TITLE: (a, b) => a.title.localeCompare(b.title, 'fr') || byKey(a, b),
  MINISTRY: (a, b) => compareNullable(a.ministry, b.ministry) || byKey(a, b),
};

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b, 'fr');
}
