import type { GatewayError } from '../../errors/gateway-error.js';

/** Counters behind `DatagouvClient.status()`. */
export interface UpstreamStats {
  /** One network attempt ended with this label: an HTTP status (`'200'`), `'TIMEOUT'` or `'NETWORK_ERROR'`. */
  recordCall(label: string): void;
  recordError(error: GatewayError): void;
  callsByStatus(): Readonly<Record<string, number>>;
  lastError(): { readonly code: string; readonly message: string; readonly at: string } | null;
}

export function createUpstreamStats(now: () => number): UpstreamStats {
  const calls = new Map<string, number>();
  let last: { code: string; message: string; at: string } | null = null;
  return {
    recordCall(label) {
      calls.set(label, (calls.get(label) ?? 0) + 1);
    },
    recordError(error) {
      last = { code: error.code, message: error.message, at: new Date(now()).toISOString() };
    },
    callsByStatus() {
      return Object.freeze(Object.fromEntries(calls));
    },
    lastError() {
      return last;
    },
  };
}
