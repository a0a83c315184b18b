import type { Commitment, CommitmentKind, FirstListing, LinkCertainty, ListMembership, MatchingHints } from './model.js';
import { normaliseHeader } from './parse-delimited-text.js';
import { parsePlannedPeriod } from './parse-planned-period.js';
import type { RecordError } from './record-error.js';
import { assertIdOrSlug, isObjectId } from '../upstream/datagouv/validate-input.js';
import { toCanonicalMinistry } from './to-canonical-ministry.js';
import { isCalendarDay } from './to-paris-day.js';

/** Canonical field names of a commitment record (YAML keys, CSV headers). */
export type CommitmentField =
  | 'key' | 'title' | 'kind' | 'ministry' | 'ministrySource' | 'producer' | 'plannedQuarter' | 'announcedHorizon' | 'announcement'
  | 'announcedOn' | 'membership' | 'sources' | 'notes' | 'dataset' | 'dataservice'
  | 'linkCertainty' | 'organizationId' | 'keywords' | 'repositoryUrl' | 'alternativeNames' | 'identifiers'
  | 'firstListed';

/**
 * Accepted spellings, compared after `normaliseHeader` (case, accents,
 * spaces and punctuation ignored), so `planned_quarter`, `Planned quarter`
 * and `plannedQuarter` are one field. French names are accepted too.
 */
const ALIASES: Readonly<Record<CommitmentField, readonly string[]>> = {
  key: ['key', 'id', 'cle'],
  title: ['title', 'titre'],
  kind: ['kind', 'type'],
  ministry: ['ministry', 'ministere', 'ministeredetutelle'],
  ministrySource: ['ministrysource', 'sourceministere', 'sourcedetutelle'],
  producer: ['producer', 'producteur'],
  plannedQuarter: ['plannedquarter', 'plannedperiod', 'trimestre', 'trimestreprevu', 'dateestimee'],
  announcedHorizon: ['announcedhorizon', 'horizon', 'horizonannonce'],
  announcement: ['announcement', 'announcementslug', 'communique'],
  announcedOn: ['announcedon', 'dateannonce', 'datedannonce'],
  membership: ['membership', 'appartenance'],
  sources: ['sources', 'source'],
  notes: ['notes', 'note', 'statusnote'],
  dataset: ['dataset', 'datasetidorslug', 'datagouvurl', 'jeudedonnees'],
  dataservice: ['dataservice', 'dataserviceidorslug'],
  linkCertainty: ['linkcertainty', 'certitudelien'],
  organizationId: ['organizationid', 'organisationid', 'organization', 'organisation'],
  keywords: ['keywords', 'motscles', 'motcles'],
  repositoryUrl: ['repositoryurl', 'repository', 'depot'],
  alternativeNames: ['alternativenames', 'aliases', 'autresnoms', 'acronyms', 'sigles'],
  identifiers: ['identifiers', 'identifiants', 'knownidentifiers'],
  firstListed: ['firstlisted', 'premierereferencement', 'firstpublication'],
};

const FIELD_BY_NAME: ReadonlyMap<string, CommitmentField> = new Map(
  (Object.entries(ALIASES) as [CommitmentField, readonly string[]][]).flatMap(([field, names]) =>
    names.map((name) => [name, field] as const)),
);

/** The canonical field for a key or header as written, or null when unknown. */
export function toCommitmentField(name: string): CommitmentField | null {
  return FIELD_BY_NAME.get(normaliseHeader(name)) ?? null;
}

/** One value of a raw record, with where it was written. */
export interface RawValue {
  readonly value: unknown;
  /** 1-based line of the field, when known. */
  readonly line: number | null;
}

/** A record as read from YAML or CSV, before validation. */
export interface RawRecord {
  /** Values by the names written in the file. */
  readonly values: ReadonlyMap<string, RawValue>;
  /** 1-based index of the record in the file. */
  readonly row: number;
  /** 1-based line of the record, when known. */
  readonly line: number | null;
}

