import { type GraphQLSchema, lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './announcement-type.js';
import './announcement-queries.js';
import './resource-type.js';
import './dataset-type.js';
import './organization-type.js';
import './dataservice-type.js';
import './reuse-type.js';
import './upstream-record.js';
import './datagouv-queries.js';
import './commitment-type.js';
import './commitment-queries.js';
import './official-status-type.js';
import './history-queries.js';

let schema: GraphQLSchema | undefined;

/** The gateway's GraphQL schema, sorted so its printed form is stable. */
export function createSchema(): GraphQLSchema {
  schema ??= lexicographicSortSchema(builder.toSchema());
  return schema;
}
