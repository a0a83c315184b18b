import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchema } from '../../src/schema/index.js';
import { createGraphiqlDefaultQuery } from '../../src/server/graphiql-default-query.js';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';

describe('the saved queries GraphiQL opens with', () => {
  let t: RecordingGateway;
  beforeAll(async () => {
    // With a recorded run, as `npm start` has one: the history queries answer from it.
    t = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00' });
    await t.evaluator.runOnce();
  });
  afterAll(() => t.close());

  it('are valid against the schema', () => {
    expect(validate(createSchema(), parse(createGraphiqlDefaultQuery('LIVE')))).toEqual([]);
  });

  it('warn in French that the data is a demo only in MOCK mode', () => {
    expect(createGraphiqlDefaultQuery('MOCK')).toMatch(/^# ⚠ MODE DÉMONSTRATION/);
    expect(createGraphiqlDefaultQuery('LIVE')).not.toContain('DÉMONSTRATION');
  });

  it('each run without errors against the emulated catalogue', async () => {
    const document = createGraphiqlDefaultQuery('MOCK');
    const names = parse(document)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
      .map((d) => d.name?.value);
    expect(names).toEqual([
      'PromessesDu29Avril2021', 'MinisteresEnRetard', 'ApiEnRetard', 'VerdictEtTableauOfficiel', 'RechercheCommuniques', 'ChangementsRecents', 'TableauALaDate',
    ]);
    for (const operationName of names) {
      const response = await t.gateway.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, operationName }),
      });
      const body = (await response.json()) as { errors?: unknown[]; data?: Record<string, unknown> };
      expect(body.errors, operationName).toBeUndefined();
      expect(Object.values(body.data ?? {}).every((value) => value !== null), operationName).toBe(true);
    }
  });
});
