import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ManualClock } from '@o2c/kernel';
import { createTestDatabase } from '../../../../test/support/database';
import { AuditCheckpointScheduler, checkpointScheduleFromEnv } from './checkpoint-scheduler';
import { verifyLog, type AuditSql } from './verify-log';

const KEY = 'scheduled-audit-key-0123456789';
const meta = { correlationId: 'c', causationId: 'c', actor: 'test:checkpoints', occurredAt: '2026-11-25T09:00:00Z' };

describe('periodic signed checkpoints (real PostgreSQL)', () => {
  let store: PostgresEventStore;
  let sql: AuditSql;
  const clock = new ManualClock('2026-11-25T10:00:00Z');

  beforeAll(async () => {
    store = await PostgresEventStore.connect({ url: await createTestDatabase('audit_schedule') });
    sql = (text, params) => store.auditQuery(text, params);
  });
  afterAll(async () => {
    await store?.close();
  });

  const append = (n: number, stream: string) => store.appendToStream(stream, Array.from({ length: n }, (_, i) => ({ type: 'Noted', data: { i }, metadata: meta })));

  it('signs the head once enough events were appended since the last checkpoint, never twice the same head; verify checks the signatures', async () => {
    const scheduler = new AuditCheckpointScheduler(store, clock, { key: KEY, intervalMs: 60_000, every: 10 });
    await append(9, 'claim-a');
    expect(await scheduler.tick()).toBeUndefined(); // 9 < 10
    await append(3, 'claim-b');
    expect(await scheduler.tick()).toMatchObject({ position: 12, signedAt: '2026-11-25T10:00:00.000Z' });
    expect(await scheduler.tick()).toBeUndefined(); // nothing new
    // Two processes on one head: one checkpoint row.
    await append(10, 'claim-c');
    const other = new AuditCheckpointScheduler(store, clock, { key: KEY, intervalMs: 60_000, every: 10 });
    await Promise.all([scheduler.tick(), other.tick()]);
    const rows = await sql<{ position: string }>('SELECT position::text AS position FROM o2c_es.audit_checkpoints ORDER BY position');
    expect(rows.map((r) => r.position)).toEqual(['12', '22']);
    expect(await verifyLog(sql, { key: KEY })).toMatchObject({ checkpointsVerified: 2, signaturesChecked: true, problems: [] });
    expect((await verifyLog(sql, { key: 'another-key-of-sixteen+' })).problems.map((p) => p.kind)).toEqual(['bad_signature', 'bad_signature']);
  });

  it('without a key it signs nothing; the schedule comes from the environment with bad values named', async () => {
    expect(await new AuditCheckpointScheduler(store, clock, { intervalMs: 1_000, every: 1 }).tick()).toBeUndefined();
    expect(checkpointScheduleFromEnv({})).toEqual({ key: undefined, intervalMs: 300_000, every: 10_000 });
    expect(checkpointScheduleFromEnv({ O2C_AUDIT_KEY: KEY, O2C_AUDIT_CHECKPOINT_MS: '5000', O2C_AUDIT_CHECKPOINT_EVERY: '100' })).toEqual({ key: KEY, intervalMs: 5_000, every: 100 });
    expect(() => checkpointScheduleFromEnv({ O2C_AUDIT_CHECKPOINT_EVERY: '0' })).toThrow('O2C_AUDIT_CHECKPOINT_EVERY must be an integer >= 1, got "0"');
    expect(() => checkpointScheduleFromEnv({ O2C_AUDIT_KEY: 'short' })).toThrow('O2C_AUDIT_KEY must be at least 16 characters');
  });
});
