import { createHash } from 'node:crypto';
import { parse, print, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { isCacheableOperation } from './is-cacheable-operation.js';
import { nextParisMidnight } from '../commitments/next-paris-midnight.js';

export interface GraphQLResponseCacheOptions {
  /** Bytes of answers kept (bodies and keys). Default 16 MiB. */
  readonly maxBytes?: number;
  /** The upstream client's clock (ms): upstream freshness deadlines are on it. */
  readonly upstreamNow: () => number;
  /** The gateway's clock: verdicts count days on it. */
  readonly now: () => Date;
  /** The text of a persisted query by its SHA-256 hash, when known. */
  readonly persistedDocument: (sha256Hash: string) => string | undefined;
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

/** What the HTTP layer needs to look up, and later store, one request's answer. */
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
  /**
   * The cache key of a GraphQL request, or null when its answer is never
   * served from the cache: anything but GET and persisted-only POST, an
   * unparsable document, a mutation, process-varying fields, GraphiQL.
   */
  lookupOf(request: { readonly method: string; readonly url: string; readonly accept: string; readonly body?: Buffer }): CacheLookup | null;
  /** The stored answer for this key while every source it was built from is fresh; null otherwise. */
  get(lookup: CacheLookup): CachedAnswer | null;
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
const NOT_CACHEABLE = '';
const PERSISTED_QUERY_MARK = Buffer.from('"persistedQuery"');
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
  // Raw request → normalised key, so a repeated request skips parsing; '' marks one never served from here.
  const keysByRequest = new LRUCache<string, string>({
    maxSize: Math.max(1_024, Math.floor(maxBytes / 4)),
    sizeCalculation: (value, key) => Math.max(1, (key.length + value.length) * 2 + 64),
  });
  let generation = 0;
  let hits = 0;
  let misses = 0;
  let stored = 0;

  const lifetimeMs = (answer: Pick<CachedAnswer, 'freshUntil' | 'dayEndsAt'>): number =>
    Math.min(answer.freshUntil - options.upstreamNow(), answer.dayEndsAt - options.now().getTime());

  /** Undefined when it cannot be told yet: a hash whose document is not registered. */
  function normalisedKey(request: Parameters<GraphQLResponseCache['lookupOf']>[0]): string | undefined {
    const params = readParams(request);
    if (params === null) return NOT_CACHEABLE;
    const text = params.query ?? (params.sha256Hash !== null ? options.persistedDocument(params.sha256Hash) : undefined);
    if (text === undefined) return params.sha256Hash !== null ? undefined : NOT_CACHEABLE;
    let document: DocumentNode;
    try {
      document = parse(text, { noLocation: true });
    } catch {
      return NOT_CACHEABLE;
    }
    if (!isCacheableOperation(document, params.operationName)) return NOT_CACHEABLE;
    return JSON.stringify([print(document), canonicalJson(params.variables), params.operationName, request.accept]);
  }

  return {
    lookupOf(request) {
      if (request.method !== 'GET' && request.method !== 'POST') return null;
      // Most POSTs carry their document and are never served from here: not worth a key.
      if (request.method === 'POST' && !request.body?.includes(PERSISTED_QUERY_MARK)) return null;
      const rawKey = `${request.method} ${request.url} ${request.accept} ${request.body?.toString('utf8') ?? ''}`;
      let key = keysByRequest.get(rawKey);
      if (key === undefined) {
        key = normalisedKey(request);
        if (key === undefined) return null;
        keysByRequest.set(rawKey, key);
      }
      return key === NOT_CACHEABLE ? null : { key, generation };
    },

    get(lookup) {
      const answer = answers.get(lookup.key);
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
      stored += 1;
      return answer;
    },

    secondsLeft(answer) {
      return Math.max(0, Math.floor(lifetimeMs(answer) / 1000));
    },

    invalidate() {
      generation += 1;
      answers.clear();
    },

    stats: () => ({ entries: answers.size, bytes: answers.calculatedSize, hits, misses, stored }),
  };
}

interface RequestParams {
  readonly query: string | null;
  readonly sha256Hash: string | null;
  readonly variables: unknown;
  readonly operationName: string | null;
}

/** GET parameters, or a POST body that only names a persisted query; null for anything else. */
function readParams(request: { readonly method: string; readonly url: string; readonly body?: Buffer }): RequestParams | null {
  try {
    if (request.method === 'GET') {
      const search = new URL(request.url, 'http://gateway').searchParams;
      const extensions = search.get('extensions');
      const variables = search.get('variables');
      return {
        query: search.get('query'),
        sha256Hash: extensions === null ? null : readHash(JSON.parse(extensions)),
        variables: variables === null || variables === '' ? null : JSON.parse(variables),
        operationName: search.get('operationName') || null,
      };
    }
    if (request.body === undefined) return null;
    const body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown> | null;
    // A POST carrying its document is not a persisted read: it is always executed.
    if (body === null || typeof body !== 'object' || Array.isArray(body) || body['query'] != null) return null;
    const sha256Hash = readHash(body['extensions']);
    if (sha256Hash === null) return null;
    const operationName = body['operationName'];
    return { query: null, sha256Hash, variables: body['variables'] ?? null, operationName: typeof operationName === 'string' && operationName !== '' ? operationName : null };
  } catch {
    return null;
  }
}

function readHash(extensions: unknown): string | null {
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null)?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

/** Variables with object keys sorted, so `{a,b}` and `{b,a}` share an answer. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/**
 * No errors, some data, nothing flagged stale, and a breaker reported closed
 * (an answer saying the upstream is down must not outlive the outage).
 */
function isCleanAnswer(body: Buffer): boolean {
  let result: { data?: unknown; errors?: unknown };
  try {
    result = JSON.parse(body.toString('utf8')) as typeof result;
  } catch {
    return false;
  }
  if (result === null || typeof result !== 'object' || result.errors !== undefined || result.data == null) return false;
  const text = body.toString('latin1');
  return !text.includes('"stale":true') && !/"breakerState":"(?!CLOSED")/.test(text);
}
