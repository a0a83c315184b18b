import type { Announcement } from './announcement.js';
import type { PressReleaseStore } from './press-release-store.js';

export interface AnnouncementSelection {
  /** Full-text query; when present, results are ordered by relevance instead of date. */
  readonly search?: string | null;
  /** Keep records having at least one of these tags (case- and accent-insensitive). */
  readonly tags?: readonly string[] | null;
  /** Keep records having at least one of these categories (case- and accent-insensitive). */
  readonly categories?: readonly string[] | null;
  /** Keep records of this collection (`_communiques`; the leading underscore is optional). */
  readonly collection?: string | null;
  /** Keep records published at or after this instant (records without a date are dropped). */
  readonly publishedAfter?: string | null;
  /** Keep records published at or before this instant (records without a date are dropped). */
  readonly publishedBefore?: string | null;
  /** Include records marked `published: false`. Default false. */
  readonly includeDrafts?: boolean | null;
}

/**
 * Filters and orders the store's records: newest first, or by relevance when a
 * search is given. Pure apart from reading the store.
 */
export function selectAnnouncements(store: PressReleaseStore, selection: AnnouncementSelection): Announcement[] {
  const query = selection.search?.trim() ?? '';
  const ordered: Announcement[] =
    query === ''
      ? [...store.all()]
      : store
          .search(query)
          .map((hit) => store.bySlug(hit.slug))
          .filter((announcement): announcement is Announcement => announcement !== undefined);
  return ordered.filter(createPredicate(selection));
}

function createPredicate(selection: AnnouncementSelection): (announcement: Announcement) => boolean {
  const tags = toKeySet(selection.tags);
  const categories = toKeySet(selection.categories);
  const collection = selection.collection ? `_${selection.collection.replace(/^_+/, '')}` : null;
  const after = selection.publishedAfter ? Date.parse(selection.publishedAfter) : null;
  const before = selection.publishedBefore ? Date.parse(selection.publishedBefore) : null;

  return (announcement) => {
    if (announcement.draft && selection.includeDrafts !== true) return false;
    if (collection !== null && announcement.collection !== collection) return false;
    if (tags && !announcement.tags.some((tag) => tags.has(toKey(tag)))) return false;
    if (categories && !announcement.categories.some((category) => categories.has(toKey(category)))) return false;
    if (after !== null || before !== null) {
      const published = announcement.publishedAt === null ? Number.NaN : Date.parse(announcement.publishedAt);
      if (Number.isNaN(published)) return false;
      if (after !== null && published < after) return false;
      if (before !== null && published > before) return false;
    }
    return true;
  };
}

function toKeySet(values: readonly string[] | null | undefined): Set<string> | null {
  return values && values.length > 0 ? new Set(values.map(toKey)) : null;
}

/** Case- and accent-insensitive comparison key. */
function toKey(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}
