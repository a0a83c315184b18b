import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isCacheableOperation } from '../../../src/server/is-cacheable-operation.js';
import { nextParisMidnight } from '../../../src/commitments/next-paris-midnight.js';
import { createGraphQLResponseCache } from '../../../src/server/create-graphql-response-cache.js';
import { createResponseCacheKeys } from '../../../src/server/create-response-cache-keys.js';

describe('nextParisMidnight', () => {
  it('is midnight in Paris, winter (UTC+1) and summer (UTC+2)', () => {
    expect(new Date(nextParisMidnight(new Date('2026-11-29T10:00:00+01:00'))).toISOString()).toBe('2026-11-29T23:00:00.000Z');
    expect(new Date(nextParisMidnight(new Date('2026-07-14T23:59:59+02:00'))).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    // 23:30 UTC is already the next day in Paris.
    expect(new Date(nextParisMidnight(new Date('2026-11-29T23:30:00Z'))).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });

  it('answers the same whatever was asked before it: later, earlier, the next day', () => {
    const at = (iso: string): string => new Date(nextParisMidnight(new Date(iso))).toISOString();
    expect(at('2026-11-29T10:00:00+01:00')).toBe('2026-11-29T23:00:00.000Z');
    expect(at('2026-11-29T23:59:59+01:00')).toBe('2026-11-29T23:00:00.000Z');
    expect(at('2026-11-30T00:00:00+01:00')).toBe('2026-11-30T23:00:00.000Z');
    expect(at('2026-11-29T12:00:00+01:00')).toBe('2026-11-29T23:00:00.000Z');
    expect(at('2026-11-28T23:59:59+01:00')).toBe('2026-11-28T23:00:00.000Z');
    expect(at('2026-11-29T00:00:00+01:00')).toBe('2026-11-29T23:00:00.000Z');
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
    createGraphQLResponseCache({ maxBytes, upstreamNow: () => clock.upstreamMs, now: () => clock.now });
  const answer = (text: string) => ({
    status: 200,
    contentType: 'application/graphql-response+json; charset=utf-8',
    contentEncoding: null,
    body: Buffer.from(text),
    upstreamFailures: 0,
    upstreamFreshUntil: clock.upstreamMs + 60_000,
  });

  it('stays within its byte bound, evicting the least recently used', () => {
    const cache = create(64 * 1024);
    for (let index = 0; index < 200; index += 1) {
      const lookup = cache.lookup(`a${index}`);
      expect(cache.store(lookup, answer(JSON.stringify({ data: { padding: 'x'.repeat(1_000), index } })))).not.toBeNull();
    }
    expect(cache.stats().bytes).toBeLessThanOrEqual(64 * 1024);
    expect(cache.stats().entries).toBeLessThan(200);
    expect(cache.get(cache.lookup('a199'))).not.toBeNull();
    expect(cache.get(cache.lookup('a0'))).toBeNull();
  });

  it('does not store an answer too large for its share, nor one about to expire', () => {
    const cache = create(64 * 1024);
    const lookup = cache.lookup('scoreboard');
    expect(cache.store(lookup, answer(JSON.stringify({ data: { padding: 'x'.repeat(10_000) } })))).toBeNull();
    expect(cache.store(lookup, { ...answer('{"data":{}}'), upstreamFreshUntil: clock.upstreamMs + 500 })).toBeNull();
    expect(cache.store(lookup, answer('{"data":{"a":{"stale":true}}}'))).toBeNull();
    expect(cache.store(lookup, answer('{"data":null,"errors":[{"message":"x"}]}'))).toBeNull();
    expect(cache.store(lookup, answer('{"data":{}}'))).not.toBeNull();
  });

  it('reads errors, data and stale flags from the serialised text: a quoted "errors": inside a string is data', () => {
    const cache = create(64 * 1024);
    const lookup = cache.lookup('q');
    expect(cache.store(lookup, answer(JSON.stringify({ data: { title: 'the "errors": column' } })))).not.toBeNull();
    expect(cache.store(lookup, answer(JSON.stringify({ data: { a: 1 }, errors: [{ message: 'x' }] })))).toBeNull();
    expect(cache.store(lookup, answer(JSON.stringify({ errors: [{ message: 'x' }] })))).toBeNull();
    expect(cache.store(lookup, answer(JSON.stringify({ data: null })))).toBeNull();
    expect(cache.store(lookup, answer(JSON.stringify({ data: { upstreamStatus: { breakerState: 'OPEN' } } })))).toBeNull();
  });

  it('does not store an answer built before an invalidation', () => {
    const cache = create(64 * 1024);
    const before = cache.lookup('scoreboard');
    cache.invalidate();
    expect(cache.store(before, answer('{"data":{}}'))).toBeNull();
    expect(cache.store(cache.lookup('scoreboard'), answer('{"data":{}}'))).not.toBeNull();
  });
});

describe('createResponseCacheKeys', () => {
  const persisted = new Map<string, string>();
  const keys = createResponseCacheKeys({ persistedDocument: (hash) => persisted.get(hash) });
  const get = (query: string, variables?: string) => ({
    method: 'GET',
    url: `/graphql?query=${encodeURIComponent(query)}${variables === undefined ? '' : `&variables=${encodeURIComponent(variables)}`}`,
    accept: 'application/json',
    contentType: '',
  });
  const post = (body: unknown, overrides: { accept?: string; contentType?: string } = {}) => ({
    method: 'POST',
    url: '/graphql',
    accept: overrides.accept ?? 'application/json',
    contentType: overrides.contentType ?? 'application/json',
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const query = 'query Q($a: Int, $b: Int) { scoreboard { key } }';

  it('keys the same read alike by GET and by POST, however it is spaced and its variables ordered', () => {
    const byGet = keys.keyOf(get(query, '{"b":1,"a":2}'));
    expect(byGet).not.toBeNull();
    expect(keys.keyOf(get('query Q($a: Int, $b: Int) {\n  scoreboard {\n    key\n  }\n}', '{"a":2,"b":1}'))).toBe(byGet);
    expect(keys.keyOf(post({ query, variables: { a: 2, b: 1 } }))).toBe(byGet);
    expect(keys.keyOf(post({ query: `  ${query}`, variables: { b: 1, a: 2 }, operationName: null }, { contentType: 'application/json; charset=utf-8' }))).toBe(byGet);
  });

  it('keys apart what may answer differently: variables, operation name, Accept', () => {
    const base = keys.keyOf(post({ query, variables: { a: 1 } }));
    const named = 'query A { scoreboard { key } } query B { scoreboard { total } }';
    expect(keys.keyOf(post({ query, variables: { a: 2 } }))).not.toBe(base);
    expect(keys.keyOf(post({ query, variables: { a: 1 } }, { accept: 'application/graphql-response+json' }))).not.toBe(base);
    expect(keys.keyOf(post({ query: named, operationName: 'A' }))).not.toBe(keys.keyOf(post({ query: named, operationName: 'B' })));
  });

  it('gives no key to what yoga must see: mutations, bad documents or bodies, other content types, batches', () => {
    expect(keys.keyOf(post({ query: 'mutation { x }' }))).toBeNull();
    expect(keys.keyOf(post({ query: 'subscription { x }' }))).toBeNull();
    expect(keys.keyOf(post({ query: '{ scoreboard { key }' }))).toBeNull();
    expect(keys.keyOf(post({ query: '' }))).toBeNull();
    expect(keys.keyOf(post({ query, variables: [1] }))).toBeNull();
    expect(keys.keyOf(post({ query, operationName: 3 }))).toBeNull();
    expect(keys.keyOf(post('{"query":'))).toBeNull();
    expect(keys.keyOf(post([{ query }]))).toBeNull();
    expect(keys.keyOf(post({ query }, { contentType: 'text/plain' }))).toBeNull();
    expect(keys.keyOf({ ...post({ query }), method: 'PUT' })).toBeNull();
  });

  it('keys a persisted query only once its document is registered, and never a document sent with another hash', () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: 'h1' } };
    expect(keys.keyOf(post({ extensions }))).toBeNull();
    expect(keys.keyOf(post({ query, extensions }))).toBeNull();
    persisted.set('h1', query);
    expect(keys.keyOf(post({ extensions }))).toBe(keys.keyOf(post({ query })));
    expect(keys.keyOf(post({ query, extensions }))).toBe(keys.keyOf(post({ query })));
    expect(keys.keyOf(post({ query: '{ scoreboard { total } }', extensions }))).toBeNull();
  });
});
