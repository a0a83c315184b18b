import type { Repository } from '../upstream/codegouv/model.js';
import type { ClaimOrigin, Evidence, SearchMade } from './model.js';

/** A repository the record names, as code.gouv.fr's API answered; null repository = its own 404. */
export interface RepositoryRead {
  readonly url: string;
  readonly repository: Repository | null;
}

/** An account the record names, and how many of its repositories were examined. */
export interface AccountRead {
  readonly url: string;
  readonly owner: string;
  /** Null when code.gouv.fr knows no such account. */
  readonly examined: number | null;
}

/**
 * What the caller fetched from code.gouv.fr for one source-code commitment;
 * the judgement does no I/O.
 *
 * - FETCHED: the inventory was read; the record's repositories and accounts as
 *   answered, the repositories found (search hits and account listings, the
 *   best one read in full for its dates), the repository of the last verdict
 *   re-read (null = gone from the inventory and answered 404), and the searches.
 * - INVENTORY_FAILED: the inventory could not be read: nothing can be
 *   concluded, not even absence.
 * - UPSTREAM_FAILED: the inventory was read but a repository read failed.
 * - NOT_CONFIGURED: no code.gouv.fr client was given.
 */
export type SourceCodeLookup =
  | {
      readonly kind: 'FETCHED';
      readonly linked: readonly RepositoryRead[];
      readonly accounts: readonly AccountRead[];
      readonly found: readonly Repository[];
      readonly remembered: RepositoryRead | null;
      readonly searches: readonly SearchMade[];
      /** Rows of the inventory searched. */
      readonly inventorySize: number;
      /** When the inventory was fetched, ISO-8601. */
      readonly fetchedAt: string;
      /** True when the inventory (or a repository) was served from cache after an upstream failure. */
      readonly stale: boolean;
    }
  | { readonly kind: 'INVENTORY_FAILED'; readonly error: { readonly code: string; readonly message: string } }
  | { readonly kind: 'UPSTREAM_FAILED'; readonly error: { readonly code: string; readonly message: string } }
  | { readonly kind: 'NOT_CONFIGURED' };

/** One commitment's claim on one repository. */
export interface RepositoryClaim {
  readonly repository: Repository;
  readonly score: number;
  readonly evidence: readonly Evidence[];
  readonly origin: ClaimOrigin;
}
