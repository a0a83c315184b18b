/** French formatting of the API's ISO dates and numbers, in Europe/Paris. */

const DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });
const DAY_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
const NUMBER = new Intl.NumberFormat('fr-FR');
const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

/** A `YYYY-MM-DD` day is read as that calendar day, not as UTC midnight. */
function toInstant(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
}

/** French writes the first day of a month "1er". */
function withOrdinalFirst(format: Intl.DateTimeFormat, date: Date): string {
  return format.formatToParts(date).map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value)).join('');
}

export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  const date = toInstant(value);
  return Number.isNaN(date.getTime()) ? value : withOrdinalFirst(DAY, date);
}

export function formatDayTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : withOrdinalFirst(DAY_TIME, date);
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : NUMBER.format(value);
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : PERCENT.format(value);
}

/** `YYYY-MM-DD` of an instant in Europe/Paris, for charts. */
export function toParisDay(value: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(toInstant(value));
  return parts;
}

/** Today's `YYYY-MM-DD` in Europe/Paris: the API's days are Paris days, whatever the reader's zone. */
export function parisToday(now: Date = new Date()): string {
  return toParisDay(now.toISOString());
}
