import { describe, expect, it } from 'vitest';
import { createGraphQLResponseCache, type AnswerSecondTier, type CachedAnswer } from '../../../src/server/create-graphql-response-cache.js';

/** An in-memory stand-in for Redis, shared by the caches of several "replicas". */
function createMemoryTier(): { readonly store: Map<string, CachedAnswer>; tierFor(): AnswerSecondTier & { invalidations: number } } {
  const store = new Map<string, CachedAnswer>();
  const listeners = new Set<() => void>();
  return {
    store,
    tierFor() {
      let own: (() => void) | null = null;
      const tier = {
        invalidations: 0,
        get: async (key: string) => store.get(key),
        set: (key: string, answer: CachedAnswer) => void store.set(key, answer),
        invalidate() {
          tier.invalidations += 1;
          store.clear();
          for (const listener of listeners) if (listener !== own) listener();
        },
        onInvalidate(listener: () => void) {
          own = listener;
          listeners.add(listener);
        },
      };
      return tier;
    },
  };
}

// The key the HTTP layer reads from a request (see create-response-cache-keys.ts); any string will do here.
const KEY = '["{ commitments(first: 1) { totalCount } }","null",null,"application/json"]';
const built = (body: string, upstreamFreshUntil: number) => ({
  status: 200,
  contentType: 'application/json; charset=utf-8',
  contentEncoding: null,
  body: Buffer.from(body),
  upstreamFailures: 0,
  upstreamFreshUntil,
});

describe('the response cache over a shared level', () => {
  it('answers on a second replica with the first one’s bytes and ETag, then from its own memory', async () => {
    const shared = createMemoryTier();
    let upstreamNow = 1_000;
    const options = { upstreamNow: () => upstreamNow, now: () => new Date('2026-12-07T12:00:00Z') };
    const first = createGraphQLResponseCache({ ...options, secondTier: shared.tierFor() });
    const second = createGraphQLResponseCache({ ...options, secondTier: shared.tierFor() });
    const storedLookup = first.lookup(KEY);
    const stored = first.store(storedLookup, built('{"data":{"commitments":{"totalCount":63}}}', 61_000));
    expect(stored).not.toBeNull();

    const lookup = second.lookup(KEY);
    const pending = second.get(lookup);
    expect(pending).toBeInstanceOf(Promise);
    const found = await pending;
    expect(found?.etag).toBe(stored?.etag);
    expect(found?.body.equals(stored!.body)).toBe(true);
    // Adopted into the process's own cache: the next read does not wait on the shared level.
    expect(second.get(lookup)).toBe(found);
    expect(second.stats().hits).toBe(2);

    // Past the upstream deadline it was built under, a shared answer is a miss like a local one.
    const third = createGraphQLResponseCache({ ...options, secondTier: shared.tierFor() });
    upstreamNow = 61_000;
    expect(await third.get(third.lookup(KEY))).toBeNull();
  });

  it('makes every replica forget its answers when one invalidates, and drops answers built before', async () => {
    const shared = createMemoryTier();
    const options = { upstreamNow: () => 0, now: () => new Date('2026-12-07T12:00:00Z') };
    const firstTier = shared.tierFor();
    const first = createGraphQLResponseCache({ ...options, secondTier: firstTier });
    const second = createGraphQLResponseCache({ ...options, secondTier: shared.tierFor() });
    second.store(second.lookup(KEY), built('{"data":{"commitments":{"totalCount":63}}}', 60_000));
    const lookup = first.lookup(KEY);
    first.invalidate();
    expect(firstTier.invalidations).toBe(1);
    expect(shared.store.size).toBe(0);
    expect(second.stats().entries).toBe(0);
    // A lookup made before the invalidation would store an answer built from replaced records: refused.
    expect(first.store(lookup, built('{"data":{"commitments":{"totalCount":62}}}', 60_000))).toBeNull();
  });
});
