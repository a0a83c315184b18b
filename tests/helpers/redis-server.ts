import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from './spawn-cli.js';

const START_ATTEMPTS = 3;
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** Enough of redis-server's own log to say why it would not start. */
const KEPT_OUTPUT_CHARS = 4_000;

export interface RedisServer {
  /** `redis://127.0.0.1:PORT`, no password. */
  readonly url: string;
  readonly port: number;
  /** Shuts the server down (SIGTERM, nothing saved) and removes its directory; idempotent. */
  stop(): Promise<void>;
  /** Kills the server outright (SIGKILL), as a crash would; `restart()` brings it back. */
  kill(): Promise<void>;
  /** Starts a new, empty server on the same port (killing the running one first, if any). */
  restart(): Promise<void>;
}

/** redis-server on PATH (Debian's package puts it in /usr/bin); throws with the reason when there is none. */
export function findRedisServer(): string {
  const directories = [...(process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'];
  for (const directory of directories) {
    const candidate = path.join(directory, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory; look in the next.
    }
  }
  throw new Error('redis-server not found on PATH; run scripts/ensure-services.sh');
}

/**
 * Starts a throwaway redis-server on a free loopback port, without persistence
 * (no RDB, no AOF: a restart is an empty server, as after losing a cache node),
 * its working directory a new temporary one.
 */
export async function startRedis(): Promise<RedisServer> {
  const binary = findRedisServer();
  const dir = await mkdtemp(path.join(tmpdir(), 'gateway-redis-'));
  let child: ChildProcess | null = null;
  let port = 0;
  const onExit = () => {
    // A run that dies before its teardown must not leave a server behind; only synchronous work runs here.
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const launch = async (): Promise<void> => {
    const started = spawnRedis(binary, port, dir);
    child = started.child;
    try {
      await waitUntilAnswering(port, started);
    } catch (error) {
      await stopChild(started.child, 'SIGKILL');
      child = null;
      throw error;
    }
  };

  try {
    for (let attempt = 1; ; attempt += 1) {
      port = await findFreePort();
      try {
        await launch();
        break;
      } catch (error) {
        // Another listener may take the port between its choice and redis' bind.
        if (attempt < START_ATTEMPTS && /Address already in use/i.test(String(error))) continue;
        throw error;
      }
    }
  } catch (error) {
    process.removeListener('exit', onExit);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      if (child) await stopChild(child, 'SIGTERM');
      child = null;
      await rm(dir, { recursive: true, force: true });
    },
    async kill() {
      if (child) await stopChild(child, 'SIGKILL');
      child = null;
    },
    async restart() {
      if (stopped) throw new Error('redis-server was stopped; start a new one');
      if (child) await stopChild(child, 'SIGKILL');
      child = null;
      await launch();
    },
  };
}

/** Resolves when the server at `url` (`redis://host:port`) answers PING with PONG, over a raw socket. */
export async function pingRedis(url: string, timeoutMs = 1_000): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let reply = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer to PING from ${url} within ${timeoutMs} ms`)));
    socket.once('error', reject);
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (!reply.includes('\r\n')) return;
      socket.end();
      const line = reply.slice(0, reply.indexOf('\r\n'));
      if (line === '+PONG') resolve();
      else reject(new Error(`PING to ${url} answered ${JSON.stringify(line)}`));
    });
    socket.once('close', () => reject(new Error(`${url} closed the connection before answering PING`)));
  });
}

interface SpawnedRedis {
  readonly child: ChildProcess;
  output(): string;
  /** Set once the process has exited, with its exit code or signal. */
  exit: string | null;
}

function spawnRedis(binary: string, port: number, dir: string): SpawnedRedis {
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-KEPT_OUTPUT_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const spawned: SpawnedRedis = { child, output: () => output, exit: null };
  child.once('error', (error) => (spawned.exit = `error: ${error.message}`));
  // 'close' rather than 'exit': the reason it gives up is in output that may still be in the pipe at 'exit'.
  child.once('close', (code, signal) => (spawned.exit = String(code ?? signal)));
  return spawned;
}

async function waitUntilAnswering(port: number, spawned: SpawnedRedis): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (spawned.exit !== null) {
      throw new Error(`redis-server exited (${spawned.exit}) before answering PING: ${lastLines(spawned.output())}`);
    }
    try {
      await pingRedis(`redis://127.0.0.1:${port}`, 500);
      // Only our own server counts, not one that already held the port this one failed to bind.
      if (spawned.exit === null) return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer PING within ${READY_TIMEOUT_MS} ms: ${String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}
