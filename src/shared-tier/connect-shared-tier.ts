import type { GatewaySharedTier } from '../server/gateway-shared-tier.js';
import type { CacheSecondTier, SharedPoliteness } from '../upstream/datagouv/second-tier.js';
import { createSharedAnswers } from './create-shared-answers.js';
import { createSharedPoliteness } from './create-shared-politeness.js';
import { createSharedRateBuckets } from './create-shared-rate-buckets.js';
import { createSharedTier, type SharedTierLogger } from './create-shared-tier.js';
import { createSharedUpstreamCache } from './create-shared-upstream-cache.js';

/** Everything a gateway process shares with the others through one Redis (`REDIS_URL`). */
export interface SharedTierParts {
  /** For `createGateway`: answers, rate buckets, status and counters. */
  readonly gateway: GatewaySharedTier;
  /** For both upstream clients: the level under their LRU (keys prefixed per host). */
  readonly upstreamCache: CacheSecondTier;
  readonly datagouvPoliteness: SharedPoliteness;
  readonly codegouvPoliteness: SharedPoliteness;
  close(): Promise<void>;
}

/**
 * Connects to Redis (in the background: start-up never waits for it) and
 * builds each feature's view of it. Until the first connection, and whenever
 * Redis is away, every feature works on this process's own state.
 */
export function connectSharedTier(options: { readonly url: string; readonly commandTimeoutMs?: number; readonly logger: SharedTierLogger }): SharedTierParts {
  const tier = createSharedTier(options);
  return {
    gateway: {
      answers: createSharedAnswers(tier),
      rateBuckets: createSharedRateBuckets(tier),
      status: () => tier.status(),
      degraded: () => tier.degraded(),
    },
    upstreamCache: createSharedUpstreamCache(tier),
    datagouvPoliteness: createSharedPoliteness(tier, 'data.gouv.fr'),
    codegouvPoliteness: createSharedPoliteness(tier, 'code.gouv.fr'),
    close: () => tier.close(),
  };
}
