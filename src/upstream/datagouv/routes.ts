/**
 * Canonical URLs of the data.gouv.fr endpoints we call. Canonical matters:
 * the URL is the cache key, so query parameters are always present (page,
 * page_size) and sorted. Routes end with `/` as udata declares them; a
 * slash-less URL would cost a redirect.
 */
export type Query = Readonly<Record<string, string | number | undefined>>;

export interface DatagouvRoutes {
  /** Host of the API, e.g. `www.data.gouv.fr`. */
  readonly host: string;
  datasetV1(idOrSlug: string): string;
  datasetV2(idOrSlug: string): string;
  datasetResourcesV2(idOrSlug: string, query: Query): string;
  datasetsV1(query: Query): string;
  datasetSearchV2(query: Query): string;
  organization(idOrSlug: string): string;
  organizationDatasets(idOrSlug: string, query: Query): string;
  dataservice(idOrSlug: string): string;
  dataservices(query: Query): string;
  reuses(query: Query): string;
  site(): string;
}

/** @param baseUrl the API root, e.g. `https://www.data.gouv.fr/api`; `/1/...` and `/2/...` are appended. */
export function createRoutes(baseUrl: string): DatagouvRoutes {
  const base = new URL(baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError(`baseUrl must be http(s), got ${base.protocol}`);
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;

  const build = (segments: readonly string[], query: Query = {}): string => {
    // Segments were validated already; encoding is a second fence, not the first.
    const path = segments.map((segment) => encodeURIComponent(segment)).join('/');
    const params = new URLSearchParams();
    for (const name of Object.keys(query).sort()) {
      const value = query[name];
      if (value !== undefined && value !== '') params.append(name, String(value));
    }
    const search = params.toString();
    return `${root}/${path}/${search === '' ? '' : `?${search}`}`;
  };

  return {
    host: base.host,
    datasetV1: (id) => build(['1', 'datasets', id]),
    datasetV2: (id) => build(['2', 'datasets', id]),
    datasetResourcesV2: (id, query) => build(['2', 'datasets', id, 'resources'], query),
    datasetsV1: (query) => build(['1', 'datasets'], query),
    datasetSearchV2: (query) => build(['2', 'datasets', 'search'], query),
    organization: (id) => build(['1', 'organizations', id]),
    organizationDatasets: (id, query) => build(['1', 'organizations', id, 'datasets'], query),
    dataservice: (id) => build(['1', 'dataservices', id]),
    dataservices: (query) => build(['1', 'dataservices'], query),
    reuses: (query) => build(['1', 'reuses'], query),
    site: () => build(['1', 'site']),
  };
}

// Path segments of the API that are names, not ids or slugs.
const ROUTE_WORDS = new Set(['1', '2', 'datasets', 'search', 'resources', 'organizations', 'dataservices', 'reuses', 'site', 'r']);

/**
 * The template of a called URL (`/1/datasets/:ref/`), for metrics labels:
 * ids and slugs become `:ref` and query strings are dropped, so the number of
 * label values stays bounded whatever clients ask. URLs outside the API root
 * (hosted files) are `file`.
 */
export function toRouteTemplate(url: string, baseUrl: string): string {
  const target = new URL(url);
  const base = new URL(baseUrl);
  const root = base.pathname.replace(/\/+$/, '');
  if (target.host !== base.host || !target.pathname.startsWith(`${root}/`)) return 'file';
  const segments = target.pathname.slice(root.length).split('/').filter(Boolean);
  return `/${segments.map((segment) => (ROUTE_WORDS.has(segment) ? segment : ':ref')).join('/')}/`;
}
