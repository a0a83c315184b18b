import type { PublishedAtPrecision } from './announcement.js';

export type ParsePublishedAtResult =
  | { readonly ok: true; readonly publishedAt: string | null; readonly precision: PublishedAtPrecision }
  | { readonly ok: false; readonly message: string };

// Jekyll (Ruby YAML 1.1) accepts `2021-04-29 16:38:00 +02:00`, `... Z`,
// `2021-04-29T16:38:00+0200`, optional seconds and fractions, and `2021-4-9`.
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?[ \t]*(Z|z|[+-]\d{1,2}(?::?\d{2})?)?)?$/;

/**
 * Reads the `date` field.
 *
 * - With a time and an offset: ISO-8601 with that same offset
 *   (`2021-04-29 16:38:00 +02:00` -> `2021-04-29T16:38:00+02:00`, `Z` kept as `Z`),
 *   precision DATETIME. The instant is never shifted to UTC so the local time
 *   the ministry wrote stays visible.
 * - A date alone (`2021-04-29`), or a time without any offset: only the calendar
 *   date `2021-04-29`, precision DATE. Jekyll would apply the site's time zone,
 *   but we do not know it from the record and will not invent an offset.
 * - Absent or blank: null, precision MISSING.
 * - Anything else (`next week`, `2021-13-45`, a list): an error, so the record is
 *   reported as INVALID_FIELD instead of being served under a made-up date.
 */
export function parsePublishedAt(value: unknown): ParsePublishedAtResult {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return { ok: true, publishedAt: null, precision: 'MISSING' };
  }
  if (typeof value !== 'string') {
    return { ok: false, message: `date must be a date or date-time, found ${describe(value)}` };
  }
  const match = DATE_TIME.exec(value.trim());
  if (match === null) {
    return { ok: false, message: `date ${JSON.stringify(value)} is not a date or date-time` };
  }
  const [, year = '', month = '', day = '', hour, minute, second, fraction, offset] = match;
  if (!isValidCalendarDate(Number(year), Number(month), Number(day))) {
    return { ok: false, message: `date ${JSON.stringify(value)} is not a calendar date` };
  }
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (hour === undefined || minute === undefined || offset === undefined) {
    return { ok: true, publishedAt: date, precision: 'DATE' };
  }
  const seconds = second ?? '00';
  if (Number(hour) > 23 || Number(minute) > 59 || Number(seconds) > 59) {
    return { ok: false, message: `date ${JSON.stringify(value)} has an impossible time of day` };
  }
  const isoOffset = toIsoOffset(offset);
  if (isoOffset === null) {
    return { ok: false, message: `date ${JSON.stringify(value)} has an impossible UTC offset` };
  }
  return {
    ok: true,
    publishedAt: `${date}T${pad(hour)}:${minute}:${seconds}${fraction ?? ''}${isoOffset}`,
    precision: 'DATETIME',
  };
}

function toIsoOffset(offset: string): string | null {
  if (offset === 'Z' || offset === 'z') {
    return 'Z';
  }
  const match = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(offset);
  if (match === null) {
    return null;
  }
  const [, sign = '+', hours = '', minutes = '00'] = match;
  if (Number(hours) > 14 || Number(minutes) > 59) {
    return null;
  }
  return `${sign}${pad(hours)}:${minutes}`;
}

function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function pad(digits: string): string {
  return digits.padStart(2, '0');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  return typeof value === 'object' ? 'a mapping' : typeof value;
}
