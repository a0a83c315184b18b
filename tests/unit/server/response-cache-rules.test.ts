import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isCacheableOperation } from '../../../src/server/is-cacheable-operation.js';
import { nextParisMidnight } from '../../../src/commitments/next-paris-midnight.js';
import { createGraphQLResponseCache } from '../../../src/server/create-graphql-response-cache.js';

describe('nextParisMidnight', () => {
  it('is midnight in Paris, winter (UTC+1) and summer (UTC+2)', () => {
    expect(new Date(nextParisMidnight(new Date('2026-11-29T10:00:00+01:00'))).toISOString()).toBe('2026-11-29T23:00:00.000Z');
    expect(new Date(nextParisMidnight(new Date('2026-07-14T23:59:59+02:00'))).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    // 23:30 UTC is already the next day in Paris.
    expect(new Date(nextParisMidnight(new Date('2026-11-29T23:30:00Z'))).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });

  it('crosses the clock changes', () => {
    // Night of 28 to 29 March 2026: Paris goes from UTC+1 to UTC+2 at 02:00.
    expect(new Date(nextParisMidnight(new Date('2026-03-29T12:00:00+02:00'))).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(new Date(nextParisMidnight(new Date('2026-03-28T12:00:00+01:00'))).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    // Night of 24 to 25 October 2026: back to UTC+1.
    expect(new Date(nextParisMidnight(new Date('2026-10-25T12:00:00+01:00'))).toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(new Date(nextParisMidnight(new Date('2026-10-24T12:00:00+02:00'))).toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });
});

describe('isCacheableOperation', () => {
  const cacheable = (source: string, name: string | null = null): boolean => isCacheableOperation(parse(source), name);

  it('accepts queries with at most the stable upstreamStatus fields', () => {
    expect(cacheable('{ commitments(first: 5) { totalCount } }')).toBe(true);
    expect(cacheable('{ upstreamStatus { source baseUrl breakerState } scoreboard { key } }')).toBe(true);
  });

  it('refuses process-varying figures, wherever they are asked', () => {
    expect(cacheable('{ upstreamStatus { source cacheHitRatio } }')).toBe(false);
    expect(cacheable('{ s: upstreamStatus { lastError { code } } }')).toBe(false);
    expect(cacheable('{ upstreamStatus { ...F } } fragment F on UpstreamStatus { source }')).toBe(false);
    expect(cacheable('query A { ...Q } fragment Q on Query { upstreamStatus { calls { count } } }')).toBe(false);
  });

  it('refuses mutations and ambiguous documents, and picks the named operation', () => {
    expect(cacheable('mutation { x }')).toBe(false);
    expect(cacheable('query A { a } query B { b }')).toBe(false);
    expect(cacheable('query A { a } query B { upstreamStatus { cacheHits } }', 'A')).toBe(true);
    expect(cacheable('query A { a }', 'C')).toBe(false);
  });
});

describe('createGraphQLResponseCache', () => {
  const clock = { upstreamMs: 1_000_000, now: new Date('2026-11-29T10:00:00+01:00') };
  const create = (maxBytes: number) =>
    createGraphQLResponseCache({ maxBytes, upstreamNow: () => clock.upstreamMs, now: () => clock.now, persistedDocument: () => undefined });
  const answer = (text: string) => ({
    status: 200,
    contentType: 'application/graphql-response+json; charset=utf-8',
    contentEncoding: null,
    body: Buffer.from(text),
    upstreamFailures: 0,
    upstreamFreshUntil: clock.upstreamMs + 60_000,
  });
  const get = (query: string) => ({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query)}`, accept: 'application/json' });

  it('stays within its byte bound, evicting the least recently used', () => {
    const cache = create(64 * 1024);
    for (let index = 0; index < 200; index += 1) {
      const lookup = cache.lookupOf(get(`{ a${index}: scoreboard { key } }`));
      expect(lookup).not.toBeNull();
      expect(cache.store(lookup!, answer(JSON.stringify({ data: { padding: 'x'.repeat(1_000), index } })))).not.toBeNull();
    }
    expect(cache.stats().bytes).toBeLessThanOrEqual(64 * 1024);
    expect(cache.stats().entries).toBeLessThan(200);
    expect(cache.get(cache.lookupOf(get('{ a199: scoreboard { key } }'))!)).not.toBeNull();
    expect(cache.get(cache.lookupOf(get('{ a0: scoreboard { key } }'))!)).toBeNull();
  });

  it('does not store an answer too large for its share, nor one about to expire', () => {
    const cache = create(64 * 1024);
    const lookup = cache.lookupOf(get('{ scoreboard { key } }'))!;
    expect(cache.store(lookup, answer(JSON.stringify({ data: { padding: 'x'.repeat(10_000) } })))).toBeNull();
    expect(cache.store(lookup, { ...answer('{"data":{}}'), upstreamFreshUntil: clock.upstreamMs + 500 })).toBeNull();
    expect(cache.store(lookup, answer('{"data":{"a":{"stale":true}}}'))).toBeNull();
    expect(cache.store(lookup, answer('{"data":null,"errors":[{"message":"x"}]}'))).toBeNull();
    expect(cache.store(lookup, answer('{"data":{}}'))).not.toBeNull();
  });

  it('keys the same read alike however it is written, and never a POST that carries its document', () => {
    const cache = create(64 * 1024);
    const a = cache.lookupOf({ ...get('query Q($n: Int) { scoreboard { key } }'), url: `/graphql?query=${encodeURIComponent('query Q($n: Int) { scoreboard { key } }')}&variables=${encodeURIComponent('{"b":1,"a":2}')}` });
    const b = cache.lookupOf({ ...get(''), url: `/graphql?query=${encodeURIComponent('query Q($n: Int) {\n  scoreboard {\n    key\n  }\n}')}&variables=${encodeURIComponent('{"a":2,"b":1}')}` });
    expect(a?.key).toBe(b?.key);
    expect(cache.lookupOf({ method: 'POST', url: '/graphql', accept: 'application/json', body: Buffer.from('{"query":"{ scoreboard { key } }"}') })).toBeNull();
    expect(cache.lookupOf(get('mutation { x }'))).toBeNull();
  });
});
