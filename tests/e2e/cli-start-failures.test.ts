import { createServer, type Server } from 'node:net';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';

/** Start-up refusals of the real CLI: an exit code and exactly one line on stderr, no stack trace. */
async function expectRefusal(env: Record<string, string>, exitCode: number, line: RegExp): Promise<void> {
  // Never the real data.gouv.fr: nothing here gets as far as calling it, and a regression must not either.
  const cli = spawnCli({ PORT: '0', LOG_LEVEL: 'silent', DATAGOUV_API_URL: 'http://127.0.0.1:9/api', ...env });
  const code = await cli.exited;
  const { stderr } = cli.output();
  expect({ code, lines: stderr.split('\n').filter(Boolean) }).toEqual({ code: exitCode, lines: [expect.stringMatching(line)] });
}

describe('a start that cannot go on', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-start-'));
  });

  it('refuses a commitments file that is not valid YAML as a whole (exit 2, file named)', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, '- key: a\n  title: "unclosed\n- key: [b\n');
    await expectRefusal({ COMMITMENTS_FILE: file }, 2, new RegExp(`^Gateway not started: commitments file "${file}" is unusable: INVALID_YAML `));
  });

  it('refuses a YAML alias bomb without expanding it (exit 2, one line)', async () => {
    const file = join(dir, 'bomb.yaml');
    const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const lines = levels.map((name, index) =>
      index === 0 ? `  f0: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` : `  f${index}: &${name} [${Array(9).fill(`*${levels[index - 1]}`).join(',')}]`,
    );
    await writeFile(file, `- key: bomb\n${lines.join('\n')}\n`);
    await expectRefusal({ COMMITMENTS_FILE: file }, 2, /^Gateway not started: commitments file ".*bomb\.yaml" is unusable: INVALID_YAML .*alias/i);
  });

  it('refuses a commitments file larger than 5 MiB before parsing it', async () => {
    const file = join(dir, 'huge.yaml');
    await writeFile(file, `# ${'x'.repeat(5 * 1_048_576)}\n- key: a\n`);
    await expectRefusal({ COMMITMENTS_FILE: file }, 2, /^Gateway not started: cannot read commitment records from ".*huge\.yaml": \d+ bytes, more than the 5242880 allowed$/);
  });

  it('refuses a commitments file whose every record is bad', async () => {
    const file = join(dir, 'all-bad.yaml');
    await writeFile(file, '- key: a\n- key: b\n');
    await expectRefusal({ COMMITMENTS_FILE: file }, 2, /^Gateway not started: commitments file ".*all-bad\.yaml" is unusable: no record is usable \(4 errors\), first: MISSING_FIELD/);
  });

  it('refuses a missing press-release directory and one without records', async () => {
    await expectRefusal({ PRESS_RELEASES_DIR: join(dir, 'nowhere') }, 2, /^Gateway not started: Press-release directory .*nowhere does not exist$/);
    const empty = join(dir, 'empty-press');
    await mkdir(join(empty, '_communiques'), { recursive: true });
    await expectRefusal({ PRESS_RELEASES_DIR: empty }, 2, /^Gateway not started: press-release directory ".*empty-press" is unusable: it holds no Markdown record/);
  });

  it('refuses an invalid setting, naming it on one line (exit 2)', async () => {
    await expectRefusal({ DATAGOUV_CACHE_TTL_MS: '-1', LOG_LEVEL: 'loud' }, 2, /^Gateway not started: Invalid configuration: DATAGOUV_CACHE_TTL_MS=-1 is out of range .* LOG_LEVEL="loud" is not one of/);
  });

  it('refuses a HOST that is no interface of this machine (exit 1, one line)', async () => {
    await expectRefusal({ HOST: '192.0.2.1' }, 1, /^Gateway not started: cannot listen on HOST=192\.0\.2\.1: no such local interface$/);
  });

  describe('with the port already taken', () => {
    let blocker: Server;
    let port: number;
    beforeAll(async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      port = (blocker.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => blocker.close(resolve));
    });

    it('says so on one line and exits 1', async () => {
      await expectRefusal({ PORT: String(port) }, 1, new RegExp(`^Gateway not started: port ${port} on 127\\.0\\.0\\.1 is already in use: `));
    });
  });
});
