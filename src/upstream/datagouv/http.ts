import { Agent, request, type Dispatcher } from 'undici';
import { UpstreamError } from '../../errors/gateway-error.js';
import { computeBackoffMs, parseRetryAfterMs, type BackoffOptions } from './backoff.js';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './breaker.js';
import type { UpstreamClock } from './clock.js';
import type { BreakerState } from './datagouv-client.js';
import { silentLogger, type UpstreamLogger } from './logger.js';
import { BodyTooLarge, readBodyText } from './read-body-text.js';
import { isUdataErrorBody } from './is-udata-error-body.js';
import { createSemaphore, type Semaphore } from './semaphore.js';
import { AttemptTimeout, DeadlineExceeded, classifyException, translateFailure, type UpstreamFailure } from './translate-failure.js';
import type { UpstreamStats } from './upstream-stats.js';
import type { SharedPoliteness } from './second-tier.js';

export interface HttpTimeouts {
  /** TCP and TLS connection, per attempt, in milliseconds. Default 5 000. Applies to the Agent the client creates. */
  readonly connectMs?: number;
  /** Wait for the response headers, per attempt, in milliseconds. Default 10 000. */
  readonly headersMs?: number;
  /** Longest silence between two body chunks, per attempt, in milliseconds. Default 30 000. */
  readonly bodyMs?: number;
  /** The whole call (every attempt, backoff wait and redirect hop), in milliseconds. Default 20 000. */
  readonly overallMs?: number;
}

export const DEFAULT_TIMEOUTS = Object.freeze({ connectMs: 5_000, headersMs: 10_000, bodyMs: 30_000, overallMs: 20_000 });

/** The transport settings a client takes as options and hands on unchanged. */
export type TransportTuning = Pick<HttpTransportOptions, 'retries' | 'backoff' | 'maxRetryAfterMs' | 'maxGateMs' | 'breaker' | 'userAgent' | 'politeness'>;

/** The settings a client was given, without the ones it left out (so the transport's defaults apply). */
export function pickTransportTuning(options: TransportTuning): TransportTuning {
  return {
    ...(options.retries !== undefined && { retries: options.retries }),
    ...(options.backoff && { backoff: options.backoff }),
    ...(options.maxRetryAfterMs !== undefined && { maxRetryAfterMs: options.maxRetryAfterMs }),
    ...(options.maxGateMs !== undefined && { maxGateMs: options.maxGateMs }),
    ...(options.breaker && { breaker: options.breaker }),
    ...(options.userAgent !== undefined && { userAgent: options.userAgent }),
    ...(options.politeness && { politeness: options.politeness }),
  };
}

