import type { ScoreboardGroupBy } from '../commitments/build-scoreboard.js';
import { COMMITMENT_STATES, type CommitmentKind, type CommitmentState } from '../commitments/model.js';
import type { CommitmentOrder, CommitmentSelection } from '../commitments/select-commitments.js';
import { isCalendarDay } from '../commitments/to-paris-day.js';
import { BadUserInputError } from '../errors/gateway-error.js';
import { CHANGE_KINDS, type ChangeKind } from '../store/verdict-store.js';
import type { AnnouncementSelection } from '../press-releases/select-announcements.js';

/*
 * Query strings of /export/* -> the same selections the GraphQL fields take,
 * refused with a French message naming the parameter before any upstream call.
 * Parameter names are the GraphQL argument names, so a link and a query read alike.
 */

/** How a CSV file is written. */
export interface CsvFormat {
  /** `,` (default) or `;` for spreadsheets set to French, where `,` is the decimal mark. */
  readonly delimiter: ',' | ';';
  /** `fr` (default): French column titles and oui/non; `en`: stable field names and true/false, for programs. */
  readonly headers: 'fr' | 'en';
}

export interface CommitmentExportQuery {
  readonly selection: CommitmentSelection;
  readonly order: CommitmentOrder;
  readonly csv: CsvFormat;
}

export interface ScoreboardExportQuery {
  readonly groupBy: ScoreboardGroupBy;
  readonly csv: CsvFormat;
}

export interface AnnouncementExportQuery {
  readonly selection: AnnouncementSelection;
  readonly csv: CsvFormat;
}

export interface HistoryExportQuery {
  /** First Europe/Paris day of the changes, `YYYY-MM-DD`; null: since the first run. */
  readonly since: string | null;
  readonly commitment: string | null;
  readonly ministry: string | null;
  readonly kind: ChangeKind | null;
  readonly csv: CsvFormat;
}

const KINDS: readonly CommitmentKind[] = ['DATASET', 'API', 'SOURCE_CODE'];
const ORDERS: readonly CommitmentOrder[] = ['KEY', 'DUE_DATE', 'TITLE', 'MINISTRY'];
const GROUPINGS: readonly ScoreboardGroupBy[] = ['MINISTRY', 'KIND', 'PLANNED_QUARTER', 'ANNOUNCEMENT'];
const FORMAT_PARAMS = ['sep', 'headers'] as const;
const MAX_VALUE_LENGTH = 500;

/** Reads the query of a history export (`since`, `commitment`, `ministry`, `kind`). */
export function parseHistoryExportQuery(params: URLSearchParams): HistoryExportQuery {
  const reader = createReader(params, ['since', 'commitment', 'ministry', 'kind', ...FORMAT_PARAMS]);
  return {
    since: reader.day('since'),
    commitment: reader.text('commitment'),
    ministry: reader.text('ministry'),
    kind: reader.oneOf('kind', CHANGE_KINDS),
    csv: reader.csvFormat(),
  };
}

/** Reads the query of a commitments export (`ministry`, `kind`, `state`, `announcement`, `confirmedInList`, `dueBefore`, `dueAfter`, `orderBy`). */
export function parseCommitmentExportQuery(params: URLSearchParams): CommitmentExportQuery {
  const reader = createReader(params, ['ministry', 'kind', 'state', 'announcement', 'confirmedInList', 'dueBefore', 'dueAfter', 'orderBy', ...FORMAT_PARAMS]);
  return {
    selection: {
      ministry: reader.text('ministry'),
      kind: reader.oneOf('kind', KINDS),
      state: reader.oneOf('state', COMMITMENT_STATES as readonly CommitmentState[]),
      announcement: reader.text('announcement'),
      confirmedInList: reader.boolean('confirmedInList'),
      dueBefore: reader.day('dueBefore'),
      dueAfter: reader.day('dueAfter'),
    },
    order: reader.oneOf('orderBy', ORDERS) ?? 'KEY',
    csv: reader.csvFormat(),
  };
}

