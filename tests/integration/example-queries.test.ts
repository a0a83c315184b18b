import { getIntrospectionQuery } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { collectExampleQueries } from '../helpers/collect-example-queries.js';
import { createRecordingGateway, type RecordingGateway } from '../helpers/create-recording-gateway.js';

let open: RecordingGateway[] = [];
afterEach(async () => {
  await Promise.all(open.map((gateway) => gateway.close()));
  open = [];
});

/** A gateway with one recorded run, so history examples answer as they would in use. */
async function createGateway(): Promise<RecordingGateway> {
  const gateway = await createRecordingGateway({ startAt: '2026-11-29T10:00:00+01:00' });
  open.push(gateway);
  await gateway.evaluator.runOnce();
  return gateway;
}
const examples = collectExampleQueries();

/** What a client would naturally ask for the commitment table: verdicts, evidence, dataset and candidates. */
const COMMITMENT_TABLE = `{
  commitments(first: 100) {
    totalCount
    edges { node {
      key title ministry kind plannedQuarter dueDate
      status {
        state daysLate daysOverdue confidence stale checkedAt
        evidence { kind detail }
        dataset { title url createdAt organization { name } }
        dataservice { title url }
        candidates { score dataset { title url } dataservice { title url } }
      }
    } }
  }
}`;

/** What a journalist naturally writes in GraphiQL: every commitment, its verdict, evidence, object and candidates with their publishers. */
const NATURAL_FULL_TABLE = `{
  commitments(first: 100) {
    totalCount
    edges { node {
      key title ministry kind plannedQuarter dueDate producer announcedOn confirmedInList sources notes
      status {
        state summary daysLate daysOverdue confidence stale checkedAt firstPublishedAt listedOnDatagouvAt resourceCount formats
        firstPublication { at day source url exact }
        evidence { kind detail url }
        searches { catalogue query total examined }
        dataset { id title url createdAt lastUpdate license organization { id name url } resources(first: 20) { edges { node { title format url } } } }
        dataservice { id title url organization { id name } }
        candidates { score origin claimedBy evidence { kind detail } dataset { title url organization { name } } dataservice { title url organization { name } } }
      }
      history(first: 10) { edges { node { observedAt state sentence } } }
    } }
  }
  scoreboard(groupBy: MINISTRY) { key total overdue onTimeRate }
}`;

/** Two nested catalogue pages of 100: ten thousand upstream objects, the fan-out the cost limit exists for. */
const NESTED_UPSTREAM_PAGES = `{
  datasets(first: 100) { edges { node { title reuses(first: 100) { edges { node { title } } } } } }
}`;

describe('every example query the project ships passes the operation limits', () => {
  it('finds the GraphiQL saved queries and the README examples', () => {
    expect(examples.filter((example) => example.origin.startsWith('graphiql')).length).toBeGreaterThanOrEqual(4);
    expect(examples.filter((example) => example.origin.startsWith('README.md')).length).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ...examples.map((example) => [example.origin, example.query] as const),
    ['the commitment table', COMMITMENT_TABLE] as const,
    ['the natural full table', NATURAL_FULL_TABLE] as const,
    // What GraphiQL asks first, with every option it may turn on.
    [
      'GraphiQL’s introspection',
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
    ] as const,
  ])(
    '%s is not refused',
    async (_origin, query) => {
      const { query: run } = await createGateway();
      // Values for the variables the shipped operations declare (the dashboard's commitment page).
      const body = await run(query, { key: 'c014' });
      const refusals = (body.errors ?? []).filter((error) => error.path === undefined);
      expect(refusals).toEqual([]);
      expect(body.data).toBeTruthy();
    },
  );

  it('still refuses two nested pages of 100 from data.gouv.fr', async () => {
    const { query: run } = await createGateway();
    const body = await run(NESTED_UPSTREAM_PAGES);
    expect(body.errors?.map((error) => error.extensions?.['code'])).toEqual(['COST_LIMIT_EXCEEDED']);
  });
});
