import { describe, expect, it } from 'vitest';
import { computeBackoffMs, parseRetryAfterMs } from '../../../src/upstream/datagouv/backoff.js';

describe('computeBackoffMs (full jitter)', () => {
  it('doubles the ceiling per retry and caps it', () => {
    const top = () => 0.999999;
    expect(computeBackoffMs(1, top, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(99);
    expect(computeBackoffMs(2, top, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(199);
    expect(computeBackoffMs(3, top, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(399);
    expect(computeBackoffMs(10, top, { baseDelayMs: 100, maxDelayMs: 1000 })).toBe(999);
  });

  it('spreads delays uniformly from zero', () => {
    expect(computeBackoffMs(3, () => 0, { baseDelayMs: 100 })).toBe(0);
    expect(computeBackoffMs(3, () => 0.5, { baseDelayMs: 100 })).toBe(200);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-09-03T12:00:00Z');

  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('1', now)).toBe(1000);
    expect(parseRetryAfterMs(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfterMs('Thu, 03 Sep 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('never returns a negative delay and ignores garbage', () => {
    expect(parseRetryAfterMs('Thu, 03 Sep 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('-5', now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
    expect(parseRetryAfterMs(undefined, now)).toBeNull();
  });
});
