import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchUpstreamReachability, type Reachability } from '../../../src/startup/watch-upstream-reachability.js';

describe('watchUpstreamReachability', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports an unreachable upstream once, retries with a doubling delay, reports it back and stops', async () => {
    const outcomes = [false, false, false, true];
    const probeTimes: number[] = [];
    const changes: Reachability[] = [];
    const watch = watchUpstreamReachability({
      probe: async () => {
        probeTimes.push(Date.now());
        if (!outcomes.shift()) throw new Error('ECONNREFUSED');
      },
      onChange: (state) => changes.push(state),
      initialDelayMs: 1_000,
      maxDelayMs: 3_000,
    });
    expect(await watch.firstProbe).toBe('unreachable');
    await vi.advanceTimersByTimeAsync(60_000);
    const start = probeTimes[0] as number;
    expect(probeTimes.map((time) => time - start)).toEqual([0, 1_000, 3_000, 6_000]);
    expect(changes).toEqual(['unreachable', 'reachable']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('probes once and stays quiet when the upstream answers at start', async () => {
    const probe = vi.fn(async () => undefined);
    const onChange = vi.fn();
    const watch = watchUpstreamReachability({ probe, onChange });
    expect(await watch.firstProbe).toBe('reachable');
    await vi.advanceTimersByTimeAsync(600_000);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(onChange.mock.calls.map(([state]) => state)).toEqual(['reachable']);
  });

  it('stops retrying on stop()', async () => {
    const probe = vi.fn(async () => {
      throw new Error('down');
    });
    const watch = watchUpstreamReachability({ probe, onChange: () => {}, initialDelayMs: 1_000 });
    await watch.firstProbe;
    watch.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(probe).toHaveBeenCalledTimes(1);
  });
});
