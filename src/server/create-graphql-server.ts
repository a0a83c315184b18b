import { randomUUID } from 'node:crypto';
import { useContentEncoding } from '@whatwg-node/server';
import { useAPQ } from '@graphql-yoga/plugin-apq';
import type { DocumentNode } from 'graphql';
import { createYoga, type GraphiQLOptions, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { CommitmentRegistry } from '../commitments/create-commitment-registry.js';
import { MAX_LISTED_CANDIDATES } from '../commitments/resolve-commitment-status.js';
import { createLoaders } from '../loaders/create-loaders.js';
import type { PressReleaseStore } from '../press-releases/press-release-store.js';
import type { GatewayContext } from '../schema/context.js';
import { createSchema } from '../schema/index.js';
import type { StoreAccess } from '../store/create-store-access.js';
import type { CodegouvClient } from '../upstream/codegouv/model.js';
import type { DatagouvClient } from '../upstream/datagouv/datagouv-client.js';
import type { VerdictService } from '../verdicts/create-verdict-service.js';
import type { GraphiqlAssets } from './create-graphiql-assets.js';
import type { GatewayMetrics } from './create-metrics.js';
import type { PersistedQueryStore } from './create-persisted-query-store.js';
import { createRequestUpstreamLog, type RequestUpstreamLog } from './create-request-upstream-log.js';
import { createUpstreamBudget } from './create-upstream-budget.js';
import { createDocumentCache } from './create-document-cache.js';
import { createGraphiqlDefaultQuery } from './graphiql-default-query.js';
import { toGraphQLError } from './to-graphql-error.js';
import { useArgumentBounds } from './use-argument-bounds.js';
import { useDemoDataNotice } from './use-demo-data-notice.js';
import { useGatewayErrors } from './use-gateway-errors.js';
import { useQueryLimits, type QueryLimits } from './use-query-limits.js';
import { useRequestOutcome, type RequestServerContext } from './use-request-outcome.js';

export interface GraphQLServerContext extends RequestServerContext {
  /** Aborted when the client goes away or the request's upstream budget is spent. */
  readonly upstreamSignal?: AbortSignal;
  /** Handed the request's upstream log, so the HTTP layer can tell how long its answer stays true. */
  readonly onUpstreamLog?: (log: RequestUpstreamLog) => void;
}

export type GraphQLServer = YogaServerInstance<GraphQLServerContext, GatewayContext>;

export interface GraphQLServerDependencies {
  readonly pressReleases: PressReleaseStore;
  readonly commitments: CommitmentRegistry;
  readonly useTrackingTable: boolean;
  readonly datagouv: DatagouvClient;
  readonly codegouv?: CodegouvClient | undefined;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly store: StoreAccess | null;
  readonly verdicts: VerdictService;
  readonly limits?: QueryLimits | undefined;
  readonly metrics?: GatewayMetrics | undefined;
  readonly persistedQueries: PersistedQueryStore;
  readonly graphiqlAssets: GraphiqlAssets;
  /** Origins allowed by CORS; with `'*'` the HTTP layer answers CORS itself. */
  readonly corsOrigins: readonly string[];
  /** Budget of in-process requests (tests), which come without the HTTP layer's, in ms. */
  readonly upstreamBudgetMs: number;
}

/** Rows of the official tracking table counted when pricing a list of commitments (the table tracks 63 items). */
const TRACKER_ROWS_BOUND = 100;
/** Estimated bytes of parsed documents kept (a dashboard query is about 40 KB parsed), and of documents that failed to parse. */
const DOCUMENT_CACHE_BYTES = 8 * 1024 * 1024;
const DOCUMENT_ERROR_CACHE_BYTES = 1024 * 1024;

/** Yoga over the Pothos schema, with the gateway's plugins and a per-request context. */
export function createGraphQLServer(deps: GraphQLServerDependencies): GraphQLServer {
  const { now, metrics } = deps;
  const anyOrigin = deps.corsOrigins.includes('*');
  // Demo data from either upstream labels the whole answer.
  const demoSource = () => (deps.datagouv.source() === 'MOCK' || deps.codegouv?.source() === 'MOCK' ? 'MOCK' : 'LIVE');
  return createYoga<GraphQLServerContext, GatewayContext>({
    schema: createSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // A factory, so the demo banner follows the upstream actually answering.
    graphiql: (request) => {
      const document = createGraphiqlDefaultQuery(deps.datagouv.source());
      // A shared link (`/graphql?query=...&variables=...`) opens on its own query.
      const shared = readSharedQuery(request.url);
      // Yoga's GraphiQL (4.x) opens on `query` and ignores `defaultQuery`, which
      // its options type still names: pass both.
      return {
        title: 'Engagements open data — passerelle GraphQL',
        defaultQuery: document,
        query: shared?.query ?? document,
        ...(shared?.variables ? { variables: shared.variables } : {}),
      } as GraphiQLOptions;
    },
    // GraphiQL's own files are served by the gateway rather than from a CDN,
    // so the explorer works wherever the gateway runs, network or not.
    renderGraphiQL: (options) => deps.graphiqlAssets.renderPage({ ...options }),
    logging: false,
    // Parsed and validated documents are reused across requests (a document's limits and cost are computed once), within a byte budget.
    parserAndValidationCache: {
      documentCache: createDocumentCache<DocumentNode>(DOCUMENT_CACHE_BYTES),
      errorCache: createDocumentCache<Error>(DOCUMENT_ERROR_CACHE_BYTES),
      validationCache: true,
    },
    // Yoga would reflect the caller's origin for '*', so the HTTP layer answers that case itself, with a literal '*'.
    cors: anyOrigin ? false : { origin: [...deps.corsOrigins], credentials: false, exposedHeaders: ['x-request-id'] },
    maskedErrors: {
      maskError: (error) =>
        toGraphQLError(error, ({ errorId, error: cause }) => deps.logger.error({ errorId, err: cause }, 'unexpected error')),
    },
    plugins: [
      // Answers (lists of commitments, catalogue pages) compress well.
      useContentEncoding(),
      // Clients may send a document's SHA-256 instead of its text, by GET: short URLs that caches can key on.
      useAPQ({ store: deps.persistedQueries }),
      ...useQueryLimits(withLocalListBounds(deps), (code) => metrics?.countRefusal(code)),
      useArgumentBounds(),
      useGatewayErrors(deps.logger),
      useRequestOutcome(metrics),
      useDemoDataNotice(demoSource),
    ],
    context: ({ requestId, request, upstreamSignal, onUpstreamLog }) => {
      const id = requestId ?? randomUUID();
      // In-process requests (tests) come without the HTTP layer's budget: give them one.
      const signal = upstreamSignal ?? createUpstreamBudget(deps.upstreamBudgetMs, request.signal).signal;
      const upstreamLog = createRequestUpstreamLog(deps.datagouv, now);
      const codegouv = deps.codegouv ? upstreamLog.track(deps.codegouv) : undefined;
      onUpstreamLog?.(upstreamLog);
      return {
        requestId: id,
        pressReleases: deps.pressReleases,
        commitments: deps.commitments,
        useTrackingTable: deps.useTrackingTable,
        now,
        datagouv: upstreamLog.client,
        upstreamLog,
        history: deps.store,
        loaders: createLoaders({
          datagouv: upstreamLog.client,
          ...(codegouv ? { codegouv } : {}),
          signal,
          commitments: deps.commitments.records(),
          verdicts: (loaders) => deps.verdicts.forRequest(loaders, upstreamLog),
        }),
      } satisfies GatewayContext;
    },
  });
}

/**
 * The query limits with the real length of the lists the gateway holds
 * itself: the records are counted once at start, the runners-up are capped
 * by the resolver. Upstream pages keep the size asked for.
 */
function withLocalListBounds(deps: GraphQLServerDependencies): QueryLimits {
  // The tracking table's rows join the records after start: priced at their bound.
  const commitments = deps.commitments.all().length + (deps.useTrackingTable ? TRACKER_ROWS_BOUND : 0);
  const announcements = deps.pressReleases.all().length;
  return {
    ...deps.limits,
    costModel: {
      ...deps.limits?.costModel,
      listBounds: {
        'Query.commitments': commitments,
        'Query.announcements': announcements,
        'Announcement.commitments': commitments,
        'CommitmentStatus.candidates': MAX_LISTED_CANDIDATES,
        ...deps.limits?.costModel?.listBounds,
      },
    },
  };
}

/** The query and variables of a shared GraphiQL link; null when the URL has no query. */
function readSharedQuery(url: string): { query: string; variables: string | null } | null {
  const params = new URL(url).searchParams;
  const query = params.get('query');
  if (query === null || query.trim() === '') return null;
  return { query, variables: params.get('variables') };
}
