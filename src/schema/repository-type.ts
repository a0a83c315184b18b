import type { Repository } from '../upstream/codegouv/model.js';
import { builder } from './builder.js';
import { UpstreamSourceEnum } from './upstream-source.js';

export const RepositoryRef = builder.objectRef<Repository>('Repository').implement({
  description:
    'A public-sector source repository listed by code.gouv.fr (its inventory, and its ecosyste.ms API for the dates), saying where it came from and how old it is.',
  fields: (t) => ({
    fullName: t.exposeString('fullName', { description: '`owner/name` as the forge spells it (`france-connect/sources`); GitLab groups may nest.' }),
    owner: t.exposeString('owner', { description: 'The account’s login (`france-connect`).' }),
    ownerUrl: t.exposeString('ownerUrl', { description: 'The account’s page on its forge.' }),
    name: t.exposeString('name', { description: 'The repository’s own name, the last segment of `fullName`.' }),
    platform: t.exposeString('platform', { description: 'The forge’s host name (`github.com`, `gitlab.com`).' }),
    host: t.exposeString('host', { description: 'The forge as code.gouv.fr’s API names it (`GitHub`, `gitlab.com`).' }),
    description: t.exposeString('description', { nullable: true, description: 'Its description on the forge; null when it has none.' }),
    archived: t.exposeBoolean('archived', {
      nullable: true,
      description: 'True when archived on its forge (still public: archived code is still published); null when code.gouv.fr did not say.',
    }),
    fork: t.exposeBoolean('fork', { nullable: true, description: 'True for a copy of another repository; null when code.gouv.fr did not say.' }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'Last change seen by code.gouv.fr’s crawler.', resolve: (r) => r.updatedAt }),
    createdAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the repository was created on its forge: an upper bound of its publication, not its date (a repository can be re-imported after an earlier opening, or created private and opened later). Null when only the inventory row was read.',
      resolve: (r) => r.createdAt,
    }),
    pushedAt: t.field({ type: 'DateTime', nullable: true, description: 'Last push to any branch; null when only the inventory row was read.', resolve: (r) => r.pushedAt }),
    license: t.exposeString('license', { nullable: true, description: 'Licence as the forge detects it (`mit`, `agpl-3.0`); null when none was detected.' }),
    language: t.exposeString('language', { nullable: true, description: 'Main programming language, as the forge detects it.' }),
    url: t.exposeString('htmlUrl', { description: 'The repository’s page.' }),
    detailed: t.exposeBoolean('detailed', {
      description: 'True when read from code.gouv.fr’s per-repository API (with its dates); false for an inventory row alone.',
    }),
    fetchedAt: t.field({ type: 'DateTime', description: 'When the gateway fetched this from code.gouv.fr.', resolve: (r) => r.fetchedAt }),
    stale: t.exposeBoolean('stale', { description: 'True when served from cache past its freshness because code.gouv.fr failed.' }),
    revalidating: t.exposeBoolean('revalidating', {
      description: 'True when served from cache past its freshness while a background refresh runs (nothing failed).',
    }),
    source: t.field({
      type: UpstreamSourceEnum,
      description: 'The live code.gouv.fr, or the bundled emulation (synthetic demo repositories).',
      resolve: (r) => r.source,
    }),
  }),
});
