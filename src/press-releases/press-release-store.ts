import type { Announcement, LoadError } from './announcement.js';

/** Result of a full-text search: the slug and its relevance (higher is better). */
export interface SearchHit {
  readonly slug: string;
  readonly score: number;
}

/**
 * The press releases loaded once at start-up (and reloaded on change in `dev`).
 * Read-only for the rest of the gateway.
 */
export interface PressReleaseStore {
  /** Every loaded record, drafts included, newest first (records without a date last). */
  all(): readonly Announcement[];
  bySlug(slug: string): Announcement | undefined;
  /**
   * Accent- and case-insensitive full-text search over title, lede and body,
   * best first; a title match ranks above a body match.
   */
  search(query: string): readonly SearchHit[];
  /** Files that were skipped, with their reason. */
  loadErrors(): readonly LoadError[];
  /** When the records were (re)loaded, ISO-8601. */
  loadedAt(): string;
  /** The directory the records were read from. */
  readonly directory: string;
}
