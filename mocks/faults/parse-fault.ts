/** Header that switches a fault on for one request (stateless). */
export const FAULT_HEADER = 'x-mock-fault';
/** Same switch as a query parameter, for browsers and curl; removed before the route sees the URL. */
export const FAULT_QUERY_PARAM = '__fault';

/** Default duration of a `slow` body, in milliseconds. */
export const DEFAULT_SLOW_MS = 5_000;

/**
 * A fault the mock can inject:
 * - `status`: the proxy in front of udata answers 429 (with `Retry-After` seconds), 502 or 503;
 * - `slow`: headers at once, the normal body trickled out over `totalMs`;
 * - `hang`: no answer at all until the client gives up (aborts or closes the socket);
 * - `reset`: the connection drops before any response (a network error);
 * - `invalid-json`: 200 with the normal body cut in half;
 * - `none`: the normal answer (useful inside a fault plan sequence).
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: 429 | 502 | 503; readonly retryAfterSeconds: number | null }
  | { readonly kind: 'slow'; readonly totalMs: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'invalid-json' }
  | { readonly kind: 'none' };

/** Fault names accepted by the header, the query parameter and `FaultPlan.next`. */
export type FaultName = '429' | `429:${number}` | '502' | '503' | 'slow' | `slow:${number}` | 'hang' | 'reset' | 'invalid-json' | 'none';

/** Parses a fault name (`429`, `429:0`, `slow:1500`, ...); null when it is not one. */
export function parseFault(raw: string): Fault | null {
  const value = raw.trim().toLowerCase();
  const [name, argument] = value.split(':', 2) as [string, string | undefined];
  const number = argument === undefined ? null : /^\d+$/.test(argument) ? Number(argument) : Number.NaN;
  if (Number.isNaN(number)) return null;
  switch (name) {
    case '429':
      return { kind: 'status', status: 429, retryAfterSeconds: number ?? 1 };
    case '502':
    case '503':
      return argument === undefined ? { kind: 'status', status: Number(name) as 502 | 503, retryAfterSeconds: null } : null;
    case 'slow':
      return { kind: 'slow', totalMs: number ?? DEFAULT_SLOW_MS };
    case 'hang':
    case 'reset':
    case 'invalid-json':
    case 'none':
      return argument === undefined ? { kind: name } : null;
    default:
      return null;
  }
}
