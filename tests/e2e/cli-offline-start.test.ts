import { createServer, type Server } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream } from '../../mocks/serve-mock-upstream.js';
import { spawnCli } from '../helpers/spawn-cli.js';

describe('the CLI when data.gouv.fr cannot be reached', () => {
  // A port that accepts nothing: bound, then closed, so connections are refused at once.
  let closedPort: number;
  let blocker: Server;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    closedPort = (blocker.address() as { port: number }).port;
    await new Promise((resolve) => blocker.close(resolve));
  });
  afterAll(() => {
    blocker.close();
  });

  it('says so in one line pointing to npm run demo, and keeps serving the records', async () => {
    const cli = spawnCli({ PORT: '0', DATAGOUV_API_URL: `http://127.0.0.1:${closedPort}/api`, DATAGOUV_RETRIES: '0' });
    try {
      const [, url = ''] = await cli.waitForStdout(/"url":"(http:\/\/[^"]+)\/graphql"/);
      await cli.waitForStdout(/cannot be reached/);
      const ready = await request(`${url}/ready`);
      expect(ready.statusCode).toBe(200);
      await ready.body.dump();
      const answer = await request(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ commitments { totalCount } }' }),
      });
      expect(await answer.body.json()).toMatchObject({ data: { commitments: { totalCount: 36 } } });
      const lines = cli.output().stdout.split('\n').filter((line) => line.includes('cannot be reached'));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 40, code: 'UPSTREAM_UNAVAILABLE', msg: expect.stringContaining('npm run demo') });
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('says nothing of the kind when the upstream answers, probing before the first evaluation', async () => {
    const upstream = await startMockUpstream({ port: 0 });
    const cli = spawnCli({ PORT: '0', DATAGOUV_API_URL: upstream.url, DATAGOUV_SOURCE: 'MOCK' });
    try {
      await cli.waitForStdout(/"msg":"data.gouv.fr answers"/);
      await cli.waitForStdout(/"msg":"evaluation run finished"/);
      expect(cli.output().stdout).not.toContain('cannot be reached');
      // code.gouv.fr's inventory, fetched in the background at start, is served beside it.
      const urls = upstream.calls.map((call) => call.url).filter((url) => !new URL(url).pathname.startsWith('/codegouv/'));
      expect(new URL(urls[0] as string).pathname).toBe('/api/1/site/');
      // One evaluation of every commitment, each lookup asked once.
      expect(new Set(urls).size).toBe(urls.length);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      await upstream.close();
    }
  });
});
