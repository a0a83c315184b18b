import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

describe('loadConfig', () => {
  it('gives documented defaults for an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      webConcurrency: 1,
      pressReleasesDir: 'data/press-releases',
      commitmentsFile: 'data/commitments/commitments.yaml',
      commitmentSources: ['LOCAL'],
      datagouvApiUrl: 'https://www.data.gouv.fr/api',
      datagouvSource: 'LIVE',
      datagouvCacheTtlMs: 300_000,
      graphqlMaxAliases: 60,
      logLevel: 'info',
    });
  });

  it('reads lists, choices and URLs leniently but exactly', () => {
    const config = loadConfig({
      COMMITMENT_SOURCES: ' Local , TRACKER,local',
      DATAGOUV_SOURCE: 'mock',
      DATAGOUV_API_URL: 'http://127.0.0.1:4010/api/',
      PORT: '0',
    });
    expect(config).toMatchObject({
      commitmentSources: ['LOCAL', 'TRACKER'],
      datagouvSource: 'MOCK',
      datagouvApiUrl: 'http://127.0.0.1:4010/api',
      port: 0,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: '70000', DATAGOUV_TIMEOUT_MS: '1.5', COMMITMENT_SOURCES: 'local,csv', LOG_LEVEL: 'chatty' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'PORT=70000 is out of range (expected 0..65535).',
      'COMMITMENT_SOURCES contains "csv", expected a comma-separated list of: local, tracker.',
      'DATAGOUV_TIMEOUT_MS="1.5" is not a whole number (expected 100..120000).',
      'LOG_LEVEL="chatty" is not one of: fatal, error, warn, info, debug, trace, silent.',
    ]);
  });

  it('accepts a cache TTL of 0 (the cache off) and defaults the shutdown wait to 5 s', () => {
    expect(loadConfig({ DATAGOUV_CACHE_TTL_MS: '0' }).datagouvCacheTtlMs).toBe(0);
    expect(loadConfig({}).shutdownTimeoutMs).toBe(5_000);
  });

  it('keeps the shared tier off without REDIS_URL, and takes only redis:// or rediss:// URLs', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: null, redisCommandTimeoutMs: 250 });
    expect(loadConfig({ REDIS_URL: 'redis://cache.internal:6379/0' }).redisUrl).toBe('redis://cache.internal:6379/0');
    expect(loadConfig({ REDIS_URL: 'rediss://user:secret@cache:6380' }).redisUrl).toBe('rediss://user:secret@cache:6380');
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => loadConfig({ REDIS_URL: 'cache:6379' })).toThrow(/REDIS_URL must be/);
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '5' })).toThrow(/REDIS_COMMAND_TIMEOUT_MS=5 is out of range/);
  });

  it('says everything on one line, so a failed start reads as one log line', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(
      /^Invalid configuration: PORT="x" is not a whole number \(expected 0\.\.65535\)\. LOG_LEVEL="loud" is not one of: [^\n]+$/,
    );
  });
});

describe('client policy settings', () => {
  it('defaults to an open, credential-less CORS, no rate limit and a 3 s upstream budget', () => {
    expect(loadConfig({})).toMatchObject({
      httpMaxBodyBytes: 1_048_576,
      corsOrigins: ['*'],
      rateLimitPerMinute: 0,
      rateLimitBurst: 30,
      trustProxyHops: 0,
      datagouvRequestBudgetMs: 3_000,
      datagouvMaxRetryAfterMs: 60_000,
      graphqlMaxCost: 20_000,
    });
  });

  it('reads an origin allow-list and refuses what is not an origin', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example/' }).corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path,nope' })).toThrow(/CORS_ORIGINS contains "https:\/\/a.example\/path"[\s\S]*"nope"/);
  });
});
