import { describe, expect, it } from 'vitest';
import type { CommitmentRow } from '../../../web/src/types.js';
import { DEFAULT_VIEW, parseDay, parseViewState, selectRows, toAsOfSearch, toExportSearch, toSearch } from '../../../web/src/view-state.js';

const row = (key: string, ministry: string | null, overrides: Partial<CommitmentRow> = {}): CommitmentRow => ({
  source: 'LOCAL',
  key, title: `Titre ${key}`, kind: 'DATASET', ministry, producer: null, plannedQuarter: null, dueDate: null, confirmedInList: true,
  status: { state: 'PENDING', summary: '', firstPublishedAt: null, daysLate: null, daysOverdue: null, checkedAt: '2026-11-29T09:00:00Z', stale: false, recordedAt: null },
  ...overrides,
});

describe('the dashboard view in the URL', () => {
  it('round-trips every filter and the order through the query string', () => {
    const view = { ministry: 'Ministère de la Justice', kind: 'API', state: 'OVERDUE', q: 'décès', sort: 'dueDate', dir: 'desc', asOf: '2026-11-30' } as const;
    expect(parseViewState(toSearch(view))).toEqual(view);
    expect(toSearch(DEFAULT_VIEW)).toBe('');
  });

  it('ignores values it does not know instead of failing', () => {
    expect(parseViewState('?kind=BOOK&state=LATE&sort=color&dir=up&asOf=hier')).toEqual(DEFAULT_VIEW);
  });

  it('keeps only real calendar days as the day of the verdicts, which the API would otherwise refuse for the whole page', () => {
    expect(parseDay('2026-11-30')).toBe('2026-11-30');
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    for (const wrong of ['2026-02-30', '2026-13-01', '30/11/2026', '2026-11-30T10:00', '', null, undefined]) expect(parseDay(wrong)).toBeNull();
    expect(toAsOfSearch('2026-11-30')).toBe('?asOf=2026-11-30');
    expect(toAsOfSearch(null)).toBe('');
  });

  it('never sends the day to the exports, which give today’s verdicts', () => {
    expect(toExportSearch({ ...DEFAULT_VIEW, state: 'OVERDUE', asOf: '2026-11-30' })).toBe('?state=OVERDUE');
  });

  it('filters and sorts commitments without a verdict recorded by that day, listing them last by state', () => {
    const rows = [row('c1', null, { status: null }), row('c2', null), row('c3', null, { status: null })];
    expect(selectRows(rows, { ...DEFAULT_VIEW, state: 'PENDING' }).map((r) => r.key)).toEqual(['c2']);
    expect(selectRows(rows, { ...DEFAULT_VIEW, sort: 'state' }).map((r) => r.key)).toEqual(['c2', 'c1', 'c3']);
  });

  it('gives exports the API filters and order, never the free text', () => {
    const search = toExportSearch({ ...DEFAULT_VIEW, ministry: 'Justice', state: 'OVERDUE', q: 'x', sort: 'title' }, { sep: ';' });
    expect(Object.fromEntries(new URLSearchParams(search))).toEqual({ ministry: 'Justice', state: 'OVERDUE', orderBy: 'TITLE', sep: ';' });
    expect(toExportSearch({ ...DEFAULT_VIEW, sort: 'title', dir: 'desc' })).toBe('');
  });

  it('filters ministries like the API: part of the name, case- and accent-insensitive', () => {
    const rows = [row('c1', 'Ministère de l’Éducation nationale'), row('c2', 'Éducation nationale'), row('c3', 'Ministère de la Justice'), row('c4', null)];
    expect(selectRows(rows, { ...DEFAULT_VIEW, ministry: 'education NATIONALE' }).map((r) => r.key)).toEqual(['c1', 'c2']);
  });

  it('searches every word in key, title, ministry and producer, and sorts with missing values last', () => {
    const rows = [
      row('c10', 'Intérieur', { title: 'Fichier des véhicules', dueDate: '2022-12-31' }),
      row('c2', 'Justice', { title: 'Décisions de justice', dueDate: null }),
      row('c3', 'Justice', { title: 'Casier', dueDate: '2021-09-30' }),
    ];
    expect(selectRows(rows, { ...DEFAULT_VIEW, q: 'justice decisions' }).map((r) => r.key)).toEqual(['c2']);
    expect(selectRows(rows, { ...DEFAULT_VIEW, sort: 'dueDate' }).map((r) => r.key)).toEqual(['c3', 'c10', 'c2']);
    expect(selectRows(rows, DEFAULT_VIEW).map((r) => r.key)).toEqual(['c2', 'c3', 'c10']);
  });
});
