import { GraphQLError, getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './create-metrics.js';
import { isLimitError } from './use-query-limits.js';

/** What the HTTP layer hands to every GraphQL request. */
export interface RequestServerContext {
  readonly requestId?: string;
  /** `performance.now()` when the HTTP request arrived. */
  readonly startedAt?: number;
}

/**
 * Stamps every error of every answer, refusals included, with the request id
 * that the `x-request-id` header and the log carry, and counts the answer in
 * the metrics by operation and outcome.
 */
export function useRequestOutcome(metrics: GatewayMetrics | undefined): Plugin<Record<string, unknown>, RequestServerContext> {
  const operations = new WeakMap<Request, string>();
  return {
    onParams: ({ params, request }) => {
      if (typeof params.operationName === 'string' && params.operationName !== '') operations.set(request, params.operationName);
    },
    onValidate: ({ params, context }) => {
      // The document names its operation even when the client does not send `operationName`.
      const request = (context as { request?: Request }).request;
      if (request === undefined || operations.has(request)) return;
      const name = getOperationAST(params.documentAST)?.name?.value;
      if (name !== undefined) operations.set(request, name);
    },
    onResultProcess: ({ request, result, setResult, serverContext }) => {
      if (Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      const single = result as ExecutionResult;
      const requestId = serverContext.requestId;
      if (single.errors && single.errors.length > 0) {
        setResult({
          ...single,
          errors: single.errors.map(
            (error) =>
              new GraphQLError(error.message, {
                ...(error.nodes ? { nodes: error.nodes } : {}),
                ...(error.source ? { source: error.source } : {}),
                ...(error.positions ? { positions: error.positions } : {}),
                ...(error.path ? { path: error.path } : {}),
                ...(error.originalError ? { originalError: error.originalError } : {}),
                extensions: {
                  ...error.extensions,
                  ...(requestId !== undefined ? { requestId } : {}),
                  // Yoga marks validation errors `spec`, which keeps them at 200 for
                  // application/json clients; a refused limit is a 400 whatever the client accepts.
                  ...(isRequestRefusal(error) ? { http: { status: 400 } } : {}),
                },
              }),
          ),
        });
      }
      if (metrics && serverContext.startedAt !== undefined) {
        const errors = single.errors ?? [];
        const outcome = errors.some((error) => isLimitError(error))
          ? 'refused'
          : errors.length === 0
            ? 'ok'
            : single.data === null || single.data === undefined
              ? 'error'
              : 'partial';
        metrics.observeGraphqlRequest(operations.get(request) ?? 'anonymous', outcome, (performance.now() - serverContext.startedAt) / 1000);
      }
    },
  };
}

/** Refused before execution (limits, oversized arguments): the whole request was wrong, not one field. */
function isRequestRefusal(error: GraphQLError): boolean {
  return isLimitError(error) || (error.path === undefined && error.extensions?.['code'] === 'BAD_USER_INPUT');
}
