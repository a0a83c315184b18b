import { resolveArrayConnection } from '@pothos/plugin-relay';
import type {
  Dataset,
  DatasetMetrics,
  DatasetQuality,
  Resource,
  Spatial,
  TemporalCoverage,
  UserRef,
} from '../upstream/datagouv/model.js';
import { builder } from './builder.js';
import { resolveOrganization } from './resolve-organization.js';
import { toConnectionArgs } from './connection-args.js';
import { DatasetRef, OrganizationRef, ReuseRef } from './datagouv-refs.js';
import { ResourceRef } from './resource-type.js';
import { resolveUpstreamConnection } from './upstream-connection.js';
import { UpstreamRecordRef } from './upstream-record.js';

const TemporalCoverageRef = builder.objectRef<TemporalCoverage>('TemporalCoverage').implement({
  description: 'The period the data covers.',
  fields: (t) => ({
    start: t.field({ type: 'Date', nullable: true, description: 'First day covered.', resolve: (c) => c.start }),
    end: t.field({ type: 'Date', nullable: true, description: 'Last day covered; null for an open period.', resolve: (c) => c.end }),
  }),
});

const SpatialRef = builder.objectRef<Spatial>('Spatial').implement({
  description: 'The territory the data covers.',
  fields: (t) => ({
    zones: t.exposeStringList('zones', { description: 'Zone ids such as `country:fr` or `fr:region:04`.' }),
    granularity: t.exposeString('granularity', { nullable: true, description: 'Finest territorial level, e.g. `fr:commune`.' }),
  }),
});

const DatasetMetricsRef = builder.objectRef<DatasetMetrics>('DatasetMetrics').implement({
  description: 'Audience counters kept by data.gouv.fr.',
  fields: (t) => ({
    views: t.exposeInt('views', { nullable: true, description: 'Page views.' }),
    followers: t.exposeInt('followers', { nullable: true, description: 'Followers.' }),
    reuses: t.exposeInt('reuses', { nullable: true, description: 'Published reuses.' }),
    discussions: t.exposeInt('discussions', { nullable: true, description: 'Discussions.' }),
    resourcesDownloads: t.exposeInt('resourcesDownloads', { nullable: true, description: 'File downloads.' }),
  }),
});

const DatasetQualityRef = builder.objectRef<DatasetQuality>('DatasetQuality').implement({
  description: "data.gouv.fr's own metadata-quality assessment.",
  fields: (t) => ({
    score: t.exposeFloat('score', { nullable: true, description: 'Overall score in [0, 1].' }),
    hasResources: t.exposeBoolean('hasResources', { nullable: true, description: 'At least one file is published.' }),
    hasOpenFormat: t.exposeBoolean('hasOpenFormat', { nullable: true, description: 'At least one file is in an open format.' }),
    allResourcesAvailable: t.exposeBoolean('allResourcesAvailable', { nullable: true, description: 'Every file answered the last probe.' }),
    updateFulfilledInTime: t.exposeBoolean('updateFulfilledInTime', {
      nullable: true,
      description: 'The last update came within the declared frequency.',
    }),
    licenseOk: t.exposeBoolean('licenseOk', { nullable: true, description: 'A licence is declared.' }),
    temporalCoverageOk: t.exposeBoolean('temporalCoverageOk', { nullable: true, description: 'A temporal coverage is declared.' }),
    spatialOk: t.exposeBoolean('spatialOk', { nullable: true, description: 'A spatial coverage is declared.' }),
  }),
});

const UserRefRef = builder.objectRef<UserRef>('User').implement({
  description: 'A data.gouv.fr user who publishes in their own name.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'data.gouv.fr user id.' }),
    slug: t.exposeString('slug', { nullable: true, description: 'URL slug.' }),
    firstName: t.exposeString('firstName', { nullable: true, description: 'First name.' }),
    lastName: t.exposeString('lastName', { nullable: true, description: 'Last name.' }),
    url: t.exposeString('webUrl', { nullable: true, description: 'Profile page on data.gouv.fr.' }),
  }),
});

