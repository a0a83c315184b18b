/** Milliseconds elapsed running `task`, with its result. */
export async function timed<T>(task: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const startedAt = performance.now();
  const value = await task();
  return { ms: performance.now() - startedAt, value };
}

/** Nearest-rank percentile of `samples` (ms); NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export function summarise(samples: readonly number[]): LatencySummary {
  return { count: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), max: percentile(samples, 100) };
}

/** Runs `task` `count` times one after the other and returns each duration in ms. */
export async function sequential(count: number, task: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) samples.push((await timed(task)).ms);
  return samples;
}

export interface LoadResult {
  readonly requests: number;
  readonly failures: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
  readonly latency: LatencySummary;
}

/**
 * `clients` loops sharing a budget of `maxRequests`, stopping early once
 * `maxMs` has passed: bounded in count and in time whatever the machine.
 * A task that throws or returns false counts as a failure.
 */
export async function closedLoop(options: {
  readonly clients: number;
  readonly maxRequests: number;
  readonly maxMs: number;
  readonly task: () => Promise<boolean>;
}): Promise<LoadResult> {
  const samples: number[] = [];
  let issued = 0;
  let failures = 0;
  const startedAt = performance.now();
  const deadline = startedAt + options.maxMs;
  const client = async (): Promise<void> => {
    while (issued < options.maxRequests && performance.now() < deadline) {
      issued += 1;
      const { ms, value } = await timed(() => options.task().catch(() => false));
      samples.push(ms);
      if (!value) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  const elapsedMs = performance.now() - startedAt;
  return { requests: samples.length, failures, elapsedMs, perSecond: (samples.length * 1000) / elapsedMs, latency: summarise(samples) };
}
