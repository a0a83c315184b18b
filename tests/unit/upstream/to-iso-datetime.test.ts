import { describe, expect, it } from 'vitest';
import { toIsoDate, toIsoDatetime } from '../../../src/upstream/datagouv/to-iso-datetime.js';

describe('toIsoDatetime', () => {
  it.each([
    ['2026-08-19T10:27:05.636000+00:00', '2026-08-19T10:27:05.636+00:00'],
    ['2026-09-03T12:19:58+00:00', '2026-09-03T12:19:58.000+00:00'],
    ['2026-08-19T10:27:05.636842+00:00', '2026-08-19T10:27:05.636+00:00'],
    ['2024-10-22T15:25:46.404000', '2024-10-22T15:25:46.404+00:00'],
    ['2023-06-04 10:25:23.022766+02', '2023-06-04T10:25:23.022+02:00'],
    ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00.000+00:00'],
    ['2025-03-30T01:30:00-0430', '2025-03-30T01:30:00.000-04:30'],
    ['2021-04-01', '2021-04-01T00:00:00.000+00:00'],
  ])('normalises %s, keeping its offset', (input, expected) => {
    expect(toIsoDatetime(input)).toBe(expected);
  });

  it.each([['[redacted]'], [''], ['2025-02-30T00:00:00+00:00'], ['2025-13-01'], ['yesterday'], [null], [true], [1700000000]])(
    'returns null for %j',
    (input) => {
      expect(toIsoDatetime(input)).toBeNull();
    },
  );
});

describe('toIsoDate', () => {
  it('keeps a date as written and the date part of a datetime', () => {
    expect(toIsoDate('1970-01-01')).toBe('1970-01-01');
    expect(toIsoDate('2022-12-31T23:30:00-02:00')).toBe('2022-12-31');
    expect(toIsoDate('2024-02-29')).toBe('2024-02-29');
  });

  it('returns null for impossible dates and non-dates', () => {
    expect(toIsoDate('2023-02-29')).toBeNull();
    expect(toIsoDate('[redacted]')).toBeNull();
    expect(toIsoDate(undefined)).toBeNull();
  });
});
