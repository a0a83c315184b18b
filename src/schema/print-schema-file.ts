import { printSchema } from 'graphql';
import { createSchema } from './index.js';

/** The committed `schema.graphql` text: the sorted schema plus a trailing newline. */
export function printSchemaFile(): string {
  return `${printSchema(createSchema())}\n`;
}
