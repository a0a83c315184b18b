import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { PothosValidationError } from '@pothos/core';
import { isGatewayError } from '../errors/gateway-error.js';

/** What the error boundary tells the logger about an unexpected error. */
export interface MaskedErrorReport {
  readonly errorId: string;
  readonly error: unknown;
}

/**
 * The one translation of errors into GraphQL errors: a GatewayError keeps its
 * message and gets `extensions.code`; anything else is masked behind an error
 * id that the log carries too.
 */
export function toGraphQLError(error: unknown, report: (masked: MaskedErrorReport) => void): GraphQLError {
  const graphQLError = error instanceof GraphQLError ? error : null;
  const original = graphQLError?.originalError ?? error;
  const location = {
    ...(graphQLError?.nodes ? { nodes: graphQLError.nodes } : {}),
    ...(graphQLError?.path ? { path: graphQLError.path } : {}),
  };

  if (isGatewayError(original)) {
    return new GraphQLError(original.message, {
      ...location,
      extensions: { ...toPublicDetails(original.code, original.details), code: original.code },
    });
  }
  if (original instanceof PothosValidationError) {
    return new GraphQLError(original.message, { ...location, extensions: { code: 'BAD_USER_INPUT' } });
  }
  // Parse and validation errors carry no original error: they are the client's and safe to show.
  if (graphQLError && !graphQLError.originalError) return graphQLError;
  // Yoga's own HTTP errors (bad JSON body, wrong method) are also meant for the client.
  if (graphQLError && graphQLError.extensions?.['http'] !== undefined) return graphQLError;

  const errorId = randomUUID();
  report({ errorId, error: original });
  return new GraphQLError(`Unexpected error (reference ${errorId}).`, {
    ...location,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
  });
}

// What a client may learn of an upstream failure: never where the gateway
// connects to (URL, host, redirect target) nor what the upstream wrote, which
// may quote both. Those stay in the log, under the request id.
const PUBLIC_UPSTREAM_DETAILS = new Set(['status', 'attempts', 'retryAfterSeconds']);
const PRIVATE_DETAILS = new Set(['url', 'host', 'location', 'upstreamMessage', 'upstreamErrors', 'reason']);

/** The details of a gateway error that may go into `extensions`. */
export function toPublicDetails(code: string, details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const upstream = code.startsWith('UPSTREAM_');
  return Object.fromEntries(
    Object.entries(details).filter(([key]) => (upstream ? PUBLIC_UPSTREAM_DETAILS.has(key) : !PRIVATE_DETAILS.has(key))),
  );
}
