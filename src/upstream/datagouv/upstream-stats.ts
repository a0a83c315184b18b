import type { GatewayError } from '../../errors/gateway-error.js';

/** Counters behind `DatagouvClient.status()`. */
export interface UpstreamStats {
  /**
   * One network attempt ended with this label: an HTTP status (`'200'`), `'TIMEOUT'` or `'NETWORK_ERROR'`;
   * `route` is its route template (`/1/datasets/:ref/`), never the raw URL, so metrics stay bounded.
   */
  recordCall(label: string, route?: string): void;
  recordError(error: GatewayError): void;
  callsByStatus(): Readonly<Record<string, number>>;
  callsByRoute(): readonly { readonly route: string; readonly status: string; readonly count: number }[];
  lastError(): { readonly code: string; readonly message: string; readonly at: string } | null;
}

export function createUpstreamStats(now: () => number): UpstreamStats {
  const calls = new Map<string, number>();
  const byRoute = new Map<string, { route: string; status: string; count: number }>();
  let last: { code: string; message: string; at: string } | null = null;
  return {
    recordCall(label, route = 'other') {
      calls.set(label, (calls.get(label) ?? 0) + 1);
      const key = `${route} ${label}`;
      const entry = byRoute.get(key) ?? { route, status: label, count: 0 };
      entry.count += 1;
      byRoute.set(key, entry);
    },
    recordError(error) {
      last = { code: error.code, message: error.message, at: new Date(now()).toISOString() };
    },
    callsByStatus() {
      return Object.freeze(Object.fromEntries(calls));
    },
    callsByRoute() {
      return [...byRoute.values()].map((entry) => ({ ...entry }));
    },
    lastError() {
      return last;
    },
  };
}
