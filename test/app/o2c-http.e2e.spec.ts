import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { ManualClock } from '@o2c/kernel';
import { createTestDatabase } from '../support/database';
import { callerFor, createTestApp, headersOf } from '../support/auth';

describe('apps/o2c over HTTP (real PostgreSQL)', () => {
  let app: INestApplication;
  let base: string;
  let store: EventStore;
  const clock = new ManualClock('2026-11-25T09:00:00Z');
  const run = Date.now().toString(36);
  const meta = (actor: string) => ({ correlationId: 'corr-1', causationId: 'cause-1', actor, occurredAt: clock.now().toISOString() });

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('http');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [] }, false);
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    store = app.get<EventStore>(EVENT_STORE);
    await store.appendToStream(`invoice-${run}-1`, [
      { type: 'InvoiceIssued', data: { amountMinor: 12000, currency: 'EUR' }, metadata: meta('svc:billing') },
      { type: 'InvoicePaid', data: { amountMinor: 12000, currency: 'EUR' }, metadata: meta('svc:bank') },
    ]);
    await store.appendToStream(`invoice-${run}-2`, [{ type: 'InvoiceIssued', data: { amountMinor: 500, currency: 'EUR' }, metadata: meta('svc:billing') }]);
    await store.appendToStream(`promiseToPay-${run}`, [{ type: 'PromiseToPayRecorded', data: {}, metadata: meta('collector:ann') }]);
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: await headersOf(callerFor(path, 'auditor')) });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('reports the store up with its head position', async () => {
    const { status, body } = await get('/health');
    expect(status).toBe(200);
    expect(body.status).toBe('up');
    expect(body.store.adapter).toBe('postgresql');
    expect(BigInt(body.store.headPosition)).toBeGreaterThanOrEqual(3n);
    expect(body.now).toBe('2026-11-25T09:00:00.000Z');
  });

  it('serves the OpenAPI page and document', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
    const { body } = await get('/docs/openapi.json');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/health', '/audit/streams', '/audit/streams/{streamName}/events', '/audit/all']));
  });

  it('lists streams by category', async () => {
    const { status, body } = await get(`/audit/streams?category=invoice&limit=1000`);
    expect(status).toBe(200);
    const names = body.streams.map((s: { streamName: string }) => s.streamName);
    expect(names).toEqual(expect.arrayContaining([`invoice-${run}-1`, `invoice-${run}-2`]));
    expect(names).not.toContain(`promiseToPay-${run}`);
  });

  it('reads a stream with full metadata, paged, forwards and backwards', async () => {
    const first = await get(`/audit/streams/invoice-${run}-1/events?limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.events).toHaveLength(1);
    const [event] = first.body.events;
    expect(event).toMatchObject({ type: 'InvoiceIssued', schemaVersion: 1, revision: '0', streamName: `invoice-${run}-1` });
    expect(event.metadata).toMatchObject({ correlationId: 'corr-1', causationId: 'cause-1', actor: 'svc:billing', occurredAt: '2026-11-25T09:00:00.000Z' });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.body.next).toBe('1');
    const second = await get(`/audit/streams/invoice-${run}-1/events?limit=1&from=${first.body.next}`);
    expect(second.body.events.map((e: { type: string }) => e.type)).toEqual(['InvoicePaid']);
    const backwards = await get(`/audit/streams/invoice-${run}-1/events?direction=backwards`);
    expect(backwards.body.events.map((e: { revision: string }) => e.revision)).toEqual(['1', '0']);
  });

  it('reads $all from a position with filters', async () => {
    const { body } = await get(`/audit/all?streamPrefix=invoice-${run}&typePrefix=InvoiceIss`);
    expect(body.events.map((e: { streamName: string }) => e.streamName)).toEqual([`invoice-${run}-1`, `invoice-${run}-2`]);
    const from = body.events[1].position;
    const after = await get(`/audit/all?from=${from}&streamPrefix=invoice-${run}`);
    expect(after.body.events.map((e: { position: string }) => e.position)).toEqual([from]);
  });

  it('answers 404 for an unknown stream and 400 naming each bad query field', async () => {
    expect((await get(`/audit/streams/nope-${run}/events`)).status).toBe(404);
    const bad = await get('/audit/all?limit=0&direction=sideways&from=-3');
    expect(bad.status).toBe(400);
    const fields = bad.body.error.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['direction', 'from', 'limit']);
  });

  it('refuses a bad body with a 400 naming the fields, and changes nothing', async () => {
    const before = clock.now().toISOString();
    const response = await fetch(`${base}/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headersOf('admin')) },
      body: JSON.stringify({ instant: 'tomorrow', advanceDays: -1, colour: 'red' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((f) => f.field).sort()).toEqual(['advanceDays', 'colour', 'instant']);
    expect(clock.now().toISOString()).toBe(before);
    const ok = await fetch(`${base}/clock`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await headersOf('admin')) }, body: JSON.stringify({ advanceDays: 2 }) });
    expect(ok.status).toBe(200);
    expect(clock.now().toISOString()).toBe('2026-11-27T09:00:00.000Z');
  });
});
