import { COMMITMENT_STATES, type Commitment, type CommitmentState, type CommitmentStatus, type PlannedPeriod } from './model.js';

export type ScoreboardGroupBy = 'MINISTRY' | 'KIND' | 'PLANNED_QUARTER' | 'ANNOUNCEMENT';

/** Group label for commitments without a value for the grouping field (sorted last). */
export const UNSPECIFIED_GROUP = '(non renseigné)';

export interface ScoreboardRow {
  readonly key: string;
  readonly total: number;
  /** Every state, 0 included; the counts sum to `total`. */
  readonly countsByState: Readonly<Record<CommitmentState, number>>;
  /**
   * PUBLISHED_ON_TIME / (PUBLISHED_ON_TIME + PUBLISHED_LATE + OVERDUE): the
   * share kept among items held to a deadline (an overdue item is a promise
   * not kept); 0 when all of them are overdue, null when there are none.
   * Items published before the announcement, without a deadline, pending,
   * withdrawn, unverifiable or unchecked are left out.
   */
  readonly onTimeRate: number | null;
  /**
   * Published in any way (on time, late, before the announcement, without a
   * deadline) / items that could be checked (all but UNCHECKED_SOURCE_CODE and
   * UNVERIFIABLE); null when none could.
   */
  readonly publishedRate: number | null;
  /** Median `daysLate` of PUBLISHED_LATE items (mean of the middle two when even); null when none. */
  readonly medianDaysLate: number | null;
}

const MONTH_LABEL = /^(\d{4})-(\d{2})-01$/;

/**
 * A sortable label for a planned period: "2021-T3", "2022-S1", "2022",
 * "2021-06", or "start..end"; null when no interval was parsed (the
 * unparsed text would otherwise make one group per wording).
 */
export function toPeriodLabel(period: PlannedPeriod): string | null {
  const { start, end } = period;
  if (!start || !end) return null;
  const s = MONTH_LABEL.exec(start);
  const year = s?.[1];
  const firstMonth = Number(s?.[2]);
  if (year && end.startsWith(`${year}-`)) {
    const lastMonth = Number(end.slice(5, 7));
    const span = lastMonth - firstMonth + 1;
    if (span === 12) return year;
    if (span === 6 && (firstMonth === 1 || firstMonth === 7)) return `${year}-S${firstMonth === 1 ? 1 : 2}`;
    if (span === 3 && firstMonth % 3 === 1) return `${year}-T${(firstMonth + 2) / 3}`;
    if (span === 1) return `${year}-${String(firstMonth).padStart(2, '0')}`;
  }
  return `${start}..${end}`;
}

function groupKey(commitment: Commitment, groupBy: ScoreboardGroupBy): string | null {
  switch (groupBy) {
    case 'MINISTRY': return commitment.ministry;
    case 'KIND': return commitment.kind;
    case 'PLANNED_QUARTER': return toPeriodLabel(commitment.plannedPeriod);
    case 'ANNOUNCEMENT': return commitment.announcementSlug;
  }
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Counts verdicts per group.
 *
 * @returns one row per group, sorted by key (French collation), the
 *   UNSPECIFIED_GROUP row last.
 */
export function buildScoreboard(
  rows: readonly { readonly commitment: Commitment; readonly status: CommitmentStatus }[],
  groupBy: ScoreboardGroupBy,
): ScoreboardRow[] {
  const groups = new Map<string, CommitmentStatus[]>();
  for (const { commitment, status } of rows) {
    const key = groupKey(commitment, groupBy)?.trim() || UNSPECIFIED_GROUP;
    groups.set(key, [...(groups.get(key) ?? []), status]);
  }
  const result = [...groups].map(([key, statuses]): ScoreboardRow => {
    const countsByState = Object.fromEntries(COMMITMENT_STATES.map((state) => [state, 0])) as Record<CommitmentState, number>;
    for (const status of statuses) countsByState[status.state] += 1;
    const heldToDeadline = countsByState.PUBLISHED_ON_TIME + countsByState.PUBLISHED_LATE + countsByState.OVERDUE;
    const published = countsByState.PUBLISHED_ON_TIME + countsByState.PUBLISHED_LATE
      + countsByState.PUBLISHED_BEFORE_ANNOUNCEMENT + countsByState.PUBLISHED;
    const checkable = statuses.length - countsByState.UNCHECKED_SOURCE_CODE - countsByState.UNVERIFIABLE;
    const daysLate = statuses
      .filter((s) => s.state === 'PUBLISHED_LATE' && s.daysLate !== null)
      .map((s) => s.daysLate as number);
    return {
      key,
      total: statuses.length,
      countsByState,
      onTimeRate: heldToDeadline === 0 ? null : countsByState.PUBLISHED_ON_TIME / heldToDeadline,
      publishedRate: checkable === 0 ? null : published / checkable,
      medianDaysLate: median(daysLate),
    };
  });
  return result.sort((a, b) => {
    if (a.key === UNSPECIFIED_GROUP || b.key === UNSPECIFIED_GROUP) {
      return Number(a.key === UNSPECIFIED_GROUP) - Number(b.key === UNSPECIFIED_GROUP);
    }
    return a.key.localeCompare(b.key, 'fr');
  });
}
