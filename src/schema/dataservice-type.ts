import { DataserviceRef, DatasetConnectionRef, DatasetRef, OrganizationRef } from './datagouv-refs.js';
import { resolveOrganization } from './resolve-organization.js';
import { resolveUpstreamConnection } from './upstream-connection.js';
import { UpstreamRecordRef } from './upstream-record.js';

DataserviceRef.implement({
  interfaces: [UpstreamRecordRef],
  description: 'An API registered in the data.gouv.fr catalogue (a "dataservice").',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'data.gouv.fr dataservice id (24 hex characters).' }),
    slug: t.exposeString('slug', { nullable: true, description: 'URL slug.' }),
    title: t.exposeString('title', { nullable: true, description: 'Title; null only for a deleted API never seen before.' }),
    acronym: t.exposeString('acronym', { nullable: true, description: 'Acronym.' }),
    description: t.exposeString('description', { nullable: true, description: 'Description, Markdown.' }),
    baseApiUrl: t.exposeString('baseApiUrl', { nullable: true, description: 'Root URL of the API.' }),
    documentationUrl: t.exposeString('documentationUrl', {
      nullable: true,
      description: 'Machine-readable documentation (OpenAPI) or else the technical documentation.',
    }),
    url: t.exposeString('webUrl', { nullable: true, description: 'Its page on data.gouv.fr.' }),
    accessType: t.exposeString('accessType', {
      nullable: true,
      description: '`open`, `open_with_account` or `restricted` (habilitation required).',
    }),
    tags: t.exposeStringList('tags', { description: 'Tags.' }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'Publishing organization (fetched, batched per request).',
      resolve: (d, _args, context, info) => resolveOrganization(d.organization, d, context, info),
    }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was registered.', resolve: (d) => d.createdAt }),
    archived: t.boolean({ description: 'True when the producer archived it.', resolve: (d) => d.archivedAt !== null }),
    archivedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was archived.', resolve: (d) => d.archivedAt }),
    deleted: t.exposeBoolean('deleted', { description: 'True when data.gouv.fr reports it deleted (HTTP 410).' }),
    datasets: t.connection(
      {
        type: DatasetRef,
        nullable: true,
        description: 'Datasets the API serves, as data.gouv.fr links them.',
        resolve: (dataservice, args, context) =>
          resolveUpstreamConnection(args, (page, pageSize) =>
            context.loaders.listDatasets.load({ dataservice: dataservice.id, page, pageSize }),
          ),
      },
      DatasetConnectionRef,
    ),
  }),
});
