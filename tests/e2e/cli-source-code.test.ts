import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../mocks/serve-mock-upstream.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const QUERY = `{
  commitment(key: "c004") { status { state summary checkedAt repository { fullName source } evidence { kind } } }
  overdue: commitment(key: "c008") { status { state } }
}`;

interface Answer {
  data: {
    commitment: { status: { state: string; summary: string; checkedAt: string | null; repository: { fullName: string; source: string } | null; evidence: { kind: string }[] } };
    overdue: { status: { state: string } };
  };
  extensions?: { notice?: string };
}

/** `npm start` as a user runs it, pointed at the loopback emulations, asked one query, then stopped. */
async function askCli(upstream: MockUpstream): Promise<Answer> {
  const cli = spawnCli({
    PORT: '0',
    DATAGOUV_API_URL: upstream.url,
    DATAGOUV_SOURCE: 'MOCK',
    CODEGOUV_DATA_URL: upstream.codegouv.dataUrl,
    CODEGOUV_ECOSYSTEM_URL: upstream.codegouv.ecosystemUrl,
    DATAGOUV_RETRIES: '0',
  });
  try {
    const [, url = ''] = await cli.waitForStdout(/"url":"(http:\/\/[^"]+\/graphql)"/);
    const answer = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    const body = (await answer.body.json()) as Answer;
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    return body;
  } finally {
    cli.child.kill('SIGKILL');
  }
}

describe('the CLI judging source code against code.gouv.fr over loopback sockets', () => {
  it('finds the repository of a promise, labelled as emulation', async () => {
    const upstream = await startMockUpstream({ port: 0 });
    try {
      const body = await askCli(upstream);
      expect(body.data.commitment.status).toMatchObject({
        state: 'PUBLISHED_ON_TIME',
        repository: { fullName: 'france-connect/sources', source: 'MOCK' },
        summary: 'Promis pour le T4 2021, dépôt créé le 5 novembre 2021 : dans les délais',
      });
      expect(body.data.overdue.status.state).toBe('OVERDUE');
      expect(body.extensions?.notice).toContain('code.gouv.fr');
    } finally {
      await upstream.close();
    }
  });

  it('never says OVERDUE while code.gouv.fr’s inventory is down', async () => {
    const upstream = await startMockUpstream({ port: 0, codegouvMode: 'inventory-down' });
    try {
      const body = await askCli(upstream);
      for (const status of [body.data.commitment.status, body.data.overdue.status]) expect(status.state).toBe('UNCHECKED_SOURCE_CODE');
      expect(body.data.commitment.status.checkedAt).toBeNull();
      expect(body.data.commitment.status.evidence.map((e) => e.kind)).toContain('UPSTREAM_FAILURE');
      expect(upstream.calls.some((call) => call.url.endsWith('/codegouv/data/codegouvfr-repositories.json') && call.status === 503)).toBe(true);
    } finally {
      await upstream.close();
    }
  });
});
