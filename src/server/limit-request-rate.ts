import type { GatewayMetrics } from './create-metrics.js';
import { resolveClientAddress, type RateDecision } from './create-rate-limiter.js';
import type { Exchange } from './routes/route.js';
import { sendError } from './send-json.js';

export interface RequestRateOptions {
  readonly rateLimiter: {
    readonly enabled: boolean;
    /** May answer later (a limiter shared between processes). */
    take(client: string): RateDecision | Promise<RateDecision>;
  };
  /** Proxies of our own in front of the gateway whose X-Forwarded-For is believed. */
  readonly trustedProxyHops: number;
  readonly metrics?: GatewayMetrics | undefined;
}

// Paths that must answer whatever the load: probes and scrapes are not rate limited.
const OPERATIONAL_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * The per-client token bucket in front of every route but the probes:
 * resolves true once it has refused the request (429 with Retry-After).
 */
export function limitRequestRate(options: RequestRateOptions): (exchange: Exchange) => Promise<boolean> {
  return async ({ request, response, path, requestId }) => {
    if (!options.rateLimiter.enabled || OPERATIONAL_PATHS.has(path)) return false;
    const client = resolveClientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], options.trustedProxyHops);
    const decision = await options.rateLimiter.take(client);
    if (decision.allowed) return false;
    options.metrics?.countRefusal('RATE_LIMITED');
    request.resume();
    sendError(response, 429, 'RATE_LIMITED', `Too many requests from this client; retry in ${decision.retryAfterSeconds} s.`, requestId, {
      'retry-after': String(decision.retryAfterSeconds),
    });
    return true;
  };
}
