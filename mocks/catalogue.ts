import {
  assertDatasetPayload,
  assertDataservicePayload,
  assertOrganizationPayload,
  assertReusePayload,
} from './catalogue/assert-payload.js';
import { deriveDataset } from './catalogue/derive-dataset.js';
import { fillDatasetShape, fillOrganizationShape } from './catalogue/fill-current-shape.js';
import type {
  DatasetPayload,
  DataservicePayload,
  JsonObject,
  JsonValue,
  OrganizationPayload,
  ReusePayload,
  SitePayload,
} from './catalogue/payload-types.js';
import {
  asArray,
  asObject,
  DEFAULT_FIXTURES_DIR,
  readFixture,
  readSection,
  readText,
} from './catalogue/read-fixture.js';
import { retypeRedacted } from './catalogue/retype-redacted.js';

/**
 * Where a served object comes from:
 * - `real`: a recorded data.gouv.fr response (recorder redactions retyped, missing 2026 keys added);
 * - `derived`: a real record reshaped (a v2 search item made into a v1 payload, an org rebuilt from
 *   an embedded ref), its made-up keys listed in `extras['mock:derived-fields']`;
 * - `synthetic`: invented for the demo and tests, `extras.synthetic === true`.
 */
export type RecordOrigin = 'real' | 'derived' | 'synthetic';

export interface CatalogueEntry<T> {
  readonly origin: RecordOrigin;
  /** Fixture file the payload comes from, relative to `mocks/fixtures/`. */
  readonly source: string;
  /** Keys the loader added to reach the udata 17.6 shape (`-key` = removed). Empty for synthetic records. */
  readonly filled: readonly string[];
  readonly payload: T;
}

export interface DatasetEntry extends CatalogueEntry<DatasetPayload> {
  /** Served as the `total` of the v2 `community_resources` link. */
  readonly communityResourcesTotal: number;
}

export interface DataserviceEntry extends CatalogueEntry<DataservicePayload> {
  /** Datasets this API serves: what `/api/1/datasets/?dataservice=<id>` lists. */
  readonly datasetIds: readonly string[];
}

export interface ReuseEntry extends CatalogueEntry<ReusePayload> {
  /** Datasets the reuse is linked to (the recorder trimmed the embedded list, so the query it answered counts too). */
  readonly datasetIds: readonly string[];
}

export interface StaticFile {
  readonly origin: RecordOrigin;
  readonly contentType: string;
  readonly body: string;
}

/** Objects of one kind, addressable the three ways udata resolves a path segment. */
export interface Collection<E> {
  readonly all: readonly E[];
  readonly byId: ReadonlyMap<string, E>;
  readonly bySlug: ReadonlyMap<string, E>;
  /** Former slugs: the API answers 308 to the current one. */
  readonly byOldSlug: ReadonlyMap<string, E>;
}

/** The in-memory data.gouv.fr the handlers serve. Read-only; build a new one to change it. */
export interface Catalogue {
  readonly datasets: Collection<DatasetEntry>;
  readonly organizations: Collection<CatalogueEntry<OrganizationPayload>>;
  readonly dataservices: Collection<DataserviceEntry>;
  readonly reuses: readonly ReuseEntry[];
  readonly site: CatalogueEntry<SitePayload>;
  /** Hosted files by absolute URL (`https://static.data.gouv.fr/resources/...`). */
  readonly staticFiles: ReadonlyMap<string, StaticFile>;
}

export interface LoadCatalogueOptions {
  /** Directory holding `real/`, `derived/` and `synthetic/`. Default: `mocks/fixtures/`. */
  readonly fixturesDir?: string;
}

interface Identified {
  readonly payload: { readonly id: string; readonly slug: string };
}

function createCollection<E extends Identified>(kind: string, entries: readonly E[], oldSlugs: JsonObject): Collection<E> {
  const byId = new Map<string, E>();
  const bySlug = new Map<string, E>();
  for (const entry of entries) {
    const { id, slug } = entry.payload;
    if (byId.has(id)) throw new TypeError(`duplicate ${kind} id ${id}`);
    if (bySlug.has(slug)) throw new TypeError(`duplicate ${kind} slug ${slug}`);
    byId.set(id, entry);
    bySlug.set(slug, entry);
  }
  const byOldSlug = new Map<string, E>();
  for (const [oldSlug, id] of Object.entries(oldSlugs)) {
    const entry = typeof id === 'string' ? byId.get(id) : undefined;
    if (entry === undefined) throw new TypeError(`old ${kind} slug ${oldSlug} points to unknown id ${String(id)}`);
    if (bySlug.has(oldSlug)) throw new TypeError(`old ${kind} slug ${oldSlug} is also a current slug`);
    byOldSlug.set(oldSlug, entry);
  }
  return { all: entries, byId, bySlug, byOldSlug };
}

