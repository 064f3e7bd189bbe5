import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ManualClock, projectionEntities, ProjectionRunner, readModelEntity, type ProjectionDefinition } from '@o2c/kernel';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../../test/support/database';
import { addDays } from '../../ledger/calendar';
import type { LedgerCommand } from '../../ledger/commands';
import { LedgerService } from '../../ledger/ledger.service';
import { receivableMinor, unappliedCashMinor } from '../../ledger/state';
import { accountBalancesProjection } from '../account-balances/account-balances.projection';
import { invoicesProjection } from './invoices.projection';
import { ReceivablesQueries } from './receivables.queries';

const AS_OF = '2026-12-31';
const TERMS = 30;

describe('invoicing read models on real PostgreSQL', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let ledger: LedgerService;
  let queries: ReceivablesQueries;
  const clock = new ManualClock('2026-12-31T12:00:00Z');
  const runners: ProjectionRunner<object>[] = [];
  let step = 0;
  const run = (command: LedgerCommand) => ledger.execute(command, { causationId: `test:${++step}`, actor: 'user:test' });
  const deliver = (accountId: string, orderId: string, amountMinor: number, deliveredOn: string, currency = 'EUR') =>
    run({ type: 'IssueInvoice', accountId, orderId, currency, deliveredOn, lines: [{ description: 'goods', quantity: 1, unitPriceMinor: amountMinor, taxRateBp: 0 }] });
  const caughtUp = async () => {
    const head = await store.readAll({ direction: 'backwards', maxCount: 1 });
    for (const r of runners) await r.waitFor(head[0].position);
  };

  beforeAll(async () => {
    const url = await createTestDatabase('invoicing_read');
    store = await PostgresEventStore.connect({ url });
    const definitions = [invoicesProjection, accountBalancesProjection] as unknown as ProjectionDefinition<object>[];
    dataSource = await new DataSource({ type: 'postgres', url, entities: projectionEntities(definitions) }).initialize();
    ledger = new LedgerService(store, clock);
    queries = new ReceivablesQueries(dataSource);
    for (const definition of definitions) {
      const runner = new ProjectionRunner(definition, store, dataSource, { retryDelayMs: 50 });
      runners.push(runner);
      await runner.start();
    }
    await run({ type: 'LearnAccountTerms', accountId: 'AGE', currency: 'EUR', paymentTermsDays: TERMS });
    // One invoice per edge, due `late` days before AS_OF; amounts are powers of ten, so each bucket's sum says which invoices it holds.
    const edges = [-5, 0, 1, 30, 31, 60, 61, 90, 91];
    for (const [i, late] of edges.entries()) await deliver('AGE', `late${late}`, 10 ** i, addDays(AS_OF, -late - TERMS));
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    await dataSource?.destroy();
    await store?.close();
  });

  it('ages open amounts at the bucket edges: day 0 not due; 1 and 30; 31 and 60; 61 and 90; 91 over 90', async () => {
    await caughtUp();
    const [eur] = await queries.aging(AS_OF, 'AGE');
    expect(eur).toEqual({
      currency: 'EUR',
      notDueMinor: 1 + 10, // -5 and 0
      days1To30Minor: 100 + 1_000, // 1 and 30
      days31To60Minor: 10_000 + 100_000, // 31 and 60
      days61To90Minor: 1_000_000 + 10_000_000, // 61 and 90
      over90Minor: 100_000_000, // 91
      totalMinor: 111_111_111,
      openItems: 9,
    });
  });

  it('lists open items oldest due first with their days late', async () => {
    const items = await queries.openItems('AGE', AS_OF);
    expect(items.map((i) => [i.invoiceId, i.daysLate])).toEqual([
      ['INV-late91', 91],
      ['INV-late90', 90],
      ['INV-late61', 61],
      ['INV-late60', 60],
      ['INV-late31', 31],
      ['INV-late30', 30],
      ['INV-late1', 1],
      ['INV-late0', 0],
      ['INV-late-5', -5],
    ]);
  });

  it('follows payments, reversals, credit notes and write-offs; the portfolio ages per currency', async () => {
    await run({ type: 'LearnAccountTerms', accountId: 'MIX', currency: 'EUR', paymentTermsDays: 0 });
    await run({ type: 'LearnAccountTerms', accountId: 'GBP1', currency: 'GBP', paymentTermsDays: 0 });
    await deliver('MIX', 'm1', 100_00, '2026-12-01'); // 30 days late on AS_OF
    await deliver('MIX', 'm2', 50_00, '2026-12-20');
    await deliver('GBP1', 'g1', 7_00, '2026-12-31', 'GBP');
    await run({ type: 'ReceivePayment', accountId: 'MIX', paymentId: 'p1', amountMinor: 120_00, currency: 'EUR', receivedOn: '2026-12-21', method: 'transfer' });
    await run({ type: 'IssueCreditNote', accountId: 'MIX', invoiceId: 'INV-m2', creditNoteId: 'cn1', amountMinor: 5_00, reason: 'x', on: '2026-12-22' });
    await caughtUp();
    expect(await queries.invoice('INV-m1')).toMatchObject({ status: 'paid', openAmountMinor: 0, paidOn: '2026-12-21' });
    expect(await queries.invoice('INV-m2')).toMatchObject({ status: 'open', openAmountMinor: 25_00 });

    await run({ type: 'ReversePayment', accountId: 'MIX', paymentId: 'p1', reason: 'direct_debit_bounced', reversedOn: '2026-12-24' });
    await run({ type: 'WriteOffInvoice', accountId: 'MIX', invoiceId: 'INV-m2', reason: 'x', approvedBy: 'user:cfo', on: '2026-12-30' });
    await caughtUp();
    expect(await queries.invoice('INV-m1')).toMatchObject({ status: 'open', openAmountMinor: 100_00, paidOn: null });
    expect(await queries.invoice('INV-m2')).toMatchObject({ status: 'written_off', openAmountMinor: 0 });

    const portfolio = await queries.aging(AS_OF);
    expect(portfolio.map((b) => [b.currency, b.totalMinor])).toEqual([
      ['EUR', 111_111_111 + 100_00],
      ['GBP', 7_00],
    ]);
    expect(portfolio[0].days1To30Minor).toBe(100 + 1_000 + 100_00);
  });

  it('keeps each account balance row equal to the ledger replay', async () => {
    await caughtUp();
    const rows = await dataSource.getRepository(readModelEntity(accountBalancesProjection)).find();
    expect(rows.length).toBe(3);
    for (const row of rows) {
      const { state } = await ledger.stateAt(row.accountId);
      expect([row.accountId, Number(row.receivableMinor), Number(row.unappliedCashMinor)]).toEqual([row.accountId, receivableMinor(state), unappliedCashMinor(state)]);
    }
  });

  it('computes DSO = receivables / credit sales of the last N days x N, rounded half up', async () => {
    await run({ type: 'LearnAccountTerms', accountId: 'DSO', currency: 'EUR', paymentTermsDays: 30 });
    await deliver('DSO', 'old', 1_000_00, '2026-09-01'); // outside a 90-day window ending 2026-12-31 (window starts 2026-10-03)
    await deliver('DSO', 'd1', 600_00, '2026-10-03');
    await deliver('DSO', 'd2', 300_00, '2026-12-31');
    await run({ type: 'ReceivePayment', accountId: 'DSO', paymentId: 'p', amountMinor: 1_200_00, currency: 'EUR', receivedOn: '2026-12-01', method: 'transfer' });
    await caughtUp();
    // Receivables: 1000 + 600 + 300 - 1200 = 700; sales over 90 days: 900; 700 / 900 x 90 = 70.
    expect(await queries.dso(AS_OF, 90, 'DSO')).toEqual([{ currency: 'EUR', receivablesMinor: 700_00, creditSalesMinor: 900_00, dsoDays: 70 }]);
    // Over 30 days: sales 300 (d2 only); receivables 700 -> 70 days' worth: 700 / 300 x 30 = 70.
    expect((await queries.dso(AS_OF, 30, 'DSO'))[0].dsoDays).toBe(70);
    // Half up: 700 / 900 x 91 = 70.78 -> 71 (d1 and d2 in a 91-day window too).
    expect((await queries.dso(AS_OF, 91, 'DSO'))[0].dsoDays).toBe(71);
    // As of a day before any sale in the window: no credit sales, no DSO.
    expect(await queries.dso('2026-09-30', 20, 'DSO')).toEqual([{ currency: 'EUR', receivablesMinor: 0, creditSalesMinor: 0, dsoDays: null }]);
  });
});
