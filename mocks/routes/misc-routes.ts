import { identifierErrorBody, notFoundBody } from '../http/error-bodies.js';
import { slicePage, toPageEnvelope } from '../http/page-envelope.js';
import { parseListArgs } from '../http/parse-list-args.js';
import type { Route, RouteContext } from './route-context.js';

const LIST_PAGE_SIZE = 20;
const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** `/api/1/reuses/` (filter `dataset`) and `/api/1/site/`. */
export function createMiscRoutes(context: RouteContext): Route[] {
  const api = context.apiBase;
  return [
    {
      pattern: `${api}/1/reuses/`,
      resolve: (input) => {
        const parsed = parseListArgs(input.url, { defaultPageSize: LIST_PAGE_SIZE });
        if (!parsed.ok) return context.json(parsed.body, 400);
        const dataset = input.url.searchParams.get('dataset');
        if (dataset !== null && dataset !== '' && !OBJECT_ID.test(dataset)) return context.json(identifierErrorBody('Dataset'), 400);
        const { page, pageSize } = parsed.args;
        const selected = context.catalogue.reuses
          .filter((entry) => entry.payload.deleted === null && !entry.payload.private)
          .filter((entry) => dataset === null || dataset === '' || entry.datasetIds.includes(dataset))
          .sort((a, b) => b.payload.created_at.localeCompare(a.payload.created_at));
        const items = slicePage(selected, page, pageSize);
        if (items.length === 0 && page !== 1) return context.json(notFoundBody(), 404);
        return context.json(toPageEnvelope(items.map((entry) => entry.payload), { url: input.url, page, pageSize, total: selected.length }));
      },
    },
    { pattern: `${api}/1/site/`, resolve: () => context.json(context.catalogue.site.payload) },
  ];
}