const KINDS: Readonly<Record<string, CommitmentKind>> = {
  DATASET: 'DATASET', JEU_DE_DONNEES: 'DATASET', DONNEES: 'DATASET',
  API: 'API', DATASERVICE: 'API',
  SOURCE_CODE: 'SOURCE_CODE', CODE_SOURCE: 'SOURCE_CODE', CODE: 'SOURCE_CODE',
};
const MEMBERSHIPS: readonly ListMembership[] = ['CONFIRMED_PRIMARY', 'CONFIRMED_SECONDARY', 'NOT_CONFIRMED', 'UNKNOWN'];
const CERTAINTIES: readonly LinkCertainty[] = ['CONFIRMED', 'PROBABLE', 'POSSIBLE'];
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** An http(s) URL, or an `owner/repo@commit:path` reference like those in `sources`. */
const SOURCE_REFERENCE = /^(?:https?:\/\/\S+|[\w.-]+\/[\w.-]+@[0-9a-f]{7,40}:\S+)$/i;

function toEnumWord(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').trim().toUpperCase().replace(/[\s-]+/g, '_');
}

/**
 * Validates one raw record into a Commitment. Every problem of the record is
 * reported (so all can be fixed at once); the record is rejected when any
 * error is not UNKNOWN_FIELD (an unknown field is ignored and reported) or
 * UNREADABLE_PERIOD (the record loads with an unknown deadline).
 *
 * @param path file name used in errors.
 */
