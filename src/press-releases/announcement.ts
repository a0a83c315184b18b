/**
 * The domain model of a press release ("announcement") as the gateway serves it.
 * Front-matter keys (`chapeau-text`, `contact-presse`, ...) are wire format; they
 * are mapped once, in the parser, into these English camelCase fields.
 */

/** How the publication date was found in the front matter. */
export type PublishedAtPrecision = 'DATETIME' | 'DATE' | 'MISSING';

export interface AnnouncementImage {
  /** Path or URL as written in the record (often site-relative, `/uploads/...`). */
  readonly url: string;
}

export interface PressContact {
  readonly name: string | null;
  readonly phones: readonly string[];
  readonly email: string | null;
}

export interface Attachment {
  readonly title: string | null;
  /** Path or URL as written in the record. */
  readonly url: string;
}

/** Kind of data.gouv.fr link found in a body. */
export type DatagouvLinkKind = 'DATASET' | 'RESOURCE' | 'DATASERVICE' | 'ORGANIZATION' | 'REUSE';

export interface DatagouvLink {
  readonly kind: DatagouvLinkKind;
  /** Slug or id as it appears in the URL (a resource link carries the resource UUID). */
  readonly idOrSlug: string;
  /** The full URL as written in the body. */
  readonly url: string;
}

export interface Announcement {
  /** Stable identifier derived from the file name (without date prefix or extension). */
  readonly slug: string;
  /** Jekyll collection the file came from, such as `_communiques` or `_actualites`. */
  readonly collection: string;
  readonly title: string;
  /**
   * ISO-8601 date-time with the record's own offset (`2021-04-29T16:38:00+02:00`,
   * precision DATETIME), a calendar date `2021-04-29` when the record gives no
   * time or no offset (precision DATE), or null when it has no date (MISSING).
   */
  readonly publishedAt: string | null;
  readonly publishedAtPrecision: PublishedAtPrecision;
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  readonly ledeMarkdown: string | null;
  readonly ledeText: string | null;
  readonly images: readonly AnnouncementImage[];
  readonly pressContact: PressContact | null;
  readonly attachments: readonly Attachment[];
  readonly draft: boolean;
  readonly redirection: string | null;
  readonly author: string | null;
  readonly bodyMarkdown: string;
  readonly bodyText: string;
  readonly bodyHtml: string;
  readonly datagouvLinks: readonly DatagouvLink[];
  /** Path of the source file relative to the press-release directory, with `/` separators. */
  readonly sourcePath: string;
}

/** A file that could not be loaded, and why. Every other file still loads. */
export interface LoadError {
  /** Path relative to the loaded directory (or the data file), `/` separators. */
  readonly path: string;
  /** Stable machine-readable reason. */
  readonly reason: LoadErrorReason;
  /** Human-readable explanation (parser message, size found, ...). */
  readonly message: string;
  /** 1-based row or line number when the reason points inside the file. */
  readonly line: number | null;
  /** The field concerned, when the reason is about one field. */
  readonly field: string | null;
}

export type LoadErrorReason =
  | 'INVALID_YAML'
  | 'NO_FRONT_MATTER'
  | 'MISSING_TITLE'
  | 'NOT_UTF8_TEXT'
  | 'TOO_LARGE'
  | 'EMPTY_FILE'
  | 'DUPLICATE_SLUG'
  | 'INVALID_FIELD'
  | 'UNREADABLE';
