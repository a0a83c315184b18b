import { OrganizationRef, ReuseRef } from './datagouv-refs.js';

ReuseRef.implement({
  description: 'Something built on open data and declared on data.gouv.fr: an application, an article, a visualisation.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'data.gouv.fr reuse id.' }),
    slug: t.exposeString('slug', { nullable: true, description: 'URL slug.' }),
    title: t.exposeString('title', { nullable: true, description: 'Title.' }),
    type: t.exposeString('type', { nullable: true, description: 'Kind of reuse (`application`, `visualization`, `news_article`...).' }),
    url: t.exposeString('url', { nullable: true, description: 'Where the reuse lives.' }),
    webUrl: t.exposeString('webUrl', { nullable: true, description: 'Its page on data.gouv.fr.' }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was declared.', resolve: (r) => r.createdAt }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'Organization that declared it, when any.',
      resolve: (r, _args, context) => (r.organization ? context.loaders.organization.load(r.organization.id) : null),
    }),
  }),
});
