import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

export interface QueryLimits {
  /** Deepest selection (introspection excepted). Default 12. */
  readonly maxDepth?: number;
  /** Most aliases per operation. Default 60. */
  readonly maxAliases?: number;
  /** Highest estimated cost per operation. Default 20 000. */
  readonly maxCost?: number;
}

/**
 * Refuses oversized operations at validation, before any resolver runs: every
 * aliased lookup may cost a call to data.gouv.fr, which bans clients that
 * hammer it, so one request must not be able to fan out without bound.
 * Field suggestions stay on: they help people exploring in GraphiQL.
 */
export function useQueryLimits(limits: QueryLimits = {}): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth ?? 12, exposeLimits: true },
    maxAliases: { n: limits.maxAliases ?? 60, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost ?? 20_000, exposeLimits: true },
    maxTokens: { n: 5_000, exposeLimits: true },
    maxDirectives: { n: 50, exposeLimits: true },
    blockFieldSuggestion: { enabled: false },
  });
  return armor.protect().plugins as Plugin[];
}
