import { BadUserInputError } from '../../errors/gateway-error.js';

/**
 * Checks on everything a caller puts in an upstream URL, run before any
 * network call: a refused value never reaches data.gouv.fr.
 */

const OBJECT_ID = /^[0-9a-f]{24}$/i;
// Ids (ObjectId, UUID) and slugs: letters, digits, `-`, `_`, `.`. Real slugs are lower-case;
// upper case is let through because udata itself redirects it to the slugified form.
const ID_OR_SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const MAX_SEGMENT_LENGTH = 200;
const MAX_TEXT_LENGTH = 200;

/** data.gouv.fr's search engine refuses `page * page_size` beyond this (400 "Result window is too large"). */
export const SEARCH_WINDOW = 10_000;
/** Largest page size this gateway asks for. */
export const MAX_PAGE_SIZE = 100;

export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}

/** An id or slug usable as one path segment; refuses traversal (`..`), separators and encodings. */
export function assertIdOrSlug(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new BadUserInputError(`${what} must be a non-empty id or slug`, { field: what });
  if (value.length > MAX_SEGMENT_LENGTH) throw new BadUserInputError(`${what} is longer than ${MAX_SEGMENT_LENGTH} characters`, { field: what });
  if (!ID_OR_SLUG.test(value) || value.includes('..')) {
    throw new BadUserInputError(`${what} must be an id or a slug (letters, digits, "-", "_", ".")`, { field: what });
  }
  return value;
}

/** A filter data.gouv.fr only accepts as an ObjectId (it answers 400 to a slug). */
export function assertObjectId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !OBJECT_ID.test(value)) {
    throw new BadUserInputError(`${what} must be a data.gouv.fr id (24 hexadecimal characters)`, { field: what });
  }
  return value;
}

export function assertText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new BadUserInputError(`${what} must be a string`, { field: what });
  if (value.length > MAX_TEXT_LENGTH) throw new BadUserInputError(`${what} is longer than ${MAX_TEXT_LENGTH} characters`, { field: what });
  return value;
}

export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new BadUserInputError(`${what} must be one of ${allowed.join(', ')}`, { field: what, allowed });
  }
  return value as T;
}

export function assertPage(request: { readonly page?: number; readonly pageSize?: number }, defaultPageSize: number): { page: number; pageSize: number } {
  const page = request.page ?? 1;
  const pageSize = request.pageSize ?? defaultPageSize;
  if (!Number.isInteger(page) || page < 1) throw new BadUserInputError('page must be an integer ≥ 1', { field: 'page' });
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`pageSize must be an integer between 1 and ${MAX_PAGE_SIZE}`, { field: 'pageSize' });
  }
  return { page, pageSize };
}

export function assertSearchWindow(page: number, pageSize: number): void {
  if (page * pageSize > SEARCH_WINDOW) {
    throw new BadUserInputError(
      `data.gouv.fr search only reaches the first ${SEARCH_WINDOW} results: page × pageSize is ${page * pageSize}; narrow the query instead`,
      { field: 'page', limit: SEARCH_WINDOW },
    );
  }
}
