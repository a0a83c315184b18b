import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGraphQLResponseCache, type CachedAnswer, type GraphQLResponseCacheOptions } from './create-graphql-response-cache.js';
import { createResponseCacheKeys, type ResponseCacheKeysOptions } from './create-response-cache-keys.js';
import type { RequestUpstreamLog } from './create-request-upstream-log.js';

/** One GraphQL request that the response cache may answer, or store the answer of. */
export interface ResponseCacheScope {
  /** Answers from the cache (200 or 304) and returns true, or returns false on a miss; a promise when a shared level is asked. */
  served(response: ServerResponse): boolean | Promise<boolean>;
  /** To be handed the request's upstream log when yoga builds its context. */
  readonly onUpstreamLog: (log: RequestUpstreamLog) => void;
  /** Sends yoga's answer, storing it when it may be reused. */
  complete(answer: Response, response: ServerResponse): Promise<void>;
}

export interface ResponseCacheLayer {
  /** The cache scope of a request, or null when the cache has nothing to do with it. */
  begin(request: IncomingMessage, method: string, path: string, body: Buffer | undefined): ResponseCacheScope | null;
  invalidate(): void;
  stats(): ResponseCacheStats;
}

export interface ResponseCacheStats {
  readonly entries: number;
  readonly bytes: number;
  /** Answers served from the cache, 304s included. */
  readonly hits: number;
  /** Of those, 304 Not Modified. */
  readonly notModified: number;
  /** Cacheable requests that found nothing fresh. */
  readonly misses: number;
  /** Answers stored after a miss. */
  readonly stored: number;
}

export type ResponseCacheLayerOptions = Omit<GraphQLResponseCacheOptions, 'maxBytes'> &
  Pick<ResponseCacheKeysOptions, 'persistedDocument'> & {
    /** Bytes of answers kept; a quarter more remembers request keys. Default 16 MiB. */
    readonly maxBytes?: number | undefined;
  };

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The HTTP side of the GraphQL response cache: keys, ETag, Cache-Control and 304.
 *
 * A read sent by POST is answered from the same entry as by GET (same bytes,
 * same ETag) but stays `Cache-Control: no-store`, and its If-None-Match is
 * not answered 304: RFC 9110 (13.1.2) allows 304 only for GET and HEAD, and
 * the 412 it prescribes for other methods would turn a matching tag into an
 * error for a client that merely reads. The full answer is sent instead.
 */
export function serveFromResponseCache(options: ResponseCacheLayerOptions): ResponseCacheLayer {
  const { maxBytes = DEFAULT_MAX_BYTES, persistedDocument, ...rest } = options;
  const cache = createGraphQLResponseCache({ ...rest, maxBytes });
  const keys = createResponseCacheKeys({ persistedDocument, maxBytes: Math.floor(maxBytes / 4) });
  let notModified = 0;

  const sendCached = (request: IncomingMessage, response: ServerResponse, answer: CachedAnswer, body: Buffer): void => {
    const read = request.method !== 'POST';
    response.setHeader('etag', answer.etag);
    response.setHeader('cache-control', read ? `public, max-age=${cache.secondsLeft(answer)}` : 'no-store');
    response.setHeader('vary', 'accept');
    if (read && matchesEtag(request.headers['if-none-match'], answer.etag)) {
      notModified += 1;
      response.statusCode = 304;
      response.end();
      return;
    }
    response.statusCode = 200;
    response.setHeader('content-type', answer.contentType);
    response.setHeader('content-length', body.length);
    response.end(body);
  };

  return {
    begin(request, method, path, body) {
      if (path !== '/graphql') return null;
      const accept = request.headers.accept ?? '';
      // A browser's GET is GraphiQL's page, not an answer.
      if (accept.includes('text/html')) return null;
      const key = keys.keyOf({ method, url: request.url ?? '/', accept, contentType: request.headers['content-type'] ?? '', ...(body !== undefined ? { body } : {}) });
      if (key === null) return null;
      const lookup = cache.lookup(key);
      let log: RequestUpstreamLog | undefined;
      return {
        served(response) {
          const send = (hit: CachedAnswer | null): boolean => {
            if (hit === null) return false;
            sendCached(request, response, hit, hit.body);
            return true;
          };
          const hit = cache.get(lookup);
          return hit instanceof Promise ? hit.then(send) : send(hit);
        },
        onUpstreamLog: (upstreamLog) => {
          log = upstreamLog;
        },
        async complete(answer, response) {
          const bytes = Buffer.from(await answer.arrayBuffer());
          const stored = cache.store(lookup, {
            status: answer.status,
            contentType: answer.headers.get('content-type'),
            contentEncoding: answer.headers.get('content-encoding'),
            body: bytes,
            upstreamFailures: log?.failures().length ?? 1,
            upstreamFreshUntil: log?.freshUntil() ?? 0,
          });
          answer.headers.forEach((value, name) => response.setHeader(name, value));
          if (stored !== null) return sendCached(request, response, stored, bytes);
          if (method === 'POST') response.setHeader('cache-control', 'no-store');
          response.statusCode = answer.status;
          response.removeHeader('content-length');
          response.end(bytes);
        },
      };
    },
    invalidate: () => cache.invalidate(),
    stats: () => ({ ...cache.stats(), notModified }),
  };
}

/** `If-None-Match`: `*`, or a list of tags, weak or strong (weak comparison, as for GET). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
