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
}

// Calls that are not lookups: reading them is not upstream work.
const PASS_THROUGH = new Set<PropertyKey>(['status', 'source', 'close']);

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createRequestUpstreamLog(datagouv: DatagouvClient, now: () => Date): RequestUpstreamLog {
  const pending = new Set<Promise<unknown>>();
  const failures: RequestUpstreamFailure[] = [];

  const client = new Proxy(datagouv, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || PASS_THROUGH.has(property)) return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const tracked = result.catch((error: unknown) => {
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
  };
}
