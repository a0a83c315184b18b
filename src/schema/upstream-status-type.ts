import type { UpstreamStatusSnapshot } from '../upstream/datagouv/datagouv-client.js';
import type { SiteInfo } from '../upstream/datagouv/model.js';
import { builder } from './builder.js';
import type { UpstreamLookupReport } from './upstream-lookup-report.js';
import { UpstreamSourceEnum } from './upstream-source.js';

const BreakerStateEnum = builder.enumType('BreakerState', {
  description: 'State of the circuit breaker that protects data.gouv.fr from a gateway retrying during an outage.',
  values: {
    CLOSED: { description: 'Calls go through normally.' },
    OPEN: { description: 'Recent calls failed; calls fail fast without reaching data.gouv.fr until the cool-down ends.' },
    HALF_OPEN: { description: 'Cool-down over: one probe call is let through to test recovery.' },
  } as const,
});

interface CallCount {
  readonly status: string;
  readonly count: number;
}

const UpstreamCallCountRef = builder.objectRef<CallCount>('UpstreamCallCount').implement({
  description: 'How many upstream HTTP calls ended with one outcome since the gateway started.',
  fields: (t) => ({
    status: t.exposeString('status', { description: 'HTTP status (`200`, `404`, `503`...) or `TIMEOUT`, `NETWORK_ERROR`.' }),
    count: t.exposeInt('count', { description: 'Number of calls.' }),
  }),
});

type LastError = NonNullable<UpstreamStatusSnapshot['lastError']>;

const UpstreamErrorReportRef = builder.objectRef<LastError>('UpstreamErrorReport').implement({
  description: 'The most recent upstream failure.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Error code (`UPSTREAM_TIMEOUT`, `UPSTREAM_UNAVAILABLE`...).' }),
    message: t.exposeString('message', { description: 'What happened.' }),
    at: t.field({ type: 'DateTime', description: 'When it happened.', resolve: (e) => e.at }),
  }),
});

const SiteInfoRef = builder.objectRef<SiteInfo>('UpstreamSite').implement({
  description: 'What data.gouv.fr says of itself (`/api/1/site/`): its release and the size of its catalogue.',
  fields: (t) => ({
    title: t.exposeString('title', { nullable: true, description: 'Site title.' }),
    version: t.exposeString('version', { nullable: true, description: 'udata release running upstream.' }),
    datasetCount: t.exposeInt('datasetCount', { nullable: true, description: 'Public datasets.' }),
    dataserviceCount: t.exposeInt('dataserviceCount', { nullable: true, description: 'Public APIs.' }),
    organizationCount: t.exposeInt('organizationCount', { nullable: true, description: 'Organizations.' }),
    reuseCount: t.exposeInt('reuseCount', { nullable: true, description: 'Reuses.' }),
    resourceCount: t.exposeInt('resourceCount', { nullable: true, description: 'Files.' }),
    fetchedAt: t.field({ type: 'DateTime', description: 'When the gateway fetched this.', resolve: (site) => site.fetchedAt }),
    stale: t.exposeBoolean('stale', { description: 'True when served from cache because data.gouv.fr failed.' }),
  }),
});

/** The process-wide snapshot, plus what this request met. */
export type UpstreamStatusView = UpstreamStatusSnapshot & {
  readonly requestFailures: readonly LastError[];
  readonly requestLookups: readonly UpstreamLookupReport[];
};


const UpstreamLookupOutcomeEnum = builder.enumType('UpstreamLookupOutcome', {
  description: 'How one data.gouv.fr lookup ended.',
  values: {
    OK: { description: 'An answer (fresh or from the cache).' },
    NOT_FOUND: { description: 'data.gouv.fr has no such object.' },
    FAILED: { description: 'data.gouv.fr failed and nothing usable was cached; see `code`.' },
  } as const,
});

const UpstreamLookupRef = builder.objectRef<UpstreamLookupReport>('UpstreamLookup').implement({
  description: 'One data.gouv.fr lookup made to answer this request.',
  fields: (t) => ({
    operation: t.exposeString('operation', { description: 'The client operation (`getDataset`, `searchDatasets`...).' }),
    target: t.exposeString('target', { description: 'What was asked: an id or slug, or the parameters as JSON.' }),
    outcome: t.field({ type: UpstreamLookupOutcomeEnum, description: 'How it ended.', resolve: (l) => l.outcome }),
    code: t.exposeString('code', { nullable: true, description: 'Error code when it failed.' }),
    fromCache: t.exposeBoolean('fromCache', {
      nullable: true,
      description: 'True when answered from the gateway’s cache, false when data.gouv.fr was asked; null when the answer does not say (a 404).',
    }),
  }),
});

export const UpstreamStatusRef = builder.objectRef<UpstreamStatusView>('UpstreamStatus').implement({
  description: 'Health of the link to data.gouv.fr, as this gateway process sees it.',
  fields: (t) => ({
    baseUrl: t.exposeString('baseUrl', { description: 'API root the gateway calls.' }),
    source: t.field({
      type: UpstreamSourceEnum,
      description: 'LIVE for data.gouv.fr; MOCK when the gateway runs against the bundled demo emulation.',
      resolve: (s) => s.source,
    }),
    breakerState: t.field({ type: BreakerStateEnum, description: 'Circuit breaker state.', resolve: (s) => s.breakerState }),
    cacheEntries: t.exposeInt('cacheEntries', { description: 'Upstream answers held in the process cache.' }),
    cacheBytes: t.exposeInt('cacheBytes', { description: 'Estimated heap memory held by the cache, in bytes.' }),
    cacheHits: t.exposeInt('cacheHits', { description: 'Lookups answered from the cache since start.' }),
    cacheMisses: t.exposeInt('cacheMisses', { description: 'Lookups that needed data.gouv.fr since start.' }),
    cacheHitRatio: t.float({
      nullable: true,
      description: 'hits / (hits + misses); null before the first lookup.',
      resolve: (s) => (s.cacheHits + s.cacheMisses === 0 ? null : s.cacheHits / (s.cacheHits + s.cacheMisses)),
    }),
    calls: t.field({
      type: [UpstreamCallCountRef],
      description: 'Upstream HTTP calls since start, by outcome.',
      resolve: (s) =>
        Object.entries(s.callsByStatus)
          .map(([status, count]) => ({ status, count }))
          .sort((a, b) => a.status.localeCompare(b.status)),
    }),
    lastError: t.field({
      type: UpstreamErrorReportRef,
      nullable: true,
      description: 'Most recent failure, if any (of this request when it met one, otherwise of any request).',
      resolve: (s) => s.requestFailures.at(-1) ?? s.lastError,
    }),
    requestFailures: t.field({
      type: [UpstreamErrorReportRef],
      description:
        'Upstream failures met while answering this request, one per failing lookup (stale data served instead is not a failure); code.gouv.fr’s, met while judging source code, are listed too and name their host.',
      resolve: (s) => s.requestFailures,
    }),
    requestLookups: t.field({
      type: [UpstreamLookupRef],
      description:
        'Every upstream lookup made to answer this request (from the cache or not), in the order they settled: data.gouv.fr’s, and code.gouv.fr’s for source code (`getInventory`, `getRepository`, `listOwnerRepositories`).',
      resolve: (s) => s.requestLookups,
    }),
    site: t.field({
      type: SiteInfoRef,
      nullable: true,
      description: 'data.gouv.fr’s own description (release, catalogue size), fetched on demand; null with a coded error when it fails.',
      resolve: (_s, _args, context) => context.loaders.site(),
    }),
  }),
});
