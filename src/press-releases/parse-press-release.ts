import type {
  Announcement,
  AnnouncementImage,
  Attachment,
  LoadError,
  LoadErrorReason,
  PressContact,
} from './announcement.js';
import {
  isPlainRecord,
  isUnpublished,
  toOptionalText,
  toRecordList,
  toTextList,
} from './front-matter-values.js';
import { htmlToText } from './html-to-text.js';
import { parseDatagouvLinks } from './parse-datagouv-links.js';
import { parseFrontMatter, type FrontMatter } from './parse-front-matter.js';
import { parsePublishedAt } from './parse-published-at.js';
import { parseCollection, parseSlug } from './parse-source-path.js';
import { renderMarkdown } from './render-markdown.js';
import { splitFrontMatter } from './split-front-matter.js';

export interface ParsePressReleaseInput {
  /** The whole file as text (already decoded from UTF-8). */
  readonly text: string;
  /** Path relative to the press-release directory, `/` separators; gives slug and collection. */
  readonly sourcePath: string;
}

export type ParsePressReleaseResult =
  | { readonly ok: true; readonly announcement: Announcement }
  | { readonly ok: false; readonly error: LoadError };

/**
 * Parses one numerique.gouv.fr Jekyll record (YAML front matter + kramdown
 * body) into an Announcement, mapping the French wire keys once. Pure: never
 * throws on bad input, returns a LoadError instead. All text comes out NFC.
 */
export function parsePressRelease(input: ParsePressReleaseInput): ParsePressReleaseResult {
  const { sourcePath } = input;
  const fail = (reason: LoadErrorReason, message: string, details: { line?: number | null; field?: string } = {}) =>
    ({
      ok: false,
      error: { path: sourcePath, reason, message, line: details.line ?? null, field: details.field ?? null },
    }) as const;

  // The corpus mixes NFC and NFD (the founding release spells `l’État` with a
  // combining accent): normalise once so search, slugs and comparisons agree.
  const text = input.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC');
  if (text.includes('\u0000')) {
    return fail('NOT_UTF8_TEXT', 'contains a NUL character: binary data, not text');
  }
  if (text.trim() === '') {
    return fail('EMPTY_FILE', 'the file is empty');
  }
  const split = splitFrontMatter(text);
  if (!split.ok) {
    return fail('NO_FRONT_MATTER', split.message, { line: 1 });
  }
  const parsed = parseFrontMatter(split.frontMatter);
  if (!parsed.ok) {
    // YAML lines count from the line after the opening `---`.
    return fail('INVALID_YAML', parsed.message, { line: parsed.line === null ? null : parsed.line + 1 });
  }
  const data = parsed.data;
  const lineOf = (key: string) => keyLine(split.frontMatter, key);

  if (Array.isArray(data['title']) || isPlainRecord(data['title'])) {
    return fail('INVALID_FIELD', 'title must be text, found a list or mapping', { line: lineOf('title'), field: 'title' });
  }
  const rawTitle = toOptionalText(data['title']);
  // Titles are rendered as HTML by Jekyll: `&nbsp;` in one record means a space.
  const title = rawTitle === null ? '' : htmlToText(rawTitle);
  if (title === '') {
    return fail('MISSING_TITLE', 'the front matter has no title', { line: lineOf('title') });
  }

  const date = parsePublishedAt(data['date']);
  if (!date.ok) {
    return fail('INVALID_FIELD', date.message, { line: lineOf('date'), field: 'date' });
  }

  const ledeMarkdown = toOptionalText(data['chapeau-text']) ?? toOptionalText(data['chapeau']);
  const ledeText = ledeMarkdown === null ? null : renderMarkdown(ledeMarkdown).text || null;
  const bodyMarkdown = split.body.replace(/^\s*\n/, '').trimEnd();
  const body = renderMarkdown(bodyMarkdown);

  return {
    ok: true,
    announcement: {
      slug: parseSlug(sourcePath),
      collection: parseCollection(sourcePath),
      title,
      publishedAt: date.publishedAt,
      publishedAtPrecision: date.precision,
      categories: toTextList(data['categories']),
      tags: toTextList(data['tags']),
      ledeMarkdown,
      ledeText,
      images: toImages(data),
      pressContact: toPressContact(data['contact-presse']),
      attachments: toAttachments(data),
      draft: isUnpublished(data['published']),
      // `redirect_to` (jekyll-redirect-from) and `redirection-interne` mean the
      // same thing as `redirection` in older records.
      redirection:
        toOptionalText(data['redirection']) ??
        toTextList(data['redirect_to'])[0] ??
        toOptionalText(data['redirection-interne']),
      author: toOptionalText(data['auteur']),
      bodyMarkdown,
      bodyText: body.text,
      bodyHtml: body.html,
      datagouvLinks: parseDatagouvLinks(`${ledeMarkdown ?? ''}\n${bodyMarkdown}`),
      sourcePath,
    },
  };
}

/** `une-ou-diaporama[].image`, then the older single-image keys `image` and `image-mise-en-avant`. */
function toImages(data: FrontMatter): AnnouncementImage[] {
  const urls = [
    ...toRecordList(data['une-ou-diaporama']).map((slide) => toOptionalText(slide['image'])),
    toOptionalText(data['image']),
    toOptionalText(data['image-mise-en-avant']),
  ];
  return unique(urls).map((url) => ({ url }));
}

/**
 * `files[]` entries (`file`, or `lien` in older records, titled by `nom`), then
 * the older `communique_file`. An entry without a URL is a CMS leftover and is
 * skipped: there is nothing to download.
 */
function toAttachments(data: FrontMatter): Attachment[] {
  const candidates: Attachment[] = toRecordList(data['files']).flatMap((entry) => {
    const url = toOptionalText(entry['file']) ?? toOptionalText(entry['lien']);
    return url === null ? [] : [{ title: toOptionalText(entry['nom']), url }];
  });
  const legacyFile = toOptionalText(data['communique_file']);
  if (legacyFile !== null) {
    candidates.push({ title: null, url: legacyFile });
  }
  const urls = new Set<string>();
  return candidates.filter((attachment) => !urls.has(attachment.url) && urls.add(attachment.url));
}

function toPressContact(value: unknown): PressContact | null {
  if (!isPlainRecord(value)) {
    return null;
  }
  const contact: PressContact = {
    name: toOptionalText(value['name']),
    phones: toTextList(value['tel']),
    email: toOptionalText(value['email']),
  };
  return contact.name === null && contact.phones.length === 0 && contact.email === null ? null : contact;
}

function unique(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

/** 1-based file line of a top-level key (the opening `---` is line 1), for error reports. */
function keyLine(frontMatter: string, key: string): number | null {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const index = frontMatter.split('\n').findIndex((line) => new RegExp(`^["']?${escaped}["']?\\s*:`).test(line));
  return index === -1 ? null : index + 2;
}
