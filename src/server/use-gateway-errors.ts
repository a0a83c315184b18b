import type { Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayContext } from '../schema/context.js';
import { isGatewayError } from '../errors/gateway-error.js';
import { toGraphQLError } from './to-graphql-error.js';

/**
 * Applies the error boundary to every execution result, where the request's
 * id is at hand: masked errors are logged in full, and so are upstream
 * failures, whose URL, host and upstream wording the client never sees. The
 * request's logger is made only for an answer with errors.
 */
export function useGatewayErrors(gatewayLogger: Logger): Plugin<GatewayContext> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (Symbol.asyncIterator in Object(result)) return;
        const single = result as ExecutionResult;
        if (!single.errors || single.errors.length === 0) return;
        const logger = gatewayLogger.child({ requestId: args.contextValue.requestId });
        setResult({
          ...single,
          errors: single.errors.map((error) => {
            const original = error.originalError;
            if (isGatewayError(original) && original.code.startsWith('UPSTREAM_')) {
              logger.warn({ code: original.code, details: original.details, path: error.path }, original.message);
            }
            return toGraphQLError(error, ({ errorId, error: cause }) => {
              logger.error({ errorId, err: cause, path: error.path }, 'unexpected error while resolving a field');
            });
          }),
        });
      },
    }),
  };
}
