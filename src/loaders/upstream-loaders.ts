import DataLoader from 'dataloader';
import type {
  DatagouvClient,
  DataserviceSearchRequest,
  DatasetListRequest,
  PageRequest,
} from '../upstream/datagouv/datagouv-client.js';
import type { Dataservice, Dataset, Organization, Page, Reuse, SiteInfo } from '../upstream/datagouv/model.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import { createCodegouvLoaders, type CodegouvLoaders } from './create-codegouv-loaders.js';

/**
 * Loaders of data.gouv.fr objects: within one GraphQL operation (or one
 * evaluation run) each distinct id or slug is asked of the upstream client
 * once. data.gouv.fr has no batch endpoint, so a batch fans out to one client
 * call per key; the client's process-wide cache and request coalescing take
 * it from there.
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

/**
 * @param signal aborted when the HTTP request goes away; only this request's waits stop.
 * @param codegouv code.gouv.fr's client; without it source code is not looked up.
 */
export function createUpstreamLoaders(datagouv: DatagouvClient, signal?: AbortSignal, codegouv?: CodegouvClient): UpstreamLoaders {
  const options = signal ? { signal } : {};
  return {
    dataset: createKeyedLoader((key) => datagouv.getDataset(key, options)),
    organization: createKeyedLoader((key) => datagouv.getOrganization(key, options)),
    dataservice: createKeyedLoader((key) => datagouv.getDataservice(key, options)),
    searchDatasets: createKeyedLoader((request) => datagouv.searchDatasets(request, options), JSON.stringify),
    listDatasets: createKeyedLoader((request) => datagouv.listDatasets(request, options), JSON.stringify),
    searchDataservices: createKeyedLoader((request) => datagouv.searchDataservices(request, options), JSON.stringify),
    organizationDatasets: createKeyedLoader(
      ({ idOrSlug, ...page }) => datagouv.listOrganizationDatasets(idOrSlug, page, options),
      JSON.stringify,
    ),
    datasetReuses: createKeyedLoader(({ datasetId, ...page }) => datagouv.listDatasetReuses(datasetId, page, options), JSON.stringify),
    site: memoize(() => datagouv.getSite(options)),
    ...(codegouv ? { codegouv: createCodegouvLoaders(codegouv, signal) } : {}),
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

export function memoize<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}
