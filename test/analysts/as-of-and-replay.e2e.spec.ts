import type { INestApplication } from '@nestjs/common';
import { Command } from 'commander';
import type { PublishedEvent } from '@o2c/contracts';
import { invoicingContext } from '@o2c/invoicing';
import { ManualClock } from '@o2c/kernel';
import { MESSAGE_TRANSPORT, type MessageTransport } from '@o2c/messaging';
import { ContextHost } from '@o2c/messaging/nest';
import { Client } from 'pg';
import { registerReplay } from '../../scripts/o2c/replay';
import { createTestDatabase } from '../support/database';
import { callerFor, createTestApp, headersOf } from '../support/auth';

/**
 * Analysts on real PostgreSQL: every view answers "as of" a past instant with the view's own queries (a view as of t1
 * equals the live view as it was at t1), and `o2c replay` / POST /projections/replay rebuild the views into fresh
 * tables and compare them with the live ones by checksum.
 */
describe('views as of an instant, and replay', () => {
  let app: INestApplication;
  let base: string;
  let host: ContextHost;
  let databaseUrl: string;
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const send = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...(await headersOf(callerFor(path, 'analyst'))) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const caughtUp = async () => {
    const head = (await send('GET', '/audit/all?direction=backwards&limit=1')).body.events[0].position as string;
    for (const p of invoicingContext.projections) await host.projection(p.name)!.waitFor(BigInt(head));
  };
  const delivery = (messageId: string, orderId: string) => ({
    messageId,
    type: 'OrderDelivered',
    data: { orderId, accountId: 'ACME', currency: 'EUR', deliveredAt: '2026-11-25T08:00:00Z', lines: [{ description: 'paper', quantity: 10, unitPriceMinor: 4_00, taxRateBp: 2000 }] },
  });
  const payment = (messageId: string, paymentId: string, amountMinor: number) => ({
    messageId,
    type: 'PaymentReceived',
    data: { paymentId, accountId: 'ACME', amountMinor, currency: 'EUR', receivedAt: '2026-11-26T10:00:00Z', method: 'transfer' },
  });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('as_of');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [invoicingContext] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    host = app.get(ContextHost);
    const opened: PublishedEvent = {
      type: 'AccountOpened',
      schemaVersion: 1,
      context: 'accounts',
      key: 'ACME',
      data: { accountId: 'ACME', legalName: 'Acme', kind: 'b2b', segment: 'standard', currency: 'EUR', paymentTermsDays: 30, creditLimitMinor: 1_000_000, contacts: [], openedAt: '2026-11-01T00:00:00Z' },
      metadata: { messageId: 'acc-1', correlationId: 'acc-1', causationId: 'acc-1', actor: 'user:cm', occurredAt: clock.now().toISOString(), sourceStream: 'account-ACME', sourcePosition: '1' },
    };
    await app.get<MessageTransport>(MESSAGE_TRANSPORT).publish('o2c.accounts.events', [{ key: 'ACME', value: JSON.stringify(opened), headers: { 'o2c-message-id': 'acc-1' } }]);
    for (let i = 0; (await send('POST', '/ingress/orders', delivery('oms-1', 'ORD-1'))).status !== 200; i++) {
      if (i > 200) throw new Error('the account was never learned');
      await sleep(50);
    }
    expect((await send('POST', '/ingress/orders', delivery('oms-2', 'ORD-2'))).status).toBe(200);
    expect((await send('POST', '/ingress/payments', payment('bank-1', 'PAY-1', 30_00))).status).toBe(200);
    await caughtUp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a view as of t1 equals the live view when it was taken at t1, for an invoice, open items and aging', async () => {
    const then = {
      invoice: await send('GET', '/invoices/INV-ORD-1'),
      openItems: await send('GET', '/accounts/ACME/open-items?asOf=2026-12-30'),
      aging: await send('GET', '/aging?asOf=2026-12-30'),
    };
    expect(then.invoice.status).toBe(200);
    await sleep(100);
    const t1 = new Date().toISOString();
    await sleep(100);

    expect((await send('POST', '/ingress/payments', payment('bank-2', 'PAY-2', 50_00))).status).toBe(200);
    expect((await send('POST', '/ingress/orders', delivery('oms-3', 'ORD-3'))).status).toBe(200);
    await caughtUp();
    const live = await send('GET', '/accounts/ACME/open-items?asOf=2026-12-30');
    expect(live.body).not.toEqual(then.openItems.body);

    const asOf = encodeURIComponent(t1);
    expect(await send('GET', `/invoices/INV-ORD-1?asOf=${asOf}`)).toEqual(then.invoice);
    // A day-only asOf kept its meaning (the live view aged at that day); an instant also moves the view back.
    const openItems = await send('GET', `/accounts/ACME/open-items?asOf=${asOf}`);
    expect(openItems.status).toBe(200);
    expect(openItems.body.items.map((i: any) => [i.invoiceId, i.openAmountMinor])).toEqual(then.openItems.body.items.map((i: any) => [i.invoiceId, i.openAmountMinor]));
    expect(openItems.body.receivableMinor).toBe(then.openItems.body.receivableMinor);
    const aging = await send('GET', `/aging?asOf=${asOf}`);
    expect(aging.status).toBe(200);
    expect(aging.body.buckets.map((a: any) => [a.currency, a.totalMinor, a.openItems])).toEqual(then.aging.body.buckets.map((a: any) => [a.currency, a.totalMinor, a.openItems]));
    expect(aging.body.buckets).not.toEqual([]);
    // ORD-3 was invoiced after t1: unknown as of t1, known now.
    expect((await send('GET', `/invoices/INV-ORD-3?asOf=${asOf}`)).status).toBe(404);
    expect((await send('GET', '/invoices/INV-ORD-3')).status).toBe(200);
    // Before anything was recorded, the views were empty.
    expect((await send('GET', `/invoices/INV-ORD-1?asOf=2020-01-01T00:00:00Z`)).status).toBe(404);
    // The same instant twice reads the same cached table.
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const tables = (await client.query(`SELECT target FROM o2c_read_asof.tables ORDER BY target`)).rows.map((r) => r.target);
    await send('GET', `/invoices/INV-ORD-1?asOf=${asOf}`);
    expect((await client.query(`SELECT target FROM o2c_read_asof.tables ORDER BY target`)).rows.map((r) => r.target)).toEqual(tables);
    await client.end();
  });

  it('a malformed asOf is a 400 naming asOf, and the view is not read', async () => {
    const bad = await send('GET', '/invoices/INV-ORD-1?asOf=yesterday');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('asOf');
    expect((await send('GET', '/aging?asOf=2026-13-45T00:00:00Z')).status).toBe(400);
  });

  it('documents asOf in OpenAPI on the views\' query endpoints', async () => {
    const { body } = await send('GET', '/docs/openapi.json');
    const names = (path: string) => (body.paths[path].get.parameters as { name: string }[]).map((p) => p.name);
    expect(names('/invoices/{invoiceId}')).toContain('asOf');
    expect(names('/aging')).toContain('asOf');
  });

  it('POST /projections/replay and o2c replay: fresh tables equal the live ones; a changed live row makes it differ (exit 1)', async () => {
    const api = await send('POST', '/projections/replay', { projection: 'all' });
    expect(api.status).toBe(200);
    expect(api.body.checksumsEqual).toBe(true);
    expect(api.body.views.map((v: any) => v.name).sort()).toEqual(['audit.event_index', ...invoicingContext.projections.map((p) => p.name)].sort());
    expect(api.body.events).toBeGreaterThan(0);
    expect((await send('POST', '/projections/replay', { projection: 'nope' })).status).toBe(404);

    const cli = async (...args: string[]) => {
      const lines: string[] = [];
      const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
      process.exitCode = 0;
      try {
        const program = new Command().option('--database-url <url>').exitOverride();
        registerReplay(program);
        await program.parseAsync(['node', 'o2c', '--database-url', databaseUrl, 'replay', ...args, '--no-progress']);
      } finally {
        log.mockRestore();
      }
      const code = process.exitCode;
      process.exitCode = 0;
      return { report: JSON.parse(lines[lines.length - 1]), code };
    };
    const clean = await cli('invoicing.invoices', '--json');
    expect(clean.code).toBe(0);
    expect(clean.report).toMatchObject({ checksumsEqual: true, views: [{ name: 'invoicing.invoices', equal: true, swapped: false }] });
    expect(clean.report.perSec).toBeGreaterThan(0);

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`UPDATE o2c_read.invoicing_invoices SET open_amount_minor = open_amount_minor + 1 WHERE invoice_id = 'INV-ORD-2'`);
    await client.end();
    const differs = await cli('all', '--json');
    expect(differs.code).toBe(1);
    expect(differs.report.checksumsEqual).toBe(false);
    expect(differs.report.views.find((v: any) => v.name === 'invoicing.invoices').equal).toBe(false);
  });
});
