import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Commitment, CommitmentStatus } from '../commitments/model.js';
import type {
  DatagouvClient,
  DataserviceSearchRequest,
  DatasetListRequest,
  PageRequest,
} from '../upstream/datagouv/datagouv-client.js';
import type { Dataservice, Dataset, Organization, Page, Reuse, SiteInfo } from '../upstream/datagouv/model.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import { createCodegouvLoaders, type CodegouvLoaders } from './create-codegouv-loaders.js';
import { createCommitmentStatusLoader } from './create-commitment-status-loader.js';
import type { EvaluationReads, SharedEvaluation } from './create-shared-evaluation.js';
import { fetchTrackingTable, type TrackingTable } from './fetch-tracking-table.js';
import type { UpstreamHealth } from './upstream-health.js';
import type { VerdictMemory } from './verdict-memory.js';

/**
 * Per-request loaders: within one GraphQL operation each distinct id or slug is
 * asked of the upstream client once. data.gouv.fr has no batch endpoint, so a
 * batch fans out to one client call per key; the client's process-wide cache
 * and request coalescing take it from there.
 */
export interface UpstreamLoaders {
  /** v1 dataset (resources inline) by id or slug; null when it does not exist. */
  readonly dataset: DataLoader<string, Dataset | null>;
  readonly organization: DataLoader<string, Organization | null>;
  readonly dataservice: DataLoader<string, Dataservice | null>;
  /** Pages of the catalogue's lists, each distinct request asked once per GraphQL request. */
  readonly searchDatasets: DataLoader<DatasetListRequest, Page<Dataset>, string>;
  readonly listDatasets: DataLoader<DatasetListRequest, Page<Dataset>, string>;
  readonly searchDataservices: DataLoader<DataserviceSearchRequest, Page<Dataservice>, string>;
  /** Null when the organization does not exist. */
  readonly organizationDatasets: DataLoader<{ readonly idOrSlug: string } & PageRequest, Page<Dataset> | null, string>;
  readonly datasetReuses: DataLoader<{ readonly datasetId: string } & PageRequest, Page<Reuse>, string>;
  /** data.gouv.fr's own description of itself (`/1/site/`), read at most once per request. */
  readonly site: () => Promise<SiteInfo>;
  /** code.gouv.fr, for source code; absent when no client is configured. */
  readonly codegouv?: CodegouvLoaders;
}

export interface Loaders extends UpstreamLoaders {
  /** The verdict on each commitment, judged once per request. */
  readonly commitmentStatus: DataLoader<Commitment, CommitmentStatus, string>;
  /** The official tracking table, read at most once per request (and cached upstream). */
  readonly trackingTable: () => Promise<TrackingTable>;
}

export interface LoaderDependencies {
  readonly datagouv: DatagouvClient;
  /** code.gouv.fr's client; without it source code is not looked up (UNCHECKED_SOURCE_CODE). */
  readonly codegouv?: CodegouvClient;
  /** Aborted when the HTTP request goes away; only this request's waits stop. */
  readonly signal?: AbortSignal;
  /** Process-wide last verdicts, served (stale) through upstream outages. */
  readonly verdicts: VerdictMemory;
  /** Process-wide: whether data.gouv.fr answered usably in the last evaluation. */
  readonly health: UpstreamHealth;
  readonly now: () => Date;
  /** Every commitment record: judged together, and matched against the tracking table. */
  readonly commitments: readonly Commitment[];
  /** Where a held-back mass change is reported. */
  readonly logger?: Pick<Logger, 'warn'>;
  /** Verdicts judged by an earlier request and still true, with this request's reads to account them to. */
  readonly sharedEvaluation?: { readonly evaluation: SharedEvaluation; readonly reads: EvaluationReads };
}

export function createLoaders(deps: LoaderDependencies): Loaders {
  const options = deps.signal ? { signal: deps.signal } : {};
  const upstreamLoaders: UpstreamLoaders = {
    dataset: createKeyedLoader((key) => deps.datagouv.getDataset(key, options)),
    organization: createKeyedLoader((key) => deps.datagouv.getOrganization(key, options)),
    dataservice: createKeyedLoader((key) => deps.datagouv.getDataservice(key, options)),
    searchDatasets: createKeyedLoader((request) => deps.datagouv.searchDatasets(request, options), JSON.stringify),
    listDatasets: createKeyedLoader((request) => deps.datagouv.listDatasets(request, options), JSON.stringify),
    searchDataservices: createKeyedLoader((request) => deps.datagouv.searchDataservices(request, options), JSON.stringify),
    organizationDatasets: createKeyedLoader(
      ({ idOrSlug, ...page }) => deps.datagouv.listOrganizationDatasets(idOrSlug, page, options),
      JSON.stringify,
    ),
    datasetReuses: createKeyedLoader(({ datasetId, ...page }) => deps.datagouv.listDatasetReuses(datasetId, page, options), JSON.stringify),
    site: memoize(() => deps.datagouv.getSite(options)),
    ...(deps.codegouv ? { codegouv: createCodegouvLoaders(deps.codegouv, deps.signal) } : {}),
  };
  return {
    ...upstreamLoaders,
    commitmentStatus: createCommitmentStatusLoader({
      commitments: deps.commitments,
      loaders: upstreamLoaders,
      memory: deps.verdicts,
      health: deps.health,
      now: deps.now,
      ...(deps.logger ? { logger: deps.logger } : {}),
    }, deps.sharedEvaluation),
    trackingTable: memoize(() => fetchTrackingTable(deps.commitments, { datagouv: deps.datagouv, loaders: upstreamLoaders })),
  };
}

/**
 * One loader whose batch settles each key on its own, so one failing key does
 * not fail its neighbours. Request objects are told apart by `cacheKey`.
 */
function createKeyedLoader<K, V>(load: (key: K) => Promise<V>, cacheKey?: (key: K) => string): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const settled = await Promise.allSettled(keys.map((key) => load(key)));
      return settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : toError(outcome.reason)));
    },
    cacheKey ? { cacheKeyFn: cacheKey } : {},
  );
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

function memoize<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}