export function toCommitment(raw: RawRecord, path: string): { commitment: Commitment | null; errors: RecordError[] } {
  const errors: RecordError[] = [];
  const values = new Map<CommitmentField, RawValue>();
  for (const [name, value] of raw.values) {
    const field = toCommitmentField(name);
    if (!field) {
      errors.push({ path, reason: 'UNKNOWN_FIELD', message: `unknown field "${name}" ignored`, line: value.line ?? raw.line, field: name, row: raw.row });
    } else if (values.has(field)) {
      errors.push({ path, reason: 'INVALID_FIELD', message: `field "${name}" repeats ${field}`, line: value.line ?? raw.line, field, row: raw.row });
    } else {
      values.set(field, value);
    }
  }
  const failed = new Set<CommitmentField>();
  const fail = (field: CommitmentField, reason: 'MISSING_FIELD' | 'INVALID_FIELD', message: string): null => {
    // A value of the wrong type is reported once, not again as missing.
    if (reason === 'MISSING_FIELD' && failed.has(field)) return null;
    failed.add(field);
    errors.push({ path, reason, message, line: values.get(field)?.line ?? raw.line, field, row: raw.row });
    return null;
  };

  /** A trimmed text value; numbers are accepted as text (`plannedQuarter: 2022`). */
  const text = (field: CommitmentField): string | null => {
    const value = values.get(field)?.value;
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
    if (typeof value !== 'string') return fail(field, 'INVALID_FIELD', `${field} must be text, got ${Array.isArray(value) ? 'a list' : typeof value}`);
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  };
  /** A list of texts: a YAML list, or one text with items separated by `|`. */
  const list = (field: CommitmentField): string[] => {
    const value = values.get(field)?.value;
    if (value === null || value === undefined) return [];
    const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split('|') : null;
    if (!items || items.some((item) => typeof item !== 'string')) {
      fail(field, 'INVALID_FIELD', `${field} must be a list of texts (or texts separated by "|")`);
      return [];
    }
    return (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
  };
  /** Dated, sourced first listings: YAML maps `{on, where, source}`, or CSV items `YYYY-MM-DD where URL`. */
  const firstListings = (): FirstListing[] => {
    const value = values.get('firstListed')?.value;
    if (value === null || value === undefined) return [];
    const items: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split('|') : [value];
    const listings: FirstListing[] = [];
    for (const item of items) {
      let on: unknown;
      let where: unknown;
      let source: unknown;
      if (typeof item === 'string') {
        [on, where, source] = item.trim().split(/\s+/);
      } else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        ({ on, where, source } = item as Record<string, unknown>);
      }
      const day = on instanceof Date && !Number.isNaN(on.getTime()) ? on.toISOString().slice(0, 10) : on;
      if (typeof day !== 'string' || !isCalendarDay(day)) {
        fail('firstListed', 'INVALID_FIELD', `firstListed: "on" must be a day written YYYY-MM-DD, got ${JSON.stringify(on ?? null)}`);
        return [];
      }
      if (typeof where !== 'string' || where.trim() === '') {
        fail('firstListed', 'INVALID_FIELD', `firstListed ${day}: "where" must say where the item was listed`);
        return [];
      }
      if (typeof source !== 'string' || !/^https?:\/\/\S+$/i.test(source)) {
        fail('firstListed', 'INVALID_FIELD', `firstListed ${day}: "source" must be the http(s) URL that proves it`);
        return [];
      }
      listings.push({ on: day, where: where.trim(), source });
    }
    return listings.sort((a, b) => a.on.localeCompare(b.on));
  };
  /** A data.gouv.fr id or slug, or a data.gouv.fr URL of the given collection. */
  const idOrSlug = (field: CommitmentField, collection: 'datasets' | 'dataservices'): string | null => {
    const value = text(field);
    if (value === null) return null;
    if (/^https?:\/\//i.test(value)) {
      const match = new RegExp(`^https?://(?:www\\.)?data\\.gouv\\.fr/(?:[a-z]{2}/)?${collection}/([^/?#]+)`, 'i').exec(value);
      return match ? decodeURIComponent(match[1] as string) : fail(field, 'INVALID_FIELD', `${field} URL is not a data.gouv.fr ${collection} page: ${value}`);
    }
    // The client's own check, so a record can never hold a link the gateway would refuse to look up.
    try {
      return assertIdOrSlug(value, field);
    } catch {
      return fail(field, 'INVALID_FIELD', `${field} is neither an id, a slug nor a data.gouv.fr URL: ${value}`);
    }
  };

  const key = text('key');
  if (key === null) fail('key', 'MISSING_FIELD', 'key is required');
  else if (!KEY_PATTERN.test(key)) fail('key', 'INVALID_FIELD', `key "${key}" must be letters, digits, "-" or "_"`);

  const title = text('title');
  if (title === null) fail('title', 'MISSING_FIELD', 'title is required');

  const kindText = text('kind');
  const kind = kindText === null ? fail('kind', 'MISSING_FIELD', 'kind is required (DATASET, API or SOURCE_CODE)')
    : KINDS[toEnumWord(kindText)] ?? fail('kind', 'INVALID_FIELD', `kind "${kindText}" is not DATASET, API or SOURCE_CODE`);

  const membershipText = text('membership');
  const membership: ListMembership | null = membershipText === null ? 'UNKNOWN'
    : (MEMBERSHIPS.find((m) => m === toEnumWord(membershipText)) ?? fail('membership', 'INVALID_FIELD', `membership "${membershipText}" is not one of ${MEMBERSHIPS.join(', ')}`));

  const announcedOn = text('announcedOn');
  if (announcedOn !== null && !isCalendarDay(announcedOn)) fail('announcedOn', 'INVALID_FIELD', `announcedOn "${announcedOn}" is not a date written YYYY-MM-DD`);

  const certaintyText = text('linkCertainty');
  const linkCertainty: LinkCertainty | null = certaintyText === null ? 'CONFIRMED'
    : (CERTAINTIES.find((c) => c === toEnumWord(certaintyText)) ?? fail('linkCertainty', 'INVALID_FIELD', `linkCertainty "${certaintyText}" is not one of ${CERTAINTIES.join(', ')}`));

  const organizationId = text('organizationId');
  if (organizationId !== null && !isObjectId(organizationId)) fail('organizationId', 'INVALID_FIELD', `organizationId "${organizationId}" is not a data.gouv.fr id (24 hex digits)`);

  const repositoryUrl = text('repositoryUrl');
  if (repositoryUrl !== null && !/^https?:\/\/\S+$/i.test(repositoryUrl)) fail('repositoryUrl', 'INVALID_FIELD', `repositoryUrl "${repositoryUrl}" is not an http(s) URL`);

  const hints: MatchingHints = {
    datasetIdOrSlug: idOrSlug('dataset', 'datasets'),
    dataserviceIdOrSlug: idOrSlug('dataservice', 'dataservices'),
    linkCertainty: linkCertainty ?? 'CONFIRMED',
    organizationId,
    keywords: list('keywords'),
    alternativeNames: list('alternativeNames'),
    identifiers: list('identifiers'),
    repositoryUrl,
  };
  for (const identifier of hints.identifiers) {
    if (!/^https?:\/\/\S+$/i.test(identifier)) fail('identifiers', 'INVALID_FIELD', `identifier "${identifier}" is not an http(s) URL`);
  }
  const firstListed = firstListings();
  const ministry = text('ministry');
  const ministrySource = text('ministrySource');
  if (ministrySource !== null && ministry === null) {
    fail('ministrySource', 'INVALID_FIELD', 'ministrySource backs a ministry: give the ministry it names, or drop the source');
  } else if (ministrySource !== null && !SOURCE_REFERENCE.test(ministrySource)) {
    fail('ministrySource', 'INVALID_FIELD', `ministrySource "${ministrySource}" is neither an http(s) URL nor an owner/repo@commit:path reference`);
  }
  const producer = text('producer');
  const plannedQuarter = text('plannedQuarter');
  const plannedPeriod = parsePlannedPeriod(plannedQuarter);
  // Kept, but reported: the verdict then says the deadline is unknown, and
  // whoever edits the file learns that the text was not understood.
  const periodWarning = plannedPeriod.parseError === null ? null : {
    path, reason: 'UNREADABLE_PERIOD' as const, message: `plannedQuarter "${plannedQuarter}" is not a period: ${plannedPeriod.parseError}; the deadline is unknown`,
    line: values.get('plannedQuarter')?.line ?? raw.line, field: 'plannedQuarter', row: raw.row,
  };
  const horizonText = text('announcedHorizon');
  const horizon = horizonText === null ? null : parsePlannedPeriod(horizonText);
  // Unlike an item's own period (kept and reported when unreadable), a horizon
  // exists only to give a deadline: one that cannot be read is an error.
  if (horizon?.parseError) fail('announcedHorizon', 'INVALID_FIELD', `announcedHorizon: ${horizon.parseError}`);
  const announcementSlug = text('announcement');
  const sources = list('sources');
  const notes = text('notes');

  if (errors.some((error) => error.reason !== 'UNKNOWN_FIELD') || !key || !title || !kind || !membership) {
    return { commitment: null, errors };
  }
  if (periodWarning) errors.push(periodWarning);
  const commitment: Commitment = {
    key,
    source: 'LOCAL',
    title,
    kind,
    ministry: toCanonicalMinistry(ministry),
    ministryAsWritten: ministry,
    // A ministry the record names is the record's; one derived from the
    // producer is filled in later, with the whole table at hand (resolveMinistry).
    ministryOrigin: ministry === null ? 'NONE' : 'RECORD',
    ministrySource: ministry === null ? null : ministrySource,
    producer,
    plannedPeriod,
    horizon,
    announcementSlug,
    announcedOn,
    membership,
    confirmedInList: membership === 'CONFIRMED_PRIMARY' || membership === 'CONFIRMED_SECONDARY',
    sources,
    notes,
    hints,
    firstListed,
  };
  return { commitment, errors };
}
