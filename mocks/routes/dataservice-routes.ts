import { DATASERVICE_HINT_RULES, goneBody, identifierErrorBody, notFoundBody } from '../http/error-bodies.js';
import { slicePage, toPageEnvelope } from '../http/page-envelope.js';
import { parseListArgs } from '../http/parse-list-args.js';
import { redirectResponse } from '../http/redirect-response.js';
import { scoreWords, toQueryTerms } from '../query/match-words.js';
import { lookupPathSegment } from './lookup-path-segment.js';
import type { Route, RouteContext, RouteRequest } from './route-context.js';

const LIST_PAGE_SIZE = 20;
const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** `/api/1/dataservices/` (list) and `/api/1/dataservices/<dataservice>/`. */
export function createDataserviceRoutes(context: RouteContext): Route[] {
  const api = context.apiBase;
  // Production was recorded adding the flask-restx hint on this route.
  const notFound = (input: RouteRequest): Response =>
    context.json(notFoundBody({ path: input.url.pathname, rules: DATASERVICE_HINT_RULES }), 404);
  return [
    {
      pattern: `${api}/1/dataservices/`,
      resolve: (input) => {
        // The sort choices of this model-generated parser were never verified: `sort` is ignored, not refused.
        const parsed = parseListArgs(input.url, { defaultPageSize: LIST_PAGE_SIZE });
        if (!parsed.ok) return context.json(parsed.body, 400);
        const organization = input.url.searchParams.get('organization');
        if (organization !== null && organization !== '' && !OBJECT_ID.test(organization)) {
          return context.json(identifierErrorBody('Organization'), 400);
        }
        const q = input.url.searchParams.get('q');
        const terms = q === null || q.trim() === '' ? null : toQueryTerms(q);
        const tag = input.url.searchParams.get('tag');
        const { page, pageSize } = parsed.args;
        const selected = context.catalogue.dataservices.all
          .map((entry) => {
            const service = entry.payload;
            const score = terms === null ? 1 : scoreWords(terms, [
              { text: service.title, weight: 10 },
              { text: service.acronym ?? '', weight: 10 },
              { text: service.description, weight: 1 },
            ]);
            return { entry, score };
          })
          .filter(({ entry, score }) => {
            const service = entry.payload;
            return score > 0 && service.deleted_at === null && service.archived_at === null && !service.private &&
              (organization === null || organization === '' || service.organization?.id === organization) &&
              (tag === null || tag === '' || service.tags.includes(tag));
          });
        if (terms !== null) selected.sort((a, b) => b.score - a.score);
        else selected.sort((a, b) => b.entry.payload.created_at.localeCompare(a.entry.payload.created_at));
        const items = slicePage(selected, page, pageSize);
        if (items.length === 0 && page !== 1) return context.json(notFoundBody(), 404);
        return context.json(toPageEnvelope(items.map((item) => item.entry.payload), { url: input.url, page, pageSize, total: selected.length }));
      },
    },
    {
      pattern: `${api}/1/dataservices/:idOrSlug/`,
      resolve: (input) => {
        const lookup = lookupPathSegment(context.catalogue.dataservices, input.params['idOrSlug'] ?? '');
        if (lookup.kind === 'missing' || lookup.entry.payload.private) return notFound(input);
        if (lookup.kind === 'redirect') {
          return redirectResponse(`${new URL(api).pathname}/1/dataservices/${lookup.entry.payload.slug}/`);
        }
        if (lookup.entry.payload.deleted_at !== null) return context.json(goneBody('Dataservice'), 410);
        return context.json(lookup.entry.payload);
      },
      notFound,
    },
  ];
}
