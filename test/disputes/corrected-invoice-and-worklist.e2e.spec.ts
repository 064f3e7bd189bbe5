import type { INestApplication } from '@nestjs/common';
import { accountsContext } from '@o2c/accounts';
import { collectionsContext } from '@o2c/collections';
import type { PublishedEvent } from '@o2c/contracts';
import { disputesContext } from '@o2c/disputes';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, READ_MODEL_DATA_SOURCE, type IncomingMessage, type MessageTransport, type RunningConsumer } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/database';
import { callerFor, createTestApp, headersOf, type Caller } from '../support/auth';

/**
 * Issue 7's two last gaps, with accounts, invoicing, collections and disputes
 * hosted as apps/o2c hosts them (in-process bus, real PostgreSQL), driven over
 * HTTP: a collector opens a dispute from a worklist row (origin worklist, the
 * row shows what it holds), and a corrected invoice outcome cancels the invoice
 * by a credit note and issues the corrected one, which collections duns from
 * its own due date.
 */
describe('a dispute opened from the worklist and resolved by a corrected invoice (accounts + invoicing + collections + disputes, real PostgreSQL)', () => {
  jest.setTimeout(180_000);
  let app: INestApplication;
  let base: string;
  let transport: MessageTransport;
  let published: RunningConsumer | undefined;
  const out: PublishedEvent[] = [];
  const clock = new ManualClock('2026-11-02T09:00:00Z');

  const send = async (method: 'GET' | 'POST', path: string, body?: unknown, as?: Caller) => {
    const headers = await headersOf(as ?? callerFor(path, 'dispute_handler'));
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 600; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const stream = async (name: string) => ((await send('GET', `/audit/streams/${name}/events?limit=1000`)).body.events ?? []) as { type: string; data: Record<string, any> }[];
  const caseOf = async () => (await send('GET', '/collections/accounts/ACME', undefined, 'collector')).body;
  const collector: Caller = ['collector', 'col-ann'];

  beforeAll(async () => {
    process.env.O2C_COLLECTIONS_CONFIG = JSON.stringify({ autoRunCheckMs: 0 });
    process.env.O2C_REMINDER_WORKERS = '0';
    const databaseUrl = await createTestDatabase('disputes_corrected');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [accountsContext, invoicingContext, collectionsContext, disputesContext] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    transport = app.get<MessageTransport>(MESSAGE_TRANSPORT);
    await transport.ensureTopics([{ topic: 'o2c.disputes.events' }]);
    published = await transport.consume({ groupId: 'test.disputes.corrected.out', topics: ['o2c.disputes.events'] }, async (batch: readonly IncomingMessage[]) => {
      for (const m of batch) out.push(JSON.parse(m.value) as PublishedEvent);
    });
  });
  afterAll(async () => {
    await published?.stop().catch(() => undefined);
    await app?.close();
    delete process.env.O2C_COLLECTIONS_CONFIG;
    delete process.env.O2C_REMINDER_WORKERS;
  });

  const delivery = (orderId: string, deliveredAt: string) => ({
    messageId: `oms-${orderId}`,
    type: 'OrderDelivered',
    data: { orderId, accountId: 'ACME', currency: 'EUR', deliveredAt, lines: [{ description: 'paper', quantity: 10, unitPriceMinor: 5_25, taxRateBp: 2000 }] },
  });

  it('a collector opens a dispute from a worklist row: origin worklist, on the row account’s invoice only; the row shows the dispute and what it holds', async () => {
    const acme = { accountId: 'ACME', legalName: 'Acme Fournitures SAS', kind: 'b2b', segment: 'standard', siren: '552100554', currency: 'EUR', paymentTermsDays: 30, expectedMonthlyVolumeMinor: 15_000_00, contacts: [{ name: 'Claire', role: 'accountant', email: 'compta@acme.example', preferredChannel: 'email' }] };
    expect((await send('POST', '/accounts', acme, 'credit_manager')).status).toBe(201);
    for (const [orderId, at] of [['ORD-1', '2026-10-01T08:00:00Z'], ['ORD-2', '2026-10-02T08:00:00Z']]) {
      await until(async () => ((await send('POST', '/ingress/orders', delivery(orderId, at))).status === 200 ? true : undefined), `invoice of ${orderId}`);
    }
    const payment = { messageId: 'bank-P1', type: 'PaymentReceived', data: { paymentId: 'P1', accountId: 'ACME', amountMinor: 20_00, currency: 'EUR', receivedAt: '2026-10-20T10:00:00Z', method: 'transfer', reference: 'INV-ORD-1' } };
    expect((await send('POST', '/ingress/payments', payment)).status).toBe(200);
    // Collections knows both invoices (INV-ORD-1 with 43.00 open after the payment) before the day's run puts the account on the worklist.
    await until(async () => {
      const view = await caseOf();
      const first = view.invoices?.find((i: { invoiceId: string }) => i.invoiceId === 'INV-ORD-1');
      return view.invoices?.length === 2 && first?.openMinor === 43_00 && view.profile ? true : undefined;
    }, 'collections to learn the account, invoices and payment');
    expect((await send('POST', '/collections/runs', { date: '2026-11-02' }, 'admin')).status).toBe(200);
    const row = await until(async () => {
      const page = await send('GET', '/collections/worklist?date=2026-11-02', undefined, collector);
      return page.body.entries?.find((e: { accountId: string }) => e.accountId === 'ACME');
    }, 'the worklist row');
    expect(row.openDispute).toEqual({ method: 'POST', path: '/disputes/from-worklist', body: { accountId: 'ACME' } });
    expect(row.reasons).toMatchObject({ openDisputes: 0, disputes: [] });

    // Disputes learns the invoices through its own consumer: wait until it can open one.
    const wrongAccount = await until(async () => {
      const r = await send('POST', row.openDispute.path, { ...row.openDispute.body, accountId: 'OTHER', invoiceId: 'INV-ORD-1', cause: 'price' }, collector);
      return r.status === 404 ? undefined : r;
    }, 'disputes to learn the invoice');
    expect(wrongAccount.status).toBe(422);
    expect(wrongAccount.body.error).toMatchObject({ code: 'disputes.invoice_not_on_account', field: 'invoiceId' });
    expect((await send('POST', row.openDispute.path, { invoiceId: 'INV-ORD-1', cause: 'price' }, collector)).body.error.fields.map((f: { field: string }) => f.field)).toEqual(['accountId']);
    expect((await send('POST', row.openDispute.path, { ...row.openDispute.body, invoiceId: 'INV-ORD-1', cause: 'price' }, 'dispute_handler')).status).toBe(403);

    const opened = await send('POST', row.openDispute.path, { ...row.openDispute.body, disputeId: 'D-W', invoiceId: 'INV-ORD-1', amountMinor: 9_00, cause: 'price', description: 'agreed unit price 4.50, billed 5.25' }, collector);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ disputeId: 'D-W', origin: 'worklist', openedBy: 'user:col-ann', accountId: 'ACME', invoiceId: 'INV-ORD-1', amountMinor: 9_00 });
    await until(async () => ((await send('POST', '/disputes', { disputeId: 'D-C', invoiceId: 'INV-ORD-2', cause: 'delivery_problem' })).status === 201 ? true : undefined), 'the customer dispute');
    expect((await send('GET', '/disputes/D-C')).body).toMatchObject({ origin: 'customer', amountMinor: 63_00 });

    // The SLA views show the origin: filter and counts by it.
    await until(async () => ((await send('GET', '/disputes/sla/open')).body.disputes?.length === 2 ? true : undefined), 'the SLA view');
    expect((await send('GET', '/disputes/sla/open?origin=worklist')).body.disputes).toMatchObject([{ disputeId: 'D-W', origin: 'worklist', standing: 'on_track' }]);
    expect((await send('GET', '/disputes/sla/open?origin=fax')).status).toBe(400);
    expect((await send('GET', '/disputes/sla/summary?groupBy=origin')).body.groups).toEqual([
      { group: 'customer', open: 1, on_track: 1, at_risk: 0, breached: 0, paused: 0, leastRemainingMinutes: 72 * 60 },
      { group: 'worklist', open: 1, on_track: 1, at_risk: 0, breached: 0, paused: 0, leastRemainingMinutes: 72 * 60 },
    ]);
    const publishedOpen = await until(async () => out.find((e) => e.type === 'DisputeOpened' && (e.data as { disputeId: string }).disputeId === 'D-W'), 'the published DisputeOpened');
    expect(publishedOpen.data).toMatchObject({ origin: 'worklist', openedBy: 'user:col-ann', amountMinor: 9_00 });

    // The worklist row shows the dispute, holding only its 9.00 of the invoice.
    const disputes = await until(async () => {
      const page = await send('GET', '/collections/worklist?date=2026-11-02', undefined, collector);
      const entry = page.body.entries?.find((e: { accountId: string }) => e.accountId === 'ACME');
      return entry?.reasons.disputes.length === 2 ? entry.reasons.disputes : undefined;
    }, 'the worklist row to show the disputes');
    expect(disputes).toEqual(
      expect.arrayContaining([
        { disputeId: 'D-W', invoiceIds: ['INV-ORD-1'], heldMinor: 9_00 },
        { disputeId: 'D-C', invoiceIds: ['INV-ORD-2'], heldMinor: 63_00 },
      ]),
    );
  });

  it('a corrected invoice: bad resolutions record nothing; a good one cancels the invoice by a credit note and issues INV-ORD-1-C1 with the payment carried over', async () => {
    const missing = await send('POST', '/disputes/D-W/resolve', { outcome: 'corrected_invoice', rootCause: 'price' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'disputes.corrected_total_required', field: 'correctedTotalMinor' });
    const fraction = await send('POST', '/disputes/D-W/resolve', { outcome: 'corrected_invoice', correctedTotalMinor: 54.5, rootCause: 'price' });
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['correctedTotalMinor']);
    const dollars = await send('POST', '/disputes/D-W/resolve', { outcome: 'corrected_invoice', correctedTotalMinor: 54_00, currency: 'USD', rootCause: 'price' });
    expect(dollars.status).toBe(422);
    expect(dollars.body.error).toMatchObject({ code: 'disputes.currency_mismatch', field: 'currency' });
    expect((await stream('dispute-D-W')).map((e) => e.type)).toEqual(['DisputeOpened']);

    clock.advance(3_600_000);
    const resolved = await send('POST', '/disputes/D-W/resolve', { outcome: 'corrected_invoice', correctedTotalMinor: 54_00, currency: 'EUR', rootCause: 'unit price 4.50 as agreed, not 5.25' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'corrected_invoice', correctedTotalMinor: 54_00, origin: 'worklist' });

    const ledger = await until(async () => {
      const events = await stream('ledger-ACME');
      return events.some((e) => e.type === 'CreditNoteIssued') ? events : undefined;
    }, 'invoicing to correct the invoice');
    const correction = ledger.slice(ledger.findIndex((e) => e.data.invoiceId === 'INV-ORD-1-C1'));
    expect(correction.map((e) => e.type)).toEqual(['InvoiceIssued', 'PaymentsCarriedOver', 'CreditNoteIssued']);
    expect(correction[0].data).toMatchObject({
      invoiceId: 'INV-ORD-1-C1',
      orderId: 'ORD-1',
      totalMinor: 54_00,
      netMinor: 45_00,
      taxMinor: 9_00,
      lines: [{ quantity: 1, unitPriceMinor: 45_00, taxRateBp: 2000, netMinor: 45_00, taxMinor: 9_00 }],
      issuedOn: '2026-11-02',
      dueOn: '2026-12-02',
      correctsInvoiceId: 'INV-ORD-1',
      alreadyPaidMinor: 20_00,
    });
    expect(correction[1].data).toMatchObject({ fromInvoiceId: 'INV-ORD-1', toInvoiceId: 'INV-ORD-1-C1', carried: [{ paymentId: 'P1', amountMinor: 20_00, appliedMinor: 20_00 }] });
    // The credit note (avoir) cancels all the invoice still billed: 43.00 open + the 20.00 paid, which moved to the corrected invoice.
    expect(correction[2].data).toMatchObject({ creditNoteId: 'CN-D-W-1', invoiceId: 'INV-ORD-1', amountMinor: 63_00, openAmountMinor: 0 });

    const invoiceView = async (id: string) => (await send('GET', `/invoices/${id}`)).body;
    await until(async () => ((await invoiceView('INV-ORD-1-C1')).openAmountMinor !== undefined && (await invoiceView('INV-ORD-1')).status === 'credited' ? true : undefined), 'the invoices view');
    expect(await invoiceView('INV-ORD-1')).toMatchObject({ status: 'credited' });
    expect(Number((await invoiceView('INV-ORD-1')).openAmountMinor)).toBe(0);
    expect(Number((await invoiceView('INV-ORD-1-C1')).openAmountMinor)).toBe(34_00);
  });

  it('collections duns the corrected invoice from its own due date; the credited invoice has left dunning', async () => {
    const view = await until(async () => {
      const c = await caseOf();
      const corrected = c.invoices?.find((i: { invoiceId: string }) => i.invoiceId === 'INV-ORD-1-C1');
      const original = c.invoices?.find((i: { invoiceId: string }) => i.invoiceId === 'INV-ORD-1');
      return corrected && original?.openMinor === 0 && !c.holds?.some((h: { source?: string }) => h.source === 'dispute:D-W') ? c : undefined;
    }, 'collections to learn the correction and the release');
    expect(view.invoices.find((i: { invoiceId: string }) => i.invoiceId === 'INV-ORD-1-C1')).toMatchObject({ issuedOn: '2026-11-02', dueOn: '2026-12-02', totalMinor: 54_00, openMinor: 34_00 });

    const stepsOn = async (day: string) => {
      const decisions = (await send('GET', '/collections/accounts/ACME/decisions', undefined, 'collector')).body.decisions as { type: string; on?: string; steps?: { invoiceId: string; stepId: string }[] }[];
      return decisions.filter((d) => d.type === 'DunningStepTaken' && d.on === day).flatMap((d) => d.steps ?? []);
    };
    clock.set('2026-12-01T09:00:00Z');
    expect((await send('POST', '/collections/runs', { date: '2026-12-01' }, 'admin')).status).toBe(200);
    expect((await stepsOn('2026-12-01')).filter((s) => s.invoiceId.startsWith('INV-ORD-1'))).toEqual([]);
    clock.set('2026-12-02T09:00:00Z');
    expect((await send('POST', '/collections/runs', { date: '2026-12-02' }, 'admin')).status).toBe(200);
    const steps = await stepsOn('2026-12-02');
    expect(steps).toContainEqual({ invoiceId: 'INV-ORD-1-C1', stepId: 'due-reminder' });
    expect(steps.some((s) => s.invoiceId === 'INV-ORD-1')).toBe(false);
  });

  it('a redelivered resolution issues nothing twice (same message, or the same resolution under a new message id)', async () => {
    const resolvedMessage = await until(async () => out.find((e) => e.type === 'DisputeResolved' && (e.data as { disputeId: string }).disputeId === 'D-W'), 'the published DisputeResolved');
    expect(resolvedMessage.data).toMatchObject({ outcome: 'corrected_invoice', correctedTotalMinor: 54_00, currency: 'EUR', resolution: 1 });
    const copy = { ...resolvedMessage, metadata: { ...resolvedMessage.metadata, messageId: `${resolvedMessage.metadata.messageId}-again` } };
    for (const message of [resolvedMessage, copy]) {
      await transport.publish('o2c.disputes.events', [{ key: 'ACME', value: JSON.stringify(message), headers: { 'o2c-message-id': message.metadata.messageId } }]);
    }
    const handled = app.get<DataSource>(READ_MODEL_DATA_SOURCE);
    const outcome = await until(async () => {
      const rows: { outcome: string }[] = await handled.query(`SELECT outcome FROM o2c_messaging.handled_messages WHERE group_id = 'o2c.invoicing.disputes' AND message_id = $1`, [copy.metadata.messageId]);
      return rows[0]?.outcome;
    }, 'invoicing to handle the copy');
    expect(outcome).not.toBe('dead_lettered');
    const ledger = await stream('ledger-ACME');
    expect(ledger.filter((e) => e.type === 'InvoiceIssued' && e.data.invoiceId === 'INV-ORD-1-C1')).toHaveLength(1);
    expect(ledger.filter((e) => e.type === 'CreditNoteIssued' && e.data.creditNoteId === 'CN-D-W-1')).toHaveLength(1);
  });
});
