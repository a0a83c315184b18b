import { UpstreamError } from '../../errors/gateway-error.js';

/** Abort reason of one attempt that waited too long for response headers. */
export class AttemptTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no response headers within ${ms} ms`);
    this.name = 'AttemptTimeout';
  }
}

/** Abort reason of a whole upstream call (all attempts, backoff and redirects) past its deadline. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`no complete answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** How an exception thrown by the transport is counted and whether it may be retried. */
export type ExceptionKind = 'TIMEOUT' | 'NETWORK_ERROR' | 'INTERNAL';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
// Our own misuse of undici (bad options, closed dispatcher): retrying would not help.
const INTERNAL_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_INVALID_RETURN_VALUE', 'UND_ERR_DESTROYED', 'UND_ERR_NOT_SUPPORTED']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function classifyException(error: unknown): ExceptionKind {
  if (error instanceof AttemptTimeout || error instanceof DeadlineExceeded) return 'TIMEOUT';
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'TIMEOUT';
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return 'TIMEOUT';
  if (code !== undefined && INTERNAL_CODES.has(code)) return 'INTERNAL';
  // `fetch failed` (TypeError) and AggregateError (happy eyeballs) carry the real reason inside.
  if (error instanceof AggregateError && error.errors.length > 0) return classifyException(error.errors[0]);
  if (error instanceof Error && error.cause !== undefined && error.cause !== error) {
    const inner = classifyException(error.cause);
    if (inner !== 'NETWORK_ERROR') return inner;
  }
  // ECONNREFUSED, ECONNRESET, ENOTFOUND, UND_ERR_SOCKET, a mock's network error...: the host was not reached.
  return 'NETWORK_ERROR';
}

export type UpstreamFailure =
  /** The transport threw (timeouts, socket errors, aborts), after any retries. */
  | { readonly kind: 'exception'; readonly url: string; readonly error: unknown; readonly attempts: number }
  /** The upstream answered with a status we do not turn into data, after any retries. */
  | { readonly kind: 'status'; readonly url: string; readonly status: number; readonly body: string; readonly attempts: number }
  /** The upstream asked us to come back later than we can wait. */
  | { readonly kind: 'retry-after'; readonly url: string; readonly status: number; readonly retryAfterMs: number; readonly attempts: number }
  /** The host's `Retry-After` has not passed yet: nothing was sent. */
  | { readonly kind: 'gate-closed'; readonly url: string; readonly retryInMs: number }
  /** The breaker is open for this host: nothing was sent. */
  | { readonly kind: 'circuit-open'; readonly url: string; readonly host: string; readonly retryInMs: number }
  /** A redirect we will not follow (too many hops, missing Location, another host). */
  | { readonly kind: 'redirect'; readonly url: string; readonly status: number; readonly location: string | null; readonly reason: string }
  /** The body is not what the endpoint promises (not JSON, missing essentials, too large). */
  | { readonly kind: 'bad-payload'; readonly url: string; readonly reason: string; readonly cause?: unknown };

const MAX_MESSAGE_LENGTH = 500;

function readUpstreamMessage(body: string): { message: string | null; errors: unknown } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) {
      const { message, errors } = parsed as { message?: unknown; errors?: unknown };
      return {
        message: typeof message === 'string' ? message.slice(0, MAX_MESSAGE_LENGTH) : null,
        errors: typeof errors === 'object' && errors !== null ? errors : null,
      };
    }
  } catch {
    // Error pages from proxies are HTML; the status alone has to do.
  }
  return { message: null, errors: null };
}

/**
 * The one place where every upstream failure becomes a coded UpstreamError:
 * timeouts and aborts, network errors, statuses, refused redirects, open
 * circuits and unreadable payloads.
 *
 * @param upstreamName the host's name as people know it, for the messages
 *   (`data.gouv.fr`, `code.gouv.fr`): codes are the same for every host, so a
 *   client reads one error model whichever upstream failed.
 */
