import type { INestApplication } from '@nestjs/common';
import { accountsContext } from '@o2c/accounts';
import type { PublishedEvent } from '@o2c/contracts';
import { disputesContext, DisputesRuntime } from '@o2c/disputes';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, type IncomingMessage, type MessageTransport, type RunningConsumer } from '@o2c/messaging';
import { ContextHost } from '@o2c/messaging/nest';
import { createTestDatabase } from '../support/database';
import { callerFor, createTestApp, headersOf, type Caller } from '../support/auth';

const H = 3_600_000;
const contexts = [accountsContext, invoicingContext, disputesContext];


/** Disputes hosted with accounts and invoicing as apps/o2c hosts them (in-process bus), driven over HTTP with a manual clock. */
describe('disputes end to end (accounts + invoicing + disputes, real PostgreSQL, in-process bus)', () => {
  let app: INestApplication;
  let base: string;
  let databaseUrl: string;
  let published: RunningConsumer | undefined;
  const out: PublishedEvent[] = [];
  const clock = new ManualClock('2026-11-23T09:00:00Z');

  const send = async (method: 'GET' | 'POST', path: string, body?: unknown, as?: Caller) => {
    const headers = await headersOf(as ?? callerFor(path, 'dispute_handler'));
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const stream = async (name: string) => ((await send('GET', `/audit/streams/${name}/events?limit=1000`)).body.events ?? []) as { type: string; data: Record<string, any> }[];
  /** Disputes' projections have folded every dispute event stored (each projection's checkpoint moves on the events its filter lets through). */
  const settle = async () => {
    const head = (await send('GET', '/audit/all?direction=backwards&limit=1&streamPrefix=dispute-')).body as { events: { position: string }[] };
    const host = app.get(ContextHost);
    for (const p of disputesContext.projections) await host.projection(p.name)!.waitFor(BigInt(head.events[0].position));
  };
  const tick = async () => {
    await settle();
    return app.get(DisputesRuntime, { strict: false }).slaTimer.tick();
  };
  const start = async () => {
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('disputes_e2e');
    await start();
    const transport = app.get<MessageTransport>(MESSAGE_TRANSPORT);
    await transport.ensureTopics([{ topic: 'o2c.disputes.events' }]);
    published = await transport.consume({ groupId: 'test.disputes.out', topics: ['o2c.disputes.events'] }, async (batch: readonly IncomingMessage[]) => {
      for (const m of batch) out.push(JSON.parse(m.value) as PublishedEvent);
    });
  });
  afterAll(async () => {
    await published?.stop().catch(() => undefined);
    await app?.close();
  });

  const delivery = (messageId: string, orderId: string) => ({
    messageId,
    type: 'OrderDelivered',
    data: { orderId, accountId: 'ACME', currency: 'EUR', deliveredAt: '2026-11-20T08:00:00Z', lines: [{ description: 'paper', quantity: 10, unitPriceMinor: 5_25, taxRateBp: 2000 }] },
  });

  it('opens a dispute on part of an invoice learned from invoicing; refuses more than the open amount (422 amountMinor) and bad input (400)', async () => {
    const acme = { accountId: 'ACME', legalName: 'Acme Fournitures SAS', kind: 'b2b', segment: 'standard', siren: '552100554', currency: 'EUR', paymentTermsDays: 30, expectedMonthlyVolumeMinor: 15_000_00, contacts: [{ name: 'Claire', role: 'accountant', email: 'compta@acme.example', preferredChannel: 'email' }] };
    expect((await send('POST', '/accounts', acme, 'credit_manager')).status).toBe(201);
    const issued = await until(async () => {
      const r = await send('POST', '/ingress/orders', delivery('oms-1', 'ORD-1'));
      return r.status === 200 ? r : undefined;
    }, 'invoicing to learn the account');
    expect(issued.body).toMatchObject({ invoiceId: 'INV-ORD-1', totalMinor: 63_00 });

    const bad = await send('POST', '/disputes', { invoiceId: 'INV-ORD-1', cause: 'weather', amountMinor: 1.5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['amountMinor', 'cause']);
    expect((await send('POST', '/disputes', { invoiceId: 'INV-NOPE', cause: 'price' })).body.error).toMatchObject({ code: 'disputes.invoice_unknown', field: 'invoiceId' });

    const opened = await until(async () => {
      const r = await send('POST', '/disputes', { disputeId: 'D-1', invoiceId: 'INV-ORD-1', amountMinor: 40_00, cause: 'goods_not_conforming' }, ['collector', 'collector-ann']);
      return r.status === 201 ? r : undefined;
    }, 'disputes to learn the invoice');
    expect(opened.body).toMatchObject({ disputeId: 'D-1', status: 'open', accountId: 'ACME', amountMinor: 40_00, ownerId: 'disputes-desk', managerId: 'disputes-lead', clock: { elapsedMinutes: 0, remainingMinutes: 72 * 60, paused: false, dueAt: '2026-11-26T09:00:00.000Z' } });
    expect((await send('POST', '/disputes', { disputeId: 'D-1', invoiceId: 'INV-ORD-1', amountMinor: 40_00, cause: 'goods_not_conforming' })).status).toBe(201);
    const tooMuch = await send('POST', '/disputes', { disputeId: 'D-2', invoiceId: 'INV-ORD-1', amountMinor: 63_01, cause: 'price' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({ code: 'disputes.amount_exceeds_open_amount', field: 'amountMinor' });
    expect(await stream('dispute-D-2')).toEqual([]);

    const owner = await send('POST', '/disputes/D-1/owner', { ownerId: 'billing-desk' });
    expect(owner.body).toMatchObject({ ownerId: 'billing-desk', managerId: 'billing-lead', team: 'billing' });
    expect((await send('POST', '/disputes/D-1/owner', { ownerId: 'nobody' })).body.error).toMatchObject({ code: 'disputes.owner_unknown', field: 'ownerId' });
    await settle();
    const view = await send('GET', '/disputes/sla/open?team=billing');
    expect(view.body.disputes).toMatchObject([{ disputeId: 'D-1', ownerId: 'billing-desk', standing: 'on_track', remainingMinutes: 72 * 60 }]);
    expect((await send('GET', '/disputes/sla/open?team=customer-service')).body.disputes).toEqual([]);
  });

  it('pauses while waiting on the customer across the old deadline, then is at risk and breached on time, once each, escalated to the manager', async () => {
    clock.advance(50 * H);
    expect((await send('POST', '/disputes/D-1/await-customer')).body.clock).toMatchObject({ elapsedMinutes: 50 * 60, paused: true, dueAt: null });
    clock.advance(30 * H); // Thu 17:00, past the original deadline (Thu 09:00): paused, so nothing is due
    await tick();
    expect((await stream('dispute-D-1')).map((e) => e.type)).not.toContain('DisputeSlaBreached');
    await settle();
    expect((await send('GET', '/disputes/sla/open?status=paused')).body.disputes).toMatchObject([{ disputeId: 'D-1', remainingMinutes: 22 * 60 }]);

    expect((await send('POST', '/disputes/D-1/customer-answered')).body.clock).toMatchObject({ elapsedMinutes: 50 * 60, remainingMinutes: 22 * 60, paused: false });
    clock.advance(10 * H - 1);
    await tick();
    expect((await stream('dispute-D-1')).map((e) => e.type)).not.toContain('DisputeSlaAtRisk');
    clock.advance(1);
    await tick();
    await tick();
    await settle();
    expect((await send('GET', '/disputes/sla/open?status=at_risk')).body.disputes).toMatchObject([{ disputeId: 'D-1', remainingMinutes: 12 * 60, atRiskSignalled: true }]);
    // Escalated to the owner's manager: the manager's view, and the counts per manager.
    expect((await send('GET', '/disputes/sla/open?managerId=billing-lead')).body.disputes).toMatchObject([{ disputeId: 'D-1', managerId: 'billing-lead', standing: 'at_risk' }]);
    expect((await send('GET', '/disputes/sla/open?managerId=disputes-lead')).body.disputes).toEqual([]);
    expect((await send('GET', '/disputes/sla/summary?groupBy=manager')).body.groups).toEqual([{ group: 'billing-lead', open: 1, on_track: 0, at_risk: 1, breached: 0, paused: 0, leastRemainingMinutes: 12 * 60 }]);
    expect((await send('GET', '/disputes/sla/summary?groupBy=desk')).status).toBe(400);
    clock.advance(12 * H);
    await tick();
    await tick();
    const events = await stream('dispute-D-1');
    expect(events.filter((e) => e.type === 'DisputeSlaAtRisk')).toHaveLength(1);
    const breaches = events.filter((e) => e.type === 'DisputeSlaBreached');
    expect(breaches).toHaveLength(1);
    expect(breaches[0].data).toMatchObject({ ownerId: 'billing-desk', escalatedTo: 'billing-lead', at: '2026-11-27T15:00:00.000Z', dueBy: '2026-11-27T15:00:00.000Z' });
    await settle();
    expect((await send('GET', '/disputes/sla/open?status=breached&ownerId=billing-desk')).body.disputes).toMatchObject([{ disputeId: 'D-1', breachSignalled: true }]);
  });

  it('resolves with a partial credit note issued by invoicing (CN-D-1-1); accounts records the signals; stats count it as missed; a reopening keeps the clock', async () => {
    clock.advance(H);
    const resolved = await send('POST', '/disputes/D-1/resolve', { outcome: 'credit_note', creditAmountMinor: 15_00, rootCause: 'wet paper: carrier damage' });
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'credit_note', clock: { elapsedMinutes: 73 * 60, paused: true } });
    expect((await send('POST', '/disputes/D-1/resolve', { outcome: 'rejected', rootCause: 'x' })).body.error.code).toBe('disputes.dispute_resolved');
    const credit = await until(async () => (await stream('ledger-ACME')).find((e) => e.type === 'CreditNoteIssued'), 'the credit note');
    expect(credit.data).toMatchObject({ creditNoteId: 'CN-D-1-1', invoiceId: 'INV-ORD-1', amountMinor: 15_00 });
    const signals = await until(async () => {
      const s = (await stream('account-ACME')).filter((e) => e.type === 'BehaviourSignalRecorded').map((e) => e.data.signal);
      return s.length === 2 ? s : undefined;
    }, 'the behaviour signals');
    expect(signals).toEqual(['dispute_opened', 'dispute_closed']);

    await settle();
    expect((await send('GET', '/disputes/sla/open')).body.disputes).toEqual([]);
    const stats = await send('GET', '/disputes/sla/stats?groupBy=cause&from=2026-11-01&to=2026-12-01');
    expect(stats.body.total).toEqual({ group: 'all', resolved: 1, withinSla: 0, shareWithinSla: 0, medianMs: 73 * H, p90Ms: 73 * H });
    expect(stats.body.groups).toEqual([{ group: 'goods_not_conforming', resolved: 1, withinSla: 0, shareWithinSla: 0, medianMs: 73 * H, p90Ms: 73 * H }]);
    expect((await send('GET', '/disputes/sla/stats?groupBy=week')).status).toBe(400);

    clock.advance(24 * H);
    const reopened = await send('POST', '/disputes/D-1/reopen', { reason: 'freight not credited' });
    expect(reopened.body).toMatchObject({ status: 'open', breached: true, clock: { elapsedMinutes: 73 * 60, remainingMinutes: -60, paused: false } });
    expect(reopened.body.history.map((e: { type: string }) => e.type)).toEqual([
      'DisputeOpened',
      'DisputeOwnerAssigned',
      'DisputeAwaitingCustomer',
      'DisputeCustomerAnswered',
      'DisputeSlaAtRisk',
      'DisputeSlaBreached',
      'DisputeResolved',
      'DisputeReopened',
    ]);
    await tick();
    expect((await stream('dispute-D-1')).filter((e) => e.type === 'DisputeSlaBreached')).toHaveLength(1);

    const types = await until(async () => {
      const t = out.filter((e) => e.data && (e.data as { disputeId?: string }).disputeId === 'D-1').map((e) => e.type);
      return t.length === 5 ? t : undefined;
    }, 'the published events');
    expect(types).toEqual(['DisputeOpened', 'DisputeSlaAtRisk', 'DisputeSlaBreached', 'DisputeResolved', 'DisputeReopened']);
    expect(out.every((e) => e.key === 'ACME' && e.context === 'disputes')).toBe(true);
    expect(out.find((e) => e.type === 'DisputeResolved')!.data).toMatchObject({ creditAmountMinor: 15_00, withinSla: false, resolution: 1 });
  });

  it('the SLA timer survives a restart: a breach that fell due while the process was down is emitted once', async () => {
    await until(async () => {
      const r = await send('POST', '/ingress/orders', delivery('oms-2', 'ORD-2'));
      return r.status === 200 ? r : undefined;
    }, 'the second invoice');
    await until(async () => {
      const r = await send('POST', '/disputes', { disputeId: 'D-3', invoiceId: 'INV-ORD-2', cause: 'price' });
      return r.status === 201 ? r : undefined;
    }, 'disputes to learn the second invoice');
    await settle();
    await published?.stop();
    published = undefined;
    await app.close();

    clock.advance(80 * H);
    await start();
    await tick();
    await tick();
    const events = await stream('dispute-D-3');
    expect(events.map((e) => e.type)).toEqual(['DisputeOpened', 'DisputeSlaBreached']);
    expect(events[1].data).toMatchObject({ escalatedTo: 'disputes-lead' });
  });
});
