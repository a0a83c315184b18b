import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Kind, parse, print, type DefinitionNode } from 'graphql';
import { createGraphiqlDefaultQuery } from '../../src/server/graphiql-default-query.js';
import { PROJECT_ROOT } from './create-test-gateway.js';

export interface ExampleQuery {
  /** Where it is shipped, e.g. `README.md#3` or `graphiql:MinisteresEnRetard`. */
  readonly origin: string;
  /** A document holding exactly one operation (plus the fragments it may use). */
  readonly query: string;
}

/** Splits a document into one document per operation, each with every fragment of the source. */
function splitOperations(source: string, origin: string): ExampleQuery[] {
  const document = parse(source);
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return document.definitions
    .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation, index) => ({
      origin: `${origin}:${operation.name?.value ?? index + 1}`,
      query: print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] as DefinitionNode[] }),
    }));
}

function listGraphqlFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return listGraphqlFiles(path);
    return /\.(graphql|gql)$/.test(name) ? [path] : [];
  });
}

/**
 * Every example query the project ships: GraphiQL's saved queries (demo and
 * live variants), the ```graphql blocks of README.md and any `.graphql` file
 * under web/. Collected from the sources themselves so new ones are checked too.
 */
export function collectExampleQueries(): ExampleQuery[] {
  const examples: ExampleQuery[] = [];
  examples.push(...splitOperations(createGraphiqlDefaultQuery('LIVE'), 'graphiql'));
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  blocks.forEach((block, index) => examples.push(...splitOperations(block, `README.md#${index + 1}`)));
  for (const file of listGraphqlFiles(join(PROJECT_ROOT, 'web'))) {
    examples.push(...splitOperations(readFileSync(file, 'utf8'), relative(PROJECT_ROOT, file)));
  }
  return examples;
}
