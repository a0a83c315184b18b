import { LRUCache } from 'lru-cache';

/** What yoga's parser and validation cache asks of a cache (`ParserAndValidationCacheOptions`). */
export interface DocumentCache<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Estimated bytes held. */
  readonly calculatedSize: number;
}

/**
 * Bytes a parsed document holds per character of its source: its nodes, their
 * locations and the token list they point to (about 34 measured on
 * web/operations/Dashboard.graphql, rounded up).
 */
export const AST_BYTES_PER_SOURCE_CHAR = 40;

/**
 * Parsed documents by source text, bounded by their estimated size rather
 * than by count: yoga's default keeps 1 024 documents whatever their length,
 * which clients sending ever new documents fill with the largest (70 KB
 * each for a page's query), about 70 MB held for nothing. Entries expire
 * after an hour, as yoga's do.
 */
export function createDocumentCache<T extends object>(maxBytes: number): DocumentCache<T> {
  return new LRUCache<string, T>({
    maxSize: maxBytes,
    sizeCalculation: (_value, key) => Math.max(1, key.length * AST_BYTES_PER_SOURCE_CHAR),
    ttl: 3_600_000,
  });
}
