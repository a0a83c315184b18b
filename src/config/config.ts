/**
 * The only reader of the environment. Every variable is validated at once and
 * every problem is reported together, so a bad deployment fails with one clear
 * message instead of a crash later.
 */

export type UpstreamSourceSetting = 'LIVE' | 'MOCK';
export type CommitmentSource = 'LOCAL' | 'TRACKER';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** TCP port of the gateway (0 picks a free one). Env `PORT`, default 4000. */
  readonly port: number;
  /** Interface to bind. Env `HOST`, default `127.0.0.1`. */
  readonly host: string;
  /** Processes serving on the same port, each a whole gateway (sharing caches and limits only through `REDIS_URL`). Env `WEB_CONCURRENCY`, default 1. */
  readonly webConcurrency: number;
  /** Directory of press-release Markdown files. Env `PRESS_RELEASES_DIR`, default `data/press-releases`. */
  readonly pressReleasesDir: string;
  /** Larger press-release files are skipped and reported. Env `PRESS_RELEASE_MAX_BYTES`, default 1 MiB. */
  readonly pressReleaseMaxBytes: number;
  /** Commitment records (YAML or CSV). Env `COMMITMENTS_FILE`, default `data/commitments/commitments.yaml`. */
  readonly commitmentsFile: string;
  /** Where commitments come from. Env `COMMITMENT_SOURCES` (comma list of `local`, `tracker`), default `local`. */
  readonly commitmentSources: readonly CommitmentSource[];
  /** data.gouv.fr API root; the client appends `/1/...` and `/2/...`. Env `DATAGOUV_API_URL`. */
  readonly datagouvApiUrl: string;
  /** Whether the upstream is the real API or the bundled emulation. Env `DATAGOUV_SOURCE`, default `LIVE`. */
  readonly datagouvSource: UpstreamSourceSetting;
  /** Overall deadline for one upstream call, retries included. Env `DATAGOUV_TIMEOUT_MS`, default 10 000. */
  readonly datagouvTimeoutMs: number;
  /** TCP connect timeout per attempt. Env `DATAGOUV_CONNECT_TIMEOUT_MS`, default 3 000. */
  readonly datagouvConnectTimeoutMs: number;
  /** Retries after the first attempt (GET only, on network errors, 429, 502-504). Env `DATAGOUV_RETRIES`, default 2. */
  readonly datagouvRetries: number;
  /** Freshness lifetime of a cached upstream answer; 0 turns the cache off. Env `DATAGOUV_CACHE_TTL_MS`, default 300 000 (5 min). */
  readonly datagouvCacheTtlMs: number;
  /** How long past its TTL a cached answer may still be served, flagged stale. Env `DATAGOUV_CACHE_MAX_STALE_MS`, default 86 400 000 (24 h). */
  readonly datagouvCacheMaxStaleMs: number;
  /** Env `DATAGOUV_CACHE_MAX_ENTRIES`, default 5 000. */
  readonly datagouvCacheMaxEntries: number;
  /** Env `DATAGOUV_CACHE_MAX_BYTES`, default 52 428 800 (50 MiB). */
  readonly datagouvCacheMaxBytes: number;
  /** Concurrent upstream requests at most. Env `DATAGOUV_CONCURRENCY`, default 8. */
  readonly datagouvConcurrency: number;
  /** Consecutive upstream failures that open the circuit breaker. Env `DATAGOUV_BREAKER_THRESHOLD`, default 5. */
  readonly datagouvBreakerThreshold: number;
  /** How long the open breaker waits before one probe. Env `DATAGOUV_BREAKER_COOLDOWN_MS`, default 30 000. */
  readonly datagouvBreakerCooldownMs: number;
  /** Deepest selection a query may have (introspection excepted). Env `GRAPHQL_MAX_DEPTH`, default 12. */
  readonly graphqlMaxDepth: number;
  /** Most aliases a query may use: each aliased lookup can cost an upstream call. Env `GRAPHQL_MAX_ALIASES`, default 60. */
  readonly graphqlMaxAliases: number;
  /** Highest estimated cost of a query (fields, multiplied by the page sizes they sit under). Env `GRAPHQL_MAX_COST`, default 20 000. */
  readonly graphqlMaxCost: number;
  /** Largest request body, checked again after gzip/deflate/br decompression. Env `HTTP_MAX_BODY_BYTES`, default 1 048 576 (1 MiB). */
  readonly httpMaxBodyBytes: number;
  /** Origins CORS allows, comma-separated; `*` allows any, never with credentials. Env `CORS_ORIGINS`, default `*`. */
  readonly corsOrigins: readonly string[];
  /** Sustained GraphQL requests per minute per client; 0 switches rate limiting off. Env `RATE_LIMIT_PER_MINUTE`, default 0. */
  readonly rateLimitPerMinute: number;
  /** Requests a client may send at once (token bucket size). Env `RATE_LIMIT_BURST`, default 30. */
  readonly rateLimitBurst: number;
  /** Proxies of our own in front of the gateway whose X-Forwarded-For is believed; 0 trusts none. Env `TRUST_PROXY_HOPS`, default 0. */
  readonly trustProxyHops: number;
  /** Longest one GraphQL request waits for data.gouv.fr in total; then stale data or UPSTREAM_TIMEOUT. Env `DATAGOUV_REQUEST_BUDGET_MS`, default 3 000. */
  readonly datagouvRequestBudgetMs: number;
  /** Longest a `Retry-After` from data.gouv.fr suspends every call to it. Env `DATAGOUV_MAX_RETRY_AFTER_MS`, default 60 000. */
  readonly datagouvMaxRetryAfterMs: number;
  /** Where code.gouv.fr's inventory file (`codegouvfr-repositories.json`) lives. Env `CODEGOUV_DATA_URL`, default `https://code.gouv.fr/data`. */
  readonly codegouvDataUrl: string;
  /** code.gouv.fr's ecosyste.ms API root (one repository, one account). Env `CODEGOUV_ECOSYSTEM_URL`, default `https://data.code.gouv.fr/api/v1`. */
  readonly codegouvEcosystemUrl: string;
  /** Whether code.gouv.fr is the real one or the bundled emulation. Env `CODEGOUV_SOURCE`, default `LIVE`. */
  readonly codegouvSource: UpstreamSourceSetting;
  /** Overall deadline of one code.gouv.fr API call, retries included (the inventory gets at least 60 s). Env `CODEGOUV_TIMEOUT_MS`, default 20 000. */
  readonly codegouvTimeoutMs: number;
  /** How long the downloaded inventory is fresh. Env `CODEGOUV_INVENTORY_TTL_MS`, default 21 600 000 (6 h). */
  readonly codegouvInventoryTtlMs: number;
  /** How long one repository's (or account's) answer is fresh. Env `CODEGOUV_CACHE_TTL_MS`, default 3 600 000 (1 h). */
  readonly codegouvCacheTtlMs: number;
  /** Env `LOG_LEVEL`, default `info`. */
  readonly logLevel: LogLevel;
  /** Longest wait for in-flight requests on SIGTERM/SIGINT before exiting. Env `SHUTDOWN_TIMEOUT_MS`, default 5 000. */
  readonly shutdownTimeoutMs: number;
  /** Directory of the embedded store of record (SQLite). Env `DATA_DIR`, default `var`. */
  readonly dataDir: string;
  /** PostgreSQL URL of a shared store of record; null keeps the SQLite file. Env `DATABASE_URL`. */
  readonly databaseUrl: string | null;
  /** Redis shared by every replica (caches, pauses, breakers, rate limits); null keeps them per process. Env `REDIS_URL`. */
  readonly redisUrl: string | null;
  /** Longest one Redis command may take before the replica carries on alone. Env `REDIS_COMMAND_TIMEOUT_MS`, default 250. */
  readonly redisCommandTimeoutMs: number;
  /** Between two evaluations of every commitment, in ms (jittered by 10 %). Env `EVALUATION_INTERVAL_MS`, default 3 600 000 (1 h). */
  readonly evaluationIntervalMs: number;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    // One line, so that a failed start reads as one line in any log.
    super(`Invalid configuration: ${problems.join(' ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and validates the configuration; throws one ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const config = readConfig(createReaders(env, problems));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function readConfig(read: Readers): Config {
  return {
    port: read.integer('PORT', 4000, 0, 65_535),
    host: read.text('HOST', '127.0.0.1'),
    webConcurrency: read.integer('WEB_CONCURRENCY', 1, 1, 64),
    pressReleasesDir: read.text('PRESS_RELEASES_DIR', 'data/press-releases'),
    pressReleaseMaxBytes: read.integer('PRESS_RELEASE_MAX_BYTES', 1_048_576, 1, 100 * 1_048_576),
    commitmentsFile: read.text('COMMITMENTS_FILE', 'data/commitments/commitments.yaml'),
    commitmentSources: read.list<'local' | 'tracker', CommitmentSource>('COMMITMENT_SOURCES', ['local'], { local: 'LOCAL', tracker: 'TRACKER' }),
    datagouvApiUrl: read.url('DATAGOUV_API_URL', 'https://www.data.gouv.fr/api'),
    datagouvSource: read.choice('DATAGOUV_SOURCE', 'LIVE', ['LIVE', 'MOCK'] as const),
    datagouvTimeoutMs: read.integer('DATAGOUV_TIMEOUT_MS', 10_000, 100, 120_000),
    datagouvConnectTimeoutMs: read.integer('DATAGOUV_CONNECT_TIMEOUT_MS', 3_000, 50, 60_000),
    datagouvRetries: read.integer('DATAGOUV_RETRIES', 2, 0, 5),
    datagouvCacheTtlMs: read.integer('DATAGOUV_CACHE_TTL_MS', 300_000, 0, 7 * 86_400_000),
    datagouvCacheMaxStaleMs: read.integer('DATAGOUV_CACHE_MAX_STALE_MS', 86_400_000, 0, 30 * 86_400_000),
    datagouvCacheMaxEntries: read.integer('DATAGOUV_CACHE_MAX_ENTRIES', 5_000, 1, 1_000_000),
    datagouvCacheMaxBytes: read.integer('DATAGOUV_CACHE_MAX_BYTES', 52_428_800, 1_024, 4 * 1_073_741_824),
    datagouvConcurrency: read.integer('DATAGOUV_CONCURRENCY', 8, 1, 256),
    datagouvBreakerThreshold: read.integer('DATAGOUV_BREAKER_THRESHOLD', 5, 1, 1_000),
    datagouvBreakerCooldownMs: read.integer('DATAGOUV_BREAKER_COOLDOWN_MS', 30_000, 100, 3_600_000),
    graphqlMaxDepth: read.integer('GRAPHQL_MAX_DEPTH', 12, 1, 100),
    graphqlMaxAliases: read.integer('GRAPHQL_MAX_ALIASES', 60, 0, 10_000),
    graphqlMaxCost: read.integer('GRAPHQL_MAX_COST', 20_000, 1, 10_000_000),
    httpMaxBodyBytes: read.integer('HTTP_MAX_BODY_BYTES', 1_048_576, 1_024, 64 * 1_048_576),
    corsOrigins: read.origins('CORS_ORIGINS', ['*']),
    rateLimitPerMinute: read.integer('RATE_LIMIT_PER_MINUTE', 0, 0, 1_000_000),
    rateLimitBurst: read.integer('RATE_LIMIT_BURST', 30, 1, 100_000),
    trustProxyHops: read.integer('TRUST_PROXY_HOPS', 0, 0, 10),
    datagouvRequestBudgetMs: read.integer('DATAGOUV_REQUEST_BUDGET_MS', 3_000, 100, 120_000),
    datagouvMaxRetryAfterMs: read.integer('DATAGOUV_MAX_RETRY_AFTER_MS', 60_000, 0, 3_600_000),
    codegouvDataUrl: read.url('CODEGOUV_DATA_URL', 'https://code.gouv.fr/data'),
    codegouvEcosystemUrl: read.url('CODEGOUV_ECOSYSTEM_URL', 'https://data.code.gouv.fr/api/v1'),
    codegouvSource: read.choice('CODEGOUV_SOURCE', 'LIVE', ['LIVE', 'MOCK'] as const),
    codegouvTimeoutMs: read.integer('CODEGOUV_TIMEOUT_MS', 20_000, 100, 300_000),
    codegouvInventoryTtlMs: read.integer('CODEGOUV_INVENTORY_TTL_MS', 21_600_000, 60_000, 7 * 86_400_000),
    codegouvCacheTtlMs: read.integer('CODEGOUV_CACHE_TTL_MS', 3_600_000, 0, 7 * 86_400_000),
    logLevel: read.choice('LOG_LEVEL', 'info', LOG_LEVELS),
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 5_000, 0, 600_000),
    dataDir: read.text('DATA_DIR', 'var'),
    databaseUrl: read.databaseUrl('DATABASE_URL'),
    redisUrl: read.redisUrl('REDIS_URL'),
    redisCommandTimeoutMs: read.integer('REDIS_COMMAND_TIMEOUT_MS', 250, 10, 10_000),
    // At least a minute: each evaluation reads the catalogue for every commitment, and data.gouv.fr is a shared service.
    evaluationIntervalMs: read.integer('EVALUATION_INTERVAL_MS', 3_600_000, 1_000, 7 * 86_400_000),
  };
}

export interface ConfigVariable {
  readonly name: string;
  /** The default as it would be written in the environment. */
  readonly default: string;
  readonly description: string;
}

/**
 * What each variable means, for people: the README's table is printed from
 * `listConfigVariables()` (`npm run docs:config`) and a test fails when it drifts.
 */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  PORT: 'TCP port (0 picks a free one)',
  WEB_CONCURRENCY: 'processes serving the same port (node:cluster), each a whole gateway; with `REDIS_URL` they share caches, pauses and limits, otherwise each keeps its own; see "Repeated reads" below',
  HOST: 'interface to bind (`0.0.0.0` to accept outside connections)',
  PRESS_RELEASES_DIR: 'Markdown records, read recursively at start-up; start fails (exit 2) when it is missing or holds none',
  PRESS_RELEASE_MAX_BYTES: 'larger files are skipped and reported',
  COMMITMENTS_FILE: 'commitment records (YAML or CSV, at most 5 MiB); start fails (exit 2) when the file is unusable as a whole',
  COMMITMENT_SOURCES: '`local`, or `local,tracker` to add the official tracking table from data.gouv.fr',
  DATAGOUV_API_URL: 'API root; the client appends `/1/...` and `/2/...`',
  DATAGOUV_SOURCE: '`MOCK` labels everything as demo data (set by `npm run demo`; the bundled emulation is also recognised by a header it sends)',
  DATAGOUV_TIMEOUT_MS: 'overall deadline of one upstream call, retries included',
  DATAGOUV_CONNECT_TIMEOUT_MS: 'TCP connect timeout per attempt',
  DATAGOUV_RETRIES: 'retries of a GET after network errors, 429 and 502–504',
  DATAGOUV_CACHE_TTL_MS: 'how long an upstream answer is fresh; `0` turns the cache off (every call asks data.gouv.fr, nothing is kept, not even as a stale fallback)',
  DATAGOUV_CACHE_MAX_STALE_MS: 'how long past its TTL an answer may be served, flagged `stale`',
  DATAGOUV_CACHE_MAX_ENTRIES: 'cache bound by entries',
  DATAGOUV_CACHE_MAX_BYTES: 'cache bound by size',
  DATAGOUV_CONCURRENCY: 'upstream requests in flight at most',
  DATAGOUV_BREAKER_THRESHOLD: 'consecutive failures that open the circuit breaker',
  DATAGOUV_BREAKER_COOLDOWN_MS: 'wait before the breaker lets one probe through',
  GRAPHQL_MAX_DEPTH: 'deepest selection a query may have (introspection excepted)',
  GRAPHQL_MAX_ALIASES: 'most aliases per query: each aliased lookup may cost a call to data.gouv.fr',
  GRAPHQL_MAX_COST: 'highest estimated query cost (each field 1, multiplied by the page sizes above it); every shipped example query passes',
  HTTP_MAX_BODY_BYTES: 'largest request body, after decompression; larger ones are refused with 413 `PAYLOAD_TOO_LARGE`',
  CORS_ORIGINS: '`*` (any origin, never with credentials) or a comma-separated list of allowed origins',
  RATE_LIMIT_PER_MINUTE: 'requests per minute per client (token bucket); `0` turns the limit off; over it: 429 `RATE_LIMITED` with `Retry-After`',
  RATE_LIMIT_BURST: 'requests a client may send at once (bucket size)',
  TRUST_PROXY_HOPS: 'proxies of our own in front of the gateway whose `X-Forwarded-For` is believed; `0` trusts none',
  DATAGOUV_REQUEST_BUDGET_MS: 'longest one GraphQL request waits for data.gouv.fr in total; then stale data or `UPSTREAM_TIMEOUT`',
  DATAGOUV_MAX_RETRY_AFTER_MS: "longest a `Retry-After` from data.gouv.fr suspends every call to it",
  CODEGOUV_DATA_URL: 'where code.gouv.fr\'s inventory of public-sector repositories lives; the client reads `<url>/codegouvfr-repositories.json`',
  CODEGOUV_ECOSYSTEM_URL: 'code.gouv.fr\'s ecosyste.ms API root; the client reads `/hosts/<forge>/repositories/<owner%2Fname>` and `/hosts/<forge>/owners/<owner>/repositories`',
  CODEGOUV_SOURCE: '`MOCK` labels repositories as demo data (set by `npm run demo`; the bundled emulation is also recognised by a header it sends)',
  CODEGOUV_TIMEOUT_MS: 'overall deadline of one code.gouv.fr API call, retries included; the inventory download gets at least 60 000',
  CODEGOUV_INVENTORY_TTL_MS: 'how long the downloaded inventory (large, updated daily at most) is fresh; past it, it is refreshed in the background',
  CODEGOUV_CACHE_TTL_MS: 'how long one repository\'s or one account\'s answer is fresh; `0` turns that cache off',
  LOG_LEVEL: 'pino level (`debug`, `warn`, `silent`...)',
  SHUTDOWN_TIMEOUT_MS: 'on SIGTERM/SIGINT, longest wait for in-flight requests before their connections are closed',
  DATA_DIR: 'directory of the embedded store of record (`gateway.sqlite`: runs, verdict history, snapshots, changes), created when missing',
  DATABASE_URL: '`postgres://user:password@host:5432/db`: keep the store of record in PostgreSQL instead, shared by several processes or machines',
  REDIS_URL: '`redis://host:6379/0` (or `rediss://`): share upstream caches, GraphQL answers, Retry-After pauses, breaker state and rate limits between every process and machine; unset, each process keeps its own',
  REDIS_COMMAND_TIMEOUT_MS: 'longest one Redis command may take; slower, or Redis unreachable, and the process carries on with its own caches and limits until Redis answers again',
  EVALUATION_INTERVAL_MS: 'how often every commitment is evaluated and recorded without a visitor (±10 %); with several processes on one store, one of them evaluates',
};

