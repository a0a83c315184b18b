import { describe, expect, it } from 'vitest';
import { createRateLimiter, resolveClientAddress } from '../../../src/server/create-rate-limiter.js';

describe('createRateLimiter', () => {
  it('is off with 0 per minute', () => {
    const limiter = createRateLimiter({ perMinute: 0, burst: 1 });
    expect(limiter.enabled).toBe(false);
    for (let n = 0; n < 1_000; n += 1) expect(limiter.take('a').allowed).toBe(true);
  });

  it('allows a burst, then one request per refill interval, each client on its own', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 999;
    expect(limiter.take('a').allowed).toBe(false);
    now += 1;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('says how long to wait at a slow rate', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 2, burst: 1, now: () => now });
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    now += 10_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });
});

describe('resolveClientAddress', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(resolveClientAddress('10.0.0.1', '1.2.3.4', 0)).toBe('10.0.0.1');
  });

  it('takes the address the outermost trusted proxy saw, not what the client wrote', () => {
    // The client forged "6.6.6.6"; our one proxy appended the address it saw.
    expect(resolveClientAddress('10.0.0.1', '6.6.6.6, 1.2.3.4', 1)).toBe('1.2.3.4');
    expect(resolveClientAddress('10.0.0.1', ['6.6.6.6, 1.2.3.4', '10.0.0.2'], 2)).toBe('1.2.3.4');
    expect(resolveClientAddress('10.0.0.1', '', 1)).toBe('10.0.0.1');
  });
});
