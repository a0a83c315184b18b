import type { RateDecision, SharedRateBuckets } from '../server/create-rate-limiter.js';
import type { SharedTier } from './create-shared-tier.js';

// One client's token bucket, refilled and spent atomically on Redis' clock
// (replicas on several machines need not agree on the time). Returns
// {1, 0} when allowed, {0, seconds to wait} otherwise.
const TAKE_SCRIPT = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + tonumber(now[2]) / 1000
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1])
local at = tonumber(held[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = nowMs
end
tokens = math.min(capacity, tokens + math.max(0, nowMs - at) * perMs)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(nowMs))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / perMs) + 1000)
if allowed == 1 then return {1, 0} end
return {0, math.max(1, math.ceil((1 - tokens) / perMs / 1000))}`;

/** Rate-limit buckets under `gw:v1:rate:<client>`, kept no longer than it takes them to fill up again. */
export function createSharedRateBuckets(tier: SharedTier): SharedRateBuckets {
  return {
    async take(client, capacity, refillPerMs) {
      const answer = await tier.use(
        'rate_limit',
        (redis) => redis.eval(TAKE_SCRIPT, 1, tier.key('rate', client), String(capacity), String(refillPerMs)) as Promise<[number, number]>,
        null,
      );
      if (answer === null) return null;
      const decision: RateDecision = answer[0] === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Number(answer[1]) };
      return decision;
    },
  };
}
