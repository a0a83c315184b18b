import { describe, inject, it } from 'vitest';

export { createDatabase } from './postgres-server.js';

/** What the global setup (tests/setup/services.ts) hands each test file about one server. */
export type ServiceState = { readonly available: true; readonly url: string } | { readonly available: false; readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ServiceState;
    redis: ServiceState;
  }
}

type ServiceKey = 'postgres' | 'redis';

const LABELS: Record<ServiceKey, string> = { postgres: 'PostgreSQL', redis: 'Redis' };
/** One line per missing server and test file is enough; its skipped suites say the rest. */
const announced = new Set<ServiceKey>();

/** The URL of the run's PostgreSQL server (its `gateway_test` database); throws with the reason when there is none. */
export function requirePostgres(): string {
  return requireService('postgres');
}

/** The URL of the run's redis-server; throws with the reason when there is none. */
export function requireRedis(): string {
  return requireService('redis');
}

/**
 * `describe(name, ...)` run against the run's PostgreSQL, whose URL `body` receives
 * (give each file its own database with `createDatabase(url, name)`). Without a
 * server, the suite is skipped with one line saying why, except under CI=true,
 * where it fails: a suite that silently skips its store tests proves nothing.
 */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  describeWithService('postgres', name, body);
}

/** `describe(name, ...)` run against the run's redis-server; the same rule as `describeWithPostgres`. */
export function describeWithRedis(name: string, body: (url: string) => void): void {
  describeWithService('redis', name, body);
}

function serviceState(key: ServiceKey): ServiceState {
  // undefined under a vitest config without the global setup (vitest.live.config.ts).
  const state = inject(key) as ServiceState | undefined;
  return state ?? { available: false, reason: 'not started: this vitest config has no tests/setup/services.ts global setup' };
}

function requireService(key: ServiceKey): string {
  const state = serviceState(key);
  if (state.available) return state.url;
  throw new Error(`${LABELS[key]} not available: ${state.reason}`);
}

function describeWithService(key: ServiceKey, name: string, body: (url: string) => void): void {
  const state = serviceState(key);
  if (state.available) {
    describe(name, () => body(state.url));
    return;
  }
  const why = `${LABELS[key]} not available: ${state.reason}`;
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it(`needs ${LABELS[key]}`, () => {
        throw new Error(`${why} (CI must run these tests)`);
      });
    });
    return;
  }
  if (!announced.has(key)) {
    announced.add(key);
    process.stdout.write(`${why}: its tests are skipped\n`);
  }
  describe.skip(name, () => {
    it(why, () => {});
  });
}
