import 'reflect-metadata';
import type { PublishedEvent } from '@o2c/contracts';
import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ManualClock, projectionEntities, ProjectionRunner, readModelEntity, type DomainException, type ProjectionDefinition } from '@o2c/kernel';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/database';
import { AccountStreams } from './account.streams';
import type { AccountDeclaration } from './account/account.commands';
import { accountStream } from './account/account.events';
import { exposureOf } from './account/account.state';
import { DEFAULT_ACCOUNTS_POLICY } from './account/decide';
import { ingressContext } from './check-order-credit/check-order-credit.ingress';
import { orderCreditOutcome } from './check-order-credit/order-credit.outcome';
import { accountsSummaryProjection } from './projections/accounts-summary/accounts-summary.projection';
import { ListHeldOrdersHandler } from './projections/held-orders/held-orders.handler';
import { heldOrdersProjection } from './projections/held-orders/held-orders.projection';
import { ListHeldOrdersQuery } from './projections/held-orders/held-orders.query';
import { applyReceivableEvent } from './record-receivables/receivables.consumer';
import { accountsTranslator } from './translator/accounts.translator';

const projections = [accountsSummaryProjection, heldOrdersProjection] as ProjectionDefinition<object>[];

describe('accounts on real PostgreSQL (event store + read models)', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let streams: AccountStreams;
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  const runners: ProjectionRunner<object>[] = [];

  const declaration = (accountId: string): AccountDeclaration => ({
    accountId,
    legalName: `${accountId} SAS`,
    kind: 'b2b',
    segment: 'standard',
    siren: '552100554',
    currency: 'EUR',
    paymentTermsDays: 30,
    contacts: [{ name: 'Compta', role: 'accountant', email: 'ap@example.com', preferredChannel: 'email' }],
  });
  const open = async (accountId: string, creditLimitMinor: number) => {
    await streams.execute(accountId, { type: 'OpenAccount', declaration: declaration(accountId), now: clock.now().toISOString(), actor: 'user:cm-1' }, { causationId: `open-${accountId}`, actor: 'user:cm-1' });
    await streams.execute(accountId, { type: 'ChangeCreditLimit', creditLimitMinor, reason: 'test limit', actor: 'user:cm-1' }, { causationId: `limit-${accountId}`, actor: 'user:cm-1' });
  };
  const placeOrder = (accountId: string, orderId: string, amountMinor: number, messageId = `oms-${orderId}`) =>
    streams.execute(accountId, { type: 'CheckOrderCredit', orderId, amountMinor, currency: 'EUR', placedAt: clock.now().toISOString() }, ingressContext(messageId));
  const invoicing = (type: string, data: Record<string, unknown>, messageId: string): PublishedEvent => ({
    type,
    schemaVersion: 1,
    context: 'invoicing',
    key: String(data.accountId),
    data,
    metadata: { messageId, correlationId: messageId, causationId: messageId, actor: 'svc:invoicing', occurredAt: clock.now().toISOString(), sourceStream: 'invoice-x', sourcePosition: '1' },
  });
  const exposure = async (accountId: string) => {
    const { state } = await streams.load(accountId);
    if (state.status !== 'Open') throw new Error('not open');
    return exposureOf(state);
  };

  beforeAll(async () => {
    const url = await createTestDatabase('accounts');
    store = await PostgresEventStore.connect({ url });
    dataSource = await new DataSource({ type: 'postgres', url, entities: projectionEntities(projections) }).initialize();
    streams = new AccountStreams(store, clock, DEFAULT_ACCOUNTS_POLICY);
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    await dataSource?.destroy();
    await store?.close();
  });

  it('serialises credit decisions per account: concurrent orders never share the same headroom', async () => {
    await open('RACE', 1_000_00);
    // Separate runners (no shared cache) race on the stream as separate processes would.
    const racers = Array.from({ length: 4 }, () => new AccountStreams(store, clock, DEFAULT_ACCOUNTS_POLICY));
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        racers[i % racers.length].execute('RACE', { type: 'CheckOrderCredit', orderId: `O${i}`, amountMinor: 300_00, currency: 'EUR', placedAt: clock.now().toISOString() }, ingressContext(`race-${i}`)),
      ),
    );
    const decisions = outcomes.flatMap((o) => o.newEvents);
    expect(decisions.filter((e) => e.type === 'OrderCreditReleased')).toHaveLength(3);
    expect(decisions.filter((e) => e.type === 'OrderCreditHeld')).toHaveLength(7);
    const recorded = await store.readStream(accountStream('RACE'));
    expect(recorded.map((e) => e.revision)).toEqual(recorded.map((_, i) => BigInt(i)));
    // Each release saw the ones before it.
    const seen = recorded.filter((e) => e.type === 'OrderCreditReleased').map((e) => (e.data as { exposure: { totalMinor: number } }).exposure.totalMinor);
    expect(seen).toEqual([300_00, 600_00, 900_00]);
    expect(await exposure('RACE')).toEqual({ receivablesMinor: 0, uninvoicedOrdersMinor: 900_00 });
  });

  it('an ingress message delivered twice is decided once', async () => {
    await open('TWICE', 1_000_00);
    const first = await placeOrder('TWICE', 'O1', 100_00, 'oms-dup');
    const again = await placeOrder('TWICE', 'O1', 100_00, 'oms-dup');
    const otherMessage = await placeOrder('TWICE', 'O1', 100_00, 'oms-dup-2');
    expect(orderCreditOutcome('TWICE', 'O1', first)).toMatchObject({ outcome: 'released', exposureMinor: 100_00, creditLimitMinor: 1_000_00 });
    expect(orderCreditOutcome('TWICE', 'O1', again).outcome).toBe('already_handled');
    expect(orderCreditOutcome('TWICE', 'O1', otherMessage).outcome).toBe('already_released');
    expect((await store.readStream(accountStream('TWICE'))).filter((e) => e.type === 'OrderCreditReleased')).toHaveLength(1);
  });

  it("learns receivables from invoicing's events: an invoiced order moves out of uninvoiced, a redelivery counts nothing twice", async () => {
    await open('RECV', 1_000_00);
    await placeOrder('RECV', 'O1', 600_00);
    const issued = invoicing('InvoiceIssued', { invoiceId: 'INV-1', accountId: 'RECV', orderId: 'O1', currency: 'EUR', lines: [], netMinor: 500_00, taxMinor: 100_00, totalMinor: 600_00, issuedOn: '2026-11-26', dueOn: '2026-12-26', openAmountMinor: 600_00 }, 'inv-evt-1');
    await applyReceivableEvent(streams, issued);
    await applyReceivableEvent(streams, issued);
    expect(await exposure('RECV')).toEqual({ receivablesMinor: 600_00, uninvoicedOrdersMinor: 0 });

    await applyReceivableEvent(streams, invoicing('PaymentApplied', { invoiceId: 'INV-1', accountId: 'RECV', paymentId: 'P1', amountMinor: 200_00, currency: 'EUR', receivedOn: '2026-11-30', openAmountMinor: 400_00 }, 'inv-evt-2'));
    expect(await exposure('RECV')).toEqual({ receivablesMinor: 400_00, uninvoicedOrdersMinor: 0 });
    expect(orderCreditOutcome('RECV', 'O2', await placeOrder('RECV', 'O2', 600_00)).outcome).toBe('released');
    expect(orderCreditOutcome('RECV', 'O3', await placeOrder('RECV', 'O3', 1)).outcome).toBe('held');

    await applyReceivableEvent(streams, invoicing('PaymentReversed', { invoiceId: 'INV-1', accountId: 'RECV', paymentId: 'P1', amountMinor: 200_00, currency: 'EUR', reason: 'direct_debit_bounced', openAmountMinor: 600_00 }, 'inv-evt-3'));
    const { state } = await streams.load('RECV');
    expect(state).toMatchObject({ risk: { riskClass: 'medium' } });
    expect(await exposure('RECV')).toEqual({ receivablesMinor: 600_00, uninvoicedOrdersMinor: 600_00 });
  });

  it('an order for an account that is not open is refused with not_found naming accountId (the consumer retries, then dead-letters)', async () => {
    const error = (await placeOrder('NOBODY', 'O1', 1).catch((e: unknown) => e)) as DomainException;
    expect(error.error).toMatchObject({ kind: 'not_found', code: 'account.not_found', field: 'accountId' });
    expect(await store.readStream(accountStream('NOBODY'))).toEqual([]);
  });

  it('feeds accounts_summary and the held_orders queue; decisions take orders off the queue', async () => {
    await open('QUEUE', 500_00);
    await placeOrder('QUEUE', 'Q1', 400_00);
    await placeOrder('QUEUE', 'Q2', 200_00);
    await placeOrder('QUEUE', 'Q3', 300_00);
    for (const p of projections) {
      const runner = new ProjectionRunner(p, store, dataSource, { retryDelayMs: 50 });
      runners.push(runner);
      await runner.start();
    }
    const waitAll = async (position: bigint) => {
      for (const r of runners) await r.waitFor(position);
    };
    const head = async () => (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
    await waitAll(await head());

    const summary = await dataSource.getRepository(readModelEntity(accountsSummaryProjection)).findOneByOrFail({ key: 'QUEUE' });
    expect(summary).toMatchObject({ legalName: 'QUEUE SAS', kind: 'b2b', segment: 'standard', creditLimitMinor: '50000', uninvoicedOrdersMinor: '40000', exposureMinor: '40000', riskClass: 'low', heldCount: 2 });
    expect(summary.heldOrderIds).toEqual(['Q2', 'Q3']);

    const queue = new ListHeldOrdersHandler(dataSource);
    const page = await queue.execute(new ListHeldOrdersQuery('largest', 100, 0, 'QUEUE'));
    expect(page.total).toBe(2);
    expect(page.heldOrders.map((h) => [h.orderId, h.amountMinor, h.exposureSeen.totalMinor, h.overLimitMinor, h.legalName, h.creditLimitNowMinor])).toEqual([
      ['Q3', 300_00, 700_00, 200_00, 'QUEUE SAS', 500_00],
      ['Q2', 200_00, 600_00, 100_00, 'QUEUE SAS', 500_00],
    ]);

    await streams.execute('QUEUE', { type: 'ApproveHeldOrder', orderId: 'Q2', reason: 'good customer', actor: 'user:cm-9' }, { causationId: 'approve-q2', actor: 'user:cm-9' });
    await streams.execute('QUEUE', { type: 'RejectHeldOrder', orderId: 'Q3', reason: 'too much', actor: 'user:cm-9' }, { causationId: 'reject-q3', actor: 'user:cm-9' });
    await waitAll(await head());
    expect((await queue.execute(new ListHeldOrdersQuery('oldest', 100, 0, 'QUEUE'))).heldOrders).toEqual([]);
    const after = await dataSource.getRepository(readModelEntity(accountsSummaryProjection)).findOneByOrFail({ key: 'QUEUE' });
    expect(after).toMatchObject({ uninvoicedOrdersMinor: '60000', exposureMinor: '60000', heldCount: 0 });
    // The read model folds to the same exposure the aggregate holds.
    const live = await exposure('QUEUE');
    expect(Number(after.exposureMinor)).toBe(live.receivablesMinor + live.uninvoicedOrdersMinor);
  });

  it('translates to the published contracts, keyed by account id', async () => {
    const recorded = await store.readStream(accountStream('QUEUE'));
    const published = recorded.map((e) => accountsTranslator.translate(e)).filter((p) => p !== undefined);
    expect(published.map((p) => p.type)).toEqual(['AccountOpened', 'CreditLimitChanged', 'OrderCreditReleased', 'OrderCreditHeld', 'OrderCreditHeld', 'OrderCreditReleased', 'OrderCreditRejected']);
    expect(published.every((p) => p.key === 'QUEUE' && p.context === 'accounts')).toBe(true);
    expect(published[5]).toMatchObject({
      data: { accountId: 'QUEUE', orderId: 'Q2', amountMinor: 200_00, currency: 'EUR', exposureMinor: 600_00, creditLimitMinor: 500_00, releasedBy: 'user:cm-9' },
      metadata: { actor: 'user:cm-9', sourceStream: 'account-QUEUE' },
    });
    expect(published[6].data).toEqual({ accountId: 'QUEUE', orderId: 'Q3', amountMinor: 300_00, currency: 'EUR', reason: 'too much', rejectedBy: 'user:cm-9' });
  });

  it('an AccountOpened stored at version 1 (before country) stays as it was stored and replays through the upcaster', async () => {
    const v1 = { ...declaration('OLDV1'), creditLimitMinor: 1_000_00, creditLimitBasis: { rule: 'opening_policy', baseMinor: 1_000_00, segmentFactorPercent: 100 }, openedAt: '2025-01-02T09:00:00.000Z', openedBy: 'user:cm-0' };
    delete (v1 as { country?: string }).country;
    await store.appendToStream(accountStream('OLDV1'), [
      { type: 'AccountOpened', schemaVersion: 1, data: { ...v1, contacts: [{ contactId: 'c1', ...v1.contacts[0] }] }, metadata: { correlationId: 'old', causationId: 'old', actor: 'user:cm-0', occurredAt: v1.openedAt } },
    ]);
    // The decider runner reads it as v2 and decides on it.
    const outcome = await placeOrder('OLDV1', 'O1', 100_00);
    expect(orderCreditOutcome('OLDV1', 'O1', outcome).outcome).toBe('released');
    const { state } = await streams.load('OLDV1');
    expect(state).toMatchObject({ status: 'Open', country: 'FR' });
    // Stored bytes unchanged: version 1, no country.
    const [stored] = await store.readStream(accountStream('OLDV1'));
    expect(stored.schemaVersion).toBe(1);
    expect(stored.data).not.toHaveProperty('country');
    // The translator publishes the current contract (v2, country FR); the read model folds it.
    expect(accountsTranslator.translate(stored)).toMatchObject({ type: 'AccountOpened', schemaVersion: 2, data: { accountId: 'OLDV1', country: 'FR' } });
    // A new opening is stored at version 2 with its country.
    await open('NEWV2', 1_000_00);
    const [opened] = await store.readStream(accountStream('NEWV2'));
    expect(opened).toMatchObject({ type: 'AccountOpened', schemaVersion: 2, data: { country: 'FR' } });
  });
});
