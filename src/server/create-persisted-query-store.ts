import type { APQStore } from '@graphql-yoga/plugin-apq';
import { LRUCache } from 'lru-cache';

export interface PersistedQueryStore extends APQStore {
  /** The document registered under this hash, without touching its recency. */
  peek(sha256Hash: string): string | undefined;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Documents registered by automatic persisted queries, by SHA-256. Bounded in
 * bytes: any client can register documents, and an evicted one only costs
 * that client a resend of the text.
 */
export function createPersistedQueryStore(maxBytes = DEFAULT_MAX_BYTES): PersistedQueryStore {
  const documents = new LRUCache<string, string>({
    maxSize: maxBytes,
    sizeCalculation: (document, hash) => Math.max(1, (document.length + hash.length) * 2),
  });
  return {
    get: (hash) => documents.get(hash) ?? null,
    set: (hash, document) => {
      documents.set(hash, document);
    },
    peek: (hash) => documents.peek(hash),
  };
}
