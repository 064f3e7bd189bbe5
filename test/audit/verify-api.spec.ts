import type { INestApplication } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { ManualClock } from '@o2c/kernel';
import { Client } from 'pg';
import { createTestDatabase } from '../support/database';
import { createTestApp, headersOf } from '../support/auth';

/** GET /audit/verify: the auditors' API gives the same report as `o2c audit verify`. */
describe('GET /audit/verify', () => {
  let app: INestApplication;
  let base: string;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('audit_api');
    app = await createTestApp({ eventStore: { adapter: 'postgresql', databaseUrl }, clock: new ManualClock('2026-11-25T09:00:00Z'), databaseUrl, contexts: [] }, false);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app?.close());

  it('reports a clean log, then the changed event at its position', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const meta = { correlationId: 'c', causationId: 'c', actor: 'test:api', occurredAt: '2026-11-25T09:00:00Z' };
    for (let i = 0; i < 4; i++) await store.appendToStream('claim-api', [{ type: 'Noted', data: { i }, metadata: meta }]);

    const clean = await fetch(`${base}/audit/verify`, { headers: await headersOf('auditor') });
    expect(clean.status).toBe(200);
    expect(await clean.json()).toMatchObject({ eventsVerified: 4, headPosition: 4, problems: [] });

    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`UPDATE o2c_es.events SET data = '{"i":99}' WHERE position = 3`);
    await client.end();
    const tampered = (await (await fetch(`${base}/audit/verify`, { headers: await headersOf('auditor') })).json()) as { problems: unknown[] };
    expect(tampered.problems).toEqual([expect.objectContaining({ position: 3, stream: 'claim-api', kind: 'changed' })]);
  });
});
