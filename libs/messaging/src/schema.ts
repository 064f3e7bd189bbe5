import type { DataSource } from 'typeorm';

/**
 * Messaging's own tables, created once under an advisory lock (several
 * processes start together): what each consumer group has handled (its
 * idempotency record, written in the same transaction as its effects), and
 * the relays' checkpoints.
 */
export async function migrateMessaging(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_messaging.migrate'))`);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS o2c_messaging`);
    await manager.query(`CREATE TABLE IF NOT EXISTS o2c_messaging.handled_messages (
      group_id   text NOT NULL,
      message_id text NOT NULL,
      topic      text NOT NULL,
      partition  integer NOT NULL,
      "offset"   numeric(20,0) NOT NULL,
      outcome    text NOT NULL CHECK (outcome IN ('handled', 'dead_lettered')),
      reason     text,
      handled_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (group_id, message_id)
    )`);
    // Which business flow each handled message belonged to (benchmarks time a flow by it). Not indexed: nothing looks a
    // record up by it, and every consumer batch would pay for the index (a second b-tree insert per handled message).
    await manager.query(`ALTER TABLE o2c_messaging.handled_messages ADD COLUMN IF NOT EXISTS correlation_id text`);
    await manager.query(`DROP INDEX IF EXISTS o2c_messaging.handled_messages_by_correlation`);
    await manager.query(`CREATE TABLE IF NOT EXISTS o2c_messaging.relay_checkpoints (
      name       text PRIMARY KEY,
      position   numeric(40,0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
}
