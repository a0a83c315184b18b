import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startMockUpstream } from '../../mocks/serve-mock-upstream.js';
import { spawnCli as startCli } from '../helpers/spawn-cli.js';

describe('the CLI (src/cli.ts)', () => {
  it('reports every bad variable at once and exits non-zero without listening', async () => {
    const cli = startCli({ PORT: 'eighty', DATAGOUV_API_URL: 'ftp://example', DATAGOUV_RETRIES: '99' });
    expect(await cli.exited).toBe(2);
    const { stderr } = cli.output();
    expect(stderr).toContain('PORT="eighty" is not a whole number');
    expect(stderr).toContain('DATAGOUV_API_URL="ftp://example" must use http or https');
    expect(stderr).toContain('DATAGOUV_RETRIES=99 is out of range');
  });

  it('serves the shipped records, then shuts down cleanly on SIGTERM', async () => {
    const upstream = await startMockUpstream({ port: 0 });
    const cli = startCli({ PORT: '0', DATAGOUV_API_URL: upstream.url, DATAGOUV_SOURCE: 'MOCK' });
    try {
      const [, url = ''] = await cli.waitForStdout(/"url":"(http:\/\/[^"]+\/graphql)"/);
      const ready = await request(url.replace('/graphql', '/ready'));
      expect(await ready.body.json()).toMatchObject({ status: 'ready', announcements: 7 });
      const answer = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ commitments { totalCount } upstreamStatus { source } }' }),
      });
      expect(await answer.body.json()).toMatchObject({ data: { commitments: { totalCount: 36 }, upstreamStatus: { source: 'MOCK' } } });
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
      expect(cli.output().stdout).toContain('stopped');
    } finally {
      cli.child.kill('SIGKILL');
      await upstream.close();
    }
  });
});
