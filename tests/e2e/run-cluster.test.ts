import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./support/cluster-worker-fixture.ts', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('runCluster', () => {
  it('serves one port from WEB_CONCURRENCY processes, replaces a dead one and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const primary = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      env: { ...process.env, FIXTURE_PORT: String(port), FIXTURE_WORKERS: '2' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const agent = new Agent({ pipelining: 0, connect: { timeout: 2_000 }, headersTimeout: 2_000, bodyTimeout: 2_000 });
    try {
      const pidsSeen = async (count: number): Promise<Set<string>> => {
        const pids = new Set<string>();
        for (let index = 0; index < count; index += 1) {
          // A new connection each time: the primary hands connections out in turn.
          const response = await request(`http://127.0.0.1:${port}/`, { dispatcher: agent, reset: true });
          pids.add(await response.body.text());
        }
        return pids;
      };
      const first = await waitFor(async () => {
        const pids = await pidsSeen(8);
        return pids.size === 2 ? pids : undefined;
      }, 15_000);
      expect(first.has(String(primary.pid))).toBe(false);

      const victim = [...first][0] as string;
      process.kill(Number(victim), 'SIGKILL');
      const after = await waitFor(async () => {
        const pids = await pidsSeen(8);
        return pids.size === 2 && !pids.has(victim) ? pids : undefined;
      }, 15_000);
      expect(after.has(victim)).toBe(false);

      const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
      primary.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const pid of after) expect(() => process.kill(Number(pid), 0)).toThrow();
    } finally {
      await agent.close();
      if (primary.exitCode === null) primary.kill('SIGKILL');
    }
  }, 45_000);
});
