import { type GraphQLSchema, lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './announcement-type.js';
import './announcement-queries.js';

let schema: GraphQLSchema | undefined;

/** The gateway's GraphQL schema, sorted so its printed form is stable. */
export function createSchema(): GraphQLSchema {
  schema ??= lexicographicSortSchema(builder.toSchema());
  return schema;
}