function recorded(dir: string, file: string): { body: JsonValue; recordedAt: string | null; url: string | null } {
  const fixture = readFixture(dir, file);
  if (fixture.meta === null) return { body: fixture.body, recordedAt: null, url: null };
  const recordedAt = fixture.meta.recordedAt;
  return { body: retypeRedacted(fixture.body, { source: file, recordedAt }), recordedAt, url: fixture.meta.url };
}

const REAL_DATASETS = [
  'real/api1-datasets-53699d0ea3a729239d205b2e.json',
  'real/api1-datasets-catalogue-des-donnees-de-data-gouv-fr.json',
  'real/api1-datasets-fichier-des-personnes-decedees.json',
] as const;
const SEARCH_2024 = 'real/api2-datasets-search-default-2024-09.json';
const SEARCH_POPULATION = 'real/api2-datasets-search-q-population-size3.json';

function loadDatasets(dir: string, oldSlugs: JsonObject): Collection<DatasetEntry> {
  // Community resources are only counted in v2 payloads; take the real counts where a v2 capture has them.
  const communityTotals = new Map<string, number>();
  for (const file of [SEARCH_POPULATION, SEARCH_2024]) {
    const page = asObject(readFixture(dir, file).body, file);
    for (const item of asArray(page['data'] ?? null, file)) {
      const object = asObject(item, file);
      const link = object['community_resources'];
      const id = object['id'];
      if (typeof id === 'string' && !communityTotals.has(id) && typeof link === 'object' && link !== null && !Array.isArray(link)) {
        const total = (link as JsonObject)['total'];
        if (typeof total === 'number') communityTotals.set(id, total);
      }
    }
  }

  const entries: DatasetEntry[] = [];
  for (const file of REAL_DATASETS) {
    const { payload, filled } = fillDatasetShape(asObject(recorded(dir, file).body, file));
    const dataset = assertDatasetPayload(payload, file);
    entries.push({ origin: 'real', source: file, filled, payload: dataset, communityResourcesTotal: communityTotals.get(dataset.id) ?? 0 });
  }

  const derivedFile = 'derived/datasets.json';
  const searchItems = new Map<string, JsonObject>();
  for (const item of asArray(asObject(readFixture(dir, SEARCH_2024).body, SEARCH_2024)['data'] ?? null, SEARCH_2024)) {
    const object = asObject(item, SEARCH_2024);
    if (typeof object['id'] === 'string') searchItems.set(object['id'], object);
  }
  for (const derivation of asArray(readSection(dir, derivedFile, 'datasets'), derivedFile)) {
    const spec = asObject(derivation, derivedFile);
    const id = spec['id'];
    const item = typeof id === 'string' ? searchItems.get(id) : undefined;
    if (item === undefined) throw new TypeError(`${derivedFile}: ${String(id)} is not in ${SEARCH_2024}`);
    const derived = deriveDataset(item, asArray(spec['resources'] ?? null, derivedFile), SEARCH_2024);
    const dataset = assertDatasetPayload(derived.payload, `${derivedFile} ${String(id)}`);
    const filled = (derived.payload['extras'] as JsonObject)['mock:derived-fields'] as readonly string[];
    entries.push({ origin: 'derived', source: derivedFile, filled, payload: dataset, communityResourcesTotal: derived.communityResourcesTotal });
  }

  const syntheticFile = 'synthetic/datasets.json';
  for (const item of asArray(readSection(dir, syntheticFile, 'datasets'), syntheticFile)) {
    const dataset = assertDatasetPayload(item, syntheticFile);
    entries.push({ origin: 'synthetic', source: syntheticFile, filled: [], payload: dataset, communityResourcesTotal: 0 });
  }
  return createCollection('dataset', entries, oldSlugs);
}

function loadOrganizations(dir: string, oldSlugs: JsonObject): Collection<CatalogueEntry<OrganizationPayload>> {
  const entries: CatalogueEntry<OrganizationPayload>[] = [];
  for (const file of ['real/api1-organizations-534fff75a3a7292c64a77de4.json', 'real/api1-organizations-data-gouv-fr.json']) {
    const { payload, filled } = fillOrganizationShape(asObject(recorded(dir, file).body, file));
    entries.push({ origin: 'real', source: file, filled, payload: assertOrganizationPayload(payload, file) });
  }
  for (const [origin, file] of [['derived', 'derived/organizations.json'], ['synthetic', 'synthetic/organizations.json']] as const) {
    for (const item of asArray(readSection(dir, file, 'organizations'), file)) {
      const payload = assertOrganizationPayload(item, file);
      const derivedFields = (payload['extras'] as JsonObject | undefined)?.['mock:derived-fields'];
      entries.push({ origin, source: file, filled: Array.isArray(derivedFields) ? (derivedFields as string[]) : [], payload });
    }
  }
  return createCollection('organization', entries, oldSlugs);
}

