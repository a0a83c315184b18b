import type { CatalogueEntry } from '../catalogue.js';
import type { OrganizationPayload } from '../catalogue/payload-types.js';
import { goneBody, notFoundBody } from '../http/error-bodies.js';
import { slicePage, toPageEnvelope } from '../http/page-envelope.js';
import { parseListArgs } from '../http/parse-list-args.js';
import { redirectResponse } from '../http/redirect-response.js';
import { DATASET_LIST_SORTS, selectDatasets } from '../query/select-datasets.js';
import { lookupPathSegment } from './lookup-path-segment.js';
import type { Route, RouteContext, RouteRequest } from './route-context.js';

const LIST_PAGE_SIZE = 20;

const NO_FILTERS = {
  q: null, tags: [], organization: null, owner: null, dataservice: null, reuse: null, license: null,
  format: null, badge: null, geozone: null, granularity: null, featured: null,
} as const;

/** `/api/1/organizations/<org>/` and its dataset listing. */
export function createOrganizationRoutes(context: RouteContext): Route[] {
  const api = context.apiBase;

  const find = (input: RouteRequest, suffix: string): { entry: CatalogueEntry<OrganizationPayload>; response?: undefined } | { response: Response } => {
    const lookup = lookupPathSegment(context.catalogue.organizations, input.params['idOrSlug'] ?? '');
    if (lookup.kind === 'missing') return { response: context.json(notFoundBody(), 404) };
    if (lookup.kind === 'redirect') {
      const root = new URL(api).pathname;
      return { response: redirectResponse(`${root}/1/organizations/${lookup.entry.payload.slug}/${suffix}`) };
    }
    if (lookup.entry.payload.deleted !== null) return { response: context.json(goneBody('Organization'), 410) };
    return { entry: lookup.entry };
  };

  return [
    {
      pattern: `${api}/1/organizations/:idOrSlug/`,
      resolve: (input) => {
        const found = find(input, '');
        return found.response ?? context.json(found.entry.payload);
      },
      notFound: () => context.json(notFoundBody(), 404),
    },
    {
      // udata applies only sort/page/page_size here and does not hide archived or deleted datasets.
      pattern: `${api}/1/organizations/:idOrSlug/datasets/`,
      resolve: (input) => {
        const found = find(input, 'datasets/');
        if (found.response !== undefined) return found.response;
        const parsed = parseListArgs(input.url, { defaultPageSize: LIST_PAGE_SIZE, sortKeys: DATASET_LIST_SORTS });
        if (!parsed.ok) return context.json(parsed.body, 400);
        const { page, pageSize, sort } = parsed.args;
        const owned = context.catalogue.datasets.all.filter((entry) => entry.payload.organization?.id === found.entry.payload.id);
        const selected = selectDatasets(context.catalogue, owned, NO_FILTERS, sort, { includeUnlisted: true });
        const items = slicePage(selected, page, pageSize);
        if (items.length === 0 && page !== 1) return context.json(notFoundBody(), 404);
        return context.json(toPageEnvelope(items.map((item) => item.entry.payload), { url: input.url, page, pageSize, total: selected.length }));
      },
    },
  ];
}
