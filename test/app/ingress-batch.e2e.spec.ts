import type { INestApplication } from '@nestjs/common';
import type { PublishedEvent } from '@o2c/contracts';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, type MessageTransport } from '@o2c/messaging';
import { createTestDatabase } from '../support/database';
import { createTestApp, headersOf } from '../support/auth';

/** POST /ingress/batch on apps/o2c with invoicing in process (real PostgreSQL, in-process bus). */
describe('POST /ingress/batch', () => {
  let app: INestApplication;
  let base: string;
  const clock = new ManualClock('2026-11-25T09:00:00Z');

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await headersOf('publisher')) }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const ledger = async (accountId: string) =>
    ((await fetch(`${base}/audit/streams/ledger-${accountId}/events?limit=1000`, { headers: await headersOf('auditor') }).then((r) => r.json())) as { events?: { type: string }[] }).events ?? [];
  const delivery = (messageId: string, orderId: string, accountId: string, extra: Record<string, unknown> = {}) => ({
    messageId,
    type: 'OrderDelivered',
    data: { orderId, accountId, currency: 'EUR', deliveredAt: '2026-11-20T08:00:00Z', lines: [{ description: 'paper', quantity: 10, unitPriceMinor: 10_00, taxRateBp: 2000 }], ...extra },
  });
  const payment = (messageId: string, paymentId: string, accountId: string, amountMinor: unknown) => ({
    messageId,
    type: 'PaymentReceived',
    data: { paymentId, accountId, amountMinor, currency: 'EUR', receivedAt: '2026-11-24T10:00:00Z', method: 'transfer' },
  });
  const opened = (accountId: string): PublishedEvent => ({
    type: 'AccountOpened',
    schemaVersion: 1,
    context: 'accounts',
    key: accountId,
    data: { accountId, legalName: accountId, kind: 'b2b', segment: 'standard', currency: 'EUR', paymentTermsDays: 30, creditLimitMinor: 10_000_000, contacts: [], openedAt: '2026-11-01T00:00:00Z' },
    metadata: { messageId: `open-${accountId}`, correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: '2026-11-01T00:00:00Z', sourceStream: `account-${accountId}`, sourcePosition: '1' },
  });

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('ingress_batch');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [invoicingContext] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const transport = app.get<MessageTransport>(MESSAGE_TRANSPORT);
    for (const account of ['B1', 'B2']) {
      await transport.publish('o2c.accounts.events', [{ key: account, value: JSON.stringify(opened(account)), headers: { 'o2c-message-id': `open-${account}` } }]);
    }
    // Invoicing learns the accounts asynchronously: wait until a delivery is accepted for each.
    for (const account of ['B1', 'B2']) {
      for (let i = 0; i < 200; i++) {
        const r = await post('/ingress/orders', delivery(`warm-${account}`, `WARM-${account}`, account));
        if (r.status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('handles each message with its own outcome, in order per account; a bad one is named by index and field, nothing of it recorded', async () => {
    const before = { b1: (await ledger('B1')).length, b2: (await ledger('B2')).length };
    const { status, body } = await post('/ingress/batch', {
      messages: [
        delivery('b-1', 'ORD-B1-1', 'B1'),
        delivery('b-2', 'ORD-B2-1', 'B2'),
        payment('b-3', 'PAY-B1-1', 'B1', 120_00),
        payment('b-4', 'PAY-B2-1', 'B2', 1.5),
        payment('b-5', 'PAY-B2-2', 'B2', 10_00),
        { messageId: 'b-6', type: 'Nonsense', data: {} },
        delivery('b-2', 'ORD-B2-1', 'B2'),
      ],
    });
    expect(status).toBe(200);
    const results = body.results as { index: number; messageId: string; status: number; result?: { outcome: string }; error?: { code: string; field?: string } }[];
    expect(results.map((r) => [r.index, r.messageId, r.status])).toEqual([
      [0, 'b-1', 200],
      [1, 'b-2', 200],
      [2, 'b-3', 200],
      [3, 'b-4', 400],
      [4, 'b-5', 424],
      [5, 'b-6', 400],
      [6, 'b-2', 424],
    ]);
    expect(results[0].result).toMatchObject({ outcome: 'invoice_issued', invoiceId: 'INV-ORD-B1-1', totalMinor: 120_00 });
    expect(results[2].result).toMatchObject({ outcome: 'allocated', applied: [{ invoiceId: 'INV-ORD-B1-1', amountMinor: 120_00 }] });
    expect(results[3].error).toMatchObject({ code: 'ingress.invalid', field: 'data.amountMinor' });
    // After B2's bad payment, B2's later messages were not attempted (resend them after fixing it).
    expect(results[4].error).toMatchObject({ code: 'ingress.not_attempted' });
    expect(results[5].error).toMatchObject({ code: 'ingress.unknown_type', field: 'type' });
    const after = { b1: await ledger('B1'), b2: await ledger('B2') };
    expect(after.b1.slice(before.b1).map((e) => e.type)).toEqual(['InvoiceIssued', 'PaymentReceived', 'PaymentApplied', 'InvoicePaid']);
    expect(after.b2.slice(before.b2).map((e) => e.type)).toEqual(['InvoiceIssued']);

    // The same messages again: each idempotent on its messageId; the fixed payment goes through.
    const again = await post('/ingress/batch', { messages: [delivery('b-1', 'ORD-B1-1', 'B1'), payment('b-4', 'PAY-B2-1', 'B2', 1_50), payment('b-5', 'PAY-B2-2', 'B2', 10_00)] });
    expect(again.body.results.map((r: { status: number; result: { outcome: string } }) => [r.status, r.result.outcome])).toEqual([
      [200, 'already_handled'],
      [200, 'allocated'],
      [200, 'allocated'],
    ]);
    expect((await ledger('B1')).length).toBe(after.b1.length);
  });

  it('refuses what is not a batch as a whole (400 naming messages), recording nothing', async () => {
    for (const body of [{}, { messages: [] }, { messages: 'x' }, { messages: Array.from({ length: 1001 }, (_, i) => delivery(`x-${i}`, `X-${i}`, 'B1')) }]) {
      const r = await post('/ingress/batch', body);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'ingress.invalid_batch', field: 'messages' });
    }
    expect((await ledger('B1')).some((e) => e.type === 'InvoiceIssued' && JSON.stringify(e).includes('X-0'))).toBe(false);
  });

  it("GET /health reports each consumer group's lag, in total and per topic: none once it handled what was published", async () => {
    type Consumer = { groupId: string; behind: number | null; behindByTopic: Record<string, number> | null };
    let consumers: Consumer[] = [];
    for (let i = 0; i < 200; i++) {
      consumers = ((await (await fetch(`${base}/health`)).json()) as { host: { consumers: Consumer[] } }).host.consumers;
      if (consumers.every((c) => c.behind === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(consumers.length).toBeGreaterThan(0);
    expect(consumers.map((c) => c.behind)).toEqual(consumers.map(() => 0));
    const accounts = consumers.filter((c) => c.behindByTopic && 'o2c.accounts.events' in c.behindByTopic);
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts[0].behindByTopic!['o2c.accounts.events']).toBe(0);
  });
});
