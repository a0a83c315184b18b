import type { BreakerState } from './datagouv-client.js';

export interface CircuitBreakerOptions {
  /** Consecutive upstream failures (5xx, timeouts, network errors) that open the circuit. Default 5. */
  readonly failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through, in milliseconds. Default 30 000. */
  readonly coolDownMs?: number;
}

export type BreakerPermit =
  | { readonly allowed: true; readonly probe: boolean }
  | { readonly allowed: false; readonly retryInMs: number };

/**
 * Per-host circuit breaker. Callers ask `tryAcquire()` before touching the
 * network and report exactly one outcome per permitted attempt.
 *
 * Only upstream failures count: a 404, 410 or 400 proves the host is answering.
 */
export interface CircuitBreaker {
  tryAcquire(): BreakerPermit;
  recordSuccess(): void;
  recordFailure(): void;
  /** Ends a permitted attempt that says nothing about the host (our own error): frees the probe slot only. */
  release(): void;
  /** Opens the circuit for `remainingMs` (another replica's breaker opened), unless it is already open for longer. */
  openFor(remainingMs: number): void;
  /** Closes the circuit (another replica's probe succeeded). */
  reset(): void;
  /** Milliseconds the circuit stays open; 0 when it is not open. */
  openRemainingMs(): number;
  readonly state: BreakerState;
}

export const DEFAULT_FAILURE_THRESHOLD = 5;
export const DEFAULT_COOL_DOWN_MS = 30_000;

export function createCircuitBreaker(options: CircuitBreakerOptions & { readonly now: () => number }): CircuitBreaker {
  const failureThreshold = options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD;
  const coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
  let state: BreakerState = 'CLOSED';
  let consecutiveFailures = 0;
  let openedAt = 0;
  let probeInFlight = false;

  const open = (): void => {
    state = 'OPEN';
    openedAt = options.now();
    probeInFlight = false;
  };

  return {
    get state() {
      // Report HALF_OPEN as soon as the cool-down has elapsed, even before the probe starts.
      if (state === 'OPEN' && options.now() - openedAt >= coolDownMs) return 'HALF_OPEN';
      return state;
    },
    tryAcquire() {
      if (state === 'CLOSED') return { allowed: true, probe: false };
      if (state === 'OPEN') {
        const elapsed = options.now() - openedAt;
        if (elapsed < coolDownMs) return { allowed: false, retryInMs: coolDownMs - elapsed };
        state = 'HALF_OPEN';
      }
      // HALF_OPEN: exactly one probe at a time; everybody else fails fast until it reports.
      if (probeInFlight) return { allowed: false, retryInMs: 0 };
      probeInFlight = true;
      return { allowed: true, probe: true };
    },
    recordSuccess() {
      state = 'CLOSED';
      consecutiveFailures = 0;
      probeInFlight = false;
    },
    recordFailure() {
      if (state === 'HALF_OPEN') {
        open();
        return;
      }
      consecutiveFailures += 1;
      if (state === 'CLOSED' && consecutiveFailures >= failureThreshold) open();
    },
    release() {
      probeInFlight = false;
    },
    openFor(remainingMs) {
      const openedAtFor = options.now() - coolDownMs + remainingMs;
      if (state === 'OPEN' && openedAt >= openedAtFor) return;
      state = 'OPEN';
      // As if it had opened here: the cool-down ends when the announcing replica's does.
      openedAt = openedAtFor;
      probeInFlight = false;
    },
    reset() {
      state = 'CLOSED';
      consecutiveFailures = 0;
      probeInFlight = false;
    },
    openRemainingMs() {
      return state === 'OPEN' ? Math.max(0, coolDownMs - (options.now() - openedAt)) : 0;
    },
  };
}
