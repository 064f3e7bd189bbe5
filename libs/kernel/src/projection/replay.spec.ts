import { PostgresEventStore } from '@o2c/event-store/postgres';
import type { RecordedEvent } from '@o2c/event-store';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/database';
import { projectionEntities, readModelEntity, type ProjectionDefinition } from './projection';
import { ProjectionRunner } from './projection-runner';
import { REPLAY_SCHEMA, replayViews } from './replay';
import { tableRedirect, withReadModelTables } from './table-redirect';

interface Balance {
  accountId: string;
  balanceMinor: string;
  lines: { amountMinor: number }[];
}

const balances: ProjectionDefinition<Balance> = {
  name: 'test.replay_balances',
  version: 1,
  table: 'test_replay_balances',
  columns: {
    accountId: { type: 'varchar', name: 'account_id' },
    balanceMinor: { type: 'bigint', name: 'balance_minor' },
    lines: { type: 'jsonb' },
  },
  indices: [{ name: 'by_account', columns: ['accountId'] }],
  filter: { streamNamePrefixes: ['ledger-'] },
  keysOf: (event) => [(event.data as { accountId: string }).accountId],
  evolve(row, event: RecordedEvent) {
    const data = event.data as { accountId: string; amountMinor: number };
    const current = row ?? { accountId: data.accountId, balanceMinor: '0', lines: [] };
    if (event.type === 'AccountClosed') return null;
    const sign = event.type === 'PaymentReceived' ? -1n : 1n;
    return { accountId: current.accountId, balanceMinor: String(BigInt(current.balanceMinor) + sign * BigInt(data.amountMinor)), lines: [...current.lines, { amountMinor: data.amountMinor }] };
  },
};

