import { isObjectId } from '../upstream/datagouv/validate-input.js';
import { builder } from './builder.js';
import { DataserviceRef, DatasetConnectionRef, DatasetRef, OrganizationRef } from './datagouv-refs.js';
import { DatagouvLinkRef } from './announcement-type.js';
import { resolveUpstreamConnection } from './upstream-connection.js';
import { UpstreamStatusRef } from './upstream-status-type.js';
import type { GatewayContext } from './context.js';


/** data.gouv.fr filters want an organization id; a slug is resolved first (one cached lookup). */
async function toOrganizationId(idOrSlug: string, context: GatewayContext): Promise<string | null> {
  if (isObjectId(idOrSlug)) return idOrSlug;
  const organization = await context.loaders.organization.load(idOrSlug);
  return organization?.id ?? null;
}

const EMPTY_PAGE = { items: [], page: 1, pageSize: 1, total: 0, hasNextPage: false, fetchedAt: '', stale: false, revalidating: false } as const;

builder.queryFields((t) => ({
  dataset: t.field({
    type: DatasetRef,
    nullable: true,
    description: 'A data.gouv.fr dataset by id or slug; null when it does not exist. A deleted one comes back with `deleted: true`.',
    args: { idOrSlug: t.arg.string({ required: true, description: 'Dataset id (24 hex) or slug.' }) },
    resolve: (_root, args, context) => context.loaders.dataset.load(args.idOrSlug),
  }),
  datasets: t.connection(
    {
      type: DatasetRef,
      nullable: true,
      description:
        'Searches the data.gouv.fr catalogue (its search engine: it answers at most 10 000 results; deeper pages are refused). Null, with a coded error, when data.gouv.fr fails.',
      args: {
        query: t.arg.string({ description: 'Words to search for.' }),
        organization: t.arg.string({ description: 'Only datasets of this organization (id or slug).' }),
        tag: t.arg.string({ description: 'Only datasets with this tag.' }),
      },
      resolve: async (_root, args, context) => {
        const organization = args.organization ? await toOrganizationId(args.organization, context) : undefined;
        return resolveUpstreamConnection(args, async (page, pageSize) => {
          if (organization === null) return EMPTY_PAGE;
          return context.loaders.searchDatasets.load({
            page,
            pageSize,
            ...(args.query ? { q: args.query } : {}),
            ...(organization ? { organization } : {}),
            ...(args.tag ? { tag: args.tag } : {}),
          });
        });
      },
    },
    DatasetConnectionRef,
  ),
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'A data.gouv.fr organization by id or slug; null when it does not exist.',
    args: { idOrSlug: t.arg.string({ required: true, description: 'Organization id (24 hex) or slug.' }) },
    resolve: (_root, args, context) => context.loaders.organization.load(args.idOrSlug),
  }),
  dataservice: t.field({
    type: DataserviceRef,
    nullable: true,
    description: 'A data.gouv.fr API (dataservice) by id or slug; null when it does not exist.',
    args: { idOrSlug: t.arg.string({ required: true, description: 'Dataservice id (24 hex) or slug.' }) },
    resolve: (_root, args, context) => context.loaders.dataservice.load(args.idOrSlug),
  }),
  dataservices: t.connection(
    {
      type: DataserviceRef,
      nullable: true,
      description: 'APIs registered on data.gouv.fr; null (with a coded error) when data.gouv.fr fails.',
      args: {
        query: t.arg.string({ description: 'Words to search for.' }),
        organization: t.arg.string({ description: 'Only APIs of this organization (id or slug).' }),
      },
      resolve: async (_root, args, context) => {
        const organization = args.organization ? await toOrganizationId(args.organization, context) : undefined;
        return resolveUpstreamConnection(args, async (page, pageSize) => {
          if (organization === null) return EMPTY_PAGE;
          return context.loaders.searchDataservices.load({
            page,
            pageSize,
            ...(args.query ? { q: args.query } : {}),
            ...(organization ? { organization } : {}),
          });
        });
      },
    },
    { name: 'DataserviceConnection', description: 'A page of APIs, with the upstream total.' },
    { name: 'DataserviceEdge', description: 'An API in a page, with its cursor.' },
  ),
  upstreamStatus: t.field({
    type: UpstreamStatusRef,
    description: 'Health of the link to data.gouv.fr: source (LIVE or MOCK), breaker, cache, call counts, last error.',
    // Resolved after every other lookup of the request has settled, so the
    // counts and errors it reports include those that fed this response.
    resolve: async (_root, _args, context) => {
      await context.upstreamLog?.idle();
      return {
        ...context.datagouv.status(),
        requestFailures: context.upstreamLog?.failures() ?? [],
        requestLookups: context.upstreamLog?.lookups() ?? [],
      };
    },
  }),
}));

builder.objectField(DatagouvLinkRef, 'dataset', (t) =>
  t.field({
    type: DatasetRef,
    nullable: true,
    description: 'The linked dataset as data.gouv.fr describes it now, for dataset links; null for other links or when it no longer exists.',
    resolve: (link, _args, context) => (link.kind === 'DATASET' ? context.loaders.dataset.load(link.idOrSlug) : null),
  }),
);
