import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * `upstreamStatus` fields that say the same thing to every request of a
 * process as long as the data behind an answer is fresh. The others (call
 * counts, cache figures, the last error) change with every request and would
 * be false as soon as they were stored.
 */
const STABLE_UPSTREAM_STATUS_FIELDS = new Set(['__typename', 'source', 'baseUrl', 'breakerState']);

/**
 * Whether the answer to this operation may be stored and served again: a
 * query (never a mutation or subscription), with at most the stable fields of
 * `upstreamStatus`. Null operation name picks the only operation.
 */
export function isCacheableOperation(document: DocumentNode, operationName: string | null): boolean {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName === null ? (operations.length === 1 ? operations[0] : undefined) : operations.find((o) => o.name?.value === operationName);
  if (operation === undefined || operation.operation !== 'query') return false;
  // Fragments could carry upstreamStatus anywhere: every one defined is checked, used or not.
  const selectionSets = [operation.selectionSet, ...document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.selectionSet] : []))];
  return selectionSets.every(hasOnlyStableUpstreamStatus);
}

function hasOnlyStableUpstreamStatus(selectionSet: SelectionSetNode): boolean {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === 'upstreamStatus') {
        const inner = selection.selectionSet?.selections ?? [];
        if (!inner.every((field) => field.kind === Kind.FIELD && STABLE_UPSTREAM_STATUS_FIELDS.has(field.name.value))) return false;
        continue;
      }
      if (selection.selectionSet && !hasOnlyStableUpstreamStatus(selection.selectionSet)) return false;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!hasOnlyStableUpstreamStatus(selection.selectionSet)) return false;
    }
  }
  return true;
}