/** The keep-alive agent a client owns when none is injected: one connection per request allowed in flight. */
export function createUpstreamAgent(connectMs: number | undefined, connections: number): Agent {
  return new Agent({ connect: { timeout: connectMs ?? DEFAULT_TIMEOUTS.connectMs }, connections, keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
}

export interface HttpTransportOptions {
  /** Every request goes through this dispatcher, passed explicitly (never the global one). */
  readonly dispatcher: Dispatcher;
  readonly clock: UpstreamClock;
  readonly stats: UpstreamStats;
  readonly timeouts?: HttpTimeouts;
  /** Retries after the first attempt, for network errors, 429 and 502-504 only. Default 2. */
  readonly retries?: number;
  readonly backoff?: BackoffOptions;
  /** Longest `Retry-After` we agree to wait inside one call, in milliseconds; a longer one fails at once with the hint. Default 10 000. */
  readonly maxRetryAfterMs?: number;
  /**
   * Longest time a `Retry-After` keeps the gate to its host closed for every call, in milliseconds. Default 60 000.
   * A hostile or broken proxy asking for a day must not switch the gateway off for a day.
   */
  readonly maxGateMs?: number;
  readonly breaker?: CircuitBreakerOptions;
  /** Requests in flight per host. Default 8. */
  readonly concurrency?: number;
  /** Redirect hops followed per call. Default 3. */
  readonly maxRedirects?: number;
  /** Largest body read, in bytes. Default 20 MiB. */
  readonly maxBodyBytes?: number;
  /** `User-Agent` sent upstream. */
  readonly userAgent?: string;
  readonly logger?: UpstreamLogger;
  /** Names the route of a URL for the per-route counters. Default: every call is `other`. */
  readonly routeOf?: (url: string) => string;
  /** Sees the headers of every response received (before retries or redirects are decided). */
  readonly onResponseHeaders?: (headers: Readonly<Record<string, string | string[] | undefined>>) => void;
  /** The host's name as people know it, in logs and error messages. Default `data.gouv.fr`. */
  readonly upstreamName?: string;
  /**
   * Whether a 404 body is the host's own JSON answer ("no such object") rather
   * than a page from something else in the way. Default: udata's `{"message": ...}`.
   */
  readonly isOwnNotFoundBody?: (text: string) => boolean;
  /** Retry-After pauses and open breakers shared with other replicas; absent: this process keeps them to itself. */
  readonly politeness?: SharedPoliteness | undefined;
}

export interface HttpGetOptions {
  /** Hosts a redirect may lead to. Default: only the host of the requested URL. */
  readonly allowedHosts?: ReadonlySet<string>;
  /** `Accept` header. Default `application/json`. */
  readonly accept?: string;
  /**
   * Reads a 2xx body; throws (with a message saying why) when it is unusable.
   * Runs before the attempt is reported to the breaker, so a host that answers
   * 200 with garbage counts as failing like one that answers 503.
   */
  readonly parse?: (text: string) => unknown;
}

/** 404 and 410 are answers about the data, not failures; everything else that is not a success throws. */
export type HttpResult =
  | { readonly kind: 'ok'; readonly url: string; readonly status: number; readonly text: string; readonly parsed?: unknown }
  | { readonly kind: 'not-found'; readonly url: string }
  | { readonly kind: 'gone'; readonly url: string; readonly text: string };

export interface HttpTransport {
  /** GET with timeouts, retries, breaker, per-host concurrency and same-host redirects. Throws UpstreamError. */
  get(url: string, options?: HttpGetOptions): Promise<HttpResult>;
  breakerState(host: string): BreakerState;
  /** Milliseconds the host's `Retry-After` gate stays closed (0 when open). */
  gateRemainingMs(host: string): number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
// Error bodies are only read for their message; no need to buffer a large proxy page.
const ERROR_BODY_MAX_BYTES = 64 * 1024;

/** A 2xx body that `parse` refused. */
class UnreadableBody extends Error {
  constructor(readonly reason: string, options: { cause?: unknown }) {
    super(reason, options);
    this.name = 'UnreadableBody';
  }
}

type AttemptOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Record<string, string | string[] | undefined>;
      readonly text: string;
      readonly parsed?: unknown;
      /** A 404 that is not udata's own JSON answer (judged once, here, for the breaker and the caller). */
      readonly foreignNotFound: boolean;
    }
  | { readonly kind: 'exception'; readonly error: unknown };

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const { dispatcher, clock, stats } = options;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const retries = options.retries ?? 2;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const maxGateMs = options.maxGateMs ?? 60_000;
  // Per host: until when its `Retry-After` asks every caller to stay away.
  const gates = new Map<string, number>();
  const concurrency = options.concurrency ?? 8;
  const maxRedirects = options.maxRedirects ?? 3;
  const maxBodyBytes = options.maxBodyBytes ?? 20 * 1024 * 1024;
  const userAgent = options.userAgent ?? 'datagouv-commitments-gateway';
  const logger = options.logger ?? silentLogger;
  const routeOf = options.routeOf ?? (() => 'other');
  const upstreamName = options.upstreamName ?? 'data.gouv.fr';
  const isOwnNotFoundBody = options.isOwnNotFoundBody ?? isUdataErrorBody;
  const translate = (failure: UpstreamFailure): UpstreamError => translateFailure(failure, upstreamName);
  const breakers = new Map<string, CircuitBreaker>();
  const semaphores = new Map<string, Semaphore>();

  const breakerFor = (host: string): CircuitBreaker => {
    let breaker = breakers.get(host);
    if (!breaker) {
      breaker = createCircuitBreaker({ ...options.breaker, now: () => clock.now() });
      breakers.set(host, breaker);
    }
    return breaker;
  };
  const semaphoreFor = (host: string): Semaphore => {
    let semaphore = semaphores.get(host);
    if (!semaphore) {
      semaphore = createSemaphore(concurrency);
      semaphores.set(host, semaphore);
    }
    return semaphore;
  };

  const { politeness } = options;
  const recordFailure = (breaker: CircuitBreaker, host: string): void => {
    const before = breaker.state;
    breaker.recordFailure();
    if (before !== 'OPEN' && breaker.state === 'OPEN') {
      logger.warn({ host }, `${upstreamName} keeps failing: circuit opened, calls suspended`);
      politeness?.announce({ kind: 'breaker-open', host, remainingMs: breaker.openRemainingMs() });
    }
  };
  const recordSuccess = (breaker: CircuitBreaker, host: string): void => {
    const before = breaker.state;
    breaker.recordSuccess();
    // Only the probe that closes a circuit is news to the other replicas.
    if (before !== 'CLOSED') politeness?.announce({ kind: 'breaker-closed', host });
  };

  const gateRemainingMs = (host: string): number => Math.max(0, (gates.get(host) ?? 0) - clock.now());
  const holdGate = (host: string, ms: number): void => {
    const until = clock.now() + ms;
    if (until > (gates.get(host) ?? 0)) gates.set(host, until);
  };
  const closeGate = (host: string, retryAfterMs: number): void => {
    const ms = Math.min(retryAfterMs, maxGateMs);
    holdGate(host, ms);
    politeness?.announce({ kind: 'gate', host, remainingMs: ms });
    logger.warn({ host, retryAfterMs: ms }, `${upstreamName} asked us to wait: calls to this host suspended`);
  };
  // What another replica was told applies here too: its host asked all of us, not one process, to wait.
  politeness?.subscribe((event) => {
    if (event.kind === 'gate') {
      holdGate(event.host, Math.min(event.remainingMs, maxGateMs));
      logger.info({ host: event.host, retryAfterMs: event.remainingMs }, `${upstreamName} asked another replica to wait: calls to this host suspended`);
    } else if (event.kind === 'breaker-open') {
      breakerFor(event.host).openFor(event.remainingMs);
    } else if (breakerFor(event.host).state !== 'CLOSED') {
      breakerFor(event.host).reset();
    }
  });
  const assertGateOpen = (url: URL): void => {
    const remaining = gateRemainingMs(url.host);
    if (remaining > 0) throw translate({ kind: 'gate-closed', url: url.href, retryInMs: remaining });
  };

  async function attempt(url: URL, deadline: AbortSignal, accept: string, parse: ((text: string) => unknown) | undefined, onSlot: () => void): Promise<AttemptOutcome> {
    assertGateOpen(url);
    const breaker = breakerFor(url.host);
    // Fail fast while open instead of queueing behind hung requests for a slot.
    const early = breaker.state === 'OPEN' ? breaker.tryAcquire() : null;
    if (early && !early.allowed) throw translate({ kind: 'circuit-open', url: url.href, host: url.host, retryInMs: early.retryInMs });
    let release: () => void;
    try {
      release = await semaphoreFor(url.host).acquire(deadline);
    } catch (error) {
      // A probe slot taken above must not stay taken by a call that never ran.
      if (early) breaker.release();
      throw error;
    }
    // Time spent queueing for a slot is politeness, not upstream slowness:
    // the call's own deadline starts once it may actually talk to the host.
    onSlot();
    try {
      // The gate may have closed while this call was queued.
      assertGateOpen(url);
    } catch (error) {
      if (early) breaker.release();
      release();
      throw error;
    }
    // The early check may already hold the permit (the half-open probe): asking
    // again would be refused by our own probe and leave the breaker stuck.
    const permit = early ?? breaker.tryAcquire();
    if (!permit.allowed) {
      release();
      throw translate({ kind: 'circuit-open', url: url.href, host: url.host, retryInMs: permit.retryInMs });
    }
    // One probe for all replicas: the others learn its outcome from its announcement.
    if (permit.probe && politeness && !(await politeness.claimProbe(url.host, timeouts.overallMs))) {
      breaker.release();
      release();
      throw translate({ kind: 'circuit-open', url: url.href, host: url.host, retryInMs: 0 });
    }

    const controller = new AbortController();
    const onDeadline = (): void => controller.abort(deadline.reason);
    deadline.addEventListener('abort', onDeadline, { once: true });
    // Our own headers timer as well as undici's: a custom dispatcher (the msw one) ignores headersTimeout.
    const headersTimer = setTimeout(() => controller.abort(new AttemptTimeout(timeouts.headersMs)), timeouts.headersMs);
    let status = 0;
    try {
      const response = await request(url, {
        dispatcher,
        method: 'GET',
        headers: { accept, 'user-agent': userAgent },
        signal: controller.signal,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
      clearTimeout(headersTimer);
      status = response.statusCode;
      options.onResponseHeaders?.(response.headers);
      let text = '';
      if (REDIRECT_STATUSES.has(status)) await response.body.dump();
      else text = await readBodyText(response.body, status >= 400 && status !== 410 ? ERROR_BODY_MAX_BYTES : maxBodyBytes).catch((error: unknown) => {
        // An oversized error page still tells us the status; an oversized success is a bad payload.
        if (error instanceof BodyTooLarge && status >= 400) return '';
        throw error;
      });
      stats.recordCall(String(status), routeOf(url.href));
      const retryAfterMs = parseRetryAfterMs(headerValue(response.headers['retry-after']), clock.now());
      if (retryAfterMs !== null && retryAfterMs > 0 && (status === 429 || status >= 500)) closeGate(url.host, retryAfterMs);
      let parsed: unknown;
      if (status >= 200 && status < 300 && parse) {
        try {
          parsed = parse(text);
        } catch (error) {
          throw new UnreadableBody(error instanceof Error ? error.message : String(error), { cause: error });
        }
      }
      // 429 is the host saying it is overloaded: as much a failure as a 503;
      // a 404 that is not udata's own answer says the API root or a proxy is broken.
      const foreignNotFound = isForeignNotFound(status, text, accept, isOwnNotFoundBody);
      if (status >= 500 || status === 429 || foreignNotFound) recordFailure(breaker, url.host);
      else recordSuccess(breaker, url.host);
      return {
        kind: 'response', status, headers: response.headers, text, foreignNotFound,
        ...(parse && status >= 200 && status < 300 ? { parsed } : {}),
      };
    } catch (error) {
      if (error instanceof BodyTooLarge || error instanceof UnreadableBody) {
        if (error instanceof BodyTooLarge) stats.recordCall(String(status), routeOf(url.href));
        // A body that cannot be used is a failing host, whatever its status said.
        recordFailure(breaker, url.host);
        throw translate({ kind: 'bad-payload', url: url.href, reason: error instanceof UnreadableBody ? error.reason : error.message, cause: error });
      }
      const kind = classifyException(error);
      stats.recordCall(kind === 'TIMEOUT' ? 'TIMEOUT' : 'NETWORK_ERROR', routeOf(url.href));
      if (kind === 'INTERNAL') breaker.release();
      else recordFailure(breaker, url.host);
      return { kind: 'exception', error };
    } finally {
      clearTimeout(headersTimer);
      deadline.removeEventListener('abort', onDeadline);
      release();
    }
  }

  async function attemptWithRetries(
    url: URL,
    deadline: AbortSignal,
    deadlineAt: () => number,
    accept: string,
    parse: ((text: string) => unknown) | undefined,
    onSlot: () => void,
  ): Promise<{ outcome: AttemptOutcome; attempts: number }> {
    for (let attempts = 1; ; attempts += 1) {
      const outcome = await attempt(url, deadline, accept, parse, onSlot);
      const retryable =
        outcome.kind === 'exception'
          ? !deadline.aborted && classifyException(outcome.error) !== 'INTERNAL'
          : RETRYABLE_STATUSES.has(outcome.status);
      if (!retryable || attempts > retries) return { outcome, attempts };

      const remainingMs = deadlineAt() - clock.now();
      const retryAfterMs = outcome.kind === 'response' ? parseRetryAfterMs(headerValue(outcome.headers['retry-after']), clock.now()) : null;
      let delayMs: number;
      if (retryAfterMs !== null) {
        if (retryAfterMs > Math.min(maxRetryAfterMs, remainingMs)) {
          throw translate({ kind: 'retry-after', url: url.href, status: outcome.kind === 'response' ? outcome.status : 0, retryAfterMs, attempts });
        }
        delayMs = retryAfterMs;
      } else {
        delayMs = computeBackoffMs(attempts, () => clock.random(), options.backoff);
        if (delayMs >= remainingMs) return { outcome, attempts };
      }
      logger.warn(
        { url: url.href, attempt: attempts, delayMs, status: outcome.kind === 'response' ? outcome.status : undefined },
        `${upstreamName} call failed, retrying`,
      );
      await clock.sleep(delayMs, deadline);
    }
  }

  async function get(rawUrl: string, getOptions: HttpGetOptions = {}): Promise<HttpResult> {
    const accept = getOptions.accept ?? 'application/json';
    let url = new URL(rawUrl);
    const allowedHosts = getOptions.allowedHosts ?? new Set([url.host]);
    const deadline = new AbortController();
    let deadlineAt = Number.POSITIVE_INFINITY;
    let deadlineTimer: NodeJS.Timeout | undefined;
    // Started when the first attempt gets a concurrency slot (see `attempt`).
    const startDeadline = (): void => {
      if (deadlineTimer !== undefined) return;
      deadlineAt = clock.now() + timeouts.overallMs;
      deadlineTimer = setTimeout(() => deadline.abort(new DeadlineExceeded(timeouts.overallMs)), timeouts.overallMs);
    };
    try {
      for (let hops = 0; ; hops += 1) {
        const { outcome, attempts } = await attemptWithRetries(url, deadline.signal, () => deadlineAt, accept, getOptions.parse, startDeadline);
        if (outcome.kind === 'exception') throw translate({ kind: 'exception', url: url.href, error: outcome.error, attempts });
        const { status } = outcome;
        if (status >= 200 && status < 300) {
          return { kind: 'ok', url: url.href, status, text: outcome.text, ...('parsed' in outcome ? { parsed: outcome.parsed } : {}) };
        }
        if (outcome.foreignNotFound) {
          throw translate({
            kind: 'bad-payload',
            url: url.href,
            reason: `a 404 that is not ${upstreamName}’s JSON error (a wrong API root or a proxy error page): it says nothing of the object`,
          });
        }
        if (status === 404) return { kind: 'not-found', url: url.href };
        if (status === 410) return { kind: 'gone', url: url.href, text: outcome.text };
        if (!REDIRECT_STATUSES.has(status)) throw translate({ kind: 'status', url: url.href, status, body: outcome.text, attempts });

        const location = headerValue(outcome.headers['location']);
        const refuse = (reason: string): UpstreamError => translate({ kind: 'redirect', url: url.href, status, location, reason });
        if (location === null) throw refuse('no Location header');
        if (hops >= maxRedirects) throw refuse(`more than ${maxRedirects} redirects`);
        // Relative Locations (udata's 308 for old slugs) resolve against the URL that answered.
        const next = new URL(location, url);
        if (!allowedHosts.has(next.host) || (next.protocol !== 'https:' && next.protocol !== url.protocol)) {
          throw refuse(`target ${next.host} is not an allowed host`);
        }
        logger.debug({ from: url.href, to: next.href, status }, `following ${upstreamName} redirect`);
        url = next;
      }
    } catch (error) {
      const translated = error instanceof UpstreamError ? error : translate({ kind: 'exception', url: url.href, error, attempts: 1 });
      stats.recordError(translated);
      throw translated;
    } finally {
      clearTimeout(deadlineTimer);
    }
  }

  return {
    get,
    breakerState: (host) => breakerFor(host).state,
    gateRemainingMs,
  };
}

/**
 * A 404 from an API route whose body is not the host's own JSON error: the
 * upstream is broken or misaddressed, and the answer counts as a failure.
 * Hosted files (not JSON) keep plain 404 semantics.
 */
function isForeignNotFound(status: number, text: string, accept: string, isOwnNotFoundBody: (text: string) => boolean): boolean {
  return status === 404 && accept.includes('json') && !isOwnNotFoundBody(text);
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}
