/**
 * Calendar days in Europe/Paris. Deadlines are announced as French calendar
 * quarters, so a dataset created at 23:30 UTC on 30 September counts as
 * published on 1 October (Paris time), and lateness is counted in whole days.
 */

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An ISO datetime without a zone designator; data.gouv.fr sends UTC. */
const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDay(value: string): boolean {
  const match = DATE_ONLY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The Europe/Paris calendar day (`YYYY-MM-DD`) of an instant.
 * A date-only string is already a calendar day and is returned unchanged;
 * a datetime without offset is read as UTC. Null when unreadable.
 */
export function toParisDay(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    if (DATE_ONLY.test(text)) return isCalendarDay(text) ? text : null;
    const instant = Date.parse(NAIVE_DATETIME.test(text) ? `${text}Z` : text);
    return Number.isNaN(instant) ? null : PARIS_DAY.format(new Date(instant));
  }
  return Number.isNaN(value.getTime()) ? null : PARIS_DAY.format(value);
}

function dayNumber(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, date) / 86_400_000;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); positive when `to` is later. */
export function diffDays(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** `day` (`YYYY-MM-DD`) plus `days` (may be negative). */
export function addDays(day: string, days: number): string {
  return new Date((dayNumber(day) + days) * 86_400_000).toISOString().slice(0, 10);
}

/** `day` (`YYYY-MM-DD`) plus whole calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Last calendar day of a month (`month` 1-12), `YYYY-MM-DD`. */
export function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
