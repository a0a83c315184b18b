import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { startRedis, type RedisServer } from '../helpers/redis-server.js';
import type { ServiceState } from '../helpers/services.js';

let postgres: Started<PostgresServer> | undefined;
let redis: Started<RedisServer> | undefined;

/**
 * One PostgreSQL and one redis-server for the whole run, started side by side before
 * the test files and stopped after the last one; test files get their URLs through
 * `inject` (see tests/helpers/services.ts). A server that cannot start does not stop
 * the run: the files that need it skip or, under CI=true, fail, saying why.
 *
 * TEST_SERVICES=off starts neither (a quicker loop when the store is not at stake);
 * REPORT_SERVICES=1 prints what each start cost.
 */
export async function setup(project: TestProject): Promise<void> {
  const off = process.env['TEST_SERVICES'] === 'off';
  [postgres, redis] = await Promise.all([
    start('PostgreSQL', off, startPostgres),
    start('Redis', off, startRedis),
  ]);
  project.provide('postgres', postgres.state);
  project.provide('redis', redis.state);
  if (process.env['REPORT_SERVICES'] === '1') {
    process.stdout.write(`test services: ${postgres.report}; ${redis.report}\n`);
  }
}

export async function teardown(): Promise<void> {
  await Promise.all([postgres?.server?.stop(), redis?.server?.stop()]);
}

interface Started<T> {
  readonly server: T | null;
  readonly state: ServiceState;
  readonly report: string;
}

async function start<T extends PostgresServer | RedisServer>(label: string, off: boolean, launch: () => Promise<T>): Promise<Started<T>> {
  if (off) return { server: null, state: { available: false, reason: 'not started (TEST_SERVICES=off)' }, report: `${label} off` };
  const began = performance.now();
  try {
    const server = await launch();
    const report = `${label} at ${server.url} in ${Math.round(performance.now() - began)} ms`;
    return { server, state: { available: true, url: server.url }, report };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { server: null, state: { available: false, reason }, report: `${label} failed in ${Math.round(performance.now() - began)} ms: ${reason}` };
  }
}
