import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ManualClock, projectionEntities, ProjectionRunner, type ProjectionDefinition } from '@o2c/kernel';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../../test/support/database';
import { DEFAULT_SLA_POLICY } from '../../sla/sla-clock';
import { disputeSlaProjection } from './dispute-sla.projection';
import { SlaOpenQueries } from './sla-open.queries';

/** The SLA views count the time left at the instant asked: the clock's now, or the instant of a view "as of" the past. */
describe('disputes SLA queries (real PostgreSQL)', () => {
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner<object>;
  const clock = new ManualClock('2026-11-25T23:00:00Z');

  beforeAll(async () => {
    const url = await createTestDatabase('disputes_sla_queries');
    store = await PostgresEventStore.connect({ url });
    dataSource = await new DataSource({ type: 'postgres', url, entities: projectionEntities([disputeSlaProjection as ProjectionDefinition<object>]) }).initialize();
    runner = new ProjectionRunner(disputeSlaProjection as ProjectionDefinition<object>, store, dataSource, { retryDelayMs: 50 });
    await runner.start();
    const appended = await store.appendToStream('dispute-D-1', [
      {
        type: 'DisputeOpened',
        data: {
          disputeId: 'D-1', accountId: 'ACME', invoiceId: 'INV-1', amountMinor: 40_00, currency: 'EUR', cause: 'price',
          owner: { ownerId: 'ann', managerId: 'max', team: 'b2b' }, openedBy: 'user:c', openedAt: '2026-11-23T09:00:00.000Z', sla: DEFAULT_SLA_POLICY, dueBy: '2026-11-26T09:00:00.000Z',
        },
        metadata: { correlationId: 'c', causationId: 'c', actor: 'user:c', occurredAt: '2026-11-23T09:00:00.000Z' },
      },
    ]);
    await runner.waitFor(appended.position);
  });
  afterAll(async () => {
    await runner?.stop();
    await dataSource?.destroy();
    await store?.close();
  });

  it("counts the time left at the clock's now by default, and at the instant asked for a view as of the past", async () => {
    const queries = new SlaOpenQueries(dataSource, clock);
    const live = await queries.open({});
    expect(live.asOf).toBe('2026-11-25T23:00:00.000Z');
    expect(live.disputes).toMatchObject([{ disputeId: 'D-1', remainingMinutes: 10 * 60, standing: 'at_risk' }]);
    const then = await queries.open({}, '2026-11-23T10:00:00Z');
    expect(then.asOf).toBe('2026-11-23T10:00:00.000Z');
    expect(then.disputes).toMatchObject([{ disputeId: 'D-1', usedMinutes: 60, remainingMinutes: 71 * 60, standing: 'on_track' }]);
    expect((await queries.summary('owner', '2026-11-23T10:00:00Z')).groups).toEqual([
      { group: 'ann', open: 1, on_track: 1, at_risk: 0, breached: 0, paused: 0, leastRemainingMinutes: 71 * 60 },
    ]);
    expect((await queries.summary('owner')).groups[0]).toMatchObject({ at_risk: 1, leastRemainingMinutes: 10 * 60 });
  });
});
