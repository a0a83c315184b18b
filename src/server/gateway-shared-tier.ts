import type { AnswerSecondTier } from './create-graphql-response-cache.js';
import type { SharedRateBuckets } from './create-rate-limiter.js';

/**
 * What the HTTP layer takes from the tier shared by every replica (Redis),
 * built by `cli.ts`: shared answers and rate buckets, and how the tier is
 * doing for `/ready` and `/metrics`.
 */
export interface GatewaySharedTier {
  readonly answers: AnswerSecondTier;
  readonly rateBuckets: SharedRateBuckets;
  /** `SHARED`, `LOCAL` (each replica on its own, `reason` says why) or `CONNECTING`. */
  status(): { readonly state: string; readonly reason: string | null };
  /** Uses of the tier that fell back to this process's own state, by feature, since start. */
  degraded(): Readonly<Record<string, number>>;
}
