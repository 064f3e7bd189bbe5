import { PostgresEventStore } from '@o2c/event-store/postgres';
import type { RecordedEvent } from '@o2c/event-store';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/database';
import { projectionEntities, readModelEntity, type ProjectionDefinition } from './projection';
import { ProjectionRunner } from './projection-runner';

interface AccountBalance {
  accountId: string;
  balanceMinor: string;
  invoices: number;
}

let failOnce: string | undefined;
const balances = (version = 1): ProjectionDefinition<AccountBalance> => ({
  name: 'test.account_balances',
  version,
  table: 'test_account_balances',
  columns: {
    accountId: { type: 'varchar', name: 'account_id' },
    balanceMinor: { type: 'bigint', name: 'balance_minor' },
    invoices: { type: 'int' },
  },
  indices: [{ name: 'by_account', columns: ['accountId'] }],
  filter: { streamNamePrefixes: ['ledger-'] },
  keysOf: (event) => [(event.data as { accountId: string }).accountId],
  evolve(row, event: RecordedEvent) {
    const data = event.data as { accountId: string; amountMinor: number; closes?: boolean };
    if (failOnce && event.type === failOnce) {
      failOnce = undefined;
      throw new Error('evolve failed on purpose');
    }
    const current = row ?? { accountId: data.accountId, balanceMinor: '0', invoices: 0 };
    switch (event.type) {
      case 'InvoiceIssued':
        return { accountId: current.accountId, balanceMinor: String(BigInt(current.balanceMinor) + BigInt(data.amountMinor)), invoices: current.invoices + 1 };
      case 'PaymentReceived':
        return { accountId: current.accountId, balanceMinor: String(BigInt(current.balanceMinor) - BigInt(data.amountMinor)), invoices: current.invoices };
      case 'AccountClosed':
        return null;
      default:
        return undefined;
    }
  },
});

interface FirstInvoice {
  amountMinor: string;
}

/** Insert-only: the first invoice of an account keeps its row; later ones change nothing. */
const firstInvoices: ProjectionDefinition<FirstInvoice> = {
  name: 'test.first_invoices',
  version: 1,
  table: 'test_first_invoices',
  columns: { amountMinor: { type: 'bigint', name: 'amount_minor' } },
  insertOnly: true,
  filter: { streamNamePrefixes: ['first-'] },
  keysOf: (event) => (event.type === 'InvoiceIssued' ? [(event.data as { accountId: string }).accountId] : []),
  evolve: (row, event) => (row ? undefined : { amountMinor: String((event.data as { amountMinor: number }).amountMinor) }),
};

