import type { FreshnessVerdict } from './model.js';
import { addDays, addMonths, diffDays, toParisDay } from './to-paris-day.js';

/** A declared update period: whole days, or calendar months for monthly and longer. */
type Period = { readonly days: number } | { readonly months: number };

/**
 * data.gouv.fr frequency ids (udata `UPDATE_FREQUENCIES`, plus legacy aliases)
 * mapped to a period. Sub-daily frequencies count as daily: lateness is judged
 * in calendar days. Ids absent here (`unknown`, `punctual`, `irregular`,
 * `never`, `notPlanned`, `other`, anything new) give no period -> UNKNOWN.
 */
const PERIODS: ReadonlyMap<string, Period> = new Map<string, Period>([
  ...[
    'continuous', 'realtime', 'oneminute', 'fiveminutes', 'tenminutes', 'fifteenminutes',
    'thirtyminutes', 'hourly', 'bihourly', 'trihourly', 'twelvehours', 'severaltimesaday',
    'threetimesaday', 'semidaily', 'daily',
  ].map((id): [string, Period] => [id, { days: 1 }]),
  ['fivetimesaweek', { days: 2 }],
  ['fourtimesaweek', { days: 2 }],
  ['threetimesaweek', { days: 3 }],
  ['semiweekly', { days: 4 }],
  ['weekly', { days: 7 }],
  ['biweekly', { days: 14 }],
  ['fortnightly', { days: 14 }],
  ['fortnighly', { days: 14 }],
  ['threetimesamonth', { days: 10 }],
  ['semimonthly', { days: 15 }],
  ['monthly', { months: 1 }],
  ['bimonthly', { months: 2 }],
  ['quarterly', { months: 3 }],
  ['threetimesayear', { months: 4 }],
  ['semiannual', { months: 6 }],
  ['biannual', { months: 6 }],
  ['annual', { months: 12 }],
  ['biennial', { months: 24 }],
  ['triennial', { months: 36 }],
  ['quadrennial', { months: 48 }],
  ['quinquennial', { months: 60 }],
  ['decennial', { months: 120 }],
  ['bidecennial', { months: 240 }],
  ['tridecennial', { months: 360 }],
]);

/**
 * Share of the period allowed past the expected update before calling it late
 * (a yearly file published 3 months late is late; 3 weeks is not). At least one day.
 */
export const FRESHNESS_GRACE_RATIO = 0.25;

function periodDays(from: string, period: Period): number {
  return 'days' in period ? period.days : diffDays(from, addMonths(from, period.months));
}

/**
 * Judges whether data is updated as often as declared.
 *
 * @param input.lastUpdate data change date, ISO-8601 (null when unknown).
 * @param input.frequency upstream frequency id, case-insensitive.
 * @param input.now the clock.
 * @returns FRESH until `expectedNextUpdate` plus the grace margin (inclusive),
 *   LATE_UPDATE after it, UNKNOWN without a date or a periodic frequency.
 */
export function resolveFreshness(input: {
  readonly lastUpdate: string | null;
  readonly frequency: string | null;
  readonly now: Date;
}): FreshnessVerdict {
  const { lastUpdate, frequency } = input;
  const unknown: FreshnessVerdict = { state: 'UNKNOWN', lastUpdate, expectedNextUpdate: null, frequency };
  const period = frequency ? PERIODS.get(frequency.trim().toLowerCase()) : undefined;
  const lastDay = toParisDay(lastUpdate);
  const today = toParisDay(input.now);
  if (!period || !lastDay || !today) return unknown;

  const expectedNextUpdate = 'days' in period ? addDays(lastDay, period.days) : addMonths(lastDay, period.months);
  const grace = Math.max(1, Math.round(periodDays(lastDay, period) * FRESHNESS_GRACE_RATIO));
  const state = diffDays(expectedNextUpdate, today) > grace ? 'LATE_UPDATE' : 'FRESH';
  return { state, lastUpdate, expectedNextUpdate, frequency };
}
