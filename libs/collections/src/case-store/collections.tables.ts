import type { DataSource, EntityManager } from 'typeorm';

export const COLLECTIONS_SCHEMA = 'o2c_collections';

/** Collections' own tables: the accounts it follows (the daily run's list) and the runs' records (resumable). */
export async function migrateCollections(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('o2c_collections.migrate'))`);
    await manager.query(`CREATE SCHEMA IF NOT EXISTS ${COLLECTIONS_SCHEMA}`);
    await manager.query(`CREATE TABLE IF NOT EXISTS ${COLLECTIONS_SCHEMA}.cases (account_id text PRIMARY KEY)`);
    // The daily run's schedule: the next date the run has something to decide for the case (NULL: nothing until an event arrives).
    await manager.query(`ALTER TABLE ${COLLECTIONS_SCHEMA}.cases ADD COLUMN IF NOT EXISTS next_run_on date DEFAULT '-infinity'`);
    // Bumped by every change from outside the run, so the run never overwrites a newer "run me next time" with an older plan.
    await manager.query(`ALTER TABLE ${COLLECTIONS_SCHEMA}.cases ADD COLUMN IF NOT EXISTS changes bigint NOT NULL DEFAULT 0`);
    await manager.query(`CREATE INDEX IF NOT EXISTS cases_next_run_on ON ${COLLECTIONS_SCHEMA}.cases (next_run_on) WHERE next_run_on IS NOT NULL`);
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

/** The accounts waiting to be marked on one executor (a consumer's transaction, or the data source) while a write runs. */
interface PendingMarks {
  running: boolean;
  waiting?: { accountIds: Set<string>; done: Promise<void>; resolve: () => void; reject: (error: unknown) => void };
}
const pendingMarks = new WeakMap<DataSource | EntityManager, PendingMarks>();

async function writeMarks(executor: DataSource | EntityManager, pending: PendingMarks): Promise<void> {
  pending.running = true;
  // The callers of this turn of the event loop join the first write.
  await new Promise((resolve) => setImmediate(resolve));
  while (pending.waiting) {
    const batch = pending.waiting;
    pending.waiting = undefined;
    try {
      await executor.query(
        `INSERT INTO ${COLLECTIONS_SCHEMA}.cases AS c (account_id) SELECT unnest($1::text[])
         ON CONFLICT (account_id) DO UPDATE SET next_run_on = '-infinity', changes = c.changes + 1`,
        [[...batch.accountIds].sort()],
      );
      batch.resolve();
    } catch (error) {
      batch.reject(error);
    }
  }
  pending.running = false;
}

/**
 * Records an account the context follows and puts it on the next daily run
 * (something changed that the run must look at); in the consumer's
 * transaction when there is one. The calls made on one executor while its
 * previous write runs are written together, in one statement: a consumer
 * batch of thousands of messages costs a few round trips, not one each.
 */
export function markCaseChanged(executor: DataSource | EntityManager, accountId: string): Promise<void> {
  let pending = pendingMarks.get(executor);
  if (!pending) pendingMarks.set(executor, (pending = { running: false }));
  if (!pending.waiting) {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    pending.waiting = { accountIds: new Set(), done, resolve, reject };
    if (!pending.running) void writeMarks(executor, pending);
  }
  pending.waiting.accountIds.add(accountId);
  return pending.waiting.done;
}

/** A new policy version may move any case: every case goes on the next run. */
export async function markEveryCaseChanged(executor: DataSource | EntityManager): Promise<void> {
  await executor.query(`UPDATE ${COLLECTIONS_SCHEMA}.cases SET next_run_on = '-infinity', changes = changes + 1`);
}

/** The run's plan for each case it decided, unless the case changed since the run read it (then it stays on the next run). */
export async function scheduleNextRuns(executor: DataSource | EntityManager, plans: readonly { accountId: string; changes: string; nextRunOn: string | undefined }[]): Promise<void> {
  if (!plans.length) return;
  await executor.query(
    `UPDATE ${COLLECTIONS_SCHEMA}.cases AS c SET next_run_on = p.next_run_on
       FROM unnest($1::text[], $2::bigint[], $3::date[]) AS p(account_id, changes, next_run_on)
      WHERE c.account_id = p.account_id AND c.changes = p.changes`,
    [plans.map((p) => p.accountId), plans.map((p) => p.changes), plans.map((p) => p.nextRunOn ?? null)],
  );
}
