import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort } from './spawn-cli.js';

/**
 * Debian installs each major version in its own directory and puts only pg_wrapper
 * links to client tools in /usr/bin; whatever else is on PATH (this machine links
 * /usr/local/bin/initdb back into /usr/lib/postgresql/15) may be another version's
 * initdb than its postgres. The versioned directory always pairs the three.
 */
export const POSTGRESQL_ROOT = '/usr/lib/postgresql';

/** The superuser initdb creates, whatever OS user runs the cluster, so URLs do not depend on the machine. */
const SUPERUSER = 'postgres';
/** The database `startPostgres` creates, so its URL is usable as is. */
const FIRST_DATABASE = 'gateway_test';
/** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
const MAX_NAME_BYTES = 63;
const START_ATTEMPTS = 3;
const READY_TIMEOUT_S = 60;

export interface PostgresBinaries {
  readonly version: number;
  readonly initdb: string;
  readonly pgCtl: string;
  readonly postgres: string;
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/gateway_test`, trusted without a password. */
  readonly url: string;
  readonly port: number;
  readonly version: number;
  /** A fresh, empty database on this server (see `createDatabase`). */
  createDatabase(name: string): Promise<string>;
  /** Stops the cluster at once (`pg_ctl stop -m immediate`) and removes its directory; idempotent. */
  stop(): Promise<void>;
  /** Stops the server at once but keeps its data: the database "lost" mid-run. */
  pause(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  resume(): Promise<void>;
}

/** The highest installed version's initdb, pg_ctl and postgres; throws with the reason when there is none. */
export function findPostgresBinaries(root: string = POSTGRESQL_ROOT): PostgresBinaries {
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => /^\d+$/.test(entry))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  for (const version of versions) {
    const bin = path.join(root, String(version), 'bin');
    const binaries = {
      version,
      initdb: path.join(bin, 'initdb'),
      pgCtl: path.join(bin, 'pg_ctl'),
      postgres: path.join(bin, 'postgres'),
    };
    if (existsSync(binaries.initdb) && existsSync(binaries.pgCtl) && existsSync(binaries.postgres)) return binaries;
  }
  throw new Error(`initdb not found under ${root}/*/bin; run scripts/ensure-services.sh`);
}

/**
 * Starts a throwaway cluster on a free loopback port, its data and socket in a new
 * temporary directory, tuned for tests (no fsync: nothing in it must survive a crash).
 * Run as root, the cluster runs as the `postgres` OS user, since postgres refuses root.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  const owner = process.getuid?.() === 0 ? await lookUpOsUser(SUPERUSER) : null;
  const dir = await mkdtemp(path.join(tmpdir(), 'gateway-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  let running = false;
  const onExit = () => {
    // A run that dies before its teardown must not leave a postmaster behind:
    // SIGQUIT is postgres' immediate shutdown, and only synchronous work runs here.
    if (running) signalPostmaster(data, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const cleanUp = async () => {
    process.removeListener('exit', onExit);
    if (running) {
      running = false;
      const stopped = await runAs(owner, binaries.pgCtl, ['stop', '-D', data, '-m', 'immediate', '-s'], dir);
      if (stopped.code !== 0) signalPostmaster(data, 'SIGQUIT');
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    if (owner) await chown(dir, owner.uid, owner.gid);
    const initdb = await runAs(
      owner,
      binaries.initdb,
      ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      dir,
    );
    if (initdb.code !== 0) throw new Error(`initdb failed (exit ${initdb.code}): ${lastLines(initdb.output)}`);

    let port = 0;
    let options = '';
    for (let attempt = 1; ; attempt += 1) {
      // Chosen just before the bind, so another test listening on port 0 has
      // little time to take it; a collision is retried on a new port.
      port = await findFreePort();
      options = [
        '-c listen_addresses=127.0.0.1',
        `-p ${port}`,
        `-k '${dir}'`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
      ].join(' ');
      running = true;
      const start = await runAs(owner, binaries.pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', String(READY_TIMEOUT_S), '-s', '-o', options], dir);
      if (start.code === 0) break;
      running = false;
      signalPostmaster(data, 'SIGQUIT');
      const logged = await readFile(log, 'utf8').catch(() => '');
      if (attempt < START_ATTEMPTS && /could not (bind|create listen socket)/.test(logged)) continue;
      throw new Error(`pg_ctl start failed (exit ${start.code}): ${lastLines(logged || start.output)}`);
    }

    const admin = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    const url = await createDatabaseNamed(admin, FIRST_DATABASE);
    return {
      url,
      port,
      version: binaries.version,
      createDatabase: (name) => createDatabase(url, name),
      stop: cleanUp,
      async pause() {
        if (!running) return;
        const stopped = await runAs(owner, binaries.pgCtl, ['stop', '-D', data, '-m', 'immediate', '-s'], dir);
        if (stopped.code !== 0) throw new Error(`pg_ctl stop failed (exit ${stopped.code}): ${lastLines(stopped.output)}`);
        running = false;
      },
      async resume() {
        if (running) return;
        running = true;
        const start = await runAs(owner, binaries.pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', String(READY_TIMEOUT_S), '-s', '-o', options], dir);
        if (start.code !== 0) {
          running = false;
          throw new Error(`pg_ctl start failed (exit ${start.code}): ${lastLines(await readFile(log, 'utf8').catch(() => start.output))}`);
        }
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/**
 * Creates an empty database on the server of `serverUrl` (any database URL of it)
 * and returns its URL. `name` is a readable prefix: a random suffix makes each call
 * a new database, so test files (and reruns in watch mode, which keep the server)
 * never see one another's tables.
 */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const prefix = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'db';
  const suffix = `_${Math.random().toString(36).slice(2, 10)}`;
  const database = `${/^[a-z_]/.test(prefix) ? '' : 'db_'}${prefix}`.slice(0, MAX_NAME_BYTES - suffix.length) + suffix;
  return createDatabaseNamed(serverUrl, database);
}

async function createDatabaseNamed(serverUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    // template0 rather than template1: nothing a test may have put in template1 is copied.
    await client.query(`create database "${database}" template template0`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

async function lookUpOsUser(name: string): Promise<OsUser> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd.split('\n').find((line) => line.startsWith(`${name}:`));
  const [, , uid, gid] = entry?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(`no "${name}" OS user to run the cluster as (postgres refuses root); run scripts/ensure-services.sh`);
  }
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** Runs `command` as `owner` through runuser (root only), or as the current user when there is none. */
async function runAs(owner: OsUser | null, command: string, args: readonly string[], cwd: string): Promise<{ code: number; output: string }> {
  const [file, argv] = owner ? ['runuser', ['-u', owner.name, '--', command, ...args]] : [command, [...args]];
  return new Promise((resolve, reject) => {
    // The locale is pinned so that initdb does not trip on a machine without the caller's locale installed.
    const child = spawn(file, argv, { cwd, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`cannot run ${file}: ${error.message}`)));
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

function signalPostmaster(data: string, signal: NodeJS.Signals): void {
  try {
    const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, signal);
  } catch {
    // No pid file or no such process: nothing is left to stop.
  }
}

function lastLines(text: string, count = 5): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}
