import type { Collection } from '../catalogue.js';
import { slugify } from '../query/normalise-text.js';

const OBJECT_ID = /^[0-9a-f]{24}$/;

export type Lookup<E> =
  | { readonly kind: 'found'; readonly entry: E }
  /** Matched only as an old slug or after slugification: udata answers 308 to the canonical slug. */
  | { readonly kind: 'redirect'; readonly entry: E }
  | { readonly kind: 'missing' };

/**
 * Resolves a `<dataset>`-style path segment in udata's order: by id, then by
 * slug as given, then by slugified value or former slug (both redirect).
 */
export function lookupPathSegment<E>(collection: Collection<E>, segment: string): Lookup<E> {
  if (OBJECT_ID.test(segment)) {
    const entry = collection.byId.get(segment);
    if (entry !== undefined) return { kind: 'found', entry };
  }
  const exact = collection.bySlug.get(segment);
  if (exact !== undefined) return { kind: 'found', entry: exact };
  const slug = slugify(segment);
  const canonical = collection.bySlug.get(slug) ?? collection.byOldSlug.get(segment) ?? collection.byOldSlug.get(slug);
  return canonical === undefined ? { kind: 'missing' } : { kind: 'redirect', entry: canonical };
}
