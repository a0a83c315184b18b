import type { OrganizationMetrics } from '../upstream/datagouv/model.js';
import { builder } from './builder.js';
import { DatasetConnectionRef, DatasetRef, OrganizationRef } from './datagouv-refs.js';
import { resolveUpstreamConnection } from './upstream-connection.js';
import { UpstreamRecordRef } from './upstream-record.js';

const OrganizationMetricsRef = builder.objectRef<OrganizationMetrics>('OrganizationMetrics').implement({
  description: 'Counters kept by data.gouv.fr for an organization.',
  fields: (t) => ({
    datasets: t.exposeInt('datasets', { nullable: true, description: 'Published datasets.' }),
    dataservices: t.exposeInt('dataservices', { nullable: true, description: 'Published APIs.' }),
    reuses: t.exposeInt('reuses', { nullable: true, description: 'Reuses of its data.' }),
    followers: t.exposeInt('followers', { nullable: true, description: 'Followers.' }),
    views: t.exposeInt('views', { nullable: true, description: 'Page views.' }),
  }),
});

OrganizationRef.implement({
  interfaces: [UpstreamRecordRef],
  description: 'A publisher on data.gouv.fr: a ministry, an agency, a local authority...',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'data.gouv.fr organization id (24 hex characters).' }),
    slug: t.exposeString('slug', { nullable: true, description: 'URL slug.' }),
    name: t.exposeString('name', { nullable: true, description: 'Name.' }),
    acronym: t.exposeString('acronym', { nullable: true, description: 'Acronym.' }),
    description: t.exposeString('description', { nullable: true, description: 'Description, Markdown.' }),
    url: t.exposeString('webUrl', { nullable: true, description: 'Its page on data.gouv.fr.' }),
    website: t.exposeString('website', { nullable: true, description: 'Its own web site, when declared.' }),
    logo: t.exposeString('logo', { nullable: true, description: 'Logo URL.' }),
    badges: t.exposeStringList('badges', { description: 'Badges such as `public-service` or `certified`.' }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it joined data.gouv.fr.', resolve: (o) => o.createdAt }),
    deleted: t.exposeBoolean('deleted', { description: 'True when data.gouv.fr reports it deleted (HTTP 410).' }),
    metrics: t.field({ type: OrganizationMetricsRef, nullable: true, description: 'Counters.', resolve: (o) => o.metrics }),
    datasets: t.connection(
      {
        type: DatasetRef,
        nullable: true,
        description: 'Its datasets, newest first, as data.gouv.fr lists them (archived and deleted ones included).',
        resolve: (organization, args, context) =>
          resolveUpstreamConnection(args, (page, pageSize) =>
            context.loaders.organizationDatasets.load({ idOrSlug: organization.id, page, pageSize }),
          ),
      },
      DatasetConnectionRef,
    ),
  }),
});
