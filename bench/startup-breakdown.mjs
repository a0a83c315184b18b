/**
 * `node bench/startup-breakdown.mjs`: where `npm start`'s start-up time and
 * memory go, stage by stage, in the compiled gateway (`dist/`, run
 * `npm run build` first): module imports, record loading, the gateway's
 * construction, the first GraphQL answer and the GraphiQL page. Each line
 * gives the stage's milliseconds and the resident memory after it. Nothing
 * listens and nothing reaches the network.
 */
import { performance } from 'node:perf_hooks';

let last = performance.now();
const rows = [];
const lap = (stage) => {
  const now = performance.now();
  rows.push({ stage, ms: Math.round(now - last), rssMiB: Math.round(process.memoryUsage().rss / 1_048_576) });
  last = now;
};

lap('node itself');
const { pino } = await import('pino');
lap('import pino');
await import('graphql');
lap('import graphql');
await import('graphql-yoga');
lap('import graphql-yoga');
const { loadPressReleaseStore } = await import('../dist/press-releases/load-press-release-store.js');
const { loadCommitmentRecords } = await import('../dist/commitments/load-commitment-records.js');
const { createCommitmentRegistry } = await import('../dist/commitments/create-commitment-registry.js');
lap('import the records layer');
const { createGateway } = await import('../dist/server/create-gateway.js');
const { createDatagouvClient } = await import('../dist/upstream/datagouv/client.js');
lap('import the gateway and client');
const { openStore } = await import('../dist/store/open-store.js');
lap('import the store (Kysely, SQLite)');

const logger = pino({ level: 'silent' });
const pressReleases = await loadPressReleaseStore({ directory: 'data/press-releases', logger });
lap('load the press releases');
const records = await loadCommitmentRecords('data/commitments/commitments.yaml');
const commitments = createCommitmentRegistry(records.commitments, records.errors);
lap('load the commitment records');
const { mkdtempSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const dataDir = mkdtempSync(join(tmpdir(), 'startup-breakdown-'));
const store = await openStore({ dataDir });
lap('open and migrate the SQLite store');
const datagouv = createDatagouvClient({ baseUrl: 'http://127.0.0.1:1/api', source: 'MOCK' });
const gateway = createGateway({ pressReleases, commitments, datagouv, logger });
lap('build the gateway');
const answer = await gateway.yoga.fetch('http://gateway.local/graphql', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ __typename }' }),
});
await answer.text();
lap('first GraphQL answer');
const page = await gateway.yoga.fetch('http://gateway.local/graphql', { headers: { accept: 'text/html' } });
await page.text();
lap('GraphiQL page');

await store.close();
await datagouv.close();
rmSync(dataDir, { recursive: true, force: true });
for (const row of rows) process.stdout.write(`${row.stage.padEnd(40)} ${String(row.ms).padStart(6)} ms ${String(row.rssMiB).padStart(6)} MiB\n`);
