import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../mocks/serve-mock-upstream.js';
import { openStore } from '../../src/store/open-store.js';
import { PROJECT_ROOT, spawnCli, spawnProcess, type SpawnedCli } from '../helpers/spawn-cli.js';
import { startPostgres } from '../helpers/postgres-server.js';
import { createDatabase, describeWithPostgres } from '../helpers/services.js';

const C002 = 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques';
const LINKED_C001 = '/api/1/datasets/carte-scolaire-des-colleges-publics/';

async function startGateway(upstream: MockUpstream, env: Record<string, string>): Promise<{ cli: SpawnedCli; url: string }> {
  const cli = spawnCli({ PORT: '0', DATAGOUV_API_URL: upstream.url, DATAGOUV_SOURCE: 'MOCK', ...env });
  const [, url = ''] = await cli.waitForStdout(/"url":"(http:\/\/[^"]+\/graphql)"/);
  return { cli, url };
}

async function graphql<T>(url: string, query: string): Promise<{ data?: T; errors?: { extensions?: { code?: string } }[] }> {
  const answer = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await answer.body.json()) as { data?: T; errors?: { extensions?: { code?: string } }[] };
}

/** Polls until the gateway serves a run numbered at least `id`. */
async function waitForRun(url: string, id: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const body = await graphql<{ latestEvaluationRun: { id: number } | null }>(url, '{ latestEvaluationRun { id } }');
    if ((body.data?.latestEvaluationRun?.id ?? 0) >= id) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no evaluation run ${id} recorded in time`);
}

async function stop(cli: SpawnedCli): Promise<void> {
  cli.child.kill('SIGTERM');
  expect(await cli.exited).toBe(0);
}

describe('the gateway remembers across restarts (SQLite under DATA_DIR)', () => {
  it('reads a dataset deleted while it was down as withdrawn, and its history says when', async () => {
    const upstream = await startMockUpstream({ port: 0 });
    // Short enough that the restarted process finds a run due; a restart within the interval serves the recorded run until the next.
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'gateway-memory-')), EVALUATION_INTERVAL_MS: '3000' };
    try {
      const first = await startGateway(upstream, env);
      await waitForRun(first.url, 1);
      const before = await graphql<{ commitment: { status: { state: string } } }>(first.url, '{ commitment(key: "c002") { status { state } } }');
      expect(before.data?.commitment.status.state).toBe('PUBLISHED_ON_TIME');
      await stop(first.cli);
      const store = await openStore({ dataDir: env.DATA_DIR });
      const runsBefore = (await store.latestRun())?.id ?? 0;
      await store.close();

      upstream.control.deleteObject('dataset', C002);
      const second = await startGateway(upstream, env);
      await waitForRun(second.url, runsBefore + 1);
      const after = await graphql<{ commitment: { status: { state: string }; history: { edges: { node: { state: string; observedAt: string } }[] } } }>(
        second.url,
        '{ commitment(key: "c002") { status { state } history { edges { node { state observedAt } } } } }',
      );
      expect(after.errors).toBeUndefined();
      expect(after.data?.commitment.status.state).toBe('WITHDRAWN');
      const states = after.data?.commitment.history.edges.map((e) => e.node.state);
      expect(states).toEqual(['WITHDRAWN', 'PUBLISHED_ON_TIME']);
      expect(Date.parse(after.data?.commitment.history.edges[0]?.node.observedAt ?? '')).toBeGreaterThan(Date.now() - 120_000);
      await stop(second.cli);
    } finally {
      await upstream.close();
    }
  }, 60_000);

  it('refuses to start on a file that is not a database, in one line, leaving the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-corrupt-'));
    writeFileSync(join(dataDir, 'gateway.sqlite'), 'not a database\n'.repeat(500));
    const cli = spawnCli({ PORT: '0', DATA_DIR: dataDir, DATAGOUV_API_URL: 'http://127.0.0.1:9/api' });
    expect(await cli.exited).toBe(2);
    const lines = cli.output().stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Gateway not started: store of record unusable: .*gateway\.sqlite is not a usable SQLite database/);
  });

  it('refuses to start on a store written by a newer version, in one line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-newer-'));
    const store = await openStore({ dataDir });
    await store.close();
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(join(dataDir, 'gateway.sqlite'));
    db.prepare("insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')").run();
    db.close();
    const cli = spawnCli({ PORT: '0', DATA_DIR: dataDir, DATAGOUV_API_URL: 'http://127.0.0.1:9/api' });
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr.trim()).toMatch(/^Gateway not started: store of record unusable: the store was written by a newer version of the gateway \(migration 9999_from_the_future/);
  });
});

describe('npm run db:migrate', () => {
  it('brings a new store up to date, then says there is nothing to do', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-migrate-'));
    const migrate = () => spawnProcess(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/db-migrate.ts')], { DATA_DIR: dataDir });
    const first = migrate();
    expect(await first.exited).toBe(0);
    expect(first.output().stdout).toMatch(/^SQLite .*gateway\.sqlite: applied 0001_history\n$/);
    const second = migrate();
    expect(await second.exited).toBe(0);
    expect(second.output().stdout).toMatch(/: already up to date\n$/);
    writeFileSync(join(dataDir, 'gateway.sqlite'), 'not a database\n'.repeat(500));
    const refused = migrate();
    expect(await refused.exited).toBe(2);
    expect(refused.output().stderr).toMatch(/^Store not migrated: .*is not a usable SQLite database/);
  });
});

describe('a database that cannot be reached at start', () => {
  it('still serves verdicts; history answers HISTORY_UNAVAILABLE and /ready says why', async () => {
    const upstream = await startMockUpstream({ port: 0 });
    try {
      const { cli, url } = await startGateway(upstream, { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' });
      const live = await graphql<{ commitment: { status: { state: string } } }>(url, '{ commitment(key: "c002") { status { state } } }');
      expect(live.data?.commitment.status.state).toBe('PUBLISHED_ON_TIME');
      const history = await graphql(url, '{ commitment(key: "c002") { history { totalCount } } }');
      expect(history.errors?.[0]?.extensions?.code).toBe('HISTORY_UNAVAILABLE');
      const ready = (await (await request(url.replace('/graphql', '/ready'))).body.json()) as { status: string; store: { state: string; reason: string } };
      expect(ready.status).toBe('ready');
      expect(ready.store.state).toBe('UNAVAILABLE');
      expect(ready.store.reason).toMatch(/cannot be reached/);
      await stop(cli);
    } finally {
      await upstream.close();
    }
  });
});

describeWithPostgres('two gateway processes on one PostgreSQL', (serverUrl) => {
  it('evaluate once per interval between them, and tell the same history', async () => {
    const upstream = await startMockUpstream({ port: 0 });
    const env = { DATABASE_URL: await createDatabase(serverUrl, 'two_gateways'), EVALUATION_INTERVAL_MS: '2000', DATAGOUV_CACHE_TTL_MS: '0' };
    try {
      const [a, b] = await Promise.all([startGateway(upstream, env), startGateway(upstream, env)]);
      await waitForRun(a.url, 3);
      await Promise.all([stop(a.cli), stop(b.cli)]);

      const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: '' });
      const runs = await store.history('c001', { first: 100 });
      const latest = await store.latestRun();
      await store.close();
      const count = latest?.id ?? 0;
      // Every run reads the record's linked dataset once, and nothing else reads it: one call per run, whoever ran it.
      expect(upstream.calls.filter((call) => call.url.endsWith(LINKED_C001)).length).toBe(count);
      expect(runs.totalCount).toBe(1);
      expect(count).toBeGreaterThanOrEqual(3);
    } finally {
      await upstream.close();
    }
  }, 60_000);

  it('answer the same history from either process', async () => {
    const upstream = await startMockUpstream({ port: 0 });
    const env = { DATABASE_URL: await createDatabase(serverUrl, 'same_history') };
    try {
      const a = await startGateway(upstream, env);
      await waitForRun(a.url, 1);
      const b = await startGateway(upstream, env);
      const query = '{ changes(since: "2020-01-01T00:00:00Z") { totalCount } commitment(key: "c002") { history { edges { node { state observedAt runId } } } } latestEvaluationRun { id } }';
      const [fromA, fromB] = await Promise.all([graphql(a.url, query), graphql(b.url, query)]);
      expect(fromA.errors).toBeUndefined();
      expect(fromB).toEqual(fromA);
      await Promise.all([stop(a.cli), stop(b.cli)]);
    } finally {
      await upstream.close();
    }
  }, 60_000);
});

// A server of its own, since this one is stopped and started again under the gateway.
describeWithPostgres('a PostgreSQL lost while the gateway runs', () => {
  it('keeps serving, queues the runs it cannot write, and writes them when the database is back', async () => {
    const postgres = await startPostgres();
    const upstream = await startMockUpstream({ port: 0 });
    try {
      const { cli, url } = await startGateway(upstream, { DATABASE_URL: postgres.url, EVALUATION_INTERVAL_MS: '2000' });
      await waitForRun(url, 1);
      await postgres.pause();
      await cli.waitForStdout(/evaluation run kept in memory until the store of record answers/);
      const metrics = await (await request(url.replace('/graphql', '/metrics'))).body.text();
      expect(Number(/^gateway_evaluation_queue_depth (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      expect(metrics).toMatch(/^gateway_store_available 0$/m);
      const served = await graphql<{ commitment: { status: { state: string } } }>(url, '{ commitment(key: "c002") { status { state } } }');
      expect(served.data?.commitment.status.state).toBe('PUBLISHED_ON_TIME');
      const history = await graphql(url, '{ latestEvaluationRun { id } }');
      expect(history.errors?.[0]?.extensions?.code).toBe('HISTORY_UNAVAILABLE');

      await postgres.resume();
      // The queued runs are written with the next one: at least three runs in all.
      await waitForRun(url, 3);
      const after = (await (await request(url.replace('/graphql', '/metrics'))).body.text());
      expect(after).toMatch(/^gateway_evaluation_queue_depth 0$/m);
      expect(after).toMatch(/^gateway_evaluation_runs_dropped_total 0$/m);
      expect(cli.child.exitCode).toBeNull();
      await stop(cli);
    } finally {
      await upstream.close();
      await postgres.stop();
    }
  }, 90_000);
});
