/** udata's Page envelope; key order as the 2026 recordings (alphabetical). */
export interface PageEnvelope<T> {
  readonly data: readonly T[];
  readonly next_page: string | null;
  readonly page: number;
  readonly page_size: number;
  readonly previous_page: string | null;
  readonly total: number;
}

/**
 * The URL of another page: every incoming query argument kept in place,
 * `page` replaced where it was or appended at the end (udata rebuilds the
 * link from `request.args`, as in `…/reuses/?dataset=…&page_size=3&page=2`).
 */
export function pageUrl(url: URL, page: number): string {
  const params = new URLSearchParams(url.search);
  if (params.has('page')) params.set('page', String(page));
  else params.append('page', String(page));
  return `${url.origin}${url.pathname}?${params.toString()}`;
}

export interface PageOptions {
  readonly url: URL;
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

/** The envelope for one page of `items` (already sliced). */
export function toPageEnvelope<T>(items: readonly T[], options: PageOptions): PageEnvelope<T> {
  const { url, page, pageSize, total } = options;
  return {
    data: items,
    next_page: page * pageSize < total ? pageUrl(url, page + 1) : null,
    page,
    page_size: pageSize,
    previous_page: page > 1 ? pageUrl(url, page - 1) : null,
    total,
  };
}

/** The items of one page (1-based). */
export function slicePage<T>(items: readonly T[], page: number, pageSize: number): readonly T[] {
  const start = (page - 1) * pageSize;
  return items.slice(start, start + pageSize);
}
