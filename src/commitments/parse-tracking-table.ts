import type { CommitmentKind, PlannedPeriod } from './model.js';
import { normaliseText } from './normalise-tokens.js';
import { parseDelimitedText } from './parse-delimited-text.js';
import { parsePlannedPeriod } from './parse-planned-period.js';
import type { RecordError } from './record-error.js';

/**
 * The official tracking table of the openings ("Tableau de suivi des
 * ouvertures de données, codes sources et API publics", data.gouv.fr dataset
 * `tableau-de-suivi-des-ouvertures-de-donnees-codes-sources-et-api-publics`).
 * Its columns changed over the years; three sets are known (see
 * `TrackingTableForm`), anything else is refused as a whole.
 */

/**
 * The known column sets of the table:
 * - FORM_2021: `Données, API ou code source`, `Données, API, Codes sources
 *   concernés`, `Ministère`, `État d'avancement`, `Échéance annoncée par les
 *   ministères`, `URL`;
 * - FORM_2023: `TYPE`, `CATEGORIE`, `LIEN`, `TITRE`, `PRODUCTEUR`,
 *   `MINISTÈRE DE TUTELLE`, `STATUT D'OUVERTURE`, `DATE ESTIMÉE`;
 * - CURRENT: `Titre`, `Type`, and suffixed columns `Producteur_*`,
 *   `Statut_*`, `URL_*`, `Date_estimee_*`.
 */
export type TrackingTableForm = 'FORM_2021' | 'FORM_2023' | 'CURRENT';

/** Status labels used by ouverture.data.gouv.fr: Disponible, Planifié, Non disponible, À déterminer. */
export type TrackerStatusCode = 'OPEN' | 'PLANNED' | 'NOT_OPEN' | 'TO_DEFINE';

export interface TrackerEntry {
  /** TYPE as written. */
  readonly type: string | null;
  /** TYPE read as a commitment kind; null when not recognised. */
  readonly kind: CommitmentKind | null;
  readonly category: string | null;
  /** LIEN as written. */
  readonly link: string | null;
  /** LIEN when it points to a data.gouv.fr dataset or dataservice page. */
  readonly datagouvLink: { readonly kind: 'DATASET' | 'DATASERVICE'; readonly idOrSlug: string } | null;
  readonly title: string;
  readonly producer: string | null;
  readonly ministry: string | null;
  /** STATUT D'OUVERTURE as written. */
  readonly openingStatus: string | null;
  /** The status label read as a code; null when not one of the four known labels. */
  readonly openingStatusCode: TrackerStatusCode | null;
  /** DATE ESTIMÉE as written ("T3 2021"). */
  readonly estimatedDate: string | null;
  readonly estimatedPeriod: PlannedPeriod;
  /** 1-based data row index in the file. */
  readonly row: number;
  /** 1-based line where the row ends. */
  readonly line: number;
}

type TrackerColumn = 'type' | 'category' | 'link' | 'title' | 'producer' | 'ministry' | 'openingStatus' | 'estimatedDate';

/** Normalised header names (see `normaliseHeader`) of each column, 2023 and loose spellings first, then the 2021 ones. */
const COLUMNS: Readonly<Record<TrackerColumn, readonly string[]>> = {
  type: ['type', 'donneesapioucodesource'],
  category: ['categorie', 'category'],
  link: ['lien', 'link', 'url'],
  title: ['titre', 'title', 'donneesapicodessourcesconcernes'],
  producer: ['producteur', 'producer'],
  ministry: ['ministeredetutelle', 'ministere', 'ministry'],
  openingStatus: ['statutdouverture', 'statut', 'status', 'etatdavancement'],
  estimatedDate: ['dateestimee', 'date', 'estimateddate', 'echeanceannonceeparlesministeres'],
};

/** The current form's suffixed columns (`Statut_ouverture` normalises to `statutouverture`): matched by prefix. */
const CURRENT_PREFIXES: Readonly<Partial<Record<TrackerColumn, string>>> = {
  producer: 'producteur',
  openingStatus: 'statut',
  link: 'url',
  estimatedDate: 'dateestimee',
};

const FORM_2021_TITLE = 'donneesapicodessourcesconcernes';

const STATUS_CODES: Readonly<Record<string, TrackerStatusCode>> = {
  disponible: 'OPEN',
  planifie: 'PLANNED',
  'non disponible': 'NOT_OPEN',
  'a determiner': 'TO_DEFINE',
};

