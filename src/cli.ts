/**
 * The only place that reads the real environment, wires real dependencies and
 * listens. Everything it builds can be built the same way by tests with fakes.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config/config.js';
import { createCommitmentRegistry } from './commitments/create-commitment-registry.js';
import { loadCommitmentRecords } from './commitments/load-commitment-records.js';
import { loadPressReleaseStore } from './press-releases/load-press-release-store.js';
import { createGateway } from './server/create-gateway.js';
import { createDatagouvClient } from './upstream/datagouv/client.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const logger = pino({ level: config.logLevel, base: { service: 'datagouv-commitments-gateway' } });
  const pressReleases = await loadPressReleaseStore({
    directory: config.pressReleasesDir,
    maxFileBytes: config.pressReleaseMaxBytes,
    logger,
  });

  const records = await loadCommitmentRecords(config.commitmentsFile);
  for (const error of records.errors) {
    logger.warn({ file: error.path, row: error.row, field: error.field, reason: error.reason }, error.message);
  }
  logger.info({ file: config.commitmentsFile, loaded: records.commitments.length, skipped: records.errors.length }, 'commitments loaded');
  const commitments = createCommitmentRegistry(records.commitments, records.errors);

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
  });
  logger.info({ baseUrl: config.datagouvApiUrl, source: config.datagouvSource }, 'data.gouv.fr upstream configured');

  const gateway = createGateway({
    pressReleases,
    commitments,
    useTrackingTable: config.commitmentSources.includes('TRACKER'),
    datagouv,
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
  });

  await new Promise<void>((resolve, reject) => {
    gateway.server.once('error', reject);
    gateway.server.listen(config.port, config.host, () => resolve());
  });
  const address = gateway.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info(
    { url: `http://${shownHost}:${port}/graphql`, dashboard: `http://${shownHost}:${port}/` },
    'gateway listening; GraphiQL is served at this URL, the dashboard at /',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    gateway
      .shutdown()
      .then(() => datagouv.close())
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

main().catch((error: unknown) => {
  process.stderr.write(`Gateway failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
