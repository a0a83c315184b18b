import { describe, expect, it } from 'vitest';
import { parsePublishedAt } from '../../../src/press-releases/parse-published-at.js';

describe('parsePublishedAt', () => {
  it.each([
    ['2021-04-29 16:38:00 +02:00', '2021-04-29T16:38:00+02:00'],
    ['2021-12-15 10:36:00 +01:00', '2021-12-15T10:36:00+01:00'],
    ['2018-07-18 15:16:00 Z', '2018-07-18T15:16:00Z'],
    ['2021-04-29T16:38:00+0200', '2021-04-29T16:38:00+02:00'],
    ['2021-04-29T16:38:00.250-05:30', '2021-04-29T16:38:00.250-05:30'],
    ['2021-04-29 16:38 +2', '2021-04-29T16:38:00+02:00'],
    ['2018-7-3 9:05:00 +02:00', '2018-07-03T09:05:00+02:00'],
  ])('keeps the offset of %s as %s', (value, expected) => {
    expect(parsePublishedAt(value)).toEqual({ ok: true, publishedAt: expected, precision: 'DATETIME' });
  });

  it.each([
    ['2021-04-29', '2021-04-29'],
    ['2018-7-2', '2018-07-02'],
    // Without an offset the time cannot be placed on the timeline: keep the day only.
    ['2021-04-29 16:38:00', '2021-04-29'],
  ])('gives %s the calendar date %s and precision DATE', (value, expected) => {
    expect(parsePublishedAt(value)).toEqual({ ok: true, publishedAt: expected, precision: 'DATE' });
  });

  it.each([[undefined], [null], [''], ['   ']])('treats %j as a missing date', (value) => {
    expect(parsePublishedAt(value)).toEqual({ ok: true, publishedAt: null, precision: 'MISSING' });
  });

  it.each([
    ['next week', 'is not a date'],
    ['2021-02-30', 'is not a calendar date'],
    ['2021-13-01 10:00:00 +01:00', 'is not a calendar date'],
    ['2021-04-29 24:00:00 +02:00', 'impossible time of day'],
    ['2021-04-29 16:38:00 +15:00', 'impossible UTC offset'],
    ['2021', 'is not a date'],
    [['2021-04-29'], 'found a list'],
    [{ at: '2021-04-29' }, 'found a mapping'],
    [true, 'found boolean'],
  ])('refuses %j (%s)', (value, fragment) => {
    const result = parsePublishedAt(value);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(fragment);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parsePublishedAt('2024-02-29').ok).toBe(true);
    expect(parsePublishedAt('2023-02-29').ok).toBe(false);
  });
});
