import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pingRedis, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { createDatabase, describeWithPostgres, describeWithRedis } from '../helpers/services.js';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describeWithPostgres('the PostgreSQL server of the test run', (serverUrl) => {
  it('answers a query on the URL handed to test files', async () => {
    expect(serverUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+$/);
    const { rows } = await withClient(serverUrl, (client) => client.query<{ one: number }>('select 1 as one'));
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('gives each createDatabase call its own empty database, whose tables the others do not see', async () => {
    const first = await createDatabase(serverUrl, 'services-first');
    const second = await createDatabase(serverUrl, '2nd file: store/PostgreSQL');
    expect(first).not.toBe(second);

    await withClient(first, (client) => client.query('create table verdicts (id int primary key)'));
    const tables = (url: string) =>
      withClient(url, async (client) => {
        const { rows } = await client.query<{ name: string }>(
          "select table_name as name from information_schema.tables where table_schema = 'public'",
        );
        return rows.map((row) => row.name);
      });
    expect(await tables(first)).toEqual(['verdicts']);
    expect(await tables(second)).toEqual([]);
  });
});

describeWithRedis('the redis-server of the test run', (url) => {
  it('answers PING on the URL handed to test files', async () => {
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    await expect(pingRedis(url)).resolves.toBeUndefined();
  });
});

// Killing the run's shared server would pull it from under the other files: this one is private.
describeWithRedis('a redis-server that dies mid-run', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('stops answering when killed and answers again on the same port once restarted', async () => {
    const { url, port } = redis;
    await pingRedis(url);

    await redis.kill();
    await expect(pingRedis(url)).rejects.toThrow();

    await redis.restart();
    expect(redis.url).toBe(url);
    expect(redis.port).toBe(port);
    await pingRedis(url);
  });
});
