import type { INestApplication } from '@nestjs/common';
import { AnalyticsModule, computeKpis, kpiFactsProjection, kpisToCsv, KPI_FACTS_PROJECTION } from '@o2c/analytics';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { ManualClock, type ProjectionDefinition } from '@o2c/kernel';
import { publishedFrom, type Translator } from '@o2c/messaging';
import { ContextHost } from '@o2c/messaging/nest';
import { createTestApp, headersOf } from '../support/auth';
import { createTestDatabase } from '../support/database';
import { sampleFacts } from './kpi-sample';

/**
 * The KPI read side hosted as in apps/o2c, on real PostgreSQL: stored events
 * -> a translator (here one that publishes each stored event as it is, since
 * the contexts' own translators are tested with their contexts) -> the facts
 * projection -> the CSV endpoint; a rebuild from position 0 gives the same CSV.
 */
describe('KPIs over HTTP from the store (real PostgreSQL)', () => {
  let app: INestApplication;
  let base: string;
  let store: EventStore;
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const prefix = `kpiSample${Date.now().toString(36)}-`;
  const passthrough: Translator = {
    context: 'invoicing',
    filter: { streamNamePrefixes: [prefix] },
    translate: (event) => publishedFrom(event, { context: 'invoicing', type: event.type, key: (event.data as { accountId: string }).accountId, data: event.data }),
  };

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase('kpis');
    const readSide = { name: 'analytics', module: AnalyticsModule, projections: [kpiFactsProjection([passthrough]) as unknown as ProjectionDefinition<object>] };
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock, databaseUrl, contexts: [], readSides: [readSide] }, false);
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    store = app.get<EventStore>(EVENT_STORE);
    for (const fact of sampleFacts()) {
      await store.appendToStream(`${prefix}${fact.accountId}`, [
        { type: fact.type, data: fact.data, metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: `${fact.on}T10:00:00.000Z` } },
      ]);
      // Events no KPI reads pass by.
      await store.appendToStream(`${prefix}${fact.accountId}`, [{ type: 'RiskClassChanged', data: { accountId: fact.accountId }, metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: `${fact.on}T10:00:00.000Z` } }]);
    }
    const head = (await store.health()).headPosition!;
    await app.get(ContextHost).projection(KPI_FACTS_PROJECTION)!.waitFor(head, 30_000);
  });

  afterAll(async () => {
    await app?.close();
  });

  const csvOf = async (query: string) => {
    const response = await fetch(`${base}/analytics/kpis?${query}`, { headers: await headersOf('analyst') });
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it('serves the KPIs as CSV, the figures the pure formulas give for the same events', async () => {
    const csv = await csvOf('from=2026-01-01&to=2026-02-28&period=month');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text).toBe(kpisToCsv(computeKpis(sampleFacts(), { from: '2026-01-01', to: '2026-02-28', period: 'month' })));
    expect(csv.text).toContain('2026-01-01,2026-01-31,dso_days,,EUR,210,70000,30000');
    expect(csv.text).toContain('2026-02-01,2026-02-28,agency_recovery_rate,,EUR,0.4,20000,50000');
    expect(csv.text).toContain('2026-01-01,2026-01-31,cash_collected_minor,ann,EUR,10000,,');
  });

  it('answers JSON too, counting the facts read', async () => {
    const response = await fetch(`${base}/analytics/kpis?from=2026-01-01&to=2026-01-31&period=week&format=json`, { headers: await headersOf('analyst') });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { period: string; factsRead: number; rows: { kpi: string; periodStart: string; value: number | null }[] };
    expect(body.period).toBe('week');
    expect(body.factsRead).toBe(sampleFacts().filter((f) => f.on <= '2026-01-31').length);
    expect(body.rows.find((r) => r.kpi === 'dso_days' && r.periodStart === '2026-01-26')?.value).toBe(210);
  });

  it('gives the same CSV after a rebuild of the facts from position 0', async () => {
    const before = await csvOf('from=2025-12-01&to=2026-03-31&period=week');
    const rebuild = await fetch(`${base}/projections/${KPI_FACTS_PROJECTION}/rebuild`, { method: 'POST', headers: await headersOf('analyst') });
    expect(rebuild.status).toBe(200);
    expect(((await rebuild.json()) as { events: number }).events).toBe(sampleFacts().length * 2);
    const after = await csvOf('from=2025-12-01&to=2026-03-31&period=week');
    expect(after.text).toBe(before.text);
    expect(after.text.split('\r\n').length).toBeGreaterThan(100);
  });

  it('refuses a bad request with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-13-01&to=2026-02-28', 'from'],
      ['from=2026-01-01', 'to'],
      ['from=2026-03-01&to=2026-02-28', 'to'],
      ['from=2026-01-01&to=2026-02-28&period=year', 'period'],
      ['from=2026-01-01&to=2026-02-28&format=xml', 'format'],
    ]) {
      const response = await fetch(`${base}/analytics/kpis?${query}`, { headers: await headersOf('analyst') });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
  });
});