function loadDataservices(dir: string, oldSlugs: JsonObject, links: JsonObject): Collection<DataserviceEntry> {
  const datasetIdsOf = (id: string): readonly string[] => {
    const ids = links[id];
    return Array.isArray(ids) ? ids.filter((value): value is string => typeof value === 'string') : [];
  };
  const entries: DataserviceEntry[] = [];
  const realFile = 'real/api1-dataservices-672cf67802ef6b1be63b8975.json';
  const real = assertDataservicePayload(recorded(dir, realFile).body, realFile);
  entries.push({ origin: 'real', source: realFile, filled: [], payload: real, datasetIds: datasetIdsOf(real.id) });
  const syntheticFile = 'synthetic/dataservices.json';
  for (const item of asArray(readSection(dir, syntheticFile, 'dataservices'), syntheticFile)) {
    const payload = assertDataservicePayload(item, syntheticFile);
    entries.push({ origin: 'synthetic', source: syntheticFile, filled: [], payload, datasetIds: datasetIdsOf(payload.id) });
  }
  return createCollection('dataservice', entries, oldSlugs);
}

function loadReuses(dir: string): readonly ReuseEntry[] {
  const file = 'real/api1-reuses-dataset-53699d0ea3a729239d205b2e-size3.json';
  const { body, url } = recorded(dir, file);
  const queried = url === null ? null : new URL(url).searchParams.get('dataset');
  return asArray(asObject(body, file)['data'] ?? null, file).map((item) => {
    const payload = assertReusePayload(item, file);
    const embedded = payload.datasets.map((dataset) => dataset['id']).filter((id): id is string => typeof id === 'string');
    const datasetIds = queried === null || embedded.includes(queried) ? embedded : [...embedded, queried];
    return { origin: 'real', source: file, filled: [], payload, datasetIds };
  });
}

function loadStaticFiles(dir: string): ReadonlyMap<string, StaticFile> {
  const file = 'synthetic/static-files.json';
  const files = new Map<string, StaticFile>();
  for (const item of asArray(readSection(dir, file, 'files'), file)) {
    const spec = asObject(item, file);
    const { url, file: path, contentType } = spec;
    if (typeof url !== 'string' || typeof path !== 'string' || typeof contentType !== 'string') throw new TypeError(`${file}: malformed entry`);
    files.set(url, { origin: 'synthetic', contentType, body: readText(dir, `synthetic/${path}`) });
  }
  return files;
}

/**
 * Reads the fixtures into an in-memory catalogue (synchronously, about 1 MB
 * of JSON): real recordings, real records reshaped, and synthetic records for
 * the 2021 commitments that were never recorded. Throws on any inconsistency
 * (duplicate id or slug, an old slug to nowhere, a fixture missing a field).
 */
export function loadCatalogue(options: LoadCatalogueOptions = {}): Catalogue {
  const dir = options.fixturesDir ?? DEFAULT_FIXTURES_DIR;
  const history = asObject(readSection(dir, 'synthetic/slug-history.json', 'datasets'), 'slug-history');
  const orgHistory = asObject(readSection(dir, 'synthetic/slug-history.json', 'organizations'), 'slug-history');
  const serviceHistory = asObject(readSection(dir, 'synthetic/slug-history.json', 'dataservices'), 'slug-history');
  const links = asObject(readSection(dir, 'synthetic/dataservice-datasets.json', 'links'), 'dataservice-datasets');

  const datasets = loadDatasets(dir, history);
  for (const [serviceId, ids] of Object.entries(links)) {
    for (const id of Array.isArray(ids) ? ids : []) {
      if (typeof id !== 'string' || !datasets.byId.has(id)) throw new TypeError(`dataservice ${serviceId} links unknown dataset ${String(id)}`);
    }
  }
  const siteFile = 'real/api1-site.body.json';
  return {
    datasets,
    organizations: loadOrganizations(dir, orgHistory),
    dataservices: loadDataservices(dir, serviceHistory, links),
    reuses: loadReuses(dir),
    site: { origin: 'real', source: siteFile, filled: [], payload: asObject(readFixture(dir, siteFile).body, siteFile) },
    staticFiles: loadStaticFiles(dir),
  };
}