function toKind(type: string | null): CommitmentKind | null {
  const t = normaliseText(type ?? '');
  if (/\bapi\b/.test(t)) return 'API';
  if (/\bcode/.test(t)) return 'SOURCE_CODE';
  if (/\b(jeu|jeux|donnee|donnees|dataset)\b/.test(t)) return 'DATASET';
  return null;
}

function toDatagouvLink(link: string | null): TrackerEntry['datagouvLink'] {
  const match = /^https?:\/\/(?:www\.)?data\.gouv\.fr\/(?:[a-z]{2}\/)?(datasets|dataservices)\/([^/?#]+)/i.exec(link ?? '');
  if (!match) return null;
  return { kind: match[1]?.toLowerCase() === 'datasets' ? 'DATASET' : 'DATASERVICE', idOrSlug: decodeURIComponent(match[2] as string) };
}

export interface ParsedTrackingTable {
  readonly entries: TrackerEntry[];
  readonly errors: RecordError[];
  /** The column set recognised; null when the table was refused. */
  readonly form: TrackingTableForm | null;
}

/**
 * Parses the tracking table CSV in any of its known column sets. Headers are
 * matched whatever their case, accents or spacing; `;` or `,` is detected; a
 * BOM and `#` comment lines are ignored. A table whose headers name no title
 * and type column of a known set is refused whole (UNKNOWN_COLUMNS), never
 * read as garbage. Rows without a title, or whose cell count differs from the
 * header's, are reported and skipped; the others load.
 *
 * @param fileName used in errors only.
 */
export function parseTrackingTable(text: string, fileName: string): ParsedTrackingTable {
  const table = parseDelimitedText(text);
  const errors: RecordError[] = table.problems.map((p) => ({
    path: fileName, reason: 'INVALID_CSV', message: `unreadable row skipped: ${p.message}`, line: p.line, field: null, row: null,
  }));
  const headerFor = new Map<TrackerColumn, string>();
  for (const [column, names] of Object.entries(COLUMNS) as [TrackerColumn, readonly string[]][]) {
    const header = names.map((name) => table.headers.find((h) => h === name)).find((h) => h !== undefined);
    if (header) headerFor.set(column, header);
  }
  let suffixed = false;
  for (const [column, prefix] of Object.entries(CURRENT_PREFIXES) as [TrackerColumn, string][]) {
    if (headerFor.has(column)) continue;
    const header = table.headers.find((h) => h.startsWith(prefix) && h.length > prefix.length);
    if (header) {
      headerFor.set(column, header);
      suffixed = true;
    }
  }
  if (!headerFor.has('title') || !headerFor.has('type')) {
    errors.push({
      path: fileName, reason: 'UNKNOWN_COLUMNS', line: 1, field: headerFor.has('title') ? 'TYPE' : 'TITRE', row: null,
      message: `the table's columns (${table.headers.join(', ') || 'none'}) are none of the known sets (2021, 2023, current): it was not imported`,
    });
    return { entries: [], errors, form: null };
  }
  const form: TrackingTableForm = headerFor.get('title') === FORM_2021_TITLE ? 'FORM_2021' : suffixed ? 'CURRENT' : 'FORM_2023';

  const entries: TrackerEntry[] = [];
  for (const row of table.rows) {
    if (row.cellCount !== table.headers.length) {
      errors.push({ path: fileName, reason: 'INVALID_CSV', message: `row has ${row.cellCount} cells, the header has ${table.headers.length}`, line: row.line, field: null, row: row.row });
      continue;
    }
    const cell = (column: TrackerColumn): string | null => {
      const header = headerFor.get(column);
      const value = header === undefined ? undefined : row.cells[header]?.trim();
      return value ? value : null;
    };
    const title = cell('title');
    if (!title) {
      errors.push({ path: fileName, reason: 'MISSING_FIELD', message: 'row has no TITRE', line: row.line, field: 'TITRE', row: row.row });
      continue;
    }
    const type = cell('type');
    const link = cell('link');
    const openingStatus = cell('openingStatus');
    const estimatedDate = cell('estimatedDate');
    entries.push({
      type,
      kind: toKind(type),
      category: cell('category'),
      link,
      datagouvLink: toDatagouvLink(link),
      title,
      producer: cell('producer'),
      ministry: cell('ministry'),
      openingStatus,
      openingStatusCode: STATUS_CODES[normaliseText(openingStatus ?? '')] ?? null,
      estimatedDate,
      estimatedPeriod: parsePlannedPeriod(estimatedDate),
      row: row.row,
      line: row.line,
    });
  }
  return { entries, errors, form };
}

