import { buildSchema, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { computeOperationCost } from '../../../src/server/create-cost-limit-rule.js';

const schema = buildSchema(`
  type Query { datasets(first: Int): DatasetConnection! dataset(id: String!): Dataset search(text: String): [Dataset!]! }
  type DatasetConnection { totalCount: Int! edges: [DatasetEdge!]! }
  type DatasetEdge { node: Dataset! }
  type Dataset { title: String! tags: [String!]! organization: Organization resources(first: Int): ResourceConnection! }
  type Organization { name: String! datasets(first: Int): DatasetConnection! }
  type ResourceConnection { edges: [ResourceEdge!]! }
  type ResourceEdge { node: Resource! }
  type Resource { title: String! }
`);

function cost(source: string, model: Parameters<typeof computeOperationCost>[4] = {}): number {
  const document = parse(source);
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition') as OperationDefinitionNode;
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === 'FragmentDefinition').map((fragment) => [fragment.name.value, fragment]),
  );
  return computeOperationCost(operation.selectionSet, schema.getQueryType()!, { getFragment: (name) => fragments.get(name), getSchema: () => schema }, operation.variableDefinitions ?? [], model);
}

describe('computeOperationCost', () => {
  it('counts one per field', () => {
    expect(cost('{ dataset(id: "x") { title organization { name } } }')).toBe(4);
  });

  it('multiplies what is under a page by its size, without counting edges a second time', () => {
    expect(cost('{ datasets(first: 10) { edges { node { title } } } }')).toBe(1 + 10 * (1 + 1 + 1));
    // No `first`: the default page of 20.
    expect(cost('{ datasets { edges { node { title } } } }')).toBe(1 + 20 * 3);
  });

  it('prices a page or list of local records at its real length, never above the size asked for', () => {
    const bounds = { listBounds: { 'Query.datasets': 36, 'Dataset.tags': 3 } };
    expect(cost('{ datasets(first: 100) { edges { node { title } } } }', bounds)).toBe(1 + 36 * 3);
    expect(cost('{ datasets(first: 10) { edges { node { title } } } }', bounds)).toBe(1 + 10 * 3);
    expect(cost('{ search { tags } }', bounds)).toBe(1 + 10 * 1);
    expect(cost('{ dataset(id: "x") { tags } }', bounds)).toBe(1 + 1);
    // An upstream page under a local one keeps the size asked for.
    expect(cost('{ datasets(first: 100) { edges { node { resources(first: 100) { edges { node { title } } } } } } }', bounds)).toBe(1 + 36 * (1 + 1 + 1 + 100 * 3));
  });

  it('multiplies nested pages: the fan-out of hostile queries', () => {
    const nested = cost('{ datasets(first: 100) { edges { node { organization { datasets(first: 100) { edges { node { title } } } } } } } }');
    expect(nested).toBeGreaterThan(100 * 100 * 3);
  });

  it('takes a variable page size at its default, or at the largest page', () => {
    expect(cost('query ($n: Int = 5) { datasets(first: $n) { edges { node { title } } } }')).toBe(1 + 5 * 3);
    expect(cost('query ($n: Int) { datasets(first: $n) { edges { node { title } } } }')).toBe(1 + 100 * 3);
  });

  it('counts plain lists as ten items, and fragments and aliases in full', () => {
    expect(cost('{ search(text: "a") { title } }')).toBe(1 + 10 * 1);
    expect(cost('{ a: dataset(id: "x") { ...F } b: dataset(id: "y") { ...F } } fragment F on Dataset { title organization { name } }')).toBe(2 * (1 + 3));
  });

  it('ignores introspection', () => {
    expect(cost('{ __schema { types { name fields { name } } } __typename }')).toBe(0);
  });
});
