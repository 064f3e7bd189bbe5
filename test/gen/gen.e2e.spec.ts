import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { accountsContext } from '@o2c/accounts';
import { invoicingContext, ledgerStream } from '@o2c/invoicing';
import { ManualClock } from '@o2c/kernel';
import { ContextHost } from '@o2c/messaging/nest';
import { generate, type GenerateOptions } from '../../scripts/gen/generate';
import { buildPortfolio } from '../../scripts/gen/portfolio';
import { createTestDatabase } from '../support/database';
import { callerFor, createTestApp, headersOf, tokenFor } from '../support/auth';

/** `npm run gen` against apps/o2c hosting accounts and invoicing, in process: a tiny portfolio arrives whole, and a second run adds nothing. */
describe('gen end to end: a tiny portfolio through the real ingress (real PostgreSQL, in-process bus)', () => {
  let app: INestApplication;
  let base: string;
  let host: ContextHost;
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  const sizes = { seed: 3, accounts: 20, invoices: 100, months: 3 };

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: await headersOf(callerFor(path, 'credit_manager')) });
    return { status: response.status, body: (await response.json()) as any };
  };
  /** Invoicing's views read only its ledger streams: wait until they have passed the last ledger event. */
  const invoicingViewsCaughtUp = async () => {
    const head = (await get(`/audit/all?direction=backwards&limit=1&streamPrefix=${ledgerStream('')}`)).body;
    const position = BigInt(head.events[0].position);
    for (const p of invoicingContext.projections) await host.projection(p.name)!.waitFor(position);
  };
  const run = async (more: Partial<GenerateOptions> = {}): Promise<Awaited<ReturnType<typeof generate>>> =>
    generate({ ...sizes, target: base, token: await tokenFor(['publisher', 'credit_manager'], 'svc:generator'), concurrency: 4, progress: false, log: () => undefined, unknownAccountWaitMs: 30_000, ...more } satisfies GenerateOptions);

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('gen_e2e');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [accountsContext, invoicingContext] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    host = app.get(ContextHost);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens every account, issues every invoice, and leaves the open receivables the plan says', async () => {
    // Settling weekly: accounts records each week's invoices before the next week's orders are credit-checked.
    const summary = await run({ settleDays: 7, settleTimeoutMs: 60_000 });
    expect(summary.errors).toEqual([]);
    expect(summary.settle.points).toBeGreaterThan(8);
    expect(summary.settle.timedOut).toBe(0);
    expect(summary.history.to).toBe('2026-11-25T09:00:00.000Z');
    expect(summary.sent.accountsOpened).toBe(20);
    expect(summary.sent.messages).toBe(summary.planned.messages.total);
    expect(summary.planned.invoices).toBe(100);
    expect(summary.sent.byType.PaymentReceived).toBeGreaterThan(40);

    const portfolio = buildPortfolio({ ...sizes, today: Date.parse('2026-11-25T09:00:00Z') });
    for (const a of portfolio.accounts) {
      const { status, body } = await get(`/accounts/${a.opening.accountId}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ accountId: a.opening.accountId, segment: a.opening.segment, kind: a.opening.kind, paymentTermsDays: a.opening.paymentTermsDays });
    }

    await invoicingViewsCaughtUp();
    let expectedOpen = 0;
    let expectedOpenItems = 0;
    for (let i = 0; i < portfolio.orderAccount.length; i++) {
      const plan = portfolio.plan(i);
      const { status, body } = await get(`/invoices/INV-${plan.orderId}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ accountId: plan.account.opening.accountId, totalMinor: plan.totalMinor, currency: 'EUR' });
      const open = plan.events.reduce((sum, e) => (e.kind === 'received' ? sum - e.amountMinor : e.kind === 'reversed' ? sum + e.amountMinor : sum), plan.totalMinor);
      expectedOpen += open;
      if (open > 0) expectedOpenItems += 1;
    }
    // Payments without a reference go to the oldest invoice first, so invoices differ from the plan one by one, never in sum.
    const aging = (await get('/aging')).body;
    const eur = aging.buckets.find((b: { currency: string }) => b.currency === 'EUR');
    expect(eur.totalMinor).toBe(expectedOpen);
    expect(eur.openItems).toBeGreaterThan(0);
    expect(eur.openItems).toBeLessThanOrEqual(100);
    expect(expectedOpenItems).toBeGreaterThan(0);
  }, 240_000);

  it('a second run with the same seed, in batches (POST /ingress/batch), is a no-op: accounts already open, no ingress message has a second effect', async () => {
    const before = (await get('/audit/all?direction=backwards&limit=1')).body.events[0].position;
    const summary = await run({ batch: 25 });
    expect(summary.errors).toEqual([]);
    expect(summary.sent.messages).toBe(summary.planned.messages.total);
    expect(summary.sent.accountsAlreadyOpen).toBe(20);
    expect(summary.sent.accountsOpened).toBe(0);
    // Accounts may still be catching up on invoicing's published events from the first run; nothing new may come from the ingress.
    const added = (await get(`/audit/all?from=${BigInt(before) + 1n}&limit=1000`)).body.events as { streamName: string; type: string; metadata: { causationId: string } }[];
    expect(added.filter((e) => e.metadata.causationId.startsWith('ingress:') || e.streamName.startsWith(ledgerStream(''))).map((e) => `${e.streamName} ${e.type}`)).toEqual([]);
  }, 240_000);
});
