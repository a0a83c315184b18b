/**
 * The only place that reads the real environment, wires real dependencies and
 * listens. Everything it builds can be built the same way by tests with fakes.
 *
 * A start that cannot go on prints one line on stderr and exits: 2 for bad
 * configuration, unusable records or an unusable store of record, 1 for the
 * environment (port taken).
 */
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createCommitmentRegistry } from './commitments/create-commitment-registry.js';
import { loadCommitmentRecords } from './commitments/load-commitment-records.js';
import { GatewayError } from './errors/gateway-error.js';
import { loadPressReleaseStore } from './press-releases/load-press-release-store.js';
import { createGateway } from './server/create-gateway.js';
import { runCluster } from './server/run-cluster.js';
import { assertUsableCommitments, assertUsablePressReleases } from './startup/assert-usable-records.js';
import { listen } from './startup/listen.js';
import { StartupError } from './startup/startup-error.js';
import { watchUpstreamReachability } from './startup/watch-upstream-reachability.js';
import { connectSharedTier, type SharedTierParts } from './shared-tier/connect-shared-tier.js';
import { createStoreAccess, type StoreAccess } from './store/create-store-access.js';
import { describeStoreLocation, openStore, StoreOpenError } from './store/open-store.js';
import { createCodegouvClient } from './upstream/codegouv/client.js';
import { createDatagouvClient } from './upstream/datagouv/client.js';
import { createEvaluationScheduler } from './verdicts/create-evaluation-scheduler.js';
import { createEvaluator, type Evaluator } from './verdicts/create-evaluator.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    throw error instanceof ConfigError ? new StartupError(2, error.message) : error;
  }

  const logger = pino({ level: config.logLevel, base: { service: 'datagouv-commitments-gateway' } });
  const pressReleases = await loadPressReleaseStore({
    directory: config.pressReleasesDir,
    maxFileBytes: config.pressReleaseMaxBytes,
    logger,
  }).catch((error: unknown) => {
    throw error instanceof GatewayError && error.code === 'CONFIG_INVALID' ? new StartupError(2, error.message, { cause: error }) : error;
  });
  assertUsablePressReleases(pressReleases, config.pressReleasesDir);

  const records = await loadCommitmentRecords(config.commitmentsFile).catch((error: unknown) => {
    throw new StartupError(2, error instanceof Error ? error.message : String(error), { cause: error });
  });
  for (const error of records.errors) {
    logger.warn({ file: error.path, row: error.row, field: error.field, reason: error.reason }, error.message);
  }
  assertUsableCommitments(records, config.commitmentsFile);
  logger.info({ file: config.commitmentsFile, loaded: records.commitments.length, skipped: records.errors.length }, 'commitments loaded');
  const commitments = createCommitmentRegistry(records.commitments, records.errors);

  // Without REDIS_URL every process keeps its caches, pauses and limits to itself, as one process always did.
  const shared: SharedTierParts | null = config.redisUrl
    ? connectSharedTier({ url: config.redisUrl, commandTimeoutMs: config.redisCommandTimeoutMs, logger: logger.child({ component: 'shared-tier' }) })
    : null;

  const datagouv = createDatagouvClient({
    baseUrl: config.datagouvApiUrl,
    source: config.datagouvSource,
    timeouts: { connectMs: config.datagouvConnectTimeoutMs, overallMs: config.datagouvTimeoutMs },
    retries: config.datagouvRetries,
    maxGateMs: config.datagouvMaxRetryAfterMs,
    cache: {
      ttlMs: config.datagouvCacheTtlMs,
      maxStaleMs: config.datagouvCacheMaxStaleMs,
      maxEntries: config.datagouvCacheMaxEntries,
      maxBytes: config.datagouvCacheMaxBytes,
    },
    breaker: { failureThreshold: config.datagouvBreakerThreshold, coolDownMs: config.datagouvBreakerCooldownMs },
    concurrency: config.datagouvConcurrency,
    logger: logger.child({ component: 'datagouv' }),
    ...(shared && { secondTier: shared.upstreamCache, politeness: shared.datagouvPoliteness }),
  });
  logger.info({ baseUrl: config.datagouvApiUrl, source: config.datagouvSource }, 'data.gouv.fr upstream configured');

  // Nothing is fetched before listening: start-up never waits for code.gouv.fr.
  const codegouv = createCodegouvClient({
    dataUrl: config.codegouvDataUrl,
    ecosystemUrl: config.codegouvEcosystemUrl,
    source: config.codegouvSource,
    timeouts: { overallMs: config.codegouvTimeoutMs },
    retries: config.datagouvRetries,
    maxGateMs: config.datagouvMaxRetryAfterMs,
    inventoryCache: { ttlMs: config.codegouvInventoryTtlMs },
    repositoryCache: { ttlMs: config.codegouvCacheTtlMs },
    breaker: { failureThreshold: config.datagouvBreakerThreshold, coolDownMs: config.datagouvBreakerCooldownMs },
    logger: logger.child({ component: 'codegouv' }),
    ...(shared && { secondTier: shared.upstreamCache, politeness: shared.codegouvPoliteness }),
  });
  logger.info({ dataUrl: config.codegouvDataUrl, ecosystemUrl: config.codegouvEcosystemUrl, source: config.codegouvSource }, 'code.gouv.fr upstream configured');

  const storeLocation = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
  const store: StoreAccess = await createStoreAccess({
    engine: config.databaseUrl ? 'postgres' : 'sqlite',
    location: describeStoreLocation(storeLocation),
    open: () => openStore(storeLocation),
    logger: logger.child({ component: 'store' }),
  }).catch((error: unknown) => {
    throw error instanceof StoreOpenError ? new StartupError(2, `store of record unusable: ${error.message}`, { cause: error }) : error;
  });
  logger.info({ store: store.status().location, state: store.status().state }, 'store of record configured');

  const evaluatorId = `${hostname()}:${process.pid}`;
  let evaluator: Evaluator | null = null;
  const gateway = createGateway({
    pressReleases,
    commitments,
    useTrackingTable: config.commitmentSources.includes('TRACKER'),
    datagouv,
    codegouv,
    logger,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    limits: { maxDepth: config.graphqlMaxDepth, maxAliases: config.graphqlMaxAliases, maxCost: config.graphqlMaxCost },
    // `src/cli.ts` and a compiled `dist/cli.js` both sit one level below the project root.
    webRoot: fileURLToPath(new URL('../dist/web/', import.meta.url)),
    clientPolicy: {
      maxBodyBytes: config.httpMaxBodyBytes,
      corsOrigins: config.corsOrigins,
      rateLimit: { perMinute: config.rateLimitPerMinute, burst: config.rateLimitBurst },
      trustedProxyHops: config.trustProxyHops,
      upstreamBudgetMs: config.datagouvRequestBudgetMs,
    },
    store,
    // A run is served until two intervals have passed without a newer one: then requests judge for themselves.
    recordedVerdictsMaxAgeMs: 2 * config.evaluationIntervalMs,
    evaluatorStats: () => evaluator?.stats() ?? null,
    ...(shared && { sharedTier: shared.gateway }),
  });
  evaluator = createEvaluator({
    commitments: () => commitments.all(),
    datagouv,
    codegouv,
    verdicts: gateway.verdicts,
    store,
    now: () => new Date(),
    logger: logger.child({ component: 'evaluator' }),
    evaluatorId,
    // With the tracking table as a source, it is read again before each run, so that its rows are judged with the records.
    beforeRun: () => gateway.refreshTrackerCommitments(),
  });
  const scheduler = createEvaluationScheduler({
    evaluator,
    verdicts: gateway.verdicts,
    store,
    intervalMs: config.evaluationIntervalMs,
    source: () => (datagouv.source() === 'MOCK' || codegouv.source() === 'MOCK' ? 'MOCK' : 'LIVE'),
    holder: evaluatorId,
    now: () => new Date(),
    logger: logger.child({ component: 'evaluator' }),
  });
  // Whether data.gouv.fr answers is said first, by the reachability probe; the first run follows it.
  let firstProbe: () => void = () => undefined;
  const probed = new Promise<void>((resolve) => {
    firstProbe = resolve;
  });
  // The recorded verdicts and memory are restored before the first request is taken.
  await scheduler.start(probed);

  await listen(gateway.server, config.port, config.host);
  const address = gateway.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info(
    { url: `http://${shownHost}:${port}/graphql`, dashboard: `http://${shownHost}:${port}/` },
    'gateway listening; GraphiQL is served at this URL, the dashboard at /',
  );

  // The inventory takes longer to download than one request may wait: fetched
  // now, in the background, it is cached by the time most visitors ask. A
  // failure here only means the first evaluations will try again.
  codegouv.getInventory().then(
    (inventory) => logger.info({ repositories: inventory.size, skipped: inventory.skipped }, 'code.gouv.fr inventory loaded'),
    (error: unknown) => {
      const code = error instanceof GatewayError ? error.code : 'UNKNOWN';
      logger.warn({ dataUrl: config.codegouvDataUrl, code }, 'code.gouv.fr inventory could not be read: source code stays unchecked until it can');
    },
  );

  // The tracking table's rows are listed as soon as it is read, and read again every interval, also by a
  // replica that does not hold the evaluator's lease (the evaluating one reads it before each run too).
  void gateway.refreshTrackerCommitments();
  const trackerTimer = config.commitmentSources.includes('TRACKER')
    ? setInterval(() => void gateway.refreshTrackerCommitments(), config.evaluationIntervalMs)
    : null;
  trackerTimer?.unref();

  // Not a readiness condition: without data.gouv.fr the gateway still serves
  // the records, and verdicts say UNVERIFIABLE rather than guess.
  const reachability = watchUpstreamReachability({
    probe: () => datagouv.getSite(),
    onChange: (state, error) => {
      if (state === 'reachable') {
        logger.info({ baseUrl: config.datagouvApiUrl }, 'data.gouv.fr answers');
        return;
      }
      const code = error instanceof GatewayError ? error.code : 'UNKNOWN';
      logger.warn(
        { baseUrl: config.datagouvApiUrl, code, detail: error instanceof Error ? error.message : String(error) },
        'data.gouv.fr cannot be reached: serving press releases and commitments (verdicts UNVERIFIABLE), retrying in the background; for demo data without network run `npm run demo`',
      );
    },
  });

  void reachability.firstProbe.then(() => firstProbe());

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    reachability.stop();
    if (trackerTimer) clearInterval(trackerTimer);
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    gateway
      .shutdown()
      .then(() => scheduler.stop())
      .then(() => store.close())
      .then(() => Promise.all([datagouv.close(), codegouv.close(), shared?.close()]))
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// WEB_CONCURRENCY > 1 runs `main` in that many processes sharing the port; 1 (the default) runs it here.
runCluster(main, { workers: () => loadConfig(process.env).webConcurrency }).catch((error: unknown) => {
  if (error instanceof StartupError) {
    process.stderr.write(`Gateway not started: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`Gateway failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
