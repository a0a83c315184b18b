import type { CacheSecondTier, SharedCacheRecord } from '../upstream/datagouv/second-tier.js';
import type { SharedTier } from './create-shared-tier.js';

// Deletes the lock only while it is still ours: a load that outlived its lock must not free the next holder's.
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * The Redis level under one upstream cache: entries under
 * `gw:v1:up:<host>:<url>`, locks under `gw:v1:lock:<host>:<url>`, so each
 * upstream host has its own prefix (and can be flushed or measured apart).
 */
export function createSharedUpstreamCache(tier: SharedTier): CacheSecondTier {
  const entryKey = (url: string): string => tier.key('up', hostOf(url), url);
  const lockKey = (url: string): string => tier.key('lock', hostOf(url), url);
  return {
    async get(url) {
      const text = await tier.use('upstream_cache', (redis) => redis.get(entryKey(url)), null);
      if (text === null) return undefined;
      return parseRecord(text);
    },
    async set(urls, record, ttlMs) {
      if (ttlMs <= 0 || urls.length === 0) return;
      const text = JSON.stringify(record);
      const ttl = Math.max(1, Math.ceil(ttlMs));
      await tier.use(
        'upstream_cache',
        async (redis) => {
          const batch = redis.multi();
          for (const url of urls) batch.set(entryKey(url), text, 'PX', ttl);
          await batch.exec();
        },
        undefined,
      );
    },
    async claim(url, ttlMs) {
      // Without Redis every replica loads for itself, as it would alone.
      return tier.use('upstream_cache', async (redis) => (await redis.set(lockKey(url), tier.id, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK', true);
    },
    async release(url) {
      await tier.use('upstream_cache', (redis) => redis.eval(RELEASE_SCRIPT, 1, lockKey(url), tier.id), 0);
    },
    countDegraded() {
      tier.countDegraded('upstream_cache');
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'other';
  }
}

function parseRecord(text: string): SharedCacheRecord | undefined {
  try {
    const record = JSON.parse(text) as Partial<SharedCacheRecord> | null;
    if (record === null || typeof record !== 'object' || typeof record.fetchedAt !== 'number') return undefined;
    if (record.kind !== 'ok' && record.kind !== 'not-found' && record.kind !== 'gone') return undefined;
    return record as SharedCacheRecord;
  } catch {
    return undefined;
  }
}
