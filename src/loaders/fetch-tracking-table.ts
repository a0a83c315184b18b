import type { Commitment } from '../commitments/model.js';
import { matchTrackerEntries, type TrackerMatch } from '../commitments/match-tracker-entries.js';
import { parseTrackingTable, type TrackerEntry, type TrackingTableForm } from '../commitments/parse-tracking-table.js';
import type { RecordError } from '../commitments/record-error.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import type { Resource } from '../upstream/datagouv/model.js';
import type { UpstreamLoaders } from './upstream-loaders.js';

/** The dataset in which data.gouv.fr publishes the official, hand-kept tracking table. */
export const TRACKING_TABLE_DATASET = 'tableau-de-suivi-des-ouvertures-de-donnees-codes-sources-et-api-publics';

/** The marks the demo's synthetic records carry (mocks/fixtures/PROVENANCE.md). */
const SYNTHETIC_COLUMN = 'donnees_synthetiques';
const SYNTHETIC_DESCRIPTION_PREFIX = '[Données de démonstration synthétiques]';

export interface TrackingTable {
  /** Per commitment key, the matching row (or none). */
  readonly matches: ReadonlyMap<string, TrackerMatch>;
  /** Every row read, in table order. */
  readonly entries: readonly TrackerEntry[];
  /** The column set recognised; null when the table was refused (see `errors`). */
  readonly form: TrackingTableForm | null;
  readonly errors: readonly RecordError[];
  /** The CSV file read. */
  readonly url: string;
  /**
   * True when the table read is demo data, not the government's: the bundled
   * emulation answered, or the file or its dataset carries the synthetic marks.
   */
  readonly synthetic: boolean;
  readonly fetchedAt: string;
  readonly stale: boolean;
}

/**
 * Reads the official tracking table through the upstream client (same cache,
 * breaker and timeouts): its dataset, then its newest CSV file, then matches
 * its rows to our records by title.
 */
export async function fetchTrackingTable(
  commitments: readonly Commitment[],
  deps: { readonly datagouv: DatagouvClient; readonly loaders: UpstreamLoaders },
): Promise<TrackingTable> {
  const dataset = await deps.loaders.dataset.load(TRACKING_TABLE_DATASET);
  const file = dataset ? pickCsv(dataset.inlineResources ?? []) : null;
  if (!file) {
    throw new GatewayError('NOT_FOUND', `The official tracking table (dataset "${TRACKING_TABLE_DATASET}") has no CSV file on data.gouv.fr.`);
  }
  const url = (file.url ?? file.latestUrl) as string;
  const text = await deps.datagouv.fetchResourceText(url);
  const parsed = parseTrackingTable(text.text, url);
  const matches = new Map(matchTrackerEntries(commitments, parsed.entries).map((match) => [match.commitmentKey, match]));
  // Rows are matched against the records only: the table's own commitments are made from the rows left over.
  const header = text.text.slice(0, text.text.indexOf('\n') >>> 0).toLowerCase();
  const synthetic = deps.datagouv.source() === 'MOCK'
    || header.includes(SYNTHETIC_COLUMN)
    || (dataset?.description ?? '').startsWith(SYNTHETIC_DESCRIPTION_PREFIX);
  return { matches, entries: parsed.entries, form: parsed.form, errors: parsed.errors, url, synthetic, fetchedAt: text.fetchedAt, stale: text.stale || (dataset?.stale ?? false) };
}

/** The newest CSV file, main files first. */
function pickCsv(resources: readonly Resource[]): Resource | null {
  const csv = resources.filter((r) => (r.format === 'csv' || /\.csv(\?|$)/i.test(r.url ?? '')) && (r.url ?? r.latestUrl));
  const rank = (r: Resource) => (r.type === 'main' ? 1 : 0);
  return (
    [...csv].sort((a, b) => rank(b) - rank(a) || (b.lastModified ?? '').localeCompare(a.lastModified ?? ''))[0] ?? null
  );
}
