import { resolveArrayConnection } from '@pothos/plugin-relay';
import type { LoadError } from '../press-releases/announcement.js';
import { selectAnnouncements } from '../press-releases/select-announcements.js';
import { AnnouncementRef } from './announcement-type.js';
import { builder } from './builder.js';
import { toConnectionArgs } from './connection-args.js';

const LoadErrorReasonEnum = builder.enumType('LoadErrorReason', {
  description: 'Why a record file was skipped.',
  values: {
    INVALID_YAML: { description: 'The front matter is not valid YAML.' },
    NO_FRONT_MATTER: { description: 'The file does not start with a `---` front-matter block.' },
    MISSING_TITLE: { description: 'The record has no title.' },
    NOT_UTF8_TEXT: { description: 'The file is not UTF-8 text (binary content).' },
    TOO_LARGE: { description: 'The file exceeds the configured size cap.' },
    EMPTY_FILE: { description: 'The file is empty.' },
    DUPLICATE_SLUG: { description: 'Another file already produced the same slug or key; the first one is kept.' },
    INVALID_FIELD: { description: 'A field has a value that cannot be used.' },
    UNREADABLE: { description: 'The file could not be read.' },
  } as const,
});

const LoadErrorRef = builder.objectRef<LoadError>('LoadError').implement({
  description: 'A record that could not be loaded. Every other record still loads.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'File path, relative to the loaded directory.' }),
    reason: t.field({ type: LoadErrorReasonEnum, description: 'Machine-readable reason.', resolve: (e) => e.reason }),
    message: t.exposeString('message', { description: 'Human-readable explanation.' }),
    line: t.exposeInt('line', { nullable: true, description: '1-based line or row concerned, when known.' }),
    field: t.exposeString('field', { nullable: true, description: 'Field concerned, when the problem is about one field.' }),
  }),
});

const AnnouncementFilter = builder.inputType('AnnouncementFilter', {
  description: 'Narrows the list of press releases. All conditions must hold.',
  fields: (t) => ({
    tags: t.stringList({ description: 'At least one of these tags (case- and accent-insensitive).' }),
    categories: t.stringList({ description: 'At least one of these categories (case- and accent-insensitive).' }),
    collection: t.string({ description: 'Site collection, e.g. `_communiques` or `communiques`.' }),
    publishedAfter: t.field({ type: 'DateTime', description: 'Published at or after this instant; undated records are excluded.' }),
    publishedBefore: t.field({ type: 'DateTime', description: 'Published at or before this instant; undated records are excluded.' }),
    includeDrafts: t.boolean({ description: 'Also return records marked `published: false`. Default false.' }),
  }),
});

builder.queryFields((t) => ({
  announcements: t.connection(
    {
      type: AnnouncementRef,
      description:
        'Press releases and articles, newest first; with `search`, by relevance (a title match ranks above a body match).',
      args: {
        search: t.arg.string({
          description: 'Accent- and case-insensitive full-text query over title, lede and body; at most 300 characters and 12 words (BAD_USER_INPUT beyond).',
        }),
        filter: t.arg({ type: AnnouncementFilter, description: 'Conditions on tags, categories, collection, dates, drafts.' }),
      },
      resolve: (_root, args, context) => {
        const selected = selectAnnouncements(context.pressReleases, { search: args.search, ...(args.filter ?? {}) });
        return {
          ...resolveArrayConnection({ args: toConnectionArgs(args), defaultSize: 20, maxSize: 100 }, selected),
          totalCount: selected.length,
        };
      },
    },
    { name: 'AnnouncementConnection', description: 'A page of press releases.' },
    { name: 'AnnouncementEdge', description: 'A press release in a page, with its cursor.' },
  ),
  announcement: t.field({
    type: AnnouncementRef,
    nullable: true,
    description: 'One press release by its slug (drafts included); null when there is none.',
    args: { slug: t.arg.string({ required: true, description: 'The record slug, e.g. from `announcements`.' }) },
    resolve: (_root, args, context) => context.pressReleases.bySlug(args.slug) ?? null,
  }),
  announcementLoadErrors: t.field({
    type: [LoadErrorRef],
    description: 'Press-release files that were skipped at start-up, with their path and reason.',
    resolve: (_root, _args, context) => context.pressReleases.loadErrors(),
  }),
}));
