import { parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AST_BYTES_PER_SOURCE_CHAR, createDocumentCache } from '../../../src/server/create-document-cache.js';

describe('createDocumentCache', () => {
  it('keeps parsed documents within its byte budget, by source length, dropping the least recently used', () => {
    const cache = createDocumentCache<DocumentNode>(100 * 1024);
    const sourceOf = (n: number): string => `{ a${n}: scoreboard { key total published pending overdue withdrawn unverifiable onTimeRate medianDaysLate } }`;
    for (let n = 0; n < 500; n += 1) cache.set(sourceOf(n), parse(sourceOf(n)));
    expect(cache.calculatedSize).toBeLessThanOrEqual(100 * 1024);
    // Each entry is priced at its source's length: fewer than 500 fit in 100 KB.
    const kept = Math.floor((100 * 1024) / (sourceOf(499).length * AST_BYTES_PER_SOURCE_CHAR));
    expect(cache.get(sourceOf(499))).toBeDefined();
    expect(cache.get(sourceOf(499 - kept + 1))).toBeDefined();
    expect(cache.get(sourceOf(0))).toBeUndefined();
  });
});
