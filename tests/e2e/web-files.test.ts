import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../helpers/create-test-gateway.js';

describe('the dashboard files served by the gateway', () => {
  let dir: string;
  let t: TestGateway | undefined;
  afterEach(async () => {
    await t?.gateway.shutdown();
    await t?.close();
    t = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function serve(): Promise<string> {
    t = await createTestGateway({ webRoot: dir });
    await new Promise<void>((resolve) => t!.gateway.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(t.gateway.server.address() as AddressInfo).port}`;
  }

  it('says how to build the page when there is no build, and picks up a build made while running', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'web-root-'));
    const base = await serve();
    const missing = await fetch(`${base}/`);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('npm run build:web');

    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><html lang="fr"><title>t</title></html>');
    await writeFile(path.join(dir, 'assets', 'main-abc123.js'), 'export {};');
    const page = await fetch(`${base}/engagements/c015?x=1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('lang="fr"');
    const asset = await fetch(`${base}/assets/main-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('serves nothing outside the build, and leaves other paths to GraphQL', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'web-root-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html>');
    const base = await serve();
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
    const graphql = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ commitments { totalCount } }' }),
    });
    expect(await graphql.json()).toMatchObject({ data: { commitments: { totalCount: 36 } } });
  });
});