/** `o2c replay` on real PostgreSQL: fresh tables folded up to the live checkpoint, compared by checksum, swapped on request. */
describe('replayViews', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let live: ProjectionRunner<Balance>;
  const meta = { correlationId: 'c', causationId: 'k', actor: 'test', occurredAt: '2026-11-25T09:00:00Z' };
  const event = (type: string, accountId: string, amountMinor: number) => ({ type, data: { accountId, amountMinor }, metadata: meta });

  beforeAll(async () => {
    const url = await createTestDatabase('replay');
    store = await PostgresEventStore.connect({ url });
    dataSource = await new DataSource({ type: 'postgres', url, entities: projectionEntities([balances as ProjectionDefinition<object>]) }).initialize();
    for (let i = 0; i < 40; i++) await store.appendToStream(`ledger-${i % 7}`, [event('InvoiceIssued', `A${i % 7}`, 1000 + i), event('PaymentReceived', `A${i % 7}`, 10)]);
    await store.appendToStream('other-1', [event('InvoiceIssued', 'Z', 5)]);
    await store.appendToStream('ledger-6', [event('AccountClosed', 'A6', 0)]);
    live = new ProjectionRunner(balances, store, dataSource, { batchSize: 9 });
    await live.start();
    await live.waitFor(82n);
  });
  afterAll(async () => {
    await live?.stop();
    await dataSource?.destroy();
    await store?.close();
  });

  it('a faithful live view: equal checksums and row counts; the live table untouched', async () => {
    const before = await dataSource.query(`SELECT * FROM o2c_read.test_replay_balances ORDER BY key`);
    const report = await replayViews([live as unknown as ProjectionRunner<object>], dataSource);
    expect(report.checksumsEqual).toBe(true);
    expect(report.events).toBe(81);
    expect(report.views[0]).toMatchObject({ name: 'test.replay_balances', position: '82', equal: true, swapped: false, live: { rows: 6 }, replayed: { rows: 6 } });
    expect(report.views[0].live!.checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(await dataSource.query(`SELECT * FROM o2c_read.test_replay_balances ORDER BY key`)).toEqual(before);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM ${REPLAY_SCHEMA}.test_replay_balances`)).toEqual([{ n: 6 }]);
    // Loaded without its secondary index, which is built afterwards like the live table's.
    const indexes: { indexdef: string }[] = await dataSource.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'test_replay_balances' ORDER BY indexdef`, [REPLAY_SCHEMA]);
    expect(indexes.map((i) => i.indexdef.replace(/INDEX \S+ ON/, 'INDEX ON'))).toEqual([
      `CREATE INDEX ON ${REPLAY_SCHEMA}.test_replay_balances USING btree (account_id)`,
      `CREATE UNIQUE INDEX ON ${REPLAY_SCHEMA}.test_replay_balances USING btree (key)`,
    ]);
  });

  it('a live view changed behind the projection differs (one value, or one row missing), and swap repairs it', async () => {
    await dataSource.query(`UPDATE o2c_read.test_replay_balances SET balance_minor = balance_minor + 1 WHERE account_id = 'A3'`);
    const changed = await replayViews([live as unknown as ProjectionRunner<object>], dataSource);
    expect(changed.checksumsEqual).toBe(false);
    expect(changed.views[0].live!.rows).toBe(changed.views[0].replayed.rows);

    await dataSource.query(`DELETE FROM o2c_read.test_replay_balances WHERE account_id = 'A3'`);
    const missing = await replayViews([live as unknown as ProjectionRunner<object>], dataSource);
    expect(missing.views[0]).toMatchObject({ equal: false, live: { rows: 5 }, replayed: { rows: 6 } });

    await store.appendToStream('ledger-1', [event('InvoiceIssued', 'A1', 7)]);
    const swapped = await replayViews([live as unknown as ProjectionRunner<object>], dataSource, { swap: true });
    expect(swapped.views[0]).toMatchObject({ equal: false, swapped: true });
    await live.waitFor(83n);
    const [a1] = await dataSource.query(`SELECT balance_minor FROM o2c_read.test_replay_balances WHERE account_id = 'A1'`);
    expect(Number(a1.balance_minor)).toBe([1, 8, 15, 22, 29, 36].reduce((sum, i) => sum + 1000 + i - 10, 0) + 7);
    const again = await replayViews([live as unknown as ProjectionRunner<object>], dataSource);
    expect(again.checksumsEqual).toBe(true);
    // The live runner keeps following the swapped-in table.
    await store.appendToStream('ledger-3', [event('InvoiceIssued', 'A3', 1)]);
    await live.waitFor(84n);
    expect((await replayViews([live as unknown as ProjectionRunner<object>], dataSource)).checksumsEqual).toBe(true);
  });

  it('foldInto in small pages with few rows in memory, stopped and resumed, gives the table a single fold gives', async () => {
    // Pages of 5 events and at most 2 rows kept in memory: rows are dropped and read back between pages; the resumed
    // fold starts with rows in its table that it never held in memory, and must read them back too.
    const small = new ProjectionRunner(balances, store, dataSource, { rebuildBatchSize: 5, rebuildCachedRows: 2 });
    const whole = { schema: 'o2c_read_test_fold', table: 'whole' };
    const parts = { schema: 'o2c_read_test_fold', table: 'parts' };
    expect(await live.foldInto(whole, { upTo: 60n })).toEqual({ events: 60, checkpoint: 60n });
    expect(await small.foldInto(parts, { upTo: 23n })).toEqual({ events: 23, checkpoint: 23n });
    expect(await small.foldInto(parts, { upTo: 60n, resume: true })).toEqual({ events: 37, checkpoint: 60n });
    const read = (table: string) => dataSource.query(`SELECT key, last_position, account_id, balance_minor, lines FROM o2c_read_test_fold.${table} ORDER BY key`);
    const expected = await read('whole');
    expect(expected).toHaveLength(7);
    expect(await read('parts')).toEqual(expected);
  });

  it('foldInto stops at a past position, and a redirect runs the view\'s own reads on that table', async () => {
    const report = await live.foldInto({ schema: 'o2c_read_test_asof', table: 'balances_at_4' }, { upTo: 4n });
    expect(report).toEqual({ events: 4, checkpoint: 4n });
    const redirect = tableRedirect(new Map([[balances.table, '"o2c_read_test_asof"."balances_at_4"']]));
    const rows = await withReadModelTables(redirect, () => dataSource.getRepository(readModelEntity(balances)).find({ order: { accountId: 'ASC' } }));
    expect(rows.map((r) => [r.accountId, r.balanceMinor, r.lines])).toEqual([
      ['A0', '990', [{ amountMinor: 1000 }, { amountMinor: 10 }]],
      ['A1', '991', [{ amountMinor: 1001 }, { amountMinor: 10 }]],
    ]);
    expect(await withReadModelTables(redirect, () => dataSource.query(`SELECT count(*)::int AS n FROM o2c_read.test_replay_balances`))).toEqual([{ n: 2 }]);
  });
});
