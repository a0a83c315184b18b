/**
 * `npm run db:migrate`: brings the store of record's schema up to date
 * without starting the gateway (the gateway also does it at every start).
 * Exit 2 with one line when the store is unusable or written by a newer version.
 */
import { ConfigError, loadConfig } from './config/config.js';
import { describeStoreLocation, migrateStore, StoreOpenError } from './store/open-store.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const location = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
  const applied = await migrateStore(location);
  process.stdout.write(
    applied.length > 0
      ? `${describeStoreLocation(location)}: applied ${applied.join(', ')}\n`
      : `${describeStoreLocation(location)}: already up to date\n`,
  );
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof StoreOpenError;
  process.stderr.write(`Store not migrated: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(known ? 2 : 1);
});