/** Every variable `loadConfig` reads, in reading order, with its default and meaning. */
export function listConfigVariables(): ConfigVariable[] {
  const defaults = new Map<string, string>();
  readConfig(createReaders({}, [], defaults));
  return [...defaults].map(([name, fallback]) => {
    const description = DESCRIPTIONS[name];
    if (description === undefined) throw new Error(`config variable ${name} has no description`);
    return { name, default: fallback, description };
  });
}

type Readers = ReturnType<typeof createReaders>;

function createReaders(env: Env, problems: string[], defaults?: Map<string, string>) {
  const raw = (name: string, fallback: unknown): string | undefined => {
    defaults?.set(name, Array.isArray(fallback) ? fallback.join(',') : String(fallback));
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  return {
    text(name: string, fallback: string): string {
      return raw(name, fallback) ?? fallback;
    },
    integer(name: string, fallback: number, min: number, max: number): number {
      const value = raw(name, fallback);
      if (value === undefined) return fallback;
      if (!/^-?\d+$/.test(value)) {
        problems.push(`${name}="${value}" is not a whole number (expected ${min}..${max}).`);
        return fallback;
      }
      const parsed = Number(value);
      if (parsed < min || parsed > max) {
        problems.push(`${name}=${value} is out of range (expected ${min}..${max}).`);
        return fallback;
      }
      return parsed;
    },
    databaseUrl(name: string): string | null {
      const value = raw(name, '');
      if (value === undefined) return null;
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        problems.push(`${name} is not a URL (expected postgres://user:password@host:5432/database).`);
        return null;
      }
      if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
        problems.push(`${name} must be a postgres:// URL (the embedded SQLite store needs no URL: set DATA_DIR instead).`);
        return null;
      }
      return value;
    },
    redisUrl(name: string): string | null {
      const value = raw(name, '');
      if (value === undefined) return null;
      let parsed: URL | null = null;
      try {
        parsed = new URL(value);
      } catch {
        // reported below
      }
      if (parsed === null || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')) {
        problems.push(`${name} must be a redis:// or rediss:// URL (expected redis://host:6379/0).`);
        return null;
      }
      return value;
    },
    url(name: string, fallback: string): string {
      const value = raw(name, fallback) ?? fallback;
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        problems.push(`${name}="${value}" is not an absolute URL.`);
        return fallback;
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        problems.push(`${name}="${value}" must use http or https.`);
        return fallback;
      }
      return value.replace(/\/+$/, '');
    },
    choice<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
      const value = raw(name, fallback);
      if (value === undefined) return fallback;
      const match = allowed.find((option) => option.toLowerCase() === value.toLowerCase());
      if (match === undefined) {
        problems.push(`${name}="${value}" is not one of: ${allowed.join(', ')}.`);
        return fallback;
      }
      return match;
    },
    origins(name: string, fallback: readonly string[]): string[] {
      const value = raw(name, fallback);
      if (value === undefined) return [...fallback];
      const items = value.split(',').map((item) => item.trim()).filter(Boolean);
      for (const item of items) {
        if (item === '*') continue;
        let parsed: URL | null = null;
        try {
          parsed = new URL(item);
        } catch {
          // reported below
        }
        if (parsed === null || parsed.origin !== item.replace(/\/+$/, '')) problems.push(`${name} contains "${item}", expected * or origins such as https://example.org.`);
      }
      return items.map((item) => item.replace(/\/+$/, ''));
    },
    list<K extends string, V>(name: string, fallback: readonly K[], mapping: Readonly<Record<K, V>>): V[] {
      const value = raw(name, fallback);
      const items = value === undefined ? fallback : value.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
      const result: V[] = [];
      for (const item of items) {
        if (!Object.hasOwn(mapping, item)) {
          problems.push(`${name} contains "${item}", expected a comma-separated list of: ${Object.keys(mapping).join(', ')}.`);
          continue;
        }
        const mapped = mapping[item as K];
        if (!result.includes(mapped)) result.push(mapped);
      }
      return result;
    },
  };
}
