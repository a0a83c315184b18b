import { describe, expect, it } from 'vitest';
import { resolveFreshness } from '../../../src/commitments/resolve-freshness.js';

const at = (day: string) => new Date(`${day}T10:00:00Z`);

describe('resolveFreshness', () => {
  it.each([
    // frequency, lastUpdate, today, state, expectedNextUpdate
    ['annual', '2023-03-01T08:00:00Z', '2024-03-01', 'FRESH', '2024-03-01'],
    ['annual', '2023-03-01T08:00:00Z', '2024-06-01', 'FRESH', '2024-03-01'], // 92 days late = 25% of this 366-day year
    ['annual', '2023-03-01T08:00:00Z', '2024-06-02', 'LATE_UPDATE', '2024-03-01'],
    ['semiannual', '2023-01-15T08:00:00Z', '2023-08-30', 'LATE_UPDATE', '2023-07-15'],
    ['quarterly', '2023-01-31T08:00:00Z', '2023-05-20', 'FRESH', '2023-04-30'],
    ['monthly', '2023-01-31T08:00:00Z', '2023-03-07', 'FRESH', '2023-02-28'],
    ['monthly', '2023-01-31T08:00:00Z', '2023-03-08', 'LATE_UPDATE', '2023-02-28'],
    ['weekly', '2023-06-01T08:00:00Z', '2023-06-10', 'FRESH', '2023-06-08'],
    ['weekly', '2023-06-01T08:00:00Z', '2023-06-11', 'LATE_UPDATE', '2023-06-08'],
    ['daily', '2023-06-01T08:00:00Z', '2023-06-03', 'FRESH', '2023-06-02'],
    ['daily', '2023-06-01T08:00:00Z', '2023-06-04', 'LATE_UPDATE', '2023-06-02'],
    ['hourly', '2023-06-01T08:00:00Z', '2023-06-04', 'LATE_UPDATE', '2023-06-02'],
    ['biennial', '2020-06-01T08:00:00Z', '2022-06-01', 'FRESH', '2022-06-01'],
    ['ANNUAL', '2023-03-01T08:00:00Z', '2023-04-01', 'FRESH', '2024-03-01'],
  ])('%s, last updated %s, judged on %s: %s', (frequency, lastUpdate, today, state, expectedNextUpdate) => {
    expect(resolveFreshness({ frequency, lastUpdate, now: at(today) })).toEqual({ state, lastUpdate, expectedNextUpdate, frequency });
  });

  it.each([['unknown'], ['punctual'], ['irregular'], ['notPlanned'], ['never'], ['other'], ['brand-new-id'], [null]])(
    'gives UNKNOWN for frequency %j, however old the data',
    (frequency) => {
      expect(resolveFreshness({ frequency, lastUpdate: '2015-01-01T00:00:00Z', now: at('2024-01-01') }))
        .toEqual({ state: 'UNKNOWN', lastUpdate: '2015-01-01T00:00:00Z', expectedNextUpdate: null, frequency });
    },
  );

  it('gives UNKNOWN without a last update date', () => {
    expect(resolveFreshness({ frequency: 'monthly', lastUpdate: null, now: at('2024-01-01') }).state).toBe('UNKNOWN');
  });

  it('counts the last update on its Europe/Paris day (23:30 UTC on 31 Dec is 1 Jan in Paris)', () => {
    expect(resolveFreshness({ frequency: 'daily', lastUpdate: '2022-12-31T23:30:00Z', now: at('2023-01-02') }).expectedNextUpdate).toBe('2023-01-02');
  });
});
