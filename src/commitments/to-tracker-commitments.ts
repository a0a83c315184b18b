import { createHash } from 'node:crypto';
import type { TableMinistry, TrackerImport } from './create-commitment-registry.js';
import type { TrackerMatch } from './match-tracker-entries.js';
import type { Commitment, CommitmentKind } from './model.js';
import { normaliseText } from './normalise-tokens.js';
import type { TrackerEntry } from './parse-tracking-table.js';
import type { RecordError } from './record-error.js';
import { toCanonicalMinistry } from './to-canonical-ministry.js';

/**
 * The key of a commitment made from a tracking-table row: `t-` followed by
 * the first 10 hex digits of the SHA-256 of `<kind>\n<title>`, the title
 * normalised by `normaliseText` (case, accents, ligatures and punctuation
 * folded, spaces collapsed). It depends on neither the row's position nor its
 * other cells: re-reading the table, reordering it or editing a row's status,
 * date or producer keeps the key; changing its title's words or its type
 * gives a new one.
 */
export function trackerCommitmentKey(kind: CommitmentKind, title: string): string {
  const digest = createHash('sha256').update(`${kind}\n${normaliseText(title)}`).digest('hex');
  return `t-${digest.slice(0, 10)}`;
}

export interface TrackerCommitments {
  /** One commitment per row that matches no record, in table order. */
  readonly commitments: readonly Commitment[];
  /** Rows that could not become commitments (type not understood, same key as an earlier row). */
  readonly errors: readonly RecordError[];
}

/**
 * Turns the tracking table's rows that match no record into commitments
 * (`source: TRACKER`): kind, title, producer, ministry and the table's own
 * estimated date as written (`T3 2021`), with its data.gouv.fr link as a
 * POSSIBLE hint, judged like any record. Their membership of the 63-item list
 * is NOT_CONFIRMED (seen in the later tracking only); nothing is invented:
 * no announcement, no announcement date. A row paired with a record stays
 * attached to it (`matches`) and makes no commitment. Pure.
 *
 * @param sourceUrl the CSV file read, cited as each commitment's source.
 */
export function toTrackerCommitments(
  entries: readonly TrackerEntry[],
  matches: readonly TrackerMatch[],
  sourceUrl: string,
): TrackerCommitments {
  const matched = new Set(matches.flatMap((match) => (match.entry ? [match.entry] : [])));
  const commitments: Commitment[] = [];
  const errors: RecordError[] = [];
  const rowOfKey = new Map<string, number>();
  for (const entry of entries) {
    if (matched.has(entry)) continue;
    if (entry.kind === null) {
      errors.push({
        path: sourceUrl, reason: 'INVALID_FIELD', field: 'TYPE', line: entry.line, row: entry.row,
        message: `row "${entry.title}": type "${entry.type ?? ''}" is not a dataset, an API or source code; the row is not imported`,
      });
      continue;
    }
    const key = trackerCommitmentKey(entry.kind, entry.title);
    const first = rowOfKey.get(key);
    if (first !== undefined) {
      errors.push({
        path: sourceUrl, reason: 'DUPLICATE_KEY', field: 'TITRE', line: entry.line, row: entry.row,
        message: `row "${entry.title}" has the same type and title as row ${first} (key ${key}); it is not imported twice`,
      });
      continue;
    }
    rowOfKey.set(key, entry.row);
    const link = entry.datagouvLink;
    commitments.push({
      key,
      source: 'TRACKER',
      title: entry.title,
      kind: entry.kind,
      ministry: toCanonicalMinistry(entry.ministry),
      ministryAsWritten: entry.ministry,
      ministryOrigin: entry.ministry === null ? 'NONE' : 'RECORD',
      ministrySource: entry.ministry === null ? null : sourceUrl,
      producer: entry.producer,
      plannedPeriod: entry.estimatedPeriod,
      horizon: null,
      announcementSlug: null,
      announcedOn: null,
      membership: 'NOT_CONFIRMED',
      confirmedInList: false,
      sources: [sourceUrl],
      notes: `Ligne ${entry.row} du tableau de suivi officiel${entry.openingStatus ? ` (statut : ${entry.openingStatus})` : ''}.`,
      hints: {
        datasetIdOrSlug: link?.kind === 'DATASET' ? link.idOrSlug : null,
        dataserviceIdOrSlug: link?.kind === 'DATASERVICE' ? link.idOrSlug : null,
        linkCertainty: 'POSSIBLE',
        organizationId: null,
        keywords: [],
        alternativeNames: [],
        identifiers: [],
        repositoryUrl: entry.kind === 'SOURCE_CODE' && entry.link && !link && /^https?:\/\/\S+$/i.test(entry.link) ? entry.link : null,
      },
      firstListed: [],
    });
  }
  return { commitments, errors };
}

