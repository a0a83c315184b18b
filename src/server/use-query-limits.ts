import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { createCostLimitRule, type CostModel } from './create-cost-limit-rule.js';

export interface QueryLimits {
  /** Deepest selection (introspection excepted). Default 12. */
  readonly maxDepth?: number;
  /** Most aliases per operation. Default 60. */
  readonly maxAliases?: number;
  /** Highest estimated cost per operation (see computeOperationCost). Default 20 000. */
  readonly maxCost?: number;
  /** Most lexical tokens per document. Default 5 000. */
  readonly maxTokens?: number;
  readonly costModel?: CostModel;
}

export const DEFAULT_MAX_COST = 20_000;

/** Codes of the refusals, in `extensions.code`. */
export type LimitCode =
  | 'DEPTH_LIMIT_EXCEEDED'
  | 'ALIAS_LIMIT_EXCEEDED'
  | 'TOKEN_LIMIT_EXCEEDED'
  | 'DIRECTIVE_LIMIT_EXCEEDED'
  | 'COST_LIMIT_EXCEEDED';

/**
 * A refusal meant for the client: HTTP 400 (yoga reads `extensions.http`
 * and strips it from the body), a stable code and the limit in plain words.
 */
export function createLimitError(code: LimitCode, message: string): GraphQLError {
  // graphql-armor words its refusals as parser errors; they are not syntax errors.
  const clean = message.replace(/^Syntax Error:\s*/, '');
  return new GraphQLError(clean, { extensions: { code, http: { status: 400 } } });
}

export function isLimitError(error: { readonly extensions?: Record<string, unknown> }): boolean {
  const code = error.extensions?.['code'];
  return typeof code === 'string' && code.endsWith('_LIMIT_EXCEEDED');
}

/**
 * Refuses oversized operations before any resolver runs: every aliased lookup
 * may cost a call to data.gouv.fr, which bans clients that hammer it, so one
 * request must not be able to fan out without bound. Field suggestions stay
 * on: they help people exploring in GraphiQL.
 *
 * @param onRefusal told of each refusal (metrics).
 */
export function useQueryLimits(limits: QueryLimits = {}, onRefusal: (code: LimitCode) => void = () => undefined): Plugin[] {
  const reportTo =
    (code: LimitCode) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      onRefusal(code);
      const refusal = createLimitError(code, error.message);
      // The token limit fires inside the parser, where there is no validation context to report to.
      if (context === null) throw refusal;
      context.reportError(refusal);
    };
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth ?? 12, exposeLimits: true, propagateOnRejection: false, onReject: [reportTo('DEPTH_LIMIT_EXCEEDED')] },
    maxAliases: { n: limits.maxAliases ?? 60, exposeLimits: true, propagateOnRejection: false, onReject: [reportTo('ALIAS_LIMIT_EXCEEDED')] },
    maxTokens: { n: limits.maxTokens ?? 5_000, exposeLimits: true, propagateOnRejection: false, onReject: [reportTo('TOKEN_LIMIT_EXCEEDED')] },
    maxDirectives: { n: 50, exposeLimits: true, propagateOnRejection: false, onReject: [reportTo('DIRECTIVE_LIMIT_EXCEEDED')] },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
  const maxCost = limits.maxCost ?? DEFAULT_MAX_COST;
  const costRule = createCostLimitRule(
    maxCost,
    (message) => {
      onRefusal('COST_LIMIT_EXCEEDED');
      return createLimitError('COST_LIMIT_EXCEEDED', message);
    },
    limits.costModel,
  );
  return [
    ...(armor.protect().plugins as Plugin[]),
    {
      onValidate: ({ addValidationRule }) => {
        addValidationRule(costRule);
      },
    },
  ];
}
