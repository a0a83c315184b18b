/**
 * udata datetimes come as `2026-08-19T10:27:05.636000+00:00`, without the
 * fraction when it is zero, naive (`2024-10-22T15:25:46.404000`) in some
 * extras written by other services, and once as `2023-06-04 10:25:23.022766+02`.
 * All are normalised to `YYYY-MM-DDTHH:MM:SS.mmm±HH:MM`, keeping the offset
 * sent. Naive values are taken as UTC: the services writing them (hydra, the
 * harvesters) run in UTC and udata stores naive UTC datetimes.
 */
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function normaliseOffset(offset: string | undefined): string | null {
  if (offset === undefined || offset === 'Z' || offset === 'z') return '+00:00';
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 23 || minutes > 59) return null;
  return `${match[1]}${match[2]}:${(match[3] ?? '00')}`;
}

/** Any udata datetime (or date) as a normalised ISO-8601 string with offset; null when unreadable. */
export function toIsoDatetime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = DATETIME.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', offset] = match;
  if (!isValidDate(Number(year), Number(month), Number(day))) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const zone = normaliseOffset(offset);
  if (zone === null) return null;
  const millis = fraction.slice(0, 3).padEnd(3, '0');
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${zone}`;
}

/** A calendar date `YYYY-MM-DD` (as written, no time-zone shift); a datetime keeps its date part. */
export function toIsoDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  const datePart = DATE_ONLY.test(trimmed) ? trimmed : toIsoDatetime(trimmed)?.slice(0, 10);
  if (datePart === undefined) return null;
  const match = DATE_ONLY.exec(datePart);
  if (!match || !isValidDate(Number(match[1]), Number(match[2]), Number(match[3]))) return null;
  return datePart;
}
