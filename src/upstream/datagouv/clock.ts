/**
 * Time as the upstream client sees it. Injected so tests can drive backoff,
 * breaker cool-downs and cache ages without waiting in real time.
 */
export interface UpstreamClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with `signal.reason` when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Uniform in [0, 1); used for backoff jitter. */
  random(): number;
}

function sleepRealTime(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: UpstreamClock = Object.freeze({
  now: () => Date.now(),
  sleep: sleepRealTime,
  random: () => Math.random(),
});
