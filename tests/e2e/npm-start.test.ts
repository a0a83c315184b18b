import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../mocks/serve-mock-upstream.js';
import { findFreePort, isPortFree, PROJECT_ROOT, spawnProcess } from '../helpers/spawn-cli.js';

/** Every process below `root`, read from /proc (Linux). */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const [child, parent] of parentOf) if (parent === pid) (found.push(child), queue.push(child));
  }
  return found;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

describe('npm start', () => {
  let upstream: MockUpstream;
  beforeAll(async () => {
    // `npm start` runs dist/: compile it now if a source changed, so its own prestart finds it fresh.
    const build = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    upstream = await startMockUpstream({ port: 0 });
  }, 180_000);
  afterAll(async () => {
    await upstream.close();
  });

  it('runs one node server (the compiled CLI) that SIGTERM to npm stops, freeing the port', async () => {
    const port = await findFreePort();
    const npm = spawnProcess('npm', ['start', '--silent'], {
      PORT: String(port),
      DATAGOUV_API_URL: upstream.url,
      DATAGOUV_SOURCE: 'MOCK',
      LOG_LEVEL: 'info',
    });
    try {
      await npm.waitForStdout(/"msg":"gateway listening/);
      const ready = await request(`http://127.0.0.1:${port}/ready`);
      expect(ready.statusCode).toBe(200);
      await ready.body.dump();

      // npm itself, then no shell or launcher between it and the server.
      const below = descendants(npm.child.pid as number);
      expect(below.map(commandLine)).toEqual([expect.stringMatching(/^node (--[\w=-]+ )*dist\/cli\.js$/)]);

      npm.child.kill('SIGTERM');
      await npm.exited;
      expect(npm.output().stdout).toContain('"msg":"stopped"');
      expect(await isPortFree(port)).toBe(true);
      expect(below.filter((pid) => commandLine(pid) !== '')).toEqual([]);
    } finally {
      npm.child.kill('SIGKILL');
    }
  }, 60_000);
});
