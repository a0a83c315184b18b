import { describe, expect, it } from 'vitest';
import { encodeOffsetCursor } from '../../../src/schema/connection-args.js';
import { resolveUpstreamConnection } from '../../../src/schema/upstream-connection.js';
import type { Page } from '../../../src/upstream/datagouv/model.js';

/** An upstream list of `total` numbered items, paged like data.gouv.fr, recording each page asked. */
function upstreamList(total: number) {
  const asked: [number, number][] = [];
  const fetchPage = async (page: number, pageSize: number): Promise<Page<number>> => {
    asked.push([page, pageSize]);
    const start = (page - 1) * pageSize;
    const items = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) => start + i);
    return { items, page, pageSize, total, hasNextPage: start + items.length < total, fetchedAt: '2026-11-29T09:00:00Z', stale: false, revalidating: false };
  };
  return { asked, fetchPage };
}

describe('resolveUpstreamConnection', () => {
  it('maps an aligned window onto one upstream page', async () => {
    const list = upstreamList(25);
    const connection = await resolveUpstreamConnection({ first: 10, after: encodeOffsetCursor(9) }, list.fetchPage);
    expect(connection?.edges.map((e) => e.node)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(connection?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(connection?.totalCount).toBe(25);
    expect(list.asked).toEqual([[2, 10]]);
  });

  it('spans two upstream pages for an unaligned window and still says more follow', async () => {
    const list = upstreamList(20);
    const connection = await resolveUpstreamConnection({ first: 10, after: encodeOffsetCursor(4) }, list.fetchPage);
    expect(connection?.edges.map((e) => e.node)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(connection?.pageInfo.hasNextPage).toBe(true);
    expect(list.asked).toEqual([[1, 10], [2, 10]]);
    const rest = await resolveUpstreamConnection({ first: 10, after: connection!.pageInfo.endCursor }, list.fetchPage);
    expect(rest?.edges.map((e) => e.node)).toEqual([15, 16, 17, 18, 19]);
    expect(rest?.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses backward paging, which data.gouv.fr lists do not offer', async () => {
    await expect(resolveUpstreamConnection({ last: 5 }, upstreamList(5).fetchPage)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