export function translateFailure(failure: UpstreamFailure, upstreamName = 'data.gouv.fr'): UpstreamError {
  const { url } = failure;
  switch (failure.kind) {
    case 'exception': {
      const kind = classifyException(failure.error);
      const attempts = failure.attempts;
      if (kind === 'TIMEOUT') {
        return new UpstreamError('UPSTREAM_TIMEOUT', `${upstreamName} did not answer in time (${describe(failure.error)})`, {
          cause: failure.error,
          details: { url, attempts },
        });
      }
      return new UpstreamError('UPSTREAM_UNAVAILABLE', `${upstreamName} could not be reached (${describe(failure.error)})`, {
        cause: failure.error,
        details: { url, attempts, reason: kind === 'INTERNAL' ? 'client error' : 'network error' },
      });
    }
    case 'status': {
      const { status } = failure;
      const upstream = readUpstreamMessage(failure.body);
      const details: Record<string, unknown> = { url, status, attempts: failure.attempts };
      if (upstream.message !== null) details['upstreamMessage'] = upstream.message;
      if (status === 429 || status >= 500) {
        return new UpstreamError('UPSTREAM_UNAVAILABLE', `${upstreamName} answered ${status}${failure.attempts > 1 ? ` after ${failure.attempts} attempts` : ''}`, { details });
      }
      if (status >= 400) {
        if (upstream.errors !== null) details['upstreamErrors'] = upstream.errors;
        // The upstream's own wording stays in `details` (logged, never shown): it may quote URLs and hosts.
        return new UpstreamError('UPSTREAM_BAD_REQUEST', `${upstreamName} refused the request (${status})`, { details });
      }
      return new UpstreamError('UPSTREAM_BAD_PAYLOAD', `${upstreamName} answered an unexpected status ${status}`, { details });
    }
    case 'retry-after': {
      const retryAfterSeconds = Math.ceil(failure.retryAfterMs / 1000);
      return new UpstreamError('UPSTREAM_UNAVAILABLE', `${upstreamName} answered ${failure.status} and asked to retry in ${retryAfterSeconds} s`, {
        details: { url, status: failure.status, attempts: failure.attempts, retryAfterSeconds },
      });
    }
    case 'gate-closed': {
      const retryAfterSeconds = Math.max(1, Math.ceil(failure.retryInMs / 1000));
      return new UpstreamError('UPSTREAM_UNAVAILABLE', `${upstreamName} asked for a pause; calls resume in about ${retryAfterSeconds} s`, {
        details: { url, retryAfterSeconds },
      });
    }
    case 'circuit-open': {
      const retryAfterSeconds = Math.max(1, Math.ceil(failure.retryInMs / 1000));
      return new UpstreamError('UPSTREAM_CIRCUIT_OPEN', `${upstreamName} is failing; calls are suspended for about ${retryAfterSeconds} s`, {
        details: { url, host: failure.host, retryAfterSeconds },
      });
    }
    case 'redirect':
      return new UpstreamError('UPSTREAM_UNAVAILABLE', `${upstreamName} redirected to a place the gateway does not follow`, {
        details: { url, status: failure.status, location: failure.location, reason: failure.reason },
      });
    case 'bad-payload':
      return new UpstreamError('UPSTREAM_BAD_PAYLOAD', `${upstreamName} sent an unusable response: ${failure.reason}`, {
        cause: failure.cause,
        details: { url },
      });
  }
}

// Only symbolic codes (ECONNREFUSED, UND_ERR_SOCKET) reach public messages:
// free text from sockets and resolvers quotes hosts, addresses and URLs.
const SYMBOLIC_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  const code = errorCode(error);
  if (code !== undefined && SYMBOLIC_CODE.test(code)) return code;
  if (error instanceof Error) {
    const causeCode = errorCode(error.cause);
    if (causeCode !== undefined && SYMBOLIC_CODE.test(causeCode)) return causeCode;
    if (error instanceof AttemptTimeout || error instanceof DeadlineExceeded) return error.message;
    return error.name === 'Error' || error.name === 'TypeError' ? 'network error' : error.name;
  }
  return 'network error';
}
