import type { DocumentNode } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createDocumentCache, type DocumentCache } from '../../../src/server/create-document-cache.js';
import { createResponseCacheKeys } from '../../../src/server/create-response-cache-keys.js';

/** A document cache that counts what it is asked to keep: one `set` per parse. */
function countingCache(): DocumentCache<DocumentNode> & { readonly sets: string[] } {
  const inner = createDocumentCache<DocumentNode>(1024 * 1024);
  const sets: string[] = [];
  return {
    sets,
    get: (key) => inner.get(key),
    set: (key, value) => {
      sets.push(key);
      inner.set(key, value);
    },
    get calculatedSize() {
      return inner.calculatedSize;
    },
  };
}

const QUERY = '{ greeting(name: "Marianne") }';
const post = (query: string) => ({
  method: 'POST',
  url: '/graphql',
  accept: 'application/json',
  contentType: 'application/json',
  body: Buffer.from(JSON.stringify({ query })),
});

describe('one parse per new document, shared by the response cache key and yoga', () => {
  it('keys a new document by parsing it once, and yoga then runs that same parsed document', async () => {
    const documents = countingCache();
    const keys = createResponseCacheKeys({ persistedDocument: () => undefined, documents });
    expect(keys.keyOf(post(QUERY))).not.toBeNull();
    expect(documents.sets).toEqual([QUERY]);

    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { greeting(name: String!): String! }',
        resolvers: { Query: { greeting: (_root: unknown, { name }: { name: string }) => `Bonjour ${name}` } },
      }),
      parserAndValidationCache: { documentCache: documents },
      logging: false,
    });
    const answer = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(await answer.json()).toEqual({ data: { greeting: 'Bonjour Marianne' } });
    // Yoga found the document in the shared cache: no second parse.
    expect(documents.sets).toEqual([QUERY]);
  });

  it('keeps no parse of a document that does not parse, and keeps it out of the cache', () => {
    const documents = countingCache();
    const keys = createResponseCacheKeys({ persistedDocument: () => undefined, documents });
    expect(keys.keyOf(post('{ greeting('))).toBeNull();
    expect(documents.sets).toEqual([]);
  });
});
