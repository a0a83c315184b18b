import type { PolitenessEvent, SharedPoliteness } from '../upstream/datagouv/second-tier.js';
import type { SharedTier } from './create-shared-tier.js';

const TOPIC = 'politeness';

// Keeps the later of two deadlines, on Redis' own clock: replicas on several machines need not agree on the time.
const EXTEND_SCRIPT = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local untilMs = nowMs + tonumber(ARGV[2])
local held = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if untilMs > held then redis.call('HSET', KEYS[1], ARGV[1], untilMs) end
return 1`;

// Every deadline of the hash with what is left of it, on Redis' clock.
const REMAINING_SCRIPT = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local fields = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #fields, 2 do
  local left = tonumber(fields[i + 1]) - nowMs
  if left > 0 then
    out[#out + 1] = fields[i]
    out[#out + 1] = tostring(left)
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
return out`;

/**
 * One upstream's Retry-After pauses and open breakers, told to every replica
 * as they happen (pub/sub) and kept in `gw:v1:pauses:<upstream>` (host →
 * deadline), so a replica that starts or reconnects during a pause learns it;
 * and the half-open probe, taken by one replica at a time
 * (`gw:v1:probe:<upstream>:<host>`, SET NX for one call's deadline).
 */
export function createSharedPoliteness(tier: SharedTier, upstreamName: string): SharedPoliteness {
  const hashKey = tier.key('pauses', upstreamName);
  const field = (kind: 'gate' | 'breaker-open', host: string): string => `${kind}|${host}`;
  const probeKey = (host: string): string => tier.key('probe', upstreamName, host);
  return {
    announce(event) {
      tier.publish(TOPIC, { ...event, upstream: upstreamName });
      // A circuit that opens again or closes ends the probe that decided it: the next cool-down's probe is free to take.
      if (event.kind !== 'gate') void tier.use('politeness', (redis) => redis.del(probeKey(event.host)), 0);
      if (event.kind === 'breaker-closed') {
        void tier.use('politeness', (redis) => redis.hdel(hashKey, field('breaker-open', event.host)), 0);
        return;
      }
      const remaining = Math.max(1, Math.ceil(event.remainingMs));
      void tier.use('politeness', (redis) => redis.eval(EXTEND_SCRIPT, 1, hashKey, field(event.kind, event.host), String(remaining)), 0);
    },
    claimProbe(host, ttlMs) {
      return tier.use('politeness', async (redis) => (await redis.set(probeKey(host), tier.id, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK', true);
    },
    subscribe(listener) {
      const offMessages = tier.subscribe(TOPIC, (body) => {
        if (body['upstream'] !== upstreamName) return;
        const event = toEvent(body);
        if (event) listener(event);
      });
      const sync = (): void => {
        void tier.use('politeness', (redis) => redis.eval(REMAINING_SCRIPT, 1, hashKey) as Promise<string[]>, [] as string[]).then((pairs) => {
          for (let index = 0; index + 1 < pairs.length; index += 2) {
            const [kind, host] = (pairs[index] ?? '').split('|');
            const remainingMs = Number(pairs[index + 1]);
            if ((kind === 'gate' || kind === 'breaker-open') && host) listener({ kind, host, remainingMs });
          }
        });
      };
      const offShared = tier.onShared(sync);
      // Subscribed after the connection was made: the pauses already running are read now.
      if (tier.status().state === 'SHARED') sync();
      return () => {
        offMessages();
        offShared();
      };
    },
  };
}

function toEvent(body: Record<string, unknown>): PolitenessEvent | null {
  const { kind, host, remainingMs } = body;
  if (typeof host !== 'string') return null;
  if (kind === 'breaker-closed') return { kind, host };
  if ((kind === 'gate' || kind === 'breaker-open') && typeof remainingMs === 'number' && remainingMs > 0) return { kind, host, remainingMs };
  return null;
}
