import { KINDS, STATES, type CommitmentKind, type CommitmentState } from './labels.js';
import type { CommitmentRow } from './types.js';

/*
 * The table's view, kept in the URL so that a view can be shared and
 * bookmarked. Parameter names are the GraphQL filter's (`ministry`, `kind`,
 * `state`), so the same values feed the /export/ links. `asOf` is the
 * API's argument of that name; unlike the filters, changing it asks the API
 * again, and the exports do not take it.
 */

export type SortKey = 'key' | 'title' | 'ministry' | 'dueDate' | 'state' | 'days';

export interface ViewState {
  readonly ministry: string | null;
  readonly kind: CommitmentKind | null;
  readonly state: CommitmentState | null;
  /** Free text, searched in key, title, ministry and producer. */
  readonly q: string;
  readonly sort: SortKey;
  readonly dir: 'asc' | 'desc';
  /**
   * `YYYY-MM-DD`: show the verdicts recorded by the end of that Europe/Paris
   * day (the API's `asOf`); null for today's.
   */
  readonly asOf: string | null;
}

export const DEFAULT_VIEW: ViewState = { ministry: null, kind: null, state: null, q: '', sort: 'key', dir: 'asc', asOf: null };

const SORT_KEYS: readonly SortKey[] = ['key', 'title', 'ministry', 'dueDate', 'state', 'days'];

/** Reads a view from a query string; unknown values fall back to the default rather than failing. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = params.get(name);
    return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
  };
  return {
    ministry: params.get('ministry')?.trim() || null,
    kind: pick('kind', KINDS),
    state: pick('state', STATES),
    q: params.get('q')?.trim() ?? '',
    sort: pick('sort', SORT_KEYS) ?? 'key',
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    asOf: parseDay(params.get('asOf')),
  };
}

/** A real calendar day `YYYY-MM-DD`, or null: the API refuses anything else with an error for the whole page. */
export function parseDay(value: string | null | undefined): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

/** The query string of a view, default values left out ("" for the default view). */
export function toSearch(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.ministry) params.set('ministry', view.ministry);
  if (view.kind) params.set('kind', view.kind);
  if (view.state) params.set('state', view.state);
  if (view.q) params.set('q', view.q);
  if (view.sort !== 'key') params.set('sort', view.sort);
  if (view.dir !== 'asc') params.set('dir', view.dir);
  if (view.asOf) params.set('asOf', view.asOf);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The query string that carries only the chosen day, for links that leave the table (a commitment's page). */
export function toAsOfSearch(asOf: string | null): string {
  return asOf ? `?${new URLSearchParams({ asOf })}` : '';
}

/** The export's query string for a view: the filters the API knows (not the free text), and the matching order. */
export function toExportSearch(view: ViewState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (view.ministry) params.set('ministry', view.ministry);
  if (view.kind) params.set('kind', view.kind);
  if (view.state) params.set('state', view.state);
  const order = ({ key: 'KEY', title: 'TITLE', ministry: 'MINISTRY', dueDate: 'DUE_DATE' } as Partial<Record<SortKey, string>>)[view.sort];
  // The API sorts one way only; a reversed view exports in key order.
  if (order && order !== 'KEY' && view.dir === 'asc') params.set('orderBy', order);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Lower case, accents stripped: the API's own reading of the `ministry` filter. */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’ʼ`]/g, "'").replace(/\s+/g, ' ').trim();
}

/** Filters like the API (`ministry` is a case- and accent-insensitive part of the name), then searches and sorts. */
export function selectRows(rows: readonly CommitmentRow[], view: ViewState): CommitmentRow[] {
  const ministry = view.ministry ? normalise(view.ministry) : null;
  const words = normalise(view.q).split(' ').filter((word) => word !== '');
  const selected = rows.filter((row) => {
    if (ministry !== null && !normalise(row.ministry ?? '').includes(ministry)) return false;
    if (view.kind && row.kind !== view.kind) return false;
    if (view.state && row.status?.state !== view.state) return false;
    if (words.length > 0) {
      const haystack = normalise([row.key, row.title, row.ministry ?? '', row.producer ?? ''].join(' '));
      if (!words.every((word) => haystack.includes(word))) return false;
    }
    return true;
  });
  const sign = view.dir === 'desc' ? -1 : 1;
  return selected.sort((a, b) => sign * compare(a, b, view.sort) || a.key.localeCompare(b.key, 'en', { numeric: true }));
}

/** Days late (positive), overdue (positive) or zero; the table's "écart" column. */
export function gapDays(row: CommitmentRow): number | null {
  return row.status?.daysLate ?? row.status?.daysOverdue ?? null;
}

/** The scoreboard's order, commitments without a recorded verdict last. */
function stateRank(row: CommitmentRow): number {
  return row.status === null ? STATES.length : STATES.indexOf(row.status.state);
}

function compare(a: CommitmentRow, b: CommitmentRow, key: SortKey): number {
  switch (key) {
    case 'key': return a.key.localeCompare(b.key, 'en', { numeric: true });
    case 'title': return a.title.localeCompare(b.title, 'fr');
    case 'ministry': return compareNullable(a.ministry, b.ministry);
    case 'dueDate': return compareNullable(a.dueDate, b.dueDate);
    case 'state': return stateRank(a) - stateRank(b);
    case 'days': {
      const [x, y] = [gapDays(a), gapDays(b)];
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return x - y;
    }
  }
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b, 'fr');
}
