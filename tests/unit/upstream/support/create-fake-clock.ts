import { vi } from 'vitest';
import type { UpstreamClock } from '../../../../src/upstream/datagouv/clock.js';

export interface FakeClock extends UpstreamClock {
  /** Moves time forward without waiting. */
  advance(ms: number): void;
  readonly sleep: UpstreamClock['sleep'] & ReturnType<typeof vi.fn>;
}

/**
 * Time that only moves when told to, or when the code under test sleeps:
 * backoff waits are recorded and skipped instantly.
 */
export function createFakeClock(start = Date.parse('2026-09-03T12:00:00Z'), random = 0.5): FakeClock {
  let now = start;
  const sleep = vi.fn(async (ms: number, signal?: AbortSignal) => {
    if (signal?.aborted) throw signal.reason;
    now += ms;
  });
  return {
    now: () => now,
    random: () => random,
    sleep,
    advance(ms) {
      now += ms;
    },
  };
}
