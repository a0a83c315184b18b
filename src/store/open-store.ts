import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import { createVerdictStore } from './create-verdict-store.js';
import { listMigrations, type StoreDialect } from './migrations.js';
import type { StoreDatabase } from './store-schema.js';
import type { VerdictStore } from './verdict-store.js';

/** Name of the SQLite file under `DATA_DIR`. */
export const SQLITE_FILE_NAME = 'gateway.sqlite';

/**
 * Why a store cannot be used. `UNUSABLE_FILE` (not a database, or written by
 * a newer version) stops the start: the file is kept as it is for a person to
 * look at. `UNREACHABLE` (PostgreSQL down) lets the gateway serve without history.
 */
export class StoreOpenError extends Error {
  readonly reason: 'UNUSABLE_FILE' | 'NEWER_SCHEMA' | 'UNREACHABLE';
  constructor(reason: StoreOpenError['reason'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreOpenError';
    this.reason = reason;
  }
}

export interface StoreLocation {
  /** `postgres://...`; when absent, the SQLite file under `dataDir`. */
  readonly databaseUrl?: string | null;
  /** Directory of the SQLite file; created when missing. */
  readonly dataDir: string;
}

/** Where the store lives, in words safe to log (no password). */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.databaseUrl) {
    const url = new URL(location.databaseUrl);
    return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  }
  return `SQLite ${join(location.dataDir, SQLITE_FILE_NAME)}`;
}

/**
 * Opens the store and brings its schema up to date. Refuses a file that is
 * not a database or a schema newer than this version knows, without writing
 * to it.
 */
export async function openStore(location: StoreLocation): Promise<VerdictStore> {
  const { db, engine } = await openMigrated(location);
  return createVerdictStore(db, engine);
}

/** `npm run db:migrate`: brings the store's schema up to date and says which migrations it applied. */
export async function migrateStore(location: StoreLocation): Promise<string[]> {
  const { db, applied } = await openMigrated(location);
  await db.destroy();
  return applied;
}

async function openMigrated(location: StoreLocation): Promise<{ db: Kysely<StoreDatabase>; engine: StoreDialect; applied: string[] }> {
  const engine: StoreDialect = location.databaseUrl ? 'postgres' : 'sqlite';
  const db = engine === 'postgres' ? await openPostgres(location.databaseUrl as string) : openSqlite(location.dataDir);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { db, engine, applied: await migrate(db, engine) };
    } catch (error) {
      // Processes started together (WEB_CONCURRENCY) migrate one SQLite file at once; the loser finds the work done on retry.
      const retryable = engine === 'sqlite' && attempt < 5 && !(error instanceof StoreOpenError && error.reason !== 'UNUSABLE_FILE') && !isCorruption(error);
      if (!retryable) {
        await db.destroy().catch(() => undefined);
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Brings the schema up to date (`npm run db:migrate` and every start); returns the migrations applied. */
export async function migrate(db: Kysely<StoreDatabase>, engine: StoreDialect): Promise<string[]> {
  const migrations = listMigrations(engine);
  await refuseNewerSchema(db, Object.keys(migrations));
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...migrations }) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw toOpenError(error);
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

function openSqlite(dataDir: string): Kysely<StoreDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SQLITE_FILE_NAME);
  let database: SQLite.Database;
  try {
    database = new SQLite(path);
    // Several processes (WEB_CONCURRENCY) may share the file: readers never wait for the writer.
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    // In WAL mode NORMAL survives a crash of the process; only a power cut may lose the last run, which the next one rewrites.
    database.pragma('synchronous = NORMAL');
  } catch (error) {
    throw toOpenError(error, path);
  }
  return new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database }) });
}

async function openPostgres(url: string): Promise<Kysely<StoreDatabase>> {
  // Loaded only when asked for: the embedded default does not carry the driver in memory.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its server emits here; the next query reports it instead of the process crashing.
  pool.on('error', () => undefined);
  return new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
}

async function refuseNewerSchema(db: Kysely<StoreDatabase>, known: readonly string[]): Promise<void> {
  let applied: string[];
  try {
    const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
    if (!tables.some((table) => table.name === 'kysely_migration')) return;
    const rows = await (db as unknown as Kysely<{ kysely_migration: { name: string } }>).selectFrom('kysely_migration').select('name').execute();
    applied = rows.map((row) => row.name);
  } catch (error) {
    throw toOpenError(error);
  }
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new StoreOpenError(
      'NEWER_SCHEMA',
      `the store was written by a newer version of the gateway (migration ${unknown.join(', ')} unknown to this one); it is left untouched`,
    );
  }
}

function isCorruption(error: unknown): boolean {
  const cause = error instanceof StoreOpenError ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

function toOpenError(error: unknown, path?: string): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreOpenError('UNUSABLE_FILE', `${path ?? 'the store file'} is not a usable SQLite database (${message}); it is left untouched`, { cause: error });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new StoreOpenError('UNUSABLE_FILE', `${path ?? 'the store file'} cannot be used: ${message}`, { cause: error });
  }
  return new StoreOpenError('UNREACHABLE', `the database cannot be reached: ${message}`, { cause: error });
}
