import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { codegouvBeside } from '../../mocks/serve-mock-upstream.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI as source, run through tsx: tests never depend on how fresh dist/ is. */
export const CLI_SOURCE = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface SpawnedCli {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Exit code, or the signal's name when a signal ended it. */
  readonly exited: Promise<number | string | null>;
  output(): { stdout: string; stderr: string };
  /** Resolves with the first stdout match of `pattern`, rejects when the process exits first. */
  waitForStdout(pattern: RegExp): Promise<RegExpExecArray>;
}

/**
 * Spawns `command` in the project root with `env` over the current
 * environment. A gateway pointed at a loopback data.gouv.fr is pointed at the
 * code.gouv.fr served beside it too, unless `env` says otherwise: no test
 * reaches the real code.gouv.fr.
 */
export function spawnProcess(command: string, args: readonly string[], env: Record<string, string>): SpawnedCli {
  // Each spawned gateway keeps its store of record apart, unless the test shares one on purpose.
  const dataDir = env['DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'gateway-data-'));
  const api = env['DATAGOUV_API_URL'];
  const loopback = api !== undefined && /^http:\/\/127\.0\.0\.1:\d+\//.test(api);
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, ...(loopback ? codegouvBeside(api) : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    waitForStdout(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            listeners.delete(check);
            resolve(match);
          }
        };
        listeners.add(check);
        check();
        void exited.then((code) => {
          listeners.delete(check);
          reject(new Error(`exited (${String(code)}) before printing ${pattern}: ${stderr}`));
        });
      });
    },
  };
}

/** The gateway CLI from source (`node --import tsx src/cli.ts`). */
export function spawnCli(env: Record<string, string>): SpawnedCli {
  return spawnProcess(process.execPath, ['--import', 'tsx', CLI_SOURCE], { LOG_LEVEL: 'info', ...env });
}

/** A port that was free a moment ago. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether a new listener could bind `port` on 127.0.0.1 right now. */
export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
