export interface BackoffOptions {
  /** First retry's upper bound, in milliseconds. Default 200. */
  readonly baseDelayMs?: number;
  /** Upper bound of any single backoff delay, in milliseconds. Default 5 000. */
  readonly maxDelayMs?: number;
}

export const DEFAULT_BASE_DELAY_MS = 200;
export const DEFAULT_MAX_DELAY_MS = 5_000;

/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform
 * delay in [0, min(max, base * 2^(retry-1))). Full jitter spreads the retries
 * of many gateway instances instead of synchronising them.
 *
 * @param retry 1 for the first retry.
 */
export function computeBackoffMs(retry: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP date.
 * Returns milliseconds from `nowMs`, never negative, or null when absent or unreadable.
 */
export function parseRetryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  if (value === '') return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // All three HTTP date formats start with a day name; this keeps Date.parse from reading "-5" as a year.
  if (!/^[A-Za-z]{3}/.test(value)) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