DatasetRef.implement({
  interfaces: [UpstreamRecordRef],
  description:
    'A dataset of the data.gouv.fr catalogue, as last fetched. A deleted dataset keeps its last known fields when the gateway had cached them; otherwise only its id is known.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'data.gouv.fr dataset id (24 hex characters); the slug when deleted and never seen.' }),
    slug: t.exposeString('slug', { nullable: true, description: 'Current URL slug (slugs change when titles change; ids do not).' }),
    title: t.exposeString('title', { nullable: true, description: 'Title; null only for a deleted dataset never seen before.' }),
    acronym: t.exposeString('acronym', { nullable: true, description: 'Acronym, when declared.' }),
    description: t.exposeString('description', { nullable: true, description: 'Description, Markdown.' }),
    url: t.exposeString('webUrl', { nullable: true, description: 'Public page on data.gouv.fr.' }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'First publication on data.gouv.fr (or the harvested source’s issue date).',
      resolve: (d) => d.createdAt,
    }),
    lastModified: t.field({ type: 'DateTime', nullable: true, description: 'Last metadata change.', resolve: (d) => d.lastModified }),
    lastUpdate: t.field({ type: 'DateTime', nullable: true, description: 'Last data change (freshness).', resolve: (d) => d.lastUpdate }),
    archived: t.boolean({ description: 'True when the producer archived the dataset.', resolve: (d) => d.archivedAt !== null }),
    archivedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was archived.', resolve: (d) => d.archivedAt }),
    deleted: t.exposeBoolean('deleted', { description: 'True when data.gouv.fr reports the dataset deleted (HTTP 410).' }),
    deletedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was deleted, when known.', resolve: (d) => d.deletedAt }),
    private: t.exposeBoolean('private', { description: 'True for a draft visible only to its producer.' }),
    frequency: t.exposeString('frequency', {
      nullable: true,
      description: 'Declared update frequency id (`annual`, `monthly`, `irregular`, `unknown`...).',
    }),
    frequencyDate: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Next update date as declared by the producer.',
      resolve: (d) => d.frequencyDate,
    }),
    temporalCoverage: t.field({ type: TemporalCoverageRef, nullable: true, description: 'Period covered.', resolve: (d) => d.temporalCoverage }),
    spatial: t.field({ type: SpatialRef, nullable: true, description: 'Territory covered.', resolve: (d) => d.spatial }),
    license: t.exposeString('license', { nullable: true, description: 'Licence id (`fr-lo`, `lov2`, `odc-odbl`, `notspecified`...).' }),
    tags: t.exposeStringList('tags', { description: 'Tags.' }),
    badges: t.exposeStringList('badges', { description: 'Badges such as `spd` (public service data) or `hvd` (high value).' }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'Publishing organization (fetched from data.gouv.fr, batched per request); null for a dataset published by a user.',
      resolve: (d, _args, context, info) => resolveOrganization(d.organization, d, context, info),
    }),
    owner: t.field({ type: UserRefRef, nullable: true, description: 'Publishing user, when not an organization.', resolve: (d) => d.owner }),
    resourceCount: t.exposeInt('resourceCount', { nullable: true, description: 'Number of files, when known.' }),
    resources: t.connection(
      {
        type: ResourceRef,
        nullable: true,
        description:
          'Files of the dataset, in data.gouv.fr order; null (with a coded error) when they must be fetched and data.gouv.fr fails.',
        args: {
          type: t.arg.string({ description: 'Only files of this role (`main`, `documentation`, ...).' }),
          format: t.arg.string({ description: 'Only files of this format, case-insensitive (`csv`).' }),
        },
        resolve: async (dataset, args, context) => {
          const resources = await loadAllResources(dataset, context.loaders.dataset.load.bind(context.loaders.dataset));
          const format = args.format?.trim().toLowerCase();
          const selected = resources.filter(
            (resource) => (!args.type || resource.type === args.type) && (!format || resource.format === format),
          );
          return {
            ...resolveArrayConnection({ args: toConnectionArgs(args), defaultSize: 20, maxSize: 100 }, selected),
            totalCount: selected.length,
          };
        },
      },
      { name: 'ResourceConnection', description: 'A page of files.' },
      { name: 'ResourceEdge', description: 'A file in a page, with its cursor.' },
    ),
    metrics: t.field({ type: DatasetMetricsRef, nullable: true, description: 'Audience counters.', resolve: (d) => d.metrics }),
    quality: t.field({ type: DatasetQualityRef, nullable: true, description: 'Metadata quality.', resolve: (d) => d.quality }),
    reuses: t.connection(
      {
        type: ReuseRef,
        nullable: true,
        description: 'Reuses (applications, articles, visualisations) built on this dataset.',
        resolve: (dataset, args, context) =>
          resolveUpstreamConnection(args, (page, pageSize) => context.loaders.datasetReuses.load({ datasetId: dataset.id, page, pageSize })),
      },
      { name: 'ReuseConnection', description: 'A page of reuses.' },
      { name: 'ReuseEdge', description: 'A reuse in a page, with its cursor.' },
    ),
  }),
});

/** Files of a dataset: inline in v1 payloads; otherwise from the (cached) v1 record. */
async function loadAllResources(
  dataset: Dataset,
  loadDataset: (idOrSlug: string) => Promise<Dataset | null>,
): Promise<readonly Resource[]> {
  if (dataset.inlineResources !== null) return dataset.inlineResources;
  const full = await loadDataset(dataset.id);
  return full?.inlineResources ?? [];
}
