import type { INestApplication } from '@nestjs/common';
import { accountsContext } from '@o2c/accounts';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock } from '@o2c/kernel';
import { collectionsContext } from '@o2c/collections';
import { createTestDatabase } from '../support/database';
import { callerFor, createTestApp, headersOf, type Caller } from '../support/auth';

const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * 120 days of a small portfolio, in one process as apps/o2c hosts it:
 * accounts, invoicing and collections on a real PostgreSQL, orders and
 * payments through the HTTP ingress, the clock moved a day at a time and the
 * daily run called for each day. Every step must fire on its day, once.
 */
describe('collections: 120 days of a small portfolio (real PostgreSQL, in-process bus, HTTP ingress)', () => {
  jest.setTimeout(300_000);
  let app: INestApplication;
  let base: string;
  const START = '2026-01-05';
  const clock = new ManualClock(`${START}T09:00:00Z`);

  const send = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, as?: Caller) => {
    const headers = await headersOf(as ?? callerFor(path, 'collector'));
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const openInvoice = async (accountId: string, invoiceId: string, openMinor: number) =>
    until(async () => {
      const r = await send('GET', `/collections/accounts/${accountId}`);
      const invoice = (r.body.invoices as { invoiceId: string; openMinor: number }[] | undefined)?.find((i) => i.invoiceId === invoiceId);
      return r.status === 200 && r.body.status === 'Active' && invoice?.openMinor === openMinor ? invoice : undefined;
    }, `${accountId} ${invoiceId} open ${openMinor} in collections`);
  const events = async (stream: string) => (await send('GET', `/audit/streams/${encodeURIComponent(stream)}/events?limit=1000`)).body.events as { type: string; data: Record<string, any> }[];

  /** A SIREN with a valid Luhn key. */
  const siren = (eight: string): string => {
    for (let key = 0; key < 10; key++) {
      const digits = `${eight}${key}`;
      const sum = [...digits].reverse().reduce((s, d, i) => {
        const n = Number(d) * (i % 2 ? 2 : 1);
        return s + (n > 9 ? n - 9 : n);
      }, 0);
      if (sum % 10 === 0) return digits;
    }
    throw new Error('no key');
  };
  const account = (accountId: string, kind: 'b2b' | 'b2c', sirenBase?: string) => ({
    accountId,
    legalName: `${accountId} SAS`,
    kind,
    segment: 'standard',
    ...(sirenBase ? { siren: siren(sirenBase) } : {}),
    currency: 'EUR',
    paymentTermsDays: 30,
    contacts: [{ contactId: `${accountId}-c`, name: 'Ann Compta', role: 'accountant', email: `ann@${accountId.toLowerCase()}.test`, phone: '+33600000000', preferredChannel: 'email' }],
  });
  const orderAndDelivery = async (accountId: string, amountMinor: number) => {
    const placed = await send('POST', '/ingress/orders', { messageId: `oms-p-${accountId}`, type: 'OrderPlaced', data: { orderId: `ORD-${accountId}`, accountId, currency: 'EUR', amountMinor, placedAt: `${START}T08:00:00Z` } });
    expect(placed.body.outcome).toBe('released');
    const delivered = await until(async () => {
      const r = await send('POST', '/ingress/orders', {
        messageId: `oms-d-${accountId}`,
        type: 'OrderDelivered',
        data: { orderId: `ORD-${accountId}`, accountId, currency: 'EUR', deliveredAt: `${START}T08:30:00Z`, lines: [{ description: 'goods', quantity: 1, unitPriceMinor: amountMinor, taxRateBp: 0 }] },
      });
      return r.status === 200 ? r : undefined;
    }, `invoicing to learn ${accountId}`);
    expect(delivered.body).toMatchObject({ outcome: 'invoice_issued', invoiceId: `INV-ORD-${accountId}`, dueOn: '2026-02-04' });
  };
  const pay = (accountId: string, paymentId: string, amountMinor: number, on: string) =>
    send('POST', '/ingress/payments', { messageId: `bank-${paymentId}`, type: 'PaymentReceived', data: { paymentId, accountId, amountMinor, currency: 'EUR', receivedAt: `${on}T08:00:00Z`, method: 'transfer', reference: `INV-ORD-${accountId}` } });

  beforeAll(async () => {
    process.env.O2C_COLLECTIONS_CONFIG = JSON.stringify({ autoRunCheckMs: 0 });
    process.env.O2C_REMINDER_WORKERS = '0';
    const databaseUrl = await createTestDatabase('collections_sim');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [accountsContext, invoicingContext, collectionsContext] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    delete process.env.O2C_COLLECTIONS_CONFIG;
    delete process.env.O2C_REMINDER_WORKERS;
  });

  let worklistOnFeb21: { accountId: string; score: number; scoreParts: { points: number }[]; reasons: Record<string, unknown>; nextAction: unknown }[] = [];

  it('walks each ladder day by day: every step on its day exactly once, a promise holds, a broken promise escalates, the day run twice sends nothing twice', async () => {
    for (const [id, kind, sirenBase] of [
      ['A-STD', 'b2b', '55210056'],
      ['A-B2C', 'b2c', undefined],
      ['A-PTP', 'b2b', '40348321'],
    ] as const) {
      expect((await send('POST', '/accounts', account(id, kind, sirenBase), 'credit_manager')).status).toBe(201);
    }
    await orderAndDelivery('A-STD', 1_000_00);
    await orderAndDelivery('A-B2C', 200_00);
    await orderAndDelivery('A-PTP', 500_00);
    for (const [id, amount] of [
      ['A-STD', 1_000_00],
      ['A-B2C', 200_00],
      ['A-PTP', 500_00],
    ] as const)
      await openInvoice(id, `INV-ORD-${id}`, amount);

    const decidedPerDay: number[] = [];
    for (let n = 0; n <= 120; n++) {
      const date = addDays(START, n);
      clock.set(`${date}T09:00:00Z`);
      if (date === '2026-02-07') {
        const promise = await send('POST', '/collections/accounts/A-PTP/promises', { promiseId: 'PTP-1', amountMinor: 500_00, currency: 'EUR', promisedFor: '2026-02-14', channel: 'phone', contactId: 'A-PTP-c' }, ['collector', 'col-1']);
        expect(promise.status).toBe(201);
        expect((await send('POST', '/collections/accounts/A-PTP/contacts', { collectorId: 'col-1', channel: 'phone', outcome: 'promise' })).status).toBe(201);
      }
      if (date === '2026-02-09') {
        expect((await pay('A-B2C', 'PAY-B2C', 200_00, date)).status).toBe(200);
        await openInvoice('A-B2C', 'INV-ORD-A-B2C', 0);
      }
      if (date === '2026-02-14') {
        // One cent short: the promise is broken.
        expect((await pay('A-PTP', 'PAY-PTP', 499_99, date)).status).toBe(200);
        await openInvoice('A-PTP', 'INV-ORD-A-PTP', 1);
      }
      const run = await send('POST', '/collections/runs', { date }, 'admin');
      expect(run.status).toBe(200);
      expect(run.body).toMatchObject({ date, accounts: 3, alreadyDone: 0 });
      decidedPerDay.push(run.body.decided as number);
      if (date === '2026-02-21') {
        // The projection follows the store: wait until it has the day's scores.
        worklistOnFeb21 = await until(async () => {
          const page = await send('GET', '/collections/worklist?team=collections&date=2026-02-21');
          const entries = page.body.entries as typeof worklistOnFeb21;
          // A score is recorded when more than the days late changes (the page grows those): wait for A-PTP's, after its broken promise and payment.
          return entries?.length === 2 && entries.some((e) => e.accountId === 'A-PTP' && e.reasons.brokenPromises === 1 && e.reasons.amountAtStakeMinor === 1) ? entries : undefined;
        }, 'the worklist of 2026-02-21');
        const again = await send('POST', '/collections/runs', { date }, 'admin');
        expect(again.body).toMatchObject({ date, accounts: 3, decided: 0, alreadyDone: run.body.decided, remindersScheduled: 0 });
      }
    }

    // Only cases with something to decide are loaded: a paid-up account is not visited again until something changes it.
    expect(decidedPerDay.reduce((sum, n) => sum + n, 0)).toBeLessThan(3 * 121);

    const fired = async (accountId: string) =>
      (await events(`collectionCase-${accountId}`)).flatMap((e) =>
        e.type === 'DunningStepTaken' ? [`${e.data.on} ${e.data.stepId}`] : e.type === 'CallTaskOpened' ? [`${e.data.on} ${e.data.stepId}`] : e.type === 'DunningLadderExhausted' ? [`${e.data.on} agency`] : [],
      );
    expect(await fired('A-STD')).toEqual(['2026-02-04 due-reminder', '2026-02-05 call-1', '2026-02-21 letter-1', '2026-03-18 letter-2', '2026-04-01 formal-notice', '2026-04-15 agency']);
    expect(await fired('A-B2C')).toEqual(['2026-02-04 due-reminder', '2026-02-05 call-1']);
    // Held 02-07..02-15 by the promise; broken on 02-15: letter-1 at once, then the ladder keeps its spacing.
    expect(await fired('A-PTP')).toEqual(['2026-02-04 due-reminder', '2026-02-05 call-1', '2026-02-15 letter-1', '2026-03-12 letter-2', '2026-03-26 formal-notice', '2026-04-09 agency']);

    const ptp = await events('collectionCase-A-PTP');
    expect(ptp.filter((e) => e.type === 'PromiseToPayBroken').map((e) => e.data)).toEqual([
      { accountId: 'A-PTP', promiseId: 'PTP-1', promisedMinor: 500_00, paidMinor: 499_99, currency: 'EUR', promisedFor: '2026-02-14', on: '2026-02-15' },
    ]);
    // Accounts counts the broken promise in the risk class (its consumer of collections' events).
    const risk = await until(async () => {
      const r = await send('GET', '/accounts/A-PTP');
      return r.body.riskClass !== 'low' ? r.body : undefined;
    }, 'the broken promise to raise A-PTP\'s risk');
    expect(risk.riskClass).toBe('medium');
    const charges = (accountId: string, list: typeof ptp) => list.filter((e) => e.type === 'LatePaymentChargeAssessed').map((e) => `${accountId} ${e.data.kind} ${e.data.amountMinor}`);
    expect(charges('A-STD', await events('collectionCase-A-STD'))).toEqual(['A-STD recovery_indemnity 4000', 'A-STD late_payment_penalty 3047']);
    expect(charges('A-B2C', await events('collectionCase-A-B2C'))).toEqual([]);

    // Each notice went to the reminder service once, under its deterministic id.
    const due = await events('reminder-A-STD:letter-1:2026-02-21');
    expect(due.filter((e) => e.type === 'ReminderDue')).toHaveLength(1);
    expect(due[0].data.request).toMatchObject({ channel: 'letter', templateId: 'first-letter', totalMinor: 1_000_00, items: [{ invoiceId: 'INV-ORD-A-STD', daysLate: 17 }] });
    const sms = await events('reminder-A-B2C:due-reminder:2026-02-04');
    expect(sms[0].data.request).toMatchObject({ channel: 'sms', recipient: { phone: '+33600000000' } });

    // Provenance, readable by API.
    const decisions = await send('GET', '/collections/accounts/A-STD/decisions');
    const letter = decisions.body.decisions.find((d: { type: string; stepId?: string }) => d.type === 'DunningStepTaken' && d.stepId === 'letter-1');
    expect(letter).toMatchObject({ policyId: 'standard.b2b', policyVersion: 1, provenance: { riskClass: expect.any(String), invoices: [{ invoiceId: 'INV-ORD-A-STD', openMinor: 1_000_00, daysLate: 17, holdsConsidered: [] }] } });

    // The broken promise outweighs the amount (weights: 40 points per broken promise, 10 per 1,000.00 at stake); the paid B2C account is off the list.
    expect(worklistOnFeb21.map((e) => e.accountId)).toEqual(['A-PTP', 'A-STD']);
    for (const entry of worklistOnFeb21) {
      expect(entry.score).toBe(entry.scoreParts.reduce((s: number, p: { points: number }) => s + p.points, 0));
      expect(Object.keys(entry.reasons).sort()).toEqual(['amountAtStakeMinor', 'brokenPromises', 'daysLate', 'disputes', 'lastContact', 'openDisputes', 'riskClass', 'segment']);
      expect(entry.nextAction).toMatchObject({ channel: expect.any(String), on: expect.stringMatching(/^2026-/) });
    }
    expect(worklistOnFeb21[0].reasons).toMatchObject({ brokenPromises: 1, amountAtStakeMinor: 1, daysLate: 17, lastContact: { outcome: 'promise' } });
  });
});
