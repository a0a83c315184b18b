import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

export interface CostModel {
  /** Items assumed in a page when `first`/`last` is not given. Default 20 (the API's default page size). */
  readonly defaultPageSize?: number;
  /** Items assumed in a page sized by a variable (its worst case). Default 100 (the API's largest page). */
  readonly maxPageSize?: number;
  /** Items assumed in a plain list field (evidence, candidates, commitments of a release). Default 10. */
  readonly listSize?: number;
  /**
   * The longest a list can really be, by `Type.field` (`Query.commitments`:
   * the records held; `CommitmentStatus.candidates`: the runners-up kept).
   * A page or list of local records costs its real length, not the size asked
   * for, so a full table of 36 commitments is not priced as 100 remote calls.
   */
  readonly listBounds?: Readonly<Record<string, number>>;
}

/**
 * Estimated work of an operation: every field costs 1, and what is selected
 * under a list costs as many times as the list is expected to hold (`first` or
 * `last` of a page, `listSize` for a plain list). Nested pages multiply, which
 * is where a hostile query's fan-out lives, while a wide but flat query stays
 * cheap. Introspection is free. Aliases each count in full.
 */
export function computeOperationCost(
  selectionSet: SelectionSetNode,
  rootType: GraphQLCompositeType,
  context: Pick<ValidationContext, 'getFragment' | 'getSchema'>,
  variables: readonly VariableDefinitionNode[],
  model: CostModel = {},
): number {
  const defaultPageSize = model.defaultPageSize ?? 20;
  const maxPageSize = model.maxPageSize ?? 100;
  const listSize = model.listSize ?? 10;
  const variableDefaults = new Map(variables.map((definition) => [definition.variable.name.value, definition.defaultValue]));

  const pageSizeOf = (value: ValueNode | undefined): number => {
    if (value === undefined) return maxPageSize;
    if (value.kind === Kind.INT) return Math.max(0, Math.min(Number(value.value), maxPageSize * 10));
    if (value.kind === Kind.VARIABLE) return pageSizeOf(variableDefaults.get(value.name.value) ?? undefined);
    return maxPageSize;
  };

  const costOf = (set: SelectionSetNode, parent: GraphQLNamedType, fragmentsInUse: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : undefined;
        total += costOf(selection.selectionSet, condition ?? parent, fragmentsInUse);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        // A fragment cycle is refused by validation anyway; do not loop on it here.
        if (fragmentsInUse.has(name)) continue;
        const fragment = context.getFragment(name);
        const condition = fragment ? context.getSchema().getType(fragment.typeCondition.name.value) : undefined;
        if (fragment) total += costOf(fragment.selectionSet, condition ?? parent, new Set([...fragmentsInUse, name]));
        continue;
      }
      const fieldName = selection.name.value;
      if (fieldName.startsWith('__')) continue;
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : null;
      const definition = fields?.[fieldName];
      if (!definition) {
        total += 1;
        continue;
      }
      let multiplier = 1;
      const sizeArgument = selection.arguments?.find((argument) => argument.name.value === 'first' || argument.name.value === 'last');
      const bound = model.listBounds?.[`${parent.name}.${fieldName}`];
      if (sizeArgument) multiplier = pageSizeOf(sizeArgument.value);
      else if (definition.args.some((argument) => argument.name === 'first')) multiplier = defaultPageSize;
      // `edges` and `nodes` of a page were counted by the page's `first`.
      else if (isListType(getNullableType(definition.type)) && !parent.name.endsWith('Connection')) multiplier = bound ?? listSize;
      if (bound !== undefined) multiplier = Math.min(multiplier, bound);
      const child = getNamedType(definition.type);
      const inner = selection.selectionSet && isCompositeType(child) ? costOf(selection.selectionSet, child, fragmentsInUse) : 0;
      total += 1 + multiplier * inner;
    }
    return total;
  };

  return costOf(selectionSet, rootType, new Set());
}

/** A validation rule refusing operations whose estimated cost exceeds `maxCost`, with code COST_LIMIT_EXCEEDED. */
export function createCostLimitRule(maxCost: number, toError: (message: string) => GraphQLError, model: CostModel = {}): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      const schema = context.getSchema();
      const root = node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
      if (!root) return;
      const cost = computeOperationCost(node.selectionSet, root, context, node.variableDefinitions ?? [], model);
      if (cost > maxCost) context.reportError(toError(`Query cost limit of ${maxCost} exceeded, found ${Math.round(cost)}.`));
    },
  });
}
