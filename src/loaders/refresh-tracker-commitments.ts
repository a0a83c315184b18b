import type { Logger } from 'pino';
import type { CommitmentRegistry } from '../commitments/create-commitment-registry.js';
import { toTrackerImport } from '../commitments/to-tracker-commitments.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import { fetchTrackingTable } from './fetch-tracking-table.js';
import { createUpstreamLoaders } from './upstream-loaders.js';

/**
 * Reads the official tracking table (through the upstream client's cache,
 * breaker and timeouts) and sets its rows matching no record into the
 * registry as commitments (`COMMITMENT_SOURCES=local,tracker`). A row that
 * vanished since the last reading is logged and reported in the registry's
 * load errors. Never throws: when the table cannot be read, the previous
 * import stands and a warning is logged.
 */
export async function refreshTrackerCommitments(
  registry: CommitmentRegistry,
  deps: { readonly datagouv: DatagouvClient; readonly logger: Pick<Logger, 'info' | 'warn'> },
): Promise<void> {
  try {
    const table = await fetchTrackingTable(registry.records(), { datagouv: deps.datagouv, loaders: createUpstreamLoaders(deps.datagouv) });
    const previous = registry.tracker();
    const next = toTrackerImport(previous, {
      entries: table.entries,
      matches: [...table.matches.values()],
      recognised: table.form !== null,
      errors: table.errors,
      url: table.url,
    });
    registry.setTracker(next);
    const known = new Set((previous?.vanished ?? []).map((c) => c.key));
    for (const commitment of next.vanished.filter((c) => !known.has(c.key))) {
      deps.logger.warn({ key: commitment.key, title: commitment.title, url: table.url }, 'a tracking-table row imported before is no longer in the table');
    }
    deps.logger.info(
      { url: table.url, form: table.form, rows: table.entries.length, imported: next.commitments.length, vanished: next.vanished.length, errors: next.errors.length },
      table.form === null ? 'tracking table refused: its columns are none of the known sets' : 'tracking table read',
    );
  } catch (error) {
    deps.logger.warn({ err: error }, 'tracking table unreadable: its previous rows are kept');
  }
}
