import type { INestApplication } from '@nestjs/common';
import type { PublishedEvent } from '@o2c/contracts';
import { ManualClock } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, READ_MODEL_DATA_SOURCE, type IncomingMessage, type MessageTransport, type RunningConsumer } from '@o2c/messaging';
import { ContextHost } from '@o2c/messaging/nest';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/database';
import { invoicingContext } from './index';
import { callerFor, createTestApp, headersOf, type Caller } from '../../../test/support/auth';

/** Invoicing hosted as apps/o2c hosts it (in-process transport): accounts' events in, ingress and HTTP commands, published events out. */
describe('invoicing end to end over HTTP (real PostgreSQL, in-process bus)', () => {
  let app: INestApplication;
  let base: string;
  let transport: MessageTransport;
  let host: ContextHost;
  let published: RunningConsumer;
  const out: PublishedEvent[] = [];
  const clock = new ManualClock('2026-11-25T09:00:00Z');

  const send = async (method: 'GET' | 'POST', path: string, body?: unknown, as?: Caller) => {
    const headers = await headersOf(as ?? callerFor(path, 'credit_manager'));
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
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
  const store = async () => {
    const page = await fetch(`${base}/audit/streams/ledger-ACME/events?limit=1000`, { headers: await headersOf('auditor') }).then((r) => r.json() as Promise<{ events: { type: string; data: unknown }[] }>);
    return page.events;
  };
  const projectionsCaughtUp = async () => {
    const head = await fetch(`${base}/audit/all?direction=backwards&limit=1`, { headers: await headersOf('auditor') }).then((r) => r.json() as Promise<{ events: { position: string }[] }>);
    const position = BigInt(head.events[0].position);
    for (const p of invoicingContext.projections) await host.projection(p.name)!.waitFor(position);
  };
  const accountEvent = (type: string, data: Record<string, unknown>, messageId: string): PublishedEvent => ({
    type,
    schemaVersion: 1,
    context: 'accounts',
    key: data.accountId as string,
    data,
    metadata: { messageId, correlationId: messageId, causationId: messageId, actor: 'user:credit-manager', occurredAt: clock.now().toISOString(), sourceStream: 'account-x', sourcePosition: '1' },
  });
  const publishAccountEvent = (event: PublishedEvent) => transport.publish('o2c.accounts.events', [{ key: event.key, value: JSON.stringify(event), headers: { 'o2c-message-id': event.metadata.messageId } }]);

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('invoicing_e2e');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [invoicingContext] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    transport = app.get<MessageTransport>(MESSAGE_TRANSPORT);
    host = app.get(ContextHost);
    await transport.ensureTopics([{ topic: 'o2c.invoicing.events' }]);
    published = await transport.consume({ groupId: 'test.invoicing.out', topics: ['o2c.invoicing.events'] }, async (batch: readonly IncomingMessage[]) => {
      for (const m of batch) out.push(JSON.parse(m.value) as PublishedEvent);
    });
  });
  afterAll(async () => {
    await published?.stop();
    await app?.close();
  });

  const delivery = (messageId: string, orderId: string, accountId = 'ACME') => ({
    messageId,
    type: 'OrderDelivered',
    data: {
      orderId,
      accountId,
      currency: 'EUR',
      deliveredAt: '2026-11-25T08:00:00Z',
      lines: [
        { description: 'paper', quantity: 10, unitPriceMinor: 4_00, taxRateBp: 2000 },
        { description: 'stapler', quantity: 1, unitPriceMinor: 12_50, taxRateBp: 2000 },
      ],
    },
  });

  it('refuses a delivery for an account it has not learned yet (404 invoicing.account_unknown), then invoices once the account is opened', async () => {
    const early = await send('POST', '/ingress/orders', delivery('oms-1', 'ORD-1'));
    expect(early.status).toBe(404);
    expect(early.body.error.code).toBe('invoicing.account_unknown');

    await publishAccountEvent(
      accountEvent('AccountOpened', { accountId: 'ACME', legalName: 'Acme', kind: 'b2b', segment: 'standard', currency: 'EUR', paymentTermsDays: 30, creditLimitMinor: 1_000_000, contacts: [], openedAt: '2026-11-01T00:00:00Z' }, 'acc-1'),
    );
    const issued = await until(async () => {
      const r = await send('POST', '/ingress/orders', delivery('oms-1', 'ORD-1'));
      return r.status === 200 ? r : undefined;
    }, 'the account to be learned');
    // 10 x 4.00 = 40.00 + 8.00 tax; 12.50 + 2.50 tax: 63.00 in all, due 30 days after delivery.
    expect(issued.body).toEqual({ outcome: 'invoice_issued', invoiceId: 'INV-ORD-1', totalMinor: 63_00, dueOn: '2026-12-25', openAmountMinor: 63_00 });
    expect((await send('POST', '/ingress/orders', delivery('oms-1', 'ORD-1'))).body.outcome).toBe('already_handled');
    expect((await send('POST', '/ingress/orders', delivery('oms-1-again', 'ORD-1'))).body.outcome).toBe('already_handled');
  });

  it('allocates payments, refuses a credit note over the open amount (422 naming amountMinor), writes off, and answers the queries', async () => {
    await send('POST', '/ingress/orders', delivery('oms-2', 'ORD-2'));
    const payment = await send('POST', '/ingress/payments', {
      messageId: 'bank-1',
      type: 'PaymentReceived',
      data: { paymentId: 'PAY-1', accountId: 'ACME', amountMinor: 70_00, currency: 'EUR', receivedAt: '2026-11-26T10:00:00Z', method: 'transfer', reference: 'INV-ORD-2' },
    });
    expect(payment.status).toBe(200);
    expect(payment.body).toEqual({ outcome: 'allocated', paymentId: 'PAY-1', applied: [{ invoiceId: 'INV-ORD-2', amountMinor: 63_00 }, { invoiceId: 'INV-ORD-1', amountMinor: 7_00 }], unappliedMinor: 0 });

    const tooLarge = await send('POST', '/invoices/INV-ORD-1/credit-notes', { creditNoteId: 'CN-1', amountMinor: 56_01, reason: 'damaged' }, ['credit_manager', 'ann']);
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.error).toMatchObject({ code: 'invoicing.credit_note_exceeds_open_amount', field: 'amountMinor' });
    const bad = await send('POST', '/invoices/INV-ORD-1/credit-notes', { creditNoteId: 'CN-1', amountMinor: 1.5, reason: 'damaged' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['amountMinor']);

    const credit = await send('POST', '/invoices/INV-ORD-1/credit-notes', { creditNoteId: 'CN-1', amountMinor: 6_00, reason: 'damaged' }, ['credit_manager', 'ann']);
    expect(credit.status).toBe(201);
    expect(credit.body).toEqual({ outcome: 'credit_note_issued', creditNoteId: 'CN-1', invoiceId: 'INV-ORD-1', amountMinor: 6_00, openAmountMinor: 50_00 });

    clock.set('2027-03-01T09:00:00Z');
    await projectionsCaughtUp();
    const aging = await send('GET', '/accounts/ACME/aging');
    expect(aging.body).toEqual({
      asOf: '2027-03-01',
      accountId: 'ACME',
      buckets: [{ currency: 'EUR', notDueMinor: 0, days1To30Minor: 0, days31To60Minor: 0, days61To90Minor: 50_00, over90Minor: 0, totalMinor: 50_00, openItems: 1 }],
    });
    expect((await send('GET', '/aging?asOf=2026-12-26')).body.buckets[0].days1To30Minor).toBe(50_00);
    expect((await send('GET', '/aging?asOf=2026-02-30')).status).toBe(400);
    const items = await send('GET', '/accounts/ACME/open-items?asOf=2026-12-26');
    expect(items.body).toEqual({
      accountId: 'ACME',
      asOf: '2026-12-26',
      currency: 'EUR',
      receivableMinor: 50_00,
      unappliedCashMinor: 0,
      items: [expect.objectContaining({ invoiceId: 'INV-ORD-1', openAmountMinor: 50_00, daysLate: 1 })],
    });
    expect((await send('GET', '/accounts/ACME/dso?asOf=2026-11-30&days=30')).body.byCurrency).toEqual([{ currency: 'EUR', receivablesMinor: 50_00, creditSalesMinor: 126_00, dsoDays: 12 }]);

    const writeOff = await send('POST', '/invoices/INV-ORD-1/write-off', { reason: 'uncollectable', approvedBy: 'user:cfo' }, ['credit_manager', 'cfo']);
    expect(writeOff.status).toBe(201);
    expect(writeOff.body).toEqual({ outcome: 'written_off', invoiceId: 'INV-ORD-1', amountMinor: 50_00, openAmountMinor: 0 });
    await projectionsCaughtUp();
    expect((await send('GET', '/invoices/INV-ORD-1')).body).toMatchObject({ status: 'written_off', openAmountMinor: 0, totalMinor: 63_00, dueOn: '2026-12-25' });
    expect((await send('GET', '/invoices/INV-nope')).status).toBe(404);
  });

  it('documents its endpoints in the OpenAPI document', async () => {
    const { body } = await send('GET', '/docs/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/invoices/{invoiceId}/credit-notes',
        '/invoices/{invoiceId}/write-off',
        '/invoices/{invoiceId}',
        '/invoices/{invoiceId}/balance',
        '/accounts/{accountId}/open-items',
        '/accounts/{accountId}/aging',
        '/aging',
        '/accounts/{accountId}/dso',
        '/dso',
        '/accounts/{accountId}/balance',
      ]),
    );
    expect(body.paths['/invoices/{invoiceId}/credit-notes'].post.parameters.map((p: { name: string }) => p.name)).toEqual(['invoiceId']);
    expect(body.paths['/invoices/{invoiceId}/credit-notes'].post).toMatchObject({ security: [{ bearer: [] }], 'x-o2c-roles': ['credit_manager'] });
  });

  it('replays balances at a past instant from the ledger', async () => {
    const before = await send('GET', '/invoices/INV-ORD-1/balance?at=2026-11-25T09:00:00Z');
    expect(before.body).toMatchObject({ openAmountMinor: 50_00, creditedMinor: 6_00, appliedMinor: 7_00, writtenOffMinor: 0 });
    const now = await send('GET', '/invoices/INV-ORD-1/balance');
    expect(now.body).toMatchObject({ openAmountMinor: 0, writtenOffMinor: 50_00 });
    const account = await send('GET', '/accounts/ACME/balance?at=2026-11-25T09:00:00Z');
    expect(account.body).toMatchObject({ accountId: 'ACME', currency: 'EUR', receivableMinor: 50_00, unappliedCashMinor: 0, balanceMinor: 50_00 });
    expect((await send('GET', '/accounts/ACME/balance?at=2026-01-01T00:00:00Z')).status).toBe(404);
    expect((await send('GET', '/accounts/ACME/balance?at=yesterday')).status).toBe(400);
  });

  it('publishes the contracts, keyed by account, with the open amount after each change', async () => {
    await until(async () => (out.some((e) => e.type === 'InvoiceWrittenOff') ? true : undefined), 'the relay');
    expect(out.every((e) => e.key === 'ACME' && e.context === 'invoicing')).toBe(true);
    expect(out.map((e) => [e.type, (e.data as { invoiceId?: string }).invoiceId, (e.data as { openAmountMinor?: number }).openAmountMinor])).toEqual([
      ['InvoiceIssued', 'INV-ORD-1', 63_00],
      ['InvoiceIssued', 'INV-ORD-2', 63_00],
      ['PaymentReceived', undefined, undefined],
      ['PaymentApplied', 'INV-ORD-2', 0],
      ['InvoicePaid', 'INV-ORD-2', undefined],
      ['PaymentApplied', 'INV-ORD-1', 56_00],
      ['CreditNoteIssued', 'INV-ORD-1', 50_00],
      ['InvoiceWrittenOff', 'INV-ORD-1', 0],
    ]);
    expect(out.find((e) => e.type === 'InvoicePaid')!.data).toEqual({ invoiceId: 'INV-ORD-2', accountId: 'ACME', paidOn: '2026-11-26', dueOn: '2026-12-25', daysLate: -29 });
  });

  it('a repeated payment id is a no-op; a reversal reopens what the payment paid, invoice by invoice', async () => {
    const again = await send('POST', '/ingress/payments', {
      messageId: 'bank-1-resent',
      type: 'PaymentReceived',
      data: { paymentId: 'PAY-1', accountId: 'ACME', amountMinor: 70_00, currency: 'EUR', receivedAt: '2026-11-26T10:00:00Z', method: 'transfer' },
    });
    expect(again.body.outcome).toBe('already_handled');
    const reversal = { messageId: 'bank-2', type: 'PaymentReversed', data: { paymentId: 'PAY-1', accountId: 'ACME', reason: 'direct_debit_bounced', reversedAt: '2027-03-02T08:00:00Z' } };
    const reversed = await send('POST', '/ingress/payments', reversal);
    expect(reversed.body).toEqual({
      outcome: 'reversed',
      paymentId: 'PAY-1',
      reopened: [
        { invoiceId: 'INV-ORD-2', amountMinor: 63_00, openAmountMinor: 63_00 },
        { invoiceId: 'INV-ORD-1', amountMinor: 7_00, openAmountMinor: 7_00 },
      ],
    });
    expect((await send('POST', '/ingress/payments', { ...reversal, messageId: 'bank-2-resent' })).body.outcome).toBe('already_handled');
    const balance = await send('GET', '/accounts/ACME/balance');
    expect(balance.body).toMatchObject({ receivableMinor: 70_00, unappliedCashMinor: 0, balanceMinor: 70_00, openInvoices: 2 });
  });

  it('handles the same messages from the ingress topic (the Kafka path), recording the invoice in the consumer transaction', async () => {
    const message = delivery('oms-kafka-1', 'ORD-K1');
    await transport.publish('o2c.ingress.orders', [{ key: 'ACME', value: JSON.stringify(message), headers: {} }]);
    await transport.publish('o2c.ingress.orders', [{ key: 'ACME', value: JSON.stringify(message), headers: {} }]);
    const balance = await until(async () => {
      const r = await send('GET', '/invoices/INV-ORD-K1/balance');
      return r.status === 200 ? r.body : undefined;
    }, 'the invoice from the ingress topic');
    expect(balance).toMatchObject({ invoiceId: 'INV-ORD-K1', accountId: 'ACME', totalMinor: 63_00, openAmountMinor: 63_00 });
    await projectionsCaughtUp();
    const issued = (await store()).filter((e) => e.type === 'InvoiceIssued' && (e.data as { orderId: string }).orderId === 'ORD-K1');
    expect(issued).toHaveLength(1);
    const directory = await app.get<DataSource>(READ_MODEL_DATA_SOURCE).query(`SELECT account_id FROM o2c_invoicing.invoice_directory WHERE invoice_id = 'INV-ORD-K1'`);
    expect(directory).toEqual([{ account_id: 'ACME' }]);
  });
});
