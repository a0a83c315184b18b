import { GraphQLError, Kind, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Longest string any argument or variable may carry, in characters. */
export const DEFAULT_MAX_ARGUMENT_CHARS = 1_000;

function tooLong(maxChars: number): GraphQLError {
  return new GraphQLError(`A string argument is longer than ${maxChars} characters.`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

function findLongString(value: unknown, maxChars: number, depth = 0): boolean {
  if (typeof value === 'string') return value.length > maxChars;
  if (depth > 20 || typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((item) => findLongString(item, maxChars, depth + 1));
}

/**
 * Bounds every free-text input, literal or variable, before any resolver
 * sees it: no argument of this API needs more than a few hundred characters,
 * and each one ends up in an index lookup or an upstream URL. Specific
 * arguments (`search`) have tighter bounds of their own.
 */
export function useArgumentBounds(maxChars = DEFAULT_MAX_ARGUMENT_CHARS): Plugin {
  const rule: ValidationRule = (context) => ({
    [Kind.STRING]: (node) => {
      if (node.value.length > maxChars) context.reportError(tooLong(maxChars));
    },
  });
  return {
    onValidate: ({ addValidationRule }) => {
      addValidationRule(rule);
    },
    onExecute: ({ args, setResultAndStopExecution }) => {
      if (findLongString(args.variableValues, maxChars)) setResultAndStopExecution({ errors: [tooLong(maxChars)] });
    },
  };
}
