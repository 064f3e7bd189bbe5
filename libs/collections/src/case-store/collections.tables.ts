import type { DataSource, EntityManager } from 'typeorm';

export const COLLECTIONS_SCHEMA = 'o2c_collections';

/** Collections' own tables: the accounts it follows (the daily run's list) and the runs' records (resumable). */
export async function migrateCollections(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_collections.migrate'))`);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS ${COLLECTIONS_SCHEMA}`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${COLLECTIONS_SCHEMA}.cases (account_id text PRIMARY KEY)`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${COLLECTIONS_SCHEMA}.dunning_runs (
      run_date date PRIMARY KEY,
      started_at timestamptz NOT NULL,
      finished_at timestamptz,
      accounts_done integer NOT NULL DEFAULT 0
    )`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${COLLECTIONS_SCHEMA}.dunning_run_accounts (
      run_date date NOT NULL,
      account_id text NOT NULL,
      PRIMARY KEY (run_date, account_id)
    )`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${COLLECTIONS_SCHEMA}.checkpoints (name text PRIMARY KEY, position numeric(40,0) NOT NULL)`);
  });
}

/** Records an account the context follows; in the consumer's transaction when there is one. */
export async function recordCase(executor: DataSource | EntityManager, accountId: string): Promise<void> {
  await executor.query(`INSERT INTO ${COLLECTIONS_SCHEMA}.cases (account_id) VALUES ($1) ON CONFLICT DO NOTHING`, [accountId]);
}
