import { readdirSync, readFileSync } from 'node:fs';
import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../src/schema/index.js';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';
import { createTestGateway, PROJECT_ROOT, type TestGateway } from '../helpers/create-test-gateway.js';

const DIR = `${PROJECT_ROOT}web/operations/`;
const files = readdirSync(DIR).filter((name) => name.endsWith('.graphql')).sort();
const read = (file: string) => readFileSync(DIR + file, 'utf8');

/** The variables the page sends with each operation. */
const VARIABLES: Readonly<Record<string, Record<string, unknown>>> = {
  'CommitmentHistory.graphql': { key: 'c001' },
  'CommitmentPage.graphql': { key: 'c001' },
  'Dashboard.graphql': {},
  'DashboardHistory.graphql': {},
};

/** The operations that read the store of record, asked apart from the rest of their page. */
const HISTORY = ['CommitmentHistory.graphql', 'DashboardHistory.graphql'];

describe('the dashboard’s GraphQL operations (web/operations)', () => {
  let recording: RecordingGateway;
  let plain: TestGateway;
  beforeAll(async () => {
    recording = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00' });
    await recording.evaluator.runOnce();
    plain = await createTestGateway();
  }, 60_000);
  afterAll(async () => {
    await recording?.close();
    await plain?.close();
  });

  it('are one named operation per file, named after the file', () => {
    expect(files).toEqual(Object.keys(VARIABLES));
    for (const file of files) {
      const operations = parse(read(file)).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
      expect(operations.map((o) => o.name?.value)).toEqual([file.replace('.graphql', '')]);
    }
  });

  it.each(files)('%s is valid against the schema and runs without errors on a gateway with a store of record', async (file) => {
    const source = read(file);
    expect(validate(createSchema(), parse(source))).toEqual([]);
    const body = await recording.query(source, VARIABLES[file]);
    expect(body.errors).toBeUndefined();
  });

  it('reads the dashboard as of a recorded day, and as of a day before any record with a null status', async () => {
    const recorded = await recording.query<{ commitments: { edges: { node: { status: { recordedAt: string } | null } }[] } }>(read('Dashboard.graphql'), { asOf: '2026-11-29' });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data?.commitments.edges.every((e) => e.node.status?.recordedAt === '2026-11-29T09:00:00.000Z')).toBe(true);
    const before = await recording.query<{ scoreboard: unknown[]; commitments: { edges: { node: { status: unknown } }[] } }>(read('Dashboard.graphql'), { asOf: '2026-11-28' });
    expect(before.errors).toBeUndefined();
    expect(before.data?.scoreboard).toEqual([]);
    expect(before.data?.commitments.edges.every((e) => e.node.status === null)).toBe(true);
  });

  it.each(files.filter((file) => !HISTORY.includes(file)))('%s needs no store of record', async (file) => {
    expect((await plain.query(read(file), VARIABLES[file])).errors).toBeUndefined();
  });

  it.each(HISTORY)('%s answers HISTORY_UNAVAILABLE without a store of record, which the page reports', async (file) => {
    const body = await plain.query(read(file), VARIABLES[file]);
    expect(body.errors?.map((e) => e.extensions?.['code'])).toContain('HISTORY_UNAVAILABLE');
  });
});