/**
 * Tracking-table commitments imported before whose row is missing from the
 * table just read (no row of the same type and normalised title, matched to
 * a record or not): each is reported (VANISHED_ROW), never dropped silently.
 * Pure.
 */
export function findVanishedRows(
  previous: readonly Commitment[],
  entries: readonly TrackerEntry[],
  sourceUrl: string,
): { readonly vanished: readonly Commitment[]; readonly errors: readonly RecordError[] } {
  const keys = new Set(entries.flatMap((entry) => (entry.kind === null ? [] : [trackerCommitmentKey(entry.kind, entry.title)])));
  const vanished = previous.filter((c) => !keys.has(c.key));
  return {
    vanished,
    errors: vanished.map((c) => ({
      path: sourceUrl, reason: 'VANISHED_ROW' as const, field: 'TITRE', line: null, row: null,
      message: `the row "${c.title}" (${c.kind}, key ${c.key}) was in the tracking table and is no longer there`,
    })),
  };
}

/** One reading of the tracking table, as the loader hands it over. */
export interface TrackingTableReading {
  readonly entries: readonly TrackerEntry[];
  /** The record each row was paired with (rows paired stay attached to their record). */
  readonly matches: readonly TrackerMatch[];
  /** The column set recognised; null when the table was refused as a whole. */
  readonly recognised: boolean;
  readonly errors: readonly RecordError[];
  /** The CSV file read. */
  readonly url: string;
}

/**
 * What a new reading of the table adds to the records, given the previous
 * import: the rows matching no record as commitments, the rows imported
 * before and now missing (reported, kept as vanished until they reappear),
 * and every load error. A table refused as a whole (unknown columns) changes
 * nothing but the errors: the previous import stands. Pure.
 */
export function toTrackerImport(previous: TrackerImport | null, reading: TrackingTableReading): TrackerImport {
  if (!reading.recognised) {
    const kept = findVanishedRows(previous?.vanished ?? [], [], reading.url);
    return {
      commitments: previous?.commitments ?? [],
      vanished: kept.vanished,
      errors: [...reading.errors, ...kept.errors],
      recordMinistries: previous?.recordMinistries ?? new Map(),
    };
  }
  const derived = toTrackerCommitments(reading.entries, reading.matches, reading.url);
  const gone = findVanishedRows([...(previous?.commitments ?? []), ...(previous?.vanished ?? [])], reading.entries, reading.url);
  return {
    commitments: derived.commitments,
    vanished: gone.vanished,
    errors: [...reading.errors, ...derived.errors, ...gone.errors],
    recordMinistries: toRecordMinistries(reading.matches, reading.url),
  };
}

/** The ministry each matched row names, by the key of its record; rows naming none are left out. Pure. */
function toRecordMinistries(matches: readonly TrackerMatch[], sourceUrl: string): ReadonlyMap<string, TableMinistry> {
  const ministries = new Map<string, TableMinistry>();
  for (const match of matches) {
    const ministry = toCanonicalMinistry(match.entry?.ministry ?? null);
    if (ministry !== null && ministry.trim() !== '') ministries.set(match.commitmentKey, { ministry, source: sourceUrl });
  }
  return ministries;
}
