import type { Kysely, Migration } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

/**
 * The numbered migrations, oldest first. Never edit one that has shipped:
 * add the next number. A store whose migration table names a migration this
 * list lacks was written by a newer version and is refused.
 */
export function listMigrations(dialect: StoreDialect): Readonly<Record<string, Migration>> {
  // Auto-increment ids are spelled differently by the two engines; everything else is shared.
  const id = (table: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
    dialect === 'postgres'
      ? table.addColumn('id', 'serial', (column) => column.primaryKey())
      : table.addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement());
  return {
    '0001_history': {
      async up(db: Kysely<unknown>) {
        await id(db.schema.createTable('evaluation_runs'))
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text', (c) => c.notNull())
          .addColumn('duration_ms', 'integer', (c) => c.notNull())
          .addColumn('upstream_state', 'text', (c) => c.notNull())
          .addColumn('upstream_reason', 'text')
          .addColumn('commitment_count', 'integer', (c) => c.notNull())
          .addColumn('counts_json', 'text', (c) => c.notNull())
          .addColumn('observations_written', 'integer', (c) => c.notNull())
          .addColumn('changes_written', 'integer', (c) => c.notNull())
          .addColumn('complete', 'integer', (c) => c.notNull())
          .addColumn('evaluator', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('evaluation_runs_finished').on('evaluation_runs').column('finished_at').execute();

        await id(db.schema.createTable('observations'))
          .addColumn('run_id', 'integer', (c) => c.notNull())
          .addColumn('commitment_key', 'text', (c) => c.notNull())
          .addColumn('observed_at', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('first_published_at', 'text')
          .addColumn('first_publication_source', 'text')
          .addColumn('object_kind', 'text')
          .addColumn('object_id', 'text')
          .addColumn('object_slug', 'text')
          .addColumn('confidence', 'double precision', (c) => c.notNull())
          .addColumn('stale', 'integer', (c) => c.notNull())
          .addColumn('held', 'integer', (c) => c.notNull())
          .addColumn('evidence_digest', 'text', (c) => c.notNull())
          .addColumn('verdict_json', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('observations_commitment').on('observations').columns(['commitment_key', 'observed_at']).execute();

        await id(db.schema.createTable('snapshots'))
          .addColumn('run_id', 'integer', (c) => c.notNull())
          .addColumn('object_kind', 'text', (c) => c.notNull())
          .addColumn('object_id', 'text', (c) => c.notNull())
          .addColumn('observed_at', 'text', (c) => c.notNull())
          .addColumn('digest', 'text', (c) => c.notNull())
          .addColumn('snapshot_json', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('snapshots_object').on('snapshots').columns(['object_kind', 'object_id']).execute();

        await id(db.schema.createTable('changes'))
          .addColumn('run_id', 'integer', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('commitment_key', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('object_kind', 'text')
          .addColumn('object_id', 'text')
          .addColumn('subject', 'text')
          .addColumn('before_value', 'text')
          .addColumn('after_value', 'text')
          .addColumn('sentence', 'text', (c) => c.notNull())
          .addColumn('entry_id', 'text', (c) => c.notNull().unique())
          .execute();
        await db.schema.createIndex('changes_at').on('changes').column('at').execute();
        await db.schema.createIndex('changes_commitment').on('changes').columns(['commitment_key', 'at']).execute();

        await db.schema
          .createTable('current_verdicts')
          .addColumn('commitment_key', 'text', (c) => c.primaryKey())
          .addColumn('run_id', 'integer', (c) => c.notNull())
          .addColumn('verdict_json', 'text', (c) => c.notNull())
          .addColumn('remembered_json', 'text')
          .execute();

        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
  };
}
