import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../../src/upstream/datagouv/breaker.js';

describe('createCircuitBreaker', () => {
  it('opens after the threshold of consecutive failures; a success in between resets the count', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, now: () => now });
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('CLOSED');
    breaker.recordFailure();
    expect(breaker.state).toBe('OPEN');
    expect(breaker.tryAcquire()).toEqual({ allowed: false, retryInMs: 1000 });
    now = 400;
    expect(breaker.tryAcquire()).toEqual({ allowed: false, retryInMs: 600 });
  });

  it('lets exactly one probe through after the cool-down; its failure re-opens, its success closes', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, now: () => now });
    breaker.recordFailure();
    now = 1000;
    expect(breaker.state).toBe('HALF_OPEN');
    expect(breaker.tryAcquire()).toEqual({ allowed: true, probe: true });
    expect(breaker.tryAcquire().allowed).toBe(false);
    breaker.recordFailure();
    expect(breaker.state).toBe('OPEN');
    now = 2000;
    expect(breaker.tryAcquire()).toEqual({ allowed: true, probe: true });
    breaker.recordSuccess();
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.tryAcquire()).toEqual({ allowed: true, probe: false });
  });

  it('opens for what another replica has left of its cool-down, never shortening a longer one', () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, now: () => now });
    breaker.openFor(400);
    expect(breaker.state).toBe('OPEN');
    expect(breaker.openRemainingMs()).toBe(400);
    expect(breaker.tryAcquire()).toEqual({ allowed: false, retryInMs: 400 });
    breaker.openFor(100);
    expect(breaker.openRemainingMs()).toBe(400);
    now = 400;
    expect(breaker.state).toBe('HALF_OPEN');
    expect(breaker.tryAcquire()).toEqual({ allowed: true, probe: true });
  });

  it('closes when another replica’s probe succeeded, forgetting its own failures', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 2, coolDownMs: 1000, now: () => 0 });
    breaker.recordFailure();
    breaker.openFor(1000);
    breaker.reset();
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.openRemainingMs()).toBe(0);
    breaker.recordFailure();
    expect(breaker.state).toBe('CLOSED');
  });
});
