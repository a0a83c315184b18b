import type { Announcement, Attachment, AnnouncementImage, DatagouvLink, PressContact } from '../press-releases/announcement.js';
import { builder } from './builder.js';

const PublishedAtPrecisionEnum = builder.enumType('PublishedAtPrecision', {
  description: 'How precisely the record states its publication date.',
  values: {
    DATETIME: { description: 'Date, time and UTC offset are given.' },
    DATE: { description: 'Only the calendar day is given.' },
    MISSING: { description: 'The record has no date; none is invented.' },
  } as const,
});

const DatagouvLinkKindEnum = builder.enumType('DatagouvLinkKind', {
  description: 'What a data.gouv.fr link in a press release points to.',
  values: {
    DATASET: { description: 'A dataset page (`/datasets/<slug>`).' },
    RESOURCE: { description: 'A file of a dataset (`/datasets/r/<id>`).' },
    DATASERVICE: { description: 'An API page (`/dataservices/<slug>`).' },
    ORGANIZATION: { description: 'An organization page.' },
    REUSE: { description: 'A reuse page.' },
  } as const,
});

const AnnouncementImageRef = builder.objectRef<AnnouncementImage>('AnnouncementImage').implement({
  description: 'An illustration of a press release.',
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Path or URL as written in the record (often site-relative, `/uploads/...`).' }),
  }),
});

const PressContactRef = builder.objectRef<PressContact>('PressContact').implement({
  description: 'Who answers the press about this release.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true, description: 'Full name.' }),
    phones: t.exposeStringList('phones', { description: 'Phone numbers as written.' }),
    email: t.exposeString('email', { nullable: true, description: 'E-mail address.' }),
  }),
});

const AttachmentRef = builder.objectRef<Attachment>('Attachment').implement({
  description: 'A file attached to a press release (usually its PDF).',
  fields: (t) => ({
    title: t.exposeString('title', { nullable: true, description: 'Link text as written (`nom`).' }),
    url: t.exposeString('url', { description: 'Path or URL as written in the record.' }),
  }),
});

export const DatagouvLinkRef = builder.objectRef<DatagouvLink>('DatagouvLink');

export const AnnouncementRef = builder.objectRef<Announcement>('Announcement');

builder.node(AnnouncementRef, {
  description: 'A press release or article from numerique.gouv.fr, as loaded from its Markdown record.',
  id: { resolve: (announcement) => announcement.slug },
  loadOne: (slug, context) => context.pressReleases.bySlug(slug) ?? null,
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable identifier derived from the file name.' }),
    collection: t.exposeString('collection', {
      description: 'Site collection of the record: `_communiques` (press releases), `_actualites` (news), `_publications`.',
    }),
    title: t.exposeString('title', { description: 'Title as published.' }),
    publishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Publication date with its offset as published; null when the record has no date.',
      resolve: (announcement) => announcement.publishedAt,
    }),
    publishedAtPrecision: t.field({
      type: PublishedAtPrecisionEnum,
      description: 'Whether `publishedAt` carries a time, only a day, or nothing.',
      resolve: (announcement) => announcement.publishedAtPrecision,
    }),
    categories: t.exposeStringList('categories', { description: 'Categories such as `Communiqué de presse`.' }),
    tags: t.exposeStringList('tags', { description: 'Tags such as `Données`.' }),
    lede: t.exposeString('ledeMarkdown', { nullable: true, description: 'The standfirst (`chapeau`), Markdown.' }),
    ledeText: t.exposeString('ledeText', { nullable: true, description: 'The standfirst as plain text.' }),
    bodyMarkdown: t.exposeString('bodyMarkdown', { description: 'The body as written: Markdown with raw HTML.' }),
    bodyText: t.exposeString('bodyText', { description: 'The body as plain text.' }),
    bodyHtml: t.exposeString('bodyHtml', { description: 'The body rendered to HTML and sanitised (no scripts, no event handlers).' }),
    images: t.field({ type: [AnnouncementImageRef], description: 'Illustrations.', resolve: (a) => a.images }),
    pressContact: t.field({
      type: PressContactRef,
      nullable: true,
      description: 'Press contact, when given.',
      resolve: (a) => a.pressContact,
    }),
    attachments: t.field({ type: [AttachmentRef], description: 'Attached files.', resolve: (a) => a.attachments }),
    draft: t.exposeBoolean('draft', { description: 'True for a record marked `published: false`; drafts are hidden unless asked for.' }),
    redirection: t.exposeString('redirection', { nullable: true, description: 'Where the site redirects this page, when it does.' }),
    author: t.exposeString('author', { nullable: true, description: 'Author (`auteur`), when given.' }),
    datagouvLinks: t.field({
      type: [DatagouvLinkRef],
      description: 'Links to data.gouv.fr found in the lede and body, in order of appearance.',
      resolve: (a) => a.datagouvLinks,
    }),
    sourcePath: t.exposeString('sourcePath', { description: 'Path of the Markdown record inside the press-release directory.' }),
  }),
});

DatagouvLinkRef.implement({
  description: 'A link from a press release to data.gouv.fr, kept for joins with the live catalogue.',
  fields: (t) => ({
    kind: t.field({ type: DatagouvLinkKindEnum, description: 'What the link points to.', resolve: (link) => link.kind }),
    idOrSlug: t.exposeString('idOrSlug', { description: 'Slug or id as it appears in the URL.' }),
    url: t.exposeString('url', { description: 'The URL as written.' }),
  }),
});