describe('ProjectionRunner on real PostgreSQL', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const runners: ProjectionRunner<AccountBalance>[] = [];
  const meta = { correlationId: 'c', causationId: 'k', actor: 'test', occurredAt: '2026-11-25T09:00:00Z' };
  const issue = (account: string, amountMinor: number) => ({ type: 'InvoiceIssued', data: { accountId: account, amountMinor }, metadata: meta });
  const pay = (account: string, amountMinor: number) => ({ type: 'PaymentReceived', data: { accountId: account, amountMinor }, metadata: meta });
  const runner = (definition = balances(), batchSize?: number) => {
    const r = new ProjectionRunner(definition, store, dataSource, { batchSize, retryDelayMs: 50 });
    runners.push(r);
    return r;
  };
  const rows = async () =>
    (await dataSource.getRepository(readModelEntity(balances())).find({ order: { accountId: 'ASC' } })).map((r) => [r.accountId, r.balanceMinor, r.invoices]);
  const checkpoint = async (name = 'test.account_balances') =>
    (await dataSource.query(`SELECT position FROM o2c_read.checkpoints WHERE name = $1`, [name]))[0]?.position as string | undefined;

  beforeAll(async () => {
    const url = await createTestDatabase('projection');
    store = await PostgresEventStore.connect({ url });
    dataSource = await new DataSource({ type: 'postgres', url, entities: projectionEntities([balances() as ProjectionDefinition<object>, firstInvoices as unknown as ProjectionDefinition<object>]) }).initialize();
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
  });

  it('folds events into rows through TypeORM and commits the checkpoint with them', async () => {
    await store.appendToStream('ledger-a', [issue('A', 100_00), issue('A', 50_00), pay('A', 30_00)]);
    await store.appendToStream('other-x', [issue('X', 999)]);
    const r = runner();
    await r.start();
    const { position } = await store.appendToStream('ledger-b', [issue('B', 7_00)]);
    await r.waitFor(position);
    expect(await rows()).toEqual([
      ['A', '12000', 2],
      ['B', '700', 1],
    ]);
    expect(await checkpoint()).toBe(position.toString());
    expect(r.state().status).toBe('live');
  });

  it('a batch that fails changes neither rows nor checkpoint, and is applied exactly once on retry', async () => {
    const r = runner();
    await r.start();
    const before = await checkpoint();
    failOnce = 'PaymentReceived';
    const { position } = await store.appendToStream('ledger-a', [issue('A', 1_00), pay('A', 20_00)]);
    await r.waitFor(position);
    expect(failOnce).toBeUndefined();
    expect(await rows()).toEqual([
      ['A', '10100', 3],
      ['B', '700', 1],
    ]);
    expect(BigInt((await checkpoint())!)).toBeGreaterThan(BigInt(before!));
  });

  it('two runners of one projection never apply an event twice', async () => {
    const first = runner(balances(), 1);
    const second = runner(balances(), 1);
    await Promise.all([first.start(), second.start()]);
    let last = 0n;
    for (let i = 0; i < 40; i++) last = (await store.appendToStream(`ledger-c${i % 4}`, [issue('C', 1), issue('D', 2)])).position;
    await Promise.all([first.waitFor(last), second.waitFor(last)]);
    const byAccount = Object.fromEntries((await rows()).map(([account, balance, invoices]) => [account, [balance, invoices]]));
    expect(byAccount.C).toEqual(['40', 40]);
    expect(byAccount.D).toEqual(['80', 40]);
  });

  it('deletes rows when evolve returns null', async () => {
    const r = runner();
    await r.start();
    const { position } = await store.appendToStream('ledger-b', [{ type: 'AccountClosed', data: { accountId: 'B' }, metadata: meta }]);
    await r.waitFor(position);
    expect((await rows()).map(([account]) => account)).not.toContain('B');
  });

  it('rebuilds from position 0 into a fresh table and swaps it in with the same rows', async () => {
    const r = runner();
    await r.start();
    const live = await rows();
    await dataSource.query(`UPDATE o2c_read.test_account_balances SET balance_minor = -1`);
    const report = await r.rebuild();
    expect(report.events).toBe(3 + 2 + 80 + 1 + 1);
    expect(report.perSec).toBeGreaterThan(0);
    expect(await rows()).toEqual(live);
    // Following resumes after the swap: catching up from the rebuilt checkpoint, then live.
    for (let i = 0; i < 200 && r.state().status !== 'live'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(r.state().status).toBe('live');
    const { position } = await store.appendToStream('ledger-a', [issue('A', 1)]);
    await r.waitFor(position);
    expect((await rows())[0]).toEqual(['A', '10101', 4]);
  });

  it('a new version of the projection is rebuilt on start', async () => {
    const r = runner(balances(2));
    await r.start();
    expect(await rows()).toHaveLength(3);
    const [stored] = await dataSource.query(`SELECT version FROM o2c_read.checkpoints WHERE name = 'test.account_balances'`);
    expect(stored.version).toBe(2);
  });

  it('a rebuild never swaps in a table behind what another runner of the projection applied meanwhile', async () => {
    // Another process's runner keeps following the live table while this one rebuilds. Events it applies after the
    // rebuild's last catch-up stopped and before the swap must reach the swapped-in table too.
    const other = runner(balances(2));
    await other.start();
    let subscriptions = 0;
    let injected = 0n;
    const wrapped = Object.create(store) as PostgresEventStore;
    wrapped.subscribeToAll = (options, handler) => {
      const subscription = store.subscribeToAll(options, handler);
      if (++subscriptions !== 2) return subscription;
      // The rebuild's second (last) catch-up: once it has stopped, an invoice is appended and applied by the other runner.
      return {
        done: subscription.done,
        stop: async () => {
          await subscription.stop();
          injected = (await store.appendToStream('ledger-r', [issue('R', 4_00)])).position;
          await other.waitFor(injected);
        },
      };
    };
    const rebuilder = new ProjectionRunner(balances(2), wrapped, dataSource, { retryDelayMs: 50 });
    await rebuilder.rebuild();
    expect(injected).toBeGreaterThan(0n);
    expect(BigInt((await checkpoint())!)).toBeGreaterThanOrEqual(injected);
    expect((await rows()).find(([account]) => account === 'R')).toEqual(['R', '400', 1]);
    // The other runner goes on applying into the swapped-in table.
    const { position } = await store.appendToStream('ledger-r', [issue('R', 1)]);
    await other.waitFor(position);
    expect((await rows()).find(([account]) => account === 'R')).toEqual(['R', '401', 2]);
  });

  it('an insert-only projection keeps the first row of a key, live across batches and when rebuilt across pages', async () => {
    const first = () => dataSource.query(`SELECT key, amount_minor, last_position FROM o2c_read.test_first_invoices ORDER BY key`);
    const r = new ProjectionRunner(firstInvoices, store, dataSource, { batchSize: 1, rebuildBatchSize: 1, retryDelayMs: 50 });
    await r.start();
    const opened = await store.appendToStream('first-e', [issue('E', 1)]);
    await store.appendToStream('first-f', [issue('F', 5), issue('E', 2)]);
    const { position } = await store.appendToStream('first-e', [issue('E', 3), issue('F', 6)]);
    await r.waitFor(position);
    const live = await first();
    expect(live.map((row: { key: string; amount_minor: string }) => [row.key, row.amount_minor])).toEqual([
      ['E', '1'],
      ['F', '5'],
    ]);
    expect(live[0].last_position).toBe(opened.position.toString());
    await r.rebuild();
    expect(await first()).toEqual(live);
    await r.stop();
  });
});
