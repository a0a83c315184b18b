import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startMockUpstream } from '../../mocks/serve-mock-upstream.js';
import { PROJECT_ROOT } from '../helpers/create-test-gateway.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitFor<T>(read: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the CLI');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start (src/cli.ts)', () => {
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
      const url = await waitFor(() => /"url":"(http:\/\/[^"]+\/graphql)"/.exec(cli.output().stdout)?.[1], 15_000);
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
