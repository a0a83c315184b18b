import type { Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../schema/context.js';
import { toGraphQLError } from './to-graphql-error.js';

/**
 * Applies the error boundary to every execution result, where the request's
 * logger (and so its request id) is at hand for masked errors.
 */
export function useGatewayErrors(): Plugin<GatewayContext> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (Symbol.asyncIterator in Object(result)) return;
        const single = result as ExecutionResult;
        if (!single.errors || single.errors.length === 0) return;
        const logger = args.contextValue.logger;
        setResult({
          ...single,
          errors: single.errors.map((error) =>
            toGraphQLError(error, ({ errorId, error: cause }) => {
              logger.error({ errorId, err: cause, path: error.path }, 'unexpected error while resolving a field');
            }),
          ),
        });
      },
    }),
  };
}
