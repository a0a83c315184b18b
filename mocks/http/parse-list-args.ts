import { validationErrorBody, type MessageBody } from './error-bodies.js';

export interface ListArgs {
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  /** Sort key without the `-`, or null for the route's default order. */
  readonly sort: { readonly key: string; readonly descending: boolean } | null;
}

export type ParsedListArgs = { readonly ok: true; readonly args: ListArgs } | { readonly ok: false; readonly body: MessageBody };

export interface ListArgsOptions {
  /** udata: 20 for lists, 50 for v2 dataset resources. */
  readonly defaultPageSize: number;
  /** Allowed sort keys (each also allowed with a `-` prefix); omit when the route takes no `sort`. */
  readonly sortKeys?: readonly string[];
}

// Help texts of udata's parsers (as published in its swagger), which flask-restx prefixes to the reason.
const PAGE_HELP = 'The page to display';
const PAGE_SIZE_HELP = 'The page size';
const SORT_HELP = 'The field (and direction) on which sorting apply';

/** flask-restx `inputs.positive`: an integer ≥ 1, with its exact error wording. */
function positive(raw: string, name: string): number | string {
  const trimmed = raw.trim();
  if (!/^[-+]?\d+$/.test(trimmed)) return `${raw} is not a valid integer`;
  const value = Number.parseInt(trimmed, 10);
  if (value < 1) return `Invalid ${name}: ${value}. ${name} must be a positive integer`;
  return value;
}

/**
 * Validates `sort`, `page` and `page_size` the way udata 17 does (positive
 * integers since 17.0.3; sort restricted to its choices) and reports the
 * first bad argument in the flask-restx 400 body.
 */
export function parseListArgs(url: URL, options: ListArgsOptions): ParsedListArgs {
  let sort: ListArgs['sort'] = null;
  const rawSort = url.searchParams.get('sort');
  if (rawSort !== null && options.sortKeys !== undefined) {
    const descending = rawSort.startsWith('-');
    const key = descending ? rawSort.slice(1) : rawSort;
    if (!options.sortKeys.includes(key)) {
      return { ok: false, body: validationErrorBody('sort', SORT_HELP, `The value '${rawSort}' is not a valid choice for 'sort'.`) };
    }
    sort = { key, descending };
  }
  const rawPage = url.searchParams.get('page');
  const page = rawPage === null ? 1 : positive(rawPage, 'page');
  if (typeof page === 'string') return { ok: false, body: validationErrorBody('page', PAGE_HELP, page) };
  const rawPageSize = url.searchParams.get('page_size');
  const pageSize = rawPageSize === null ? options.defaultPageSize : positive(rawPageSize, 'page_size');
  if (typeof pageSize === 'string') return { ok: false, body: validationErrorBody('page_size', PAGE_SIZE_HELP, pageSize) };
  return { ok: true, args: { page, pageSize, sort } };
}
