import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE, type EventMetadata, type EventStore } from '@o2c/event-store';
import { ManualClock } from '@o2c/kernel';
import { ContextHost } from '@o2c/messaging/nest';
import { Pool } from 'pg';
import { exportEvents } from '../../libs/audit/src/export-events/export-events';
import { traceEvent } from '../../libs/audit/src/trace-event/trace-event';
import type { AuditSql } from '../../libs/audit/src/verify-log/verify-log';
import { createTestApp, headersOf } from '../support/auth';
import { createTestDatabase } from '../support/database';

/**
 * Auditors' export (NDJSON, streamed, any category and range) and causation traces, on a real PostgreSQL store, through
 * the library and through HTTP. The flow: an ingress message causes an order event, whose id causes an invoice event in
 * another stream, which causes a reminder; an unrelated flow runs beside it.
 */
const meta = (correlationId: string, causationId: string, actor: string): EventMetadata => ({ correlationId, causationId, actor, occurredAt: '2026-11-25T09:00:00Z' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit: export and trace', () => {
  let app: INestApplication;
  let base: string;
  let pool: Pool;
  let sql: AuditSql;
  let store: EventStore;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('audit_export');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock: new ManualClock('2026-11-25T09:00:00Z'), databaseUrl, contexts: [] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    store = app.get<EventStore>(EVENT_STORE);
    pool = new Pool({ connectionString: databaseUrl, max: 2 });
    sql = async <R extends object>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as R[];

    for (let i = 0; i < 5; i++) await store.appendToStream(`account-A${i}`, [{ type: 'AccountOpened', data: { i }, metadata: meta(`open-${i}`, `http:${i}`, 'user:alice') }]);
    await sleep(30);
    const order = await store.appendToStream('order-O1', [{ type: 'OrderPlaced', data: { amountMinor: 1000, currency: 'EUR' }, metadata: meta('flow-1', 'ingress:oms-1', 'svc:oms') }]);
    const [placed] = await store.readAll({ fromPosition: order.position, maxCount: 1 });
    ids.placed = placed.id;
    const invoice = await store.appendToStream('invoice-I1', [
      { type: 'InvoiceIssued', data: { amountMinor: 1000 }, metadata: meta('flow-1', placed.id, 'system:invoicing') },
      { type: 'InvoiceDue', data: {}, metadata: meta('flow-1', placed.id, 'system:invoicing') },
    ]);
    const [issued] = await store.readAll({ fromPosition: invoice.position - 1n, maxCount: 1 });
    ids.issued = issued.id;
    await store.appendToStream('reminder-R1', [{ type: 'ReminderSent', data: { channel: 'email' }, metadata: meta('flow-1', issued.id, 'system:collections') }]);
    await store.appendToStream('invoice-I2', [{ type: 'InvoiceIssued', data: { amountMinor: 5 }, metadata: meta('flow-2', 'ingress:oms-2', 'svc:oms') }]);
    // Traces read the auditors' event index, a projection every app process keeps.
    await app.get(ContextHost).projection('audit.event_index')!.waitFor((await store.health()).headPosition!);
  });
  afterAll(async () => {
    await pool?.end();
    await app?.close();
  });

  const collect = async (range: Parameters<typeof exportEvents>[1]) => {
    const events = [];
    for await (const event of exportEvents(sql, range)) events.push(event);
    return events;
  };

  it('exports a category in position order, page by page, with full metadata and positions as strings', async () => {
    const events = await collect({ streamPrefix: 'invoice-', pageSize: 1 });
    expect(events.map((e) => [e.streamName, e.type])).toEqual([
      ['invoice-I1', 'InvoiceIssued'],
      ['invoice-I1', 'InvoiceDue'],
      ['invoice-I2', 'InvoiceIssued'],
    ]);
    expect(events[0]).toMatchObject({ position: '7', revision: '0', schemaVersion: 1, metadata: { correlationId: 'flow-1', causationId: ids.placed, actor: 'system:invoicing' } });
    expect(events[0].recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exports a range of positions and a range of recordedAt instants', async () => {
    expect((await collect({ fromPosition: 3n, toPosition: 6n })).map((e) => e.position)).toEqual(['3', '4', '5', '6']);
    const [{ first }] = await sql<{ first: Date }>(`SELECT recorded_at AS first FROM o2c_es.events WHERE position = 6`);
    const sinceOrder = await collect({ fromRecordedAt: first });
    expect(sinceOrder.map((e) => e.position)).toEqual(['6', '7', '8', '9', '10']);
    expect(await collect({ toRecordedAt: first })).toHaveLength(5);
    expect(await collect({ streamPrefix: 'nothing-' })).toEqual([]);
    expect(await collect({ streamPrefix: 'account_' })).toEqual([]);
  });

  it('GET /audit/export streams the same NDJSON; a bad range is a 400 naming the field', async () => {
    const response = await fetch(`${base}/audit/export?streamPrefix=invoice-&fromPosition=8`, { headers: await headersOf('auditor') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await response.text()).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).position)).toEqual(['8', '10']);
    const bad = await fetch(`${base}/audit/export?from=yesterday`, { headers: await headersOf('auditor') });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('from');
  });

  it('traces an event: its causes up to the ingress message, its effects down, its correlation', async () => {
    const report = (await traceEvent(sql, ids.issued))!;
    expect(report.event).toMatchObject({ type: 'InvoiceIssued', streamName: 'invoice-I1', actor: 'system:invoicing', causationId: ids.placed });
    expect(report.causedBy.map((e) => [e.type, e.depth])).toEqual([['OrderPlaced', 1]]);
    expect(report.origin).toEqual({ messageId: 'ingress:oms-1' });
    expect(report.caused.map((e) => [e.type, e.depth])).toEqual([['ReminderSent', 1]]);
    expect(report.correlation.total).toBe(4);

    const fromOrder = (await traceEvent(sql, ids.placed))!;
    expect(fromOrder.caused.map((e) => [e.type, e.depth])).toEqual([
      ['InvoiceIssued', 1],
      ['InvoiceDue', 1],
      ['ReminderSent', 2],
    ]);
    expect(await traceEvent(sql, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('GET /audit/events/{id}/trace answers the same; unknown is 404, malformed is 400', async () => {
    const response = await fetch(`${base}/audit/events/${ids.issued}/trace`, { headers: await headersOf('auditor') });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.causedBy[0].id).toBe(ids.placed);
    expect(body.caused[0].type).toBe('ReminderSent');
    expect((await fetch(`${base}/audit/events/00000000-0000-4000-8000-000000000000/trace`, { headers: await headersOf('auditor') })).status).toBe(404);
    const bad = await fetch(`${base}/audit/events/not-an-id/trace`, { headers: await headersOf('auditor') });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('eventId');
  });
});
