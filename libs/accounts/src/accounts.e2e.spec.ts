import type { INestApplication } from '@nestjs/common';
import type { PublishedEvent } from '@o2c/contracts';
import { ManualClock } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, type IncomingMessage, type MessageTransport, type RunningConsumer } from '@o2c/messaging';
import { ContextHost } from '@o2c/messaging/nest';
import { createTestDatabase } from '../../../test/support/database';
import { accountsContext } from './index';
import { callerFor, createTestApp, headersOf, type Caller } from '../../../test/support/auth';

/** Accounts hosted as apps/o2c hosts it (in-process bus): HTTP, ingress, invoicing's events in, published events out. */
describe('accounts end to end over HTTP (real PostgreSQL, in-process bus)', () => {
  let app: INestApplication;
  let base: string;
  let transport: MessageTransport;
  let host: ContextHost;
  let published: RunningConsumer;
  const out: PublishedEvent[] = [];
  const clock = new ManualClock('2026-11-25T09:00:00Z');

  const send = async (method: 'GET' | 'POST', path: string, body?: unknown, as?: Caller) => {
    const headers = await headersOf(as ?? callerFor(path, 'credit_manager'));
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const projectionsCaughtUp = async () => {
    const head = (await send('GET', '/audit/all?direction=backwards&limit=1')).body as { events: { position: string }[] };
    for (const p of accountsContext.projections) await host.projection(p.name)!.waitFor(BigInt(head.events[0].position));
  };
  const order = (messageId: string, orderId: string, amountMinor: number, accountId = 'ACME') => ({
    messageId,
    type: 'OrderPlaced',
    data: { orderId, accountId, currency: 'EUR', amountMinor, placedAt: '2026-11-25T09:30:00Z' },
  });
  const invoicingEvent = (type: string, data: Record<string, unknown>, messageId: string): PublishedEvent => ({
    type,
    schemaVersion: 1,
    context: 'invoicing',
    key: String(data.accountId),
    data,
    metadata: { messageId, correlationId: messageId, causationId: messageId, actor: 'svc:invoicing', occurredAt: clock.now().toISOString(), sourceStream: 'invoice-x', sourcePosition: '1' },
  });
  const publishInvoicing = (event: PublishedEvent) =>
    transport.publish('o2c.invoicing.events', [{ key: event.key, value: JSON.stringify(event), headers: { 'o2c-message-id': event.metadata.messageId } }]);

  const acme = {
    accountId: 'ACME',
    legalName: 'Acme Fournitures SAS',
    kind: 'b2b',
    segment: 'standard',
    siren: '552 100 554',
    currency: 'EUR',
    paymentTermsDays: 30,
    expectedMonthlyVolumeMinor: 15_000_00,
    contacts: [
      { name: 'Claire Compta', role: 'accountant', email: 'compta@acme.example', preferredChannel: 'email' },
      { name: 'Bruno Achats', role: 'buyer', phone: '+33100000000', preferredChannel: 'phone' },
    ],
  };

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('accounts_e2e');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [accountsContext] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    transport = app.get<MessageTransport>(MESSAGE_TRANSPORT);
    host = app.get(ContextHost);
    await transport.ensureTopics([{ topic: 'o2c.accounts.events' }, { topic: 'o2c.invoicing.events' }]);
    published = await transport.consume({ groupId: 'test.accounts.out', topics: ['o2c.accounts.events'] }, async (batch: readonly IncomingMessage[]) => {
      for (const m of batch) out.push(JSON.parse(m.value) as PublishedEvent);
    });
  });
  afterAll(async () => {
    await published?.stop();
    await app?.close();
  });

  it('refuses bad declarations naming the field, and records nothing', async () => {
    const badLuhn = await send('POST', '/accounts', { ...acme, siren: '552100555' });
    expect(badLuhn.status).toBe(400);
    expect(badLuhn.body.error).toMatchObject({ code: 'account.invalid_siren', field: 'siren' });
    const badSiret = await send('POST', '/accounts', { ...acme, siret: '5521005540001' });
    expect(badSiret.status).toBe(400);
    expect(badSiret.body.error).toMatchObject({ code: 'account.invalid_siret', field: 'siret' });
    const badKind = await send('POST', '/accounts', { ...acme, kind: 'b2x', paymentTermsDays: 1.5 });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['kind', 'paymentTermsDays']);
    expect((await send('GET', '/accounts/ACME')).status).toBe(404);
  });

  it('opens an account (201) with the limit from the opening rule and the actor from the bearer token', async () => {
    const opened = await send('POST', '/accounts', acme, ['credit_manager', 'cm-1']);
    expect(opened.status).toBe(201);
    // 15,000.00 a month over 30 + 30 days = 30,000.00.
    expect(opened.body).toMatchObject({ accountId: 'ACME', siren: '552100554', creditLimitMinor: 30_000_00, riskClass: 'low', exposure: { totalMinor: 0, headroomMinor: 30_000_00 }, heldOrders: [] });
    expect((await send('POST', '/accounts', acme)).status).toBe(409);
    const stream = await send('GET', '/audit/streams/account-ACME/events');
    expect(stream.body.events[0].metadata).toMatchObject({ actor: 'user:cm-1' });
  });

  it('checks credit at every order: released within the limit, held over it, never refused', async () => {
    const released = await send('POST', '/ingress/orders', order('oms-1', 'ORD-1', 29_000_00));
    expect(released).toMatchObject({ status: 200, body: { outcome: 'released', exposureMinor: 29_000_00, creditLimitMinor: 30_000_00 } });
    expect((await send('POST', '/ingress/orders', order('oms-1', 'ORD-1', 29_000_00))).body.outcome).toBe('already_handled');
    const exactly = await send('POST', '/ingress/orders', order('oms-2', 'ORD-2', 1_000_00));
    expect(exactly.body).toMatchObject({ outcome: 'released', exposureMinor: 30_000_00 });
    const over = await send('POST', '/ingress/orders', order('oms-3', 'ORD-3', 1));
    expect(over.body).toMatchObject({ outcome: 'held', exposureMinor: 30_000_01 });
    await send('POST', '/ingress/orders', order('oms-4', 'ORD-4', 5_00));

    const account = await send('GET', '/accounts/ACME');
    expect(account.body.exposure).toEqual({ receivablesMinor: 0, uninvoicedOrdersMinor: 30_000_00, totalMinor: 30_000_00, headroomMinor: 0 });
    expect(account.body.heldOrders.map((o: { orderId: string }) => o.orderId)).toEqual(['ORD-3', 'ORD-4']);

    await projectionsCaughtUp();
    const queue = await send('GET', '/credit/held-orders');
    expect(queue.body.total).toBe(2);
    expect(queue.body.heldOrders[0]).toMatchObject({ accountId: 'ACME', orderId: 'ORD-3', legalName: 'Acme Fournitures SAS', riskClass: 'low', amountMinor: 1, overLimitMinor: 1 });
  });

  it('credit managers approve or reject held orders with a reason; only held orders', async () => {
    const approved = await send('POST', '/accounts/ACME/orders/ORD-3/approve', { reason: 'known customer' }, ['credit_manager', 'cm-2']);
    expect(approved).toMatchObject({ status: 200, body: { orderId: 'ORD-3', status: 'released' } });
    const again = await send('POST', '/accounts/ACME/orders/ORD-3/reject', { reason: 'changed my mind' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'credit.order_not_held', field: 'orderId' });
    expect((await send('POST', '/accounts/ACME/orders/ORD-4/reject', {})).status).toBe(400);
    const rejected = await send('POST', '/accounts/ACME/orders/ORD-4/reject', { reason: 'over limit' }, ['credit_manager', 'cm-2']);
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expect((await send('POST', '/accounts/ACME/orders/ORD-404/approve', { reason: 'x' })).status).toBe(404);
    await projectionsCaughtUp();
    expect((await send('GET', '/credit/held-orders')).body).toEqual({ total: 0, heldOrders: [] });
  });

  it('credit limit, segment and payment terms changes', async () => {
    const limit = await send('POST', '/accounts/ACME/credit-limit', { creditLimitMinor: 50_000_00, reason: 'guarantee' }, ['credit_manager', 'cm-3']);
    expect(limit.body).toMatchObject({ creditLimitMinor: 50_000_00 });
    expect((await send('POST', '/accounts/ACME/credit-limit', { creditLimitMinor: -1, reason: 'x' })).status).toBe(400);
    expect((await send('POST', '/accounts/ACME/segment', { segment: 'strategic', reason: 'key account' })).body).toMatchObject({ segment: 'strategic' });
    expect((await send('POST', '/accounts/ACME/payment-terms', { paymentTermsDays: 45, reason: 'negotiated' })).body).toMatchObject({ paymentTermsDays: 45 });
    expect((await send('POST', '/accounts/NOPE/segment', { segment: 'new', reason: 'x' })).status).toBe(404);
  });

  it("learns receivables from invoicing's published events and re-rates risk", async () => {
    await publishInvoicing(
      invoicingEvent('InvoiceIssued', { invoiceId: 'INV-ORD-1', accountId: 'ACME', orderId: 'ORD-1', currency: 'EUR', lines: [], netMinor: 0, taxMinor: 0, totalMinor: 29_000_00, issuedOn: '2026-11-26', dueOn: '2027-01-10', openAmountMinor: 29_000_00 }, 'inv-1'),
    );
    await publishInvoicing(invoicingEvent('InvoicePaid', { invoiceId: 'INV-OLD', accountId: 'ACME', paidOn: '2026-11-25', dueOn: '2026-09-01', daysLate: 45 }, 'inv-2'));
    const account = await until(async () => {
      const r = await send('GET', '/accounts/ACME');
      return r.body.riskClass === 'high' ? r : undefined;
    }, 'the invoicing events to reach the account');
    // ORD-1 moved from uninvoiced to receivables; ORD-2 and ORD-3 (approved) remain uninvoiced.
    expect(account.body.exposure).toMatchObject({ receivablesMinor: 29_000_00, uninvoicedOrdersMinor: 1_000_01 });
    expect(account.body.riskReasons.join(' ')).toMatch(/on average 45 days late/);
    await projectionsCaughtUp();
    const portfolio = await send('GET', '/accounts?riskClass=high&sort=exposure');
    expect(portfolio.body).toEqual({
      total: 1,
      accounts: [
        expect.objectContaining({ accountId: 'ACME', segment: 'strategic', creditLimitMinor: 50_000_00, receivablesMinor: 29_000_00, uninvoicedOrdersMinor: 1_000_01, exposureMinor: 30_000_01, riskClass: 'high', heldCount: 0 }),
      ],
    });
    expect((await send('GET', '/accounts?riskClass=low')).body.total).toBe(0);
    expect((await send('GET', '/accounts?riskClass=purple')).status).toBe(400);
  });

  it('documents its endpoints in OpenAPI', async () => {
    const doc = (await send('GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    for (const path of ['/accounts', '/accounts/{accountId}', '/accounts/{accountId}/credit-limit', '/accounts/{accountId}/segment', '/accounts/{accountId}/payment-terms', '/accounts/{accountId}/orders/{orderId}/approve', '/accounts/{accountId}/orders/{orderId}/reject', '/credit/held-orders']) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(Object.keys(doc.paths['/accounts']).sort()).toEqual(['get', 'post']);
  });

  it('publishes its contracts on o2c.accounts.events, keyed by account id', async () => {
    const types = await until(async () => {
      const seen = out.map((e) => e.type);
      return seen.includes('RiskClassChanged') ? seen : undefined;
    }, 'the relay');
    expect(types).toEqual([
      'AccountOpened',
      'OrderCreditReleased',
      'OrderCreditReleased',
      'OrderCreditHeld',
      'OrderCreditHeld',
      'OrderCreditReleased',
      'OrderCreditRejected',
      'CreditLimitChanged',
      'AccountSegmentChanged',
      'PaymentTermsChanged',
      'RiskClassChanged',
    ]);
    expect(out.every((e) => e.key === 'ACME' && e.context === 'accounts')).toBe(true);
    expect(out.find((e) => e.type === 'OrderCreditReleased' && (e.data as { orderId: string }).orderId === 'ORD-3')?.data).toMatchObject({ releasedBy: 'user:cm-2' });
    expect(out.at(-1)?.data).toMatchObject({ riskClass: 'high', previous: 'low' });
  });
  it('an order cancelled upstream leaves the exposure and the held queue', async () => {
    expect((await send('POST', '/accounts', { ...acme, accountId: 'BETA', kind: 'b2c', siren: undefined, expectedMonthlyVolumeMinor: undefined })).status).toBe(201);
    expect((await send('POST', '/ingress/orders', order('oms-b1', 'B1', 1_000_00, 'BETA'))).body).toMatchObject({ outcome: 'released' });
    expect((await send('POST', '/ingress/orders', order('oms-b2', 'B2', 1_000_00, 'BETA'))).body).toMatchObject({ outcome: 'held' });
    const cancel = (messageId: string, orderId: string) => ({ messageId, type: 'OrderCancelled', data: { orderId, accountId: 'BETA', reason: 'customer cancelled' } });
    expect((await send('POST', '/ingress/orders', cancel('oms-b3', 'B1'))).body).toMatchObject({ outcome: 'cancelled', status: 'closed' });
    expect((await send('POST', '/ingress/orders', cancel('oms-b4', 'B2'))).body).toMatchObject({ outcome: 'cancelled' });
    expect((await send('POST', '/ingress/orders', cancel('oms-b4', 'B2'))).body).toMatchObject({ outcome: 'already_handled' });
    const beta = await send('GET', '/accounts/BETA');
    expect(beta.body).toMatchObject({ creditLimitMinor: 1_500_00, exposure: { totalMinor: 0 }, heldOrders: [] });
    expect((await send('POST', '/accounts/BETA/orders/B2/approve', { reason: 'x' })).status).toBe(409);
    await projectionsCaughtUp();
    expect((await send('GET', '/credit/held-orders?accountId=BETA')).body.total).toBe(0);
  });
});
