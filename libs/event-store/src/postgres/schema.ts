import type { PoolClient } from 'pg';

/** Migrations of the PostgreSQL event store, applied in order, each once, under an advisory lock. */
export const EVENT_STORE_MIGRATIONS: readonly { id: string; sql: string }[] = [
  {
    id: '001_event_store',
    sql: `
      CREATE TABLE o2c_es.streams (
        stream_name text COLLATE "C" PRIMARY KEY,
        revision    bigint NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      );

      -- One row: the last $all position handed out. Taking it is the last step before COMMIT (see postgres-event-store.ts).
      CREATE TABLE o2c_es.positions (id smallint PRIMARY KEY CHECK (id = 1), last bigint NOT NULL);
      INSERT INTO o2c_es.positions (id, last) VALUES (1, 0);

      CREATE TABLE o2c_es.events (
        position       bigint PRIMARY KEY,
        stream_name    text COLLATE "C" NOT NULL,
        revision       bigint NOT NULL,
        event_id       uuid NOT NULL,
        event_type     text COLLATE "C" NOT NULL,
        schema_version integer NOT NULL,
        data           jsonb NOT NULL,
        metadata       jsonb NOT NULL,
        recorded_at    timestamptz NOT NULL,
        UNIQUE (stream_name, revision)
      );
    `,
  },
];

/** An arbitrary constant that names "the o2c event store's migrations" among advisory locks. */
const MIGRATION_LOCK = 7_220_001;

/** Several processes may start at once (typeorm #4588): one transaction holds the lock, the others wait, then see it applied. */
export async function migrate(client: PoolClient): Promise<string[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS o2c_es');
    await client.query('CREATE TABLE IF NOT EXISTS o2c_es.schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ id: string }>('SELECT id FROM o2c_es.schema_migrations');
    const applied = new Set(rows.map((r) => r.id));
    const ran: string[] = [];
    for (const migration of EVENT_STORE_MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO o2c_es.schema_migrations (id) VALUES ($1)', [migration.id]);
      ran.push(migration.id);
    }
    await client.query('COMMIT');
    return ran;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
