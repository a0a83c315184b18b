import { readFileSync } from 'node:fs';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphiqlDefaultQuery } from '../../src/server/graphiql-default-query.js';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';
import { FIXED_NOW, PROJECT_ROOT } from '../helpers/create-test-gateway.js';

/**
 * The README's GraphQL examples and the queries GraphiQL opens with, run
 * against the demo (the data.gouv.fr emulation): each must answer without
 * error, and every list it asks for must hold something. Documentation that
 * shows an empty answer teaches nothing.
 */

interface Example {
  readonly name: string;
  readonly document: string;
  readonly operationName?: string;
}

function readmeExamples(): Example[] {
  const readme = readFileSync(`${PROJECT_ROOT}README.md`, 'utf8');
  const blocks = [...readme.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
  return blocks.flatMap((block, blockIndex) =>
    parse(block).definitions.map((definition, index) => ({
      name: `README block ${blockIndex + 1}, example ${index + 1}: ${print(definition).replace(/\s+/g, ' ').slice(0, 70)}`,
      document: print(definition),
    })),
  );
}

function graphiqlExamples(): Example[] {
  const document = createGraphiqlDefaultQuery('MOCK');
  return parse(document)
    .definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const operationName = operation.name?.value ?? '';
      return { name: `GraphiQL saved query ${operationName}`, document, operationName };
    });
}

/** Paths of every list in `value` that is empty: connections' `edges` and plain lists alike. */
function emptyLists(value: unknown, path = 'data'): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [path];
    return value.flatMap((item, index) => emptyLists(item, `${path}[${index}]`));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => emptyLists(item, `${path}.${key}`));
  }
  return [];
}

/**
 * Lists whose emptiness is itself the answer: no broken press-release file, no
 * near-miss candidate for an item that was never published.
 */
const MAY_BE_EMPTY = [/LoadErrors$/, /\.candidates$/];

const examples = [...readmeExamples(), ...graphiqlExamples()];

describe('documented examples, run against the demo', () => {
  let t: RecordingGateway;
  beforeAll(async () => {
    // The demo as a newsroom would have it after a day: two recorded runs, and a dataset withdrawn between them.
    t = await createRecordingGateway({ startAt: '2026-11-28T10:00:00+01:00', client: { cache: { ttlMs: 0 } } });
    await t.evaluator.runOnce();
    t.control.deleteObject('dataset', 'liste-des-permis-de-construire-et-autres-autorisations-durbanisme-des-personnes-physiques');
    t.setNow(FIXED_NOW.toISOString());
    await t.evaluator.runOnce();
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the README examples and the saved GraphiQL queries', () => {
    expect(readmeExamples().length).toBeGreaterThanOrEqual(5);
    expect(graphiqlExamples().length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)('$name answers with data, no error, and no empty list', async ({ document, operationName }) => {
    const response = await t.gateway.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: document, operationName }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data).toBeTypeOf('object');
    expect(Object.values(body.data ?? {}).every((field) => field !== null)).toBe(true);
    const empty = emptyLists(body.data).filter((path) => !MAY_BE_EMPTY.some((pattern) => pattern.test(path)));
    expect(empty).toEqual([]);
  });
});
