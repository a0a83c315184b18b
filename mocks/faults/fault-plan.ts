import type { FaultName } from './parse-fault.js';

/** Key of the queue that applies to every path. */
export const ANY_PATH = '*';

/**
 * Faults queued for the next requests of given paths, for tests that need a
 * sequence the stateless header cannot express (`503, 503, then OK`).
 * Each request to a path takes the head of that path's queue (then of `*`);
 * once a queue is empty the path answers normally again.
 */
export interface FaultPlan {
  /**
   * Queues faults for the next requests to `path`: a URL pathname as sent
   * (`/api/1/datasets/population/`), a full URL (its pathname is used), or
   * `*` for any path. Returns the plan for chaining.
   */
  next(path: string, faults: readonly FaultName[]): FaultPlan;
  /** Removes and returns the fault for a request to `pathname`, if one is queued. */
  take(pathname: string): FaultName | undefined;
  /** What is still queued, by path. */
  pending(): Readonly<Record<string, readonly FaultName[]>>;
  clear(): void;
}

function toKey(path: string): string {
  if (path === ANY_PATH) return path;
  return /^https?:\/\//.test(path) ? new URL(path).pathname : path;
}

export function createFaultPlan(): FaultPlan {
  const queues = new Map<string, FaultName[]>();
  const plan: FaultPlan = {
    next(path, faults) {
      const key = toKey(path);
      queues.set(key, [...(queues.get(key) ?? []), ...faults]);
      return plan;
    },
    take(pathname) {
      for (const key of [pathname, ANY_PATH]) {
        const queue = queues.get(key);
        if (queue !== undefined && queue.length > 0) {
          const fault = queue.shift();
          if (queue.length === 0) queues.delete(key);
          return fault;
        }
      }
      return undefined;
    },
    pending() {
      return Object.fromEntries([...queues.entries()].map(([key, queue]) => [key, [...queue]]));
    },
    clear() {
      queues.clear();
    },
  };
  return plan;
}