/** Reads the query of a scoreboard export (`groupBy`, default MINISTRY). */
export function parseScoreboardExportQuery(params: URLSearchParams): ScoreboardExportQuery {
  const reader = createReader(params, ['groupBy', ...FORMAT_PARAMS]);
  return { groupBy: reader.oneOf('groupBy', GROUPINGS) ?? 'MINISTRY', csv: reader.csvFormat() };
}

/** Reads the query of an announcements export (`search`, `tags`, `categories`, `collection`, `publishedAfter`, `publishedBefore`, `includeDrafts`). */
export function parseAnnouncementExportQuery(params: URLSearchParams): AnnouncementExportQuery {
  const reader = createReader(params, ['search', 'tags', 'categories', 'collection', 'publishedAfter', 'publishedBefore', 'includeDrafts', ...FORMAT_PARAMS]);
  return {
    selection: {
      search: reader.text('search'),
      tags: reader.list('tags'),
      categories: reader.list('categories'),
      collection: reader.text('collection'),
      publishedAfter: reader.instant('publishedAfter'),
      publishedBefore: reader.instant('publishedBefore'),
      includeDrafts: reader.boolean('includeDrafts'),
    },
    csv: reader.csvFormat(),
  };
}

function refuse(name: string, message: string): never {
  throw new BadUserInputError(`Paramètre « ${name} » : ${message}`, { parameter: name });
}

function createReader(params: URLSearchParams, known: readonly string[]) {
  for (const name of new Set(params.keys())) {
    if (!known.includes(name)) refuse(name, `inconnu ; paramètres acceptés : ${known.join(', ')}`);
  }
  /** The single value of a parameter; an empty value counts as absent (an empty form field). */
  const single = (name: string): string | null => {
    const values = params.getAll(name);
    if (values.length > 1) refuse(name, 'donné plusieurs fois');
    const value = values[0]?.trim() ?? '';
    if (value.length > MAX_VALUE_LENGTH) refuse(name, `valeur trop longue (plus de ${MAX_VALUE_LENGTH} caractères)`);
    return value === '' ? null : value;
  };
  return {
    text: single,
    oneOf<T extends string>(name: string, allowed: readonly T[]): T | null {
      const value = single(name);
      if (value === null) return null;
      if (!(allowed as readonly string[]).includes(value)) refuse(name, `« ${value} » n'est pas une valeur possible (${allowed.join(', ')})`);
      return value as T;
    },
    boolean(name: string): boolean | null {
      const value = single(name);
      if (value === null) return null;
      if (value !== 'true' && value !== 'false') refuse(name, `« ${value} » n'est pas true ou false`);
      return value === 'true';
    },
    day(name: string): string | null {
      const value = single(name);
      if (value !== null && !isCalendarDay(value)) refuse(name, `« ${value} » n'est pas une date AAAA-MM-JJ`);
      return value;
    },
    instant(name: string): string | null {
      const value = single(name);
      if (value !== null && (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value)))) {
        refuse(name, `« ${value} » n'est pas une date ISO 8601 (2021-04-29 ou 2021-04-29T16:38:00+02:00)`);
      }
      return value;
    },
    /** Repeated (`tags=a&tags=b`) or comma-separated (`tags=a,b`). */
    list(name: string): string[] | null {
      const values = params.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
      if (values.some((value) => value.length > MAX_VALUE_LENGTH)) refuse(name, 'valeur trop longue');
      return values.length === 0 ? null : values;
    },
    csvFormat(): CsvFormat {
      const sep = single('sep');
      if (sep !== null && sep !== ',' && sep !== ';') refuse('sep', `« ${sep} » n'est pas un séparateur possible (, ou ;)`);
      const headers = single('headers') ?? 'fr';
      if (headers !== 'fr' && headers !== 'en') refuse('headers', `« ${headers} » n'est pas fr ou en`);
      return { delimiter: sep ?? ',', headers };
    },
  };
}
