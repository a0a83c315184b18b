import { isGatewayError } from '../errors/gateway-error.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';

export interface RequestUpstreamFailure {
  readonly code: string;
  readonly message: string;
  readonly at: string;
}

/** One data.gouv.fr lookup made for a request, and how it ended. */
export interface RequestUpstreamLookup {
  /** The client operation (`getDataset`, `searchDatasets`...). */
  readonly operation: string;
  /** What was asked: an id or slug, or the request's parameters as JSON. */
  readonly target: string;
  readonly outcome: 'OK' | 'NOT_FOUND' | 'FAILED';
  /** The error code when it failed. */
  readonly code: string | null;
  /**
   * True when the answer came from the gateway's cache (fetched before this
   * request started), false when data.gouv.fr was asked for it; null when the
   * answer says nothing of its age (a 404).
   */
  readonly fromCache: boolean | null;
}

function describeTarget(args: readonly unknown[]): string {
  const [first] = args;
  if (typeof first === 'string') return first;
  return first === undefined ? '' : JSON.stringify(first);
}

/** When an answer was fetched, for the objects and pages the client returns. */
function fetchedAtOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const fetchedAt = (value as { fetchedAt?: unknown }).fetchedAt;
  return typeof fetchedAt === 'string' && fetchedAt !== '' ? fetchedAt : null;
}

/**
 * What one GraphQL request asked of data.gouv.fr. `upstreamStatus` reads it
 * once every other field's lookups have settled, so that a response never
 * says "no failure" beside a field that failed upstream.
 */
export interface RequestUpstreamLog {
  /** The process-wide client, with every call of this request recorded. */
  readonly client: DatagouvClient;
  /** Resolves once no lookup of this request is pending (new lookups started meanwhile are waited for too). */
  idle(): Promise<void>;
  /** Upstream failures met by this request, in order. */
  failures(): readonly RequestUpstreamFailure[];
  /** Every data.gouv.fr lookup this request made, in the order they settled. */
  lookups(): readonly RequestUpstreamLookup[];
  /**
   * The earliest freshness deadline (client clock, ms) of what this request
   * read: an answer built from these reads must not be reused past it.
   * Infinity when nothing was read; 0 once a read could not be dated (a 404,
   * a failure) or was served stale or revalidating.
   */
  freshUntil(): number;
  /** Counts a deadline of reads made by an earlier request whose result this one reuses. */
  noteFreshUntil(deadline: number): void;
  /**
   * Another upstream client (code.gouv.fr's) recorded in this same log: its
   * failures keep this request's answer and verdicts from being reused, and its
   * reads count as fresh for data.gouv.fr's TTL at most (shorter than its own).
   */
  track<T extends object>(client: T): T;
}

// Calls that are not lookups: reading them is not upstream work.
const PASS_THROUGH = new Set<string>(['status', 'source', 'close', 'now', 'freshUntil']);

type Method = (...args: unknown[]) => unknown;

interface ClientShape {
  /** Methods recorded as lookups. */
  readonly lookups: readonly string[];
  /** The other methods, bound to the client. */
  readonly passThrough: Readonly<Record<string, Method>>;
}

/** Each upstream client's methods, sorted once per client rather than at every call of every request. */
const shapes = new WeakMap<object, ClientShape>();

function shapeOf(upstream: object): ClientShape {
  let shape = shapes.get(upstream);
  if (shape === undefined) {
    const methods = upstream as Record<string, unknown>;
    const lookups = new Set<string>();
    const passThrough: Record<string, Method> = {};
    for (let level: object | null = upstream; level !== null && level !== Object.prototype; level = Object.getPrototypeOf(level) as object | null) {
      for (const name of Object.getOwnPropertyNames(level)) {
        const method = methods[name];
        if (name === 'constructor' || typeof method !== 'function') continue;
        if (PASS_THROUGH.has(name)) passThrough[name] ??= (method as Method).bind(upstream);
        else lookups.add(name);
      }
    }
    shape = { lookups: [...lookups], passThrough };
    shapes.set(upstream, shape);
  }
  return shape;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createRequestUpstreamLog(datagouv: DatagouvClient, now: () => Date): RequestUpstreamLog {
  const pending = new Set<Promise<unknown>>();
  const failures: RequestUpstreamFailure[] = [];
  const lookups: RequestUpstreamLookup[] = [];
  // Read only once a lookup settles: most requests of a warm gateway make none.
  let started: string | undefined;
  const startedAt = (): string => (started ??= requestStart.toISOString());
  const requestStart = now();
  let freshUntil = Number.POSITIVE_INFINITY;
  const recordRead = (value: unknown): void => {
    const answer = value as { fetchedAt?: unknown; stale?: unknown; revalidating?: unknown; deleted?: unknown } | null;
    if (answer === null) {
      // "Not found" carries no fetch time: counted from now, it is kept at most one cache lifetime longer than it was read.
      freshUntil = Math.min(freshUntil, datagouv.freshUntil({ fetchedAt: new Date(datagouv.now()).toISOString(), deleted: false }));
      return;
    }
    if (typeof answer !== 'object' || typeof answer.fetchedAt !== 'string' || answer.stale === true || answer.revalidating === true) {
      freshUntil = 0;
      return;
    }
    freshUntil = Math.min(freshUntil, datagouv.freshUntil({ fetchedAt: answer.fetchedAt, deleted: answer.deleted === true }));
  };

  const record = (operation: string, args: readonly unknown[], result: unknown): unknown => {
    if (!(result instanceof Promise)) return result;
    const asked = describeTarget(args);
    const tracked = result.then(
      (answer: unknown) => {
        recordRead(answer);
        const fetchedAt = fetchedAtOf(answer);
        lookups.push({
          operation, target: asked, outcome: answer === null ? 'NOT_FOUND' : 'OK', code: null,
          fromCache: fetchedAt === null ? null : fetchedAt < startedAt(),
        });
        return answer;
      },
      (error: unknown) => {
        freshUntil = 0;
        const code = isGatewayError(error) ? error.code : 'INTERNAL_SERVER_ERROR';
        if (isGatewayError(error) && error.code.startsWith('UPSTREAM_')) {
          failures.push({ code: error.code, message: error.message, at: now().toISOString() });
        }
        lookups.push({ operation, target: asked, outcome: 'FAILED', code, fromCache: null });
        throw error;
      },
    );
    const settled = tracked.then(
      () => undefined,
      () => undefined,
    );
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
    return tracked;
  };

  // A plain object rather than a Proxy: every lookup of every field goes through it.
  const track = <T extends object>(upstream: T): T => {
    const shape = shapeOf(upstream);
    const recorded: Record<string, unknown> = Object.assign(Object.create(upstream) as object, shape.passThrough);
    const methods = upstream as Record<string, Method>;
    for (const name of shape.lookups) {
      const method = methods[name] as Method;
      recorded[name] = (...args: unknown[]) => record(name, args, method.apply(upstream, args));
    }
    return recorded as T;
  };
  const client = track(datagouv);

  return {
    client,
    async idle() {
      for (;;) {
        if (pending.size > 0) {
          await Promise.all([...pending]);
          continue;
        }
        // Resolvers under a field that just settled start their lookups a few ticks later (DataLoader batches on nextTick).
        await nextTurn();
        await nextTurn();
        if (pending.size === 0) return;
      }
    },
    failures: () => [...failures],
    lookups: () => [...lookups],
    freshUntil: () => freshUntil,
    noteFreshUntil: (deadline) => {
      freshUntil = Math.min(freshUntil, deadline);
    },
    track,
  };
}
