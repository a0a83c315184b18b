import { BadUserInputError } from '../errors/gateway-error.js';
import type { Page } from '../upstream/datagouv/model.js';
import { decodeOffsetCursor, encodeOffsetCursor, toConnectionArgs, type ConnectionArgs } from './connection-args.js';

/** Default page size of connections over upstream lists. */
export const DEFAULT_UPSTREAM_PAGE_SIZE = 20;

export interface UpstreamConnection<T> {
  readonly edges: { readonly cursor: string; readonly node: T }[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  readonly totalCount: number;
}

/**
 * Maps a forward relay window (`first`, `after`) onto data.gouv.fr's
 * page/page_size lists. The upstream page size is `first`, so clients that page
 * with a constant `first` cost one upstream call per page; an unaligned `after`
 * costs at most two. `totalCount` is the upstream's own total.
 */
export async function resolveUpstreamConnection<T>(
  args: ConnectionArgs,
  fetchPage: (page: number, pageSize: number) => Promise<Page<T> | null>,
): Promise<UpstreamConnection<T> | null> {
  const { first, after, last, before } = toConnectionArgs(args);
  if (last != null || before != null) {
    throw new BadUserInputError(
      'Lists backed by data.gouv.fr page forwards only: use `first` and `after`.',
    );
  }
  const size = first ?? DEFAULT_UPSTREAM_PAGE_SIZE;
  const start = after != null ? decodeOffsetCursor(after) + 1 : 0;
  if (size === 0) {
    const probe = await fetchPage(1, 1);
    if (probe === null) return null;
    return toConnection([], start, probe.total, start < probe.total);
  }
  const firstPage = Math.floor(start / size) + 1;
  const page = await fetchPage(firstPage, size);
  if (page === null) return null;
  const skip = start - (firstPage - 1) * size;
  let items = page.items.slice(skip);
  let hasMoreUpstream = page.hasNextPage;
  if (skip > 0 && items.length < size && page.hasNextPage) {
    const next = await fetchPage(firstPage + 1, size);
    const taken = size - items.length;
    const nextItems = next?.items ?? [];
    items = items.concat(nextItems.slice(0, taken));
    // Items of that second page left untaken are still to come.
    hasMoreUpstream = (next?.hasNextPage ?? false) || nextItems.length > taken;
  }
  // The upstream's `next_page` is the authority: search pages can hold fewer
  // hits than page_size (dropped documents) while more pages follow.
  return toConnection(items, start, page.total, hasMoreUpstream);
}

function toConnection<T>(items: readonly T[], start: number, total: number, hasNextPage = false): UpstreamConnection<T> {
  const edges = items.map((node, index) => ({ cursor: encodeOffsetCursor(start + index), node }));
  return {
    edges,
    totalCount: total,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
