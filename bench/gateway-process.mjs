/**
 * One gateway in a process of its own, as `npm start` runs it: the compiled
 * `dist/` (never the TypeScript sources through tsx), under the V8 flags of
 * `npm start` (see START_FLAGS in warm-scenarios.ts), so that its memory and
 * its speed are those users get; with `workers` > 1, that many processes
 * behind runCluster (WEB_CONCURRENCY). Plain JavaScript over `dist/`: it
 * wires the gateway as bench/bench-gateway.ts does, without the compiler.
 * Started by `fork` with the settings as JSON in argv[2]
 * (`{ upstreamUrl, fastPaths, workers? }`); says `{ origin }` once
 * listening, answers `'usage'` with its peak RSS and CPU time so far, and
 * closes on `'close'`.
 */
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';

const DIST = new URL('../dist/', import.meta.url);
const PROJECT_ROOT = new URL('../', import.meta.url);
const load = (path) => import(new URL(path, DIST).href);

const [{ runCluster }, { createGateway }, { createDatagouvClient }, { createCommitmentRegistry }, { loadCommitmentRecords }, { loadPressReleaseStore }] =
  await Promise.all([
    load('server/run-cluster.js'),
    load('server/create-gateway.js'),
    load('upstream/datagouv/client.js'),
    load('commitments/create-commitment-registry.js'),
    load('commitments/load-commitment-records.js'),
    load('press-releases/load-press-release-store.js'),
  ]);

const settings = JSON.parse(process.argv[2] ?? '{}');
const workers = settings.workers ?? 1;
const send = (message) => process.send?.(message);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

if (workers > 1 && cluster.isPrimary) {
  // The primary only hands out connections: it speaks for the cluster once every worker listens.
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    listening += 1;
    if (listening === workers) send({ origin: `http://127.0.0.1:${address.port}` });
  });
  process.on('message', (message) => {
    if (message === 'usage') send({ peakRssMb: Number.NaN });
    if (message === 'close') process.kill(process.pid, 'SIGTERM');
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

async function startGateway() {
  const pressReleases = await loadPressReleaseStore({ directory: fileURLToPath(new URL('data/press-releases', PROJECT_ROOT)) });
  const records = await loadCommitmentRecords(fileURLToPath(new URL('data/commitments/commitments.yaml', PROJECT_ROOT)));
  const datagouv = createDatagouvClient({ baseUrl: settings.upstreamUrl, source: 'MOCK' });
  const gateway = createGateway({
    pressReleases,
    commitments: createCommitmentRegistry(records.commitments, records.errors),
    datagouv,
    logger: pino({ level: 'silent' }),
    shutdownTimeoutMs: 5_000,
    ...(settings.fastPaths === false ? { fastPaths: false } : {}),
  });
  // Workers of a cluster listen on port 0 too: node:cluster gives them one shared port.
  await new Promise((resolve, reject) => {
    gateway.server.once('error', reject);
    gateway.server.listen(0, '127.0.0.1', () => resolve());
  });
  return { origin: `http://127.0.0.1:${gateway.server.address().port}`, close: async () => (await gateway.shutdown(), await datagouv.close()) };
}

await runCluster(
  async () => {
    const gateway = await startGateway();
    if (workers > 1) return;
    process.on('message', (message) => {
      if (message === 'usage') {
        const cpu = process.cpuUsage();
        send({ peakRssMb: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 });
      }
      if (message === 'close') void gateway.close().finally(() => process.exit(0));
    });
    // The parent going away must not leave a server behind.
    process.on('disconnect', () => process.exit(0));
    send({ origin: gateway.origin });
  },
  { workers: () => workers, logger: quiet },
);
