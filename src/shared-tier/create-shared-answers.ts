import { createHash } from 'node:crypto';
import type { AnswerSecondTier, CachedAnswer } from '../server/create-graphql-response-cache.js';
import type { SharedTier } from './create-shared-tier.js';

const TOPIC = 'answers-invalidated';

/**
 * GraphQL answers shared by every replica under
 * `gw:v1:answers:<epoch>:<sha256 of the request's key>`, with their ETag.
 * Invalidating bumps the shared epoch: older answers are never read again
 * and expire by their TTL; the other replicas, told at once, drop their own.
 */
export function createSharedAnswers(tier: SharedTier): AnswerSecondTier {
  const epochKey = tier.key('answers', 'epoch');
  let epoch = 0;
  const listeners = new Set<() => void>();
  const readEpoch = (): void => {
    void tier.use('response_cache', (redis) => redis.get(epochKey), null).then((value) => {
      const read = Number(value ?? 0);
      if (read > epoch) epoch = read;
    });
  };
  // Invalidations missed while Redis was away: the epoch read again says so.
  tier.onShared(readEpoch);
  tier.subscribe(TOPIC, (body) => {
    const announced = body['epoch'];
    if (typeof announced === 'number' && announced > epoch) epoch = announced;
    for (const listener of listeners) listener();
  });
  const keyOf = (key: string): string => tier.key('answers', String(epoch), createHash('sha256').update(key).digest('base64url'));

  return {
    async get(key) {
      const text = await tier.use('response_cache', (redis) => redis.get(keyOf(key)), null);
      return text === null ? undefined : parseAnswer(text);
    },
    set(key, answer, ttlMs) {
      if (ttlMs < 1) return;
      const text = JSON.stringify({
        body: answer.body.toString('base64'),
        contentType: answer.contentType,
        etag: answer.etag,
        // An answer that read nothing upstream is fresh until the day ends (Infinity, which JSON cannot say).
        freshUntil: Number.isFinite(answer.freshUntil) ? answer.freshUntil : null,
        dayEndsAt: answer.dayEndsAt,
      });
      void tier.use('response_cache', (redis) => redis.set(keyOf(key), text, 'PX', Math.ceil(ttlMs)), null);
    },
    invalidate() {
      void tier.use('response_cache', (redis) => redis.incr(epochKey), null).then((next) => {
        if (next === null) return;
        if (next > epoch) epoch = next;
        tier.publish(TOPIC, { epoch: next });
      });
    },
    onInvalidate(listener) {
      listeners.add(listener);
    },
  };
}

function parseAnswer(text: string): CachedAnswer | undefined {
  try {
    const stored = JSON.parse(text) as Record<string, unknown>;
    const { body, contentType, etag, freshUntil, dayEndsAt } = stored;
    if (typeof body !== 'string' || typeof contentType !== 'string' || typeof etag !== 'string') return undefined;
    if ((typeof freshUntil !== 'number' && freshUntil !== null) || typeof dayEndsAt !== 'number') return undefined;
    return { body: Buffer.from(body, 'base64'), contentType, etag, freshUntil: freshUntil ?? Number.POSITIVE_INFINITY, dayEndsAt };
  } catch {
    return undefined;
  }
}
