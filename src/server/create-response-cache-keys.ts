import { Kind, parse, print, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { isCacheableOperation } from './is-cacheable-operation.js';

export interface ResponseCacheKeysOptions {
  /** Bytes of request → key pairs remembered. Default 4 MiB. */
  readonly maxBytes?: number;
  /** The text of a persisted query by its SHA-256 hash, when known. */
  readonly persistedDocument: (sha256Hash: string) => string | undefined;
}

/** What of an HTTP request decides whether, and under which key, its answer is cached. */
export interface CacheableRequest {
  readonly method: string;
  /** Path and query string. */
  readonly url: string;
  readonly accept: string;
  readonly contentType: string;
  readonly body?: Buffer;
}

export interface ResponseCacheKeys {
  /**
   * The key under which this request's answer is stored, or null when it is
   * never served from the cache: anything but GET and JSON POST, an
   * unparsable document, a mutation or subscription, process-varying
   * fields, a persisted query not registered yet. The same read by GET or by
   * POST, however its document is spaced and its variables ordered, has one
   * key, hence one stored answer and one ETag.
   */
  keyOf(request: CacheableRequest): string | null;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const NOT_CACHEABLE = '';

/**
 * Reads the key of a GraphQL read straight from the HTTP request (query
 * string or JSON body), without yoga: a repeated request costs one map
 * lookup, a new one a parse and a print.
 */
export function createResponseCacheKeys(options: ResponseCacheKeysOptions): ResponseCacheKeys {
  // Raw request → normalised key, so a repeated request skips parsing; '' marks one never served from the cache.
  const keysByRequest = new LRUCache<string, string>({
    maxSize: Math.max(1_024, options.maxBytes ?? DEFAULT_MAX_BYTES),
    sizeCalculation: (value, key) => Math.max(1, (key.length + value.length) * 2 + 64),
  });

  /** Undefined when it cannot be told yet: a hash whose document is not registered. */
  function normalisedKey(request: CacheableRequest): string | undefined {
    const params = readParams(request);
    if (params === null) return NOT_CACHEABLE;
    const registered = params.sha256Hash !== null ? options.persistedDocument(params.sha256Hash) : undefined;
    if (params.sha256Hash !== null) {
      // Unknown hash: yoga answers PersistedQueryNotFound, or registers the document sent with it; neither may be skipped.
      if (registered === undefined) return undefined;
      // A document sent with another's hash is refused by yoga: it must see it.
      if (params.query !== null && params.query !== registered) return NOT_CACHEABLE;
    }
    const text = params.query ?? registered;
    if (text === undefined) return NOT_CACHEABLE;
    let document: DocumentNode;
    try {
      document = parse(text, { noLocation: true });
    } catch {
      return NOT_CACHEABLE;
    }
    if (!isCacheableOperation(document, params.operationName)) return NOT_CACHEABLE;
    return JSON.stringify([print(document), canonicalJson(params.variables), soleOperationAsNull(document, params.operationName), request.accept]);
  }

  return {
    keyOf(request) {
      if (request.method !== 'GET' && !(request.method === 'POST' && isJsonContentType(request.contentType))) return null;
      const rawKey = `${request.method} ${request.url} ${request.accept} ${request.body?.toString('utf8') ?? ''}`;
      let key = keysByRequest.get(rawKey);
      if (key === undefined) {
        key = normalisedKey(request);
        if (key === undefined) return null;
        keysByRequest.set(rawKey, key);
      }
      return key === NOT_CACHEABLE ? null : key;
    },
  };
}

/** What yoga reads as a JSON POST (its post-json parser): anything else it parses otherwise, or refuses. */
function isJsonContentType(header: string): boolean {
  const first = header.split(',')[0] ?? '';
  return ['application/json', 'application/graphql+json'].some((type) => first === type || first.startsWith(`${type};`));
}

interface RequestParams {
  readonly query: string | null;
  readonly sha256Hash: string | null;
  readonly variables: unknown;
  readonly operationName: string | null;
}

/** GET parameters or a JSON POST body, as yoga reads them; null for anything yoga would refuse or treat otherwise. */
function readParams(request: CacheableRequest): RequestParams | null {
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
    const body: unknown = JSON.parse(request.body.toString('utf8'));
    // Batches (arrays) are not served by this gateway.
    if (!isPlainObject(body)) return null;
    const { query, variables, operationName, extensions } = body;
    if (query != null && typeof query !== 'string') return null;
    if (variables != null && !isPlainObject(variables)) return null;
    if (operationName != null && typeof operationName !== 'string') return null;
    if (extensions != null && !isPlainObject(extensions)) return null;
    return {
      query: (query as string | null | undefined) ?? null,
      sha256Hash: readHash(extensions),
      variables: variables ?? null,
      operationName: (operationName as string | null | undefined) || null,
    };
  } catch {
    return null;
  }
}

/** Naming the only operation of a document selects what naming none does: one key for both. */
function soleOperationAsNull(document: DocumentNode, operationName: string | null): string | null {
  if (operationName === null) return null;
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 && operations[0]?.name?.value === operationName ? null : operationName;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readHash(extensions: unknown): string | null {
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
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
