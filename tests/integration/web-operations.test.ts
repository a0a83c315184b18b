import { readdirSync, readFileSync } from 'node:fs';
import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../src/schema/index.js';
import { createTestGateway, PROJECT_ROOT, type TestGateway } from '../helpers/create-test-gateway.js';

const DIR = `${PROJECT_ROOT}web/operations/`;
const files = readdirSync(DIR).filter((name) => name.endsWith('.graphql')).sort();

describe('the dashboard’s GraphQL operations (web/operations)', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await createTestGateway();
  });
  afterAll(() => t.close());

  it('are one named operation per file, named after the file', () => {
    expect(files).toEqual(['CommitmentPage.graphql', 'Dashboard.graphql']);
    for (const file of files) {
      const operations = parse(readFileSync(DIR + file, 'utf8')).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
      expect(operations.map((o) => o.name?.value)).toEqual([file.replace('.graphql', '')]);
    }
  });

  it.each(files)('%s is valid against the schema and runs without errors', async (file) => {
    const source = readFileSync(DIR + file, 'utf8');
    expect(validate(createSchema(), parse(source))).toEqual([]);
    const body = await t.query(source, file === 'CommitmentPage.graphql' ? { key: 'c001' } : {});
    expect(body.errors).toBeUndefined();
  });
});
