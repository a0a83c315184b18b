import { isGatewayError } from '../errors/gateway-error.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';

export interface RequestUpstreamFailure {
  readonly code: string;
  readonly message: string;
  readonly at: string;
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
  /**
   * The earliest freshness deadline (client clock, ms) of what this request
   * read: an answer built from these reads must not be reused past it.
   * Infinity when nothing was read; 0 once a read could not be dated (a 404,
   * a failure) or was served stale or revalidating.
   */
  freshUntil(): number;
  /** Counts a deadline of reads made by an earlier request whose result this one reuses. */
  noteFreshUntil(deadline: number): void;
}

// Calls that are not lookups: reading them is not upstream work.
const PASS_THROUGH = new Set<PropertyKey>(['status', 'source', 'close', 'now', 'freshUntil']);

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createRequestUpstreamLog(datagouv: DatagouvClient, now: () => Date): RequestUpstreamLog {
  const pending = new Set<Promise<unknown>>();
  const failures: RequestUpstreamFailure[] = [];
  let freshUntil = Number.POSITIVE_INFINITY;
  const recordRead = (value: unknown): void => {
    const answer = value as { fetchedAt?: unknown; stale?: unknown; revalidating?: unknown; deleted?: unknown } | null;
    if (answer === null || typeof answer !== 'object' || typeof answer.fetchedAt !== 'string' || answer.stale === true || answer.revalidating === true) {
      freshUntil = 0;
      return;
    }
    freshUntil = Math.min(freshUntil, datagouv.freshUntil({ fetchedAt: answer.fetchedAt, deleted: answer.deleted === true }));
  };

  const client = new Proxy(datagouv, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || PASS_THROUGH.has(property)) return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const tracked = result.then(
          (value: unknown) => {
            recordRead(value);
            return value;
          },
          (error: unknown) => {
            freshUntil = 0;
            throw error;
          },
        ).catch((error: unknown) => {
          if (isGatewayError(error) && error.code.startsWith('UPSTREAM_')) {
            failures.push({ code: error.code, message: error.message, at: now().toISOString() });
          }
          throw error;
        });
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
    freshUntil: () => freshUntil,
    noteFreshUntil: (deadline) => {
      freshUntil = Math.min(freshUntil, deadline);
    },
  };
}
