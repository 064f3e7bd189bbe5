import { INGRESS_TOPICS } from '@o2c/contracts';
import type { AppProcess } from '../support/app-process';
import { callerFor, headersOf, type Caller } from '../support/auth';
import { describeOwnKafka } from '../support/kafka';
import { BusScenario, until } from '../faults/bus-harness';

const H = 3_600_000;
type Json = Record<string, any>;

/**
 * Issue 7's "Done when" for disputes, across processes: accounts, invoicing,
 * collections and disputes each run as their own OS process from dist/
 * (apps/<context>), each with its own manual clock, and exchange events only
 * through the run's Kafka broker. A dispute opened through the disputes API on
 * part of an invoice holds only that amount in collections; the 72-hour clock
 * is met by one dispute and breached by the other, with the events; the
 * outcome's credit note is issued by invoicing; the holds end and dunning
 * resumes where it stood; the SLA views show each step.
 */
describeOwnKafka('disputes across processes over Kafka (accounts, invoicing, collections, disputes as separate processes)', (brokers) => {
  jest.setTimeout(600_000);
  let scenario: BusScenario;
  let accounts: AppProcess;
  let invoicing: AppProcess;
  let collections: AppProcess;
  let disputes: AppProcess;
  let accountId: string;
  let a0: string;
  let a1: string;

  /** Who does this in real life: the operator moves the demo clock and starts daily runs, collectors and dispute handlers their own work. */
  const callerOf = (path: string): Caller =>
    path === '/clock' || path === '/collections/runs' ? 'admin' : path.startsWith('/collections/') ? 'collector' : path.startsWith('/disputes') ? 'dispute_handler' : callerFor(path, 'credit_manager');
  const call = async (app: AppProcess, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${app.url}${path}`, { method, headers: { 'content-type': 'application/json', ...(await headersOf(callerOf(path))) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Json };
  };
  /** Every process's manual clock to the same instant (each process has its own clock). */
  const setClock = async (instant: string) => {
    for (const app of [accounts, invoicing, collections, disputes]) expect((await call(app, 'POST', '/clock', { instant })).status).toBe(200);
  };
  const events = async (stream: string): Promise<{ type: string; data: Json }[]> => {
    const { rows } = await scenario.pg.query(`SELECT event_type AS type, data FROM o2c_es.events WHERE stream_name = $1 ORDER BY revision`, [stream]);
    return rows as { type: string; data: Json }[];
  };
  const caseOf = async () => (await call(collections, 'GET', `/collections/accounts/${accountId}`)).body;
  const decisions = async (): Promise<Json[]> => (await call(collections, 'GET', `/collections/accounts/${accountId}/decisions`)).body.decisions ?? [];
  const run = async (date: string) => {
    const response = await call(collections, 'POST', '/collections/runs', { date });
    expect(response.status).toBeLessThan(300);
    return response.body;
  };
  const openView = async (query = '') => (await call(disputes, 'GET', `/disputes/sla/open${query}`)).body.disputes as Json[];

  beforeAll(async () => {
    scenario = new BusScenario(brokers.join(','));
    await scenario.setUp();
    const clock = { O2C_CLOCK: 'manual:2026-11-01T09:00:00Z' };
    // One after the other, each answering /health before the next starts.
    accounts = await scenario.app('accounts', 'accounts', clock);
    invoicing = await scenario.app('invoicing', 'invoicing', clock);
    // The automatic daily run is off: the test runs each day itself.
    collections = await scenario.app('collections', 'collections', { ...clock, O2C_COLLECTIONS_CONFIG: JSON.stringify({ autoRunCheckMs: 0 }) });
    disputes = await scenario.app('disputes', 'disputes', clock);
    [accountId] = await scenario.openAccounts(accounts, 1);
    a0 = scenario.invoiceOf(accountId, 0);
    a1 = scenario.invoiceOf(accountId, 1);
    await until(async () => (await call(collections, 'GET', `/collections/accounts/${accountId}`)).status === 200, 'collections to learn the account', 120_000);
    // Two invoices of 1,000.00 delivered on 1 October, due 31 October (30 days' terms), through the ingress topic.
    await scenario.producer.send({
      topic: INGRESS_TOPICS.orders,
      acks: -1,
      messages: [0, 1].map((k) => ({
        key: accountId,
        value: JSON.stringify({
          messageId: `del-${accountId}-${k}`,
          type: 'OrderDelivered',
          data: { orderId: `O-${accountId}-${k}`, accountId, currency: 'EUR', deliveredAt: '2026-10-01T10:00:00Z', lines: [{ description: 'paper', quantity: 1, unitPriceMinor: 100_000, taxRateBp: 0 }] },
        }),
      })),
    });
    await until(async () => ((await caseOf()).invoices?.length === 2 ? true : undefined), 'collections to learn both invoices', 120_000);
  }, 300_000);

  afterAll(async () => {
    await scenario?.tearDown();
  });

  it('a dispute on part of an invoice, opened through the disputes API, holds that amount only: the rest is still dunned', async () => {
    expect((await caseOf()).invoices.map((i: Json) => [i.invoiceId, i.dueOn, i.openMinor])).toEqual([
      [a0, '2026-10-31', 100_000],
      [a1, '2026-10-31', 100_000],
    ]);
    // Day 1 late: the ladder stands at the first call for both invoices.
    await run('2026-11-01');
    expect((await decisions()).filter((d) => d.type === 'CallTaskOpened').map((d) => d.stepId)).toEqual(['call-1']);

    await setClock('2026-11-16T09:00:00Z');
    // Disputes learns invoices from invoicing's published events: until it has, the invoice is unknown (404).
    const partial = await until(async () => {
      const r = await call(disputes, 'POST', '/disputes', { disputeId: `D1-${scenario.run}`, invoiceId: a0, amountMinor: 30_000, cause: 'goods_not_conforming' });
      return r.status === 201 ? r : undefined;
    }, 'disputes to learn the invoice', 120_000);
    expect(partial.body).toMatchObject({ status: 'open', accountId, invoiceId: a0, amountMinor: 30_000, ownerId: 'disputes-desk', clock: { remainingMinutes: 72 * 60, dueAt: '2026-11-19T09:00:00.000Z' } });
    const whole = await call(disputes, 'POST', '/disputes', { disputeId: `D2-${scenario.run}`, invoiceId: a1, cause: 'duplicate_billing' });
    expect(whole.status).toBe(201);
    expect(whole.body).toMatchObject({ amountMinor: 100_000 });
    const refused = await call(disputes, 'POST', '/disputes', { invoiceId: a0, amountMinor: 100_001, cause: 'price' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'disputes.amount_exceeds_open_amount', field: 'amountMinor' });

    // Collections learns the disputes through Kafka: an amount hold of 300.00 on A0, the whole of A1.
    const holds = await until(async () => {
      const h = (await caseOf()).holds as Json[];
      return h.length === 2 ? h : undefined;
    }, 'the two dispute holds in collections', 120_000);
    expect(holds.map((h) => [h.kind, h.scope, h.invoiceIds, h.amountMinor]).sort()).toEqual([
      ['dispute', 'amount', [a0], 30_000],
      ['dispute', 'amount', [a1], 100_000],
    ]);

    // Day 17: the first letter goes out on A0's undisputed 700.00 only; A1, wholly disputed, gets nothing.
    await setClock('2026-11-17T09:00:00Z');
    await run('2026-11-17');
    const letter = (await decisions()).find((d) => d.type === 'DunningStepTaken' && d.stepId === 'letter-1');
    expect(letter).toMatchObject({ totalMinor: 70_000, provenance: { invoices: [{ invoiceId: a0, daysLate: 17, dunnableMinor: 70_000 }] } });
    expect(letter!.provenance.invoices).toHaveLength(1);

    const view = await until(async () => {
      const rows = await openView();
      return rows.length === 2 ? rows : undefined;
    }, 'the SLA view to show both disputes');
    expect(view.map((d) => [d.disputeId, d.standing, d.remainingMinutes])).toEqual([
      [`D1-${scenario.run}`, 'on_track', 48 * 60],
      [`D2-${scenario.run}`, 'on_track', 48 * 60],
    ]);
  });

  it('the 72-hour clock: both at risk on time; one resolved within it (rejected), the other breached and escalated to the manager', async () => {
    const d1 = `D1-${scenario.run}`;
    const d2 = `D2-${scenario.run}`;
    // 60 hours used: 12 left, the default at-risk threshold; the disputes process's timer flags it by itself.
    await setClock('2026-11-18T21:00:00Z');
    await until(async () => ((await events(`dispute-${d1}`)).some((e) => e.type === 'DisputeSlaAtRisk') && (await events(`dispute-${d2}`)).some((e) => e.type === 'DisputeSlaAtRisk') ? true : undefined), 'the at-risk events');
    const atRisk = await until(async () => {
      const rows = await openView('?status=at_risk');
      return rows.length === 2 && rows.every((r) => r.atRiskSignalled) ? rows : undefined;
    }, 'the at-risk view');
    expect(atRisk.map((r) => r.remainingMinutes)).toEqual([12 * 60, 12 * 60]);

    await setClock('2026-11-18T22:00:00Z');
    const rejected = await call(disputes, 'POST', `/disputes/${d2}/resolve`, { outcome: 'rejected', rootCause: 'not billed twice: two deliveries' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'resolved', outcome: 'rejected' });

    await setClock('2026-11-19T09:00:00Z');
    const breach = await until(async () => (await events(`dispute-${d1}`)).find((e) => e.type === 'DisputeSlaBreached'), 'the breach', 60_000);
    expect(breach.data).toMatchObject({ ownerId: 'disputes-desk', escalatedTo: 'disputes-lead', dueBy: '2026-11-19T09:00:00.000Z' });
    const breached = await until(async () => {
      const rows = await openView('?status=breached');
      return rows.length === 1 && rows[0].breachSignalled ? rows : undefined;
    }, 'the breached view');
    expect(breached).toMatchObject([{ disputeId: d1, ownerId: 'disputes-desk', remainingMinutes: 0 }]);
    expect((await events(`dispute-${d2}`)).map((e) => e.type)).toEqual(['DisputeOpened', 'DisputeSlaAtRisk', 'DisputeResolved']);
    expect((await events(`dispute-${d1}`)).filter((e) => e.type.startsWith('DisputeSla')).map((e) => e.type)).toEqual(['DisputeSlaAtRisk', 'DisputeSlaBreached']);
  });

  it("the credit note is issued by invoicing; the holds end and dunning resumes where it stood; the stats count one met, one missed", async () => {
    const d1 = `D1-${scenario.run}`;
    await setClock('2026-11-19T10:00:00Z');
    const resolved = await call(disputes, 'POST', `/disputes/${d1}/resolve`, { outcome: 'credit_note', creditAmountMinor: 15_000, rootCause: 'wet paper: carrier damage' });
    expect(resolved.body).toMatchObject({ status: 'resolved', outcome: 'credit_note', clock: { elapsedMinutes: 73 * 60 } });

    const credit = await until(async () => (await events(`ledger-${accountId}`)).find((e) => e.type === 'CreditNoteIssued'), 'the credit note from invoicing', 120_000);
    expect(credit.data).toMatchObject({ creditNoteId: `CN-${d1}-1`, invoiceId: a0, amountMinor: 15_000 });
    // Collections learns the credit (from invoicing) and both releases (from disputes), each through Kafka.
    await until(async () => {
      const c = await caseOf();
      return c.holds.length === 0 && c.invoices.find((i: Json) => i.invoiceId === a0)?.openMinor === 85_000 ? true : undefined;
    }, 'collections to end the holds and learn the credit', 120_000);

    // A1 was held from the 16th to the 18th: its ladder resumes at the step it had not reached (letter-1), shifted by the days held.
    await setClock('2026-11-20T09:00:00Z');
    await run('2026-11-20');
    const letters = (await decisions()).filter((d) => d.type === 'DunningStepTaken' && d.stepId === 'letter-1');
    expect(letters).toHaveLength(2);
    const resumed = letters[1];
    const items = new Map((resumed.provenance.invoices as Json[]).map((i) => [i.invoiceId, i]));
    expect(items.get(a1)).toMatchObject({ daysLate: 20, dunnableMinor: 100_000 });
    // Day 20 late less the days held: at or past letter-1's day 17, before the day it would have reached unheld.
    expect(items.get(a1)!.ladderDay).toBeGreaterThanOrEqual(17);
    expect(items.get(a1)!.ladderDay).toBeLessThan(20);
    expect(items.has(a0)).toBe(false);
    // One notice per account: it lists every overdue dunnable item, A0 now whole again less the credit (850.00).
    expect(resumed.totalMinor).toBe(100_000 + 85_000);

    const stats = await until(async () => {
      const s = (await call(disputes, 'GET', '/disputes/sla/stats?groupBy=cause&from=2026-11-01&to=2026-11-30')).body;
      return s.total?.resolved === 2 ? s : undefined;
    }, 'the SLA statistics');
    expect(stats.total).toMatchObject({ resolved: 2, withinSla: 1, shareWithinSla: 0.5 });
    expect(stats.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ group: 'duplicate_billing', resolved: 1, withinSla: 1, medianMs: 61 * H }),
        expect.objectContaining({ group: 'goods_not_conforming', resolved: 1, withinSla: 0, medianMs: 73 * H }),
      ]),
    );
    expect(await openView()).toEqual([]);
  });
});
