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
}

// Calls that are not lookups: reading them is not upstream work.
const PASS_THROUGH = new Set<PropertyKey>(['status', 'source', 'close']);

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createRequestUpstreamLog(datagouv: DatagouvClient, now: () => Date): RequestUpstreamLog {
  const pending = new Set<Promise<unknown>>();
  const failures: RequestUpstreamFailure[] = [];
  const lookups: RequestUpstreamLookup[] = [];
  const startedAt = now().toISOString();

  const client = new Proxy(datagouv, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || PASS_THROUGH.has(property)) return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const operation = String(property);
        const asked = describeTarget(args);
        const tracked = result.then(
          (answer: unknown) => {
            const fetchedAt = fetchedAtOf(answer);
            lookups.push({
              operation, target: asked, outcome: answer === null ? 'NOT_FOUND' : 'OK', code: null,
              fromCache: fetchedAt === null ? null : fetchedAt < startedAt,
            });
            return answer;
          },
          (error: unknown) => {
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
    },
  });

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
  };
}
