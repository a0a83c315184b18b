import { notFoundBody } from '../http/error-bodies.js';
import { slicePage } from '../http/page-envelope.js';
import { parseListArgs } from '../http/parse-list-args.js';
import { redirectResponse } from '../http/redirect-response.js';
import { toDatasetV2 } from '../query/to-dataset-v2.js';
import { datasetNotFound, findDataset } from './find-dataset.js';
import type { Route, RouteContext, RouteRequest } from './route-context.js';

/** Default page size of `/api/2/datasets/<dataset>/resources/`. */
const RESOURCES_PAGE_SIZE = 50;

function param(input: RouteRequest, name: string): string {
  return input.params[name] ?? '';
}

/** One dataset: v1 detail, v2 detail, v2 paginated resources, and the `r/<rid>` redirect to a file. */
export function createDatasetRoutes(context: RouteContext): Route[] {
  const api = context.apiBase;

  const resourcesPage = (input: RouteRequest): Response => {
    const found = findDataset(context, param(input, 'idOrSlug'), input.url, { version: 2, suffix: 'resources/' });
    if (found.response !== undefined) return found.response;
    const parsed = parseListArgs(input.url, { defaultPageSize: RESOURCES_PAGE_SIZE });
    if (!parsed.ok) return context.json(parsed.body, 400);
    const { page, pageSize } = parsed.args;
    const type = input.url.searchParams.get('type');
    const q = input.url.searchParams.get('q');
    const resources = found.entry.payload.resources.filter(
      (resource) =>
        (type === null || type === '' || resource.type === type) &&
        (q === null || q === '' || resource.title.toLowerCase().includes(q.toLowerCase())),
    );
    // udata builds these links by hand from the dataset id, not from the request (apiv2.py).
    const link = (target: number): string => {
      const extra = `${type ? `&type=${encodeURIComponent(type)}` : ''}${q ? `&q=${encodeURIComponent(q)}` : ''}`;
      return `${api}/2/datasets/${found.entry.payload.id}/resources/?page=${target}&page_size=${pageSize}${extra}`;
    };
    const total = resources.length;
    // Past the end is an empty 200 here, unlike the Mongo-paginated lists.
    return context.json({
      data: slicePage(resources, page, pageSize),
      next_page: page * pageSize < total ? link(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page: page > 1 ? link(page - 1) : null,
      total,
    });
  };

  return [
    {
      pattern: `${api}/1/datasets/r/:rid`,
      resolve: (input) => {
        const rid = param(input, 'rid');
        for (const entry of context.catalogue.datasets.all) {
          const resource = entry.payload.resources.find((candidate) => candidate.id === rid);
          if (resource !== undefined) return redirectResponse(context.rewriteUrl(resource.url), 302);
        }
        return context.json(notFoundBody(), 404);
      },
    },
    {
      pattern: `${api}/1/datasets/:idOrSlug/`,
      resolve: (input) => {
        const found = findDataset(context, param(input, 'idOrSlug'), input.url, { version: 1, hintOnSlugMiss: true });
        return found.response ?? context.json(found.entry.payload);
      },
      notFound: (input) => datasetNotFound(context, param(input, 'idOrSlug'), input.url, { hintOnSlugMiss: true }),
    },
    { pattern: `${api}/2/datasets/:idOrSlug/resources/`, resolve: resourcesPage },
    {
      pattern: `${api}/2/datasets/:idOrSlug/`,
      resolve: (input) => {
        const found = findDataset(context, param(input, 'idOrSlug'), input.url, { version: 2 });
        return found.response ?? context.json(toDatasetV2(found.entry));
      },
      notFound: (input) => datasetNotFound(context, param(input, 'idOrSlug'), input.url, {}),
    },
  ];
}
