import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { nextParisMidnight } from '../commitments/next-paris-midnight.js';

export interface GraphQLResponseCacheOptions {
  /** Bytes of answers kept (bodies and keys). Default 16 MiB. */
  readonly maxBytes?: number;
  /** The upstream client's clock (ms): upstream freshness deadlines are on it. */
  readonly upstreamNow: () => number;
  /** The gateway's clock: verdicts count days on it. */
  readonly now: () => Date;
  /** Answers shared with other replicas (Redis), under this process's own; absent: kept to this process. */
  readonly secondTier?: AnswerSecondTier | undefined;
}

/** A level of stored answers shared by every replica; every method may answer "nothing shared". */
export interface AnswerSecondTier {
  /** The answer stored under `key`; undefined when there is none or the tier cannot be reached. */
  get(key: string): Promise<CachedAnswer | undefined>;
  /** Stores `answer` for `ttlMs`; never throws, never waited for. */
  set(key: string, answer: CachedAnswer, ttlMs: number): void;
  /** Makes every replica forget its answers, stored and shared. */
  invalidate(): void;
  /** Calls `listener` when another replica invalidated. */
  onInvalidate(listener: () => void): void;
}

/** A stored answer: the exact bytes and the headers that describe them. */
export interface CachedAnswer {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  /** Upstream-clock ms after which an object that fed the answer is due for refresh. */
  readonly freshUntil: number;
  /** Gateway-clock ms of the next Paris midnight after the answer was built. */
  readonly dayEndsAt: number;
}

/** What the HTTP layer needs to look up, and later store, one request's answer (its key: see createResponseCacheKeys). */
export interface CacheLookup {
  readonly key: string;
  /** Set at lookup; an invalidation in between means the answer was built from replaced records. */
  readonly generation: number;
}

/** What the pipeline said about an answer it built. */
export interface BuiltAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly contentEncoding: string | null;
  readonly body: Buffer;
  /** Upstream failures met while building it. */
  readonly upstreamFailures: number;
  /** Earliest upstream freshness deadline of its reads (upstream clock ms); Infinity when nothing was read. */
  readonly upstreamFreshUntil: number;
}

export interface GraphQLResponseCache {
  /** The lookup of a request's key, stamped with the current generation. */
  lookup(key: string): CacheLookup;
  /**
   * The stored answer for this key while every source it was built from is
   * fresh; null otherwise. A promise only when this process lacks it and a
   * shared level may hold it.
   */
  get(lookup: CacheLookup): CachedAnswer | null | Promise<CachedAnswer | null>;
  /** Stores the answer when it may be reused; returns what was stored, or null. */
  store(lookup: CacheLookup, answer: BuiltAnswer): CachedAnswer | null;
  /** Whole seconds the answer may still be reused (Cache-Control max-age). */
  secondsLeft(answer: CachedAnswer): number;
  /** Forgets every answer, for when the records they were built from are reloaded. */
  invalidate(): void;
  stats(): { readonly entries: number; readonly bytes: number; readonly hits: number; readonly misses: number; readonly stored: number };
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Not worth storing: `max-age` counts whole seconds. */
const MIN_LIFETIME_MS = 1_000;
/** Larger answers are rebuilt each time: they would crowd everything else out. */
const MAX_ANSWER_FRACTION = 8;
const JSON_TYPES = /^application\/(graphql-response\+)?json\b/;

/**
 * Answers to repeated GraphQL reads, served without parsing, validating or
 * executing again. An answer is kept no longer than the earliest freshness
 * deadline of the upstream objects it was built from, nor past the next
 * Europe/Paris midnight (verdicts count days); answers with errors, upstream
 * failures or stale values are not kept.
 */
export function createGraphQLResponseCache(options: GraphQLResponseCacheOptions): GraphQLResponseCache {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const answers = new LRUCache<string, CachedAnswer>({
    maxSize: maxBytes,
    sizeCalculation: (answer, key) => Math.max(1, answer.body.length + key.length * 2 + 200),
  });
  let generation = 0;
  let hits = 0;
  let misses = 0;
  let stored = 0;
  const second = options.secondTier;
  const forget = (): void => {
    generation += 1;
    answers.clear();
  };
  second?.onInvalidate(forget);

  const lifetimeMs = (answer: Pick<CachedAnswer, 'freshUntil' | 'dayEndsAt'>): number =>
    Math.min(answer.freshUntil - options.upstreamNow(), answer.dayEndsAt - options.now().getTime());

  return {
    lookup: (key) => ({ key, generation }),

    get(lookup) {
      const answer = answers.get(lookup.key);
      if (answer === undefined && second) {
        return second.get(lookup.key).then((shared) => {
          // Built by another replica, kept with its ETag: a client's If-None-Match holds whichever replica it reaches.
          if (shared === undefined || lookup.generation !== generation || lifetimeMs(shared) <= 0) {
            misses += 1;
            return null;
          }
          answers.set(lookup.key, shared);
          hits += 1;
          return shared;
        });
      }
      if (answer === undefined) {
        misses += 1;
        return null;
      }
      if (lifetimeMs(answer) <= 0) {
        answers.delete(lookup.key);
        misses += 1;
        return null;
      }
      hits += 1;
      return answer;
    },

    store(lookup, built) {
      if (lookup.generation !== generation) return null;
      if (built.status !== 200 || built.upstreamFailures > 0 || built.contentType === null || !JSON_TYPES.test(built.contentType)) return null;
      if (built.body.length * MAX_ANSWER_FRACTION > maxBytes) return null;
      // Compressed bytes cannot be read for errors or stale flags (the HTTP layer asks for identity).
      if (built.contentEncoding !== null && built.contentEncoding !== 'identity') return null;
      if (!isCleanAnswer(built.body)) return null;
      const answer: CachedAnswer = {
        body: built.body,
        contentType: built.contentType,
        etag: `"${createHash('sha1').update(built.body).digest('base64url')}"`,
        freshUntil: built.upstreamFreshUntil,
        dayEndsAt: nextParisMidnight(options.now()),
      };
      if (lifetimeMs(answer) < MIN_LIFETIME_MS) return null;
      answers.set(lookup.key, answer);
      second?.set(lookup.key, answer, lifetimeMs(answer));
      stored += 1;
      return answer;
    },

    secondsLeft(answer) {
      return Math.max(0, Math.floor(lifetimeMs(answer) / 1000));
    },

    invalidate() {
      forget();
      second?.invalidate();
    },

    stats: () => ({ entries: answers.size, bytes: answers.calculatedSize, hits, misses, stored }),
  };
}

/**
 * No errors, some data, nothing flagged stale, and a breaker reported closed
 * (an answer saying the upstream is down must not outlive the outage). Read
 * from the text yoga has just serialised, without parsing it back: inside a
 * JSON string every quote is escaped, so `"errors":` can only be a key, and
 * an answer with any field of that name is not kept (never a wrong keep).
 */
function isCleanAnswer(body: Buffer): boolean {
  const text = body.toString('latin1');
  if (text.includes('"errors":') || !text.includes('"data":{')) return false;
  return !text.includes('"stale":true') && !/"breakerState":"(?!CLOSED")/.test(text);
}
