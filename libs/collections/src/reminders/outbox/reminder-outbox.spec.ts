import { PostgresEventStore } from '@o2c/event-store/postgres';
import { ManualClock } from '@o2c/kernel';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../../test/support/database';
import type { ReminderChannelAdapter, ReminderDelivery } from '../delivery/delivery.port';
import { ReminderService } from '../schedule-reminder/reminder.service';
import { headPosition, onlyChannels, reminderRequest, scheduler } from '../testing/reminder-fixtures';
import { ReminderOutboxDispatcher } from './reminder-dispatcher';
import { OUTBOX, OUTBOX_CHECKPOINTS } from './reminder-outbox';
import { ReminderOutboxSender } from './reminder-sender';

describe('the reminder outbox on real PostgreSQL', () => {
  const clock = new ManualClock('2026-11-18T06:00:00Z');
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let reminders: ReminderService;

  beforeAll(async () => {
    const url = await createTestDatabase('reminders_outbox');
    store = await PostgresEventStore.connect({ url });
    dataSource = await new DataSource({ type: 'postgres', url }).initialize();
    reminders = new ReminderService(store, clock);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
  });

  const schedule = async (prefix: string, count: number) => {
    for (let i = 0; i < count; i++) await reminders.schedule(reminderRequest({ reminderId: `${prefix}-${i}`, accountId: `ACC-${i % 7}` }), scheduler(`${prefix}-${i}`));
  };
  const rowsLike = async (prefix: string): Promise<number> => Number((await dataSource.query(`SELECT count(*)::int AS n FROM ${OUTBOX} WHERE reminder_id LIKE $1`, [`${prefix}-%`]))[0].n);

  it('two senders at once queue each ReminderDue exactly once, the checkpoint committed with the rows; a restarted sender resumes from it', async () => {
    const first = new ReminderOutboxSender(store, dataSource, { batchSize: 3 });
    const second = new ReminderOutboxSender(store, dataSource, { batchSize: 3 });
    await Promise.all([first.start(), second.start()]);
    await schedule('S', 30);
    const head = await headPosition(store);
    await Promise.all([first.waitFor(head), second.waitFor(head)]);
    expect(await rowsLike('S')).toBe(30);
    const [checkpoint] = await dataSource.query(`SELECT position FROM ${OUTBOX_CHECKPOINTS} WHERE name = 'collections.reminder_outbox'`);
    expect(BigInt(checkpoint.position)).toBe(head);
    await Promise.all([first.stop(), second.stop()]);

    await schedule('T', 5);
    expect(await rowsLike('T')).toBe(0);
    const restarted = new ReminderOutboxSender(store, dataSource);
    await restarted.start();
    await restarted.waitFor(await headPosition(store));
    await restarted.stop();
    expect(await rowsLike('T')).toBe(5);
    expect(await rowsLike('S')).toBe(30);
  });

  it('two dispatchers at once deliver each row once (rows are claimed with SKIP LOCKED)', async () => {
    const sender = new ReminderOutboxSender(store, dataSource);
    await sender.start();
    await schedule('D', 24);
    await sender.waitFor(await headPosition(store));
    await sender.stop();
    const delivered: string[] = [];
    const email: ReminderChannelAdapter = {
      async deliver(delivery: ReminderDelivery) {
        delivered.push(delivery.messageId);
        await new Promise((resolve) => setImmediate(resolve));
        return { ok: true, providerMessageId: `p-${delivery.reminderId}` };
      },
    };
    const dispatchers = [0, 1].map((i) => new ReminderOutboxDispatcher(reminders, dataSource, onlyChannels({ email }), clock, { batchSize: 5, workerId: `w${i}` }));
    const drain = async (d: ReminderOutboxDispatcher) => {
      while ((await d.runOnce()) > 0);
    };
    await Promise.all(dispatchers.map(drain));
    const ids = await dataSource.query(`SELECT message_id FROM ${OUTBOX} WHERE reminder_id LIKE 'D-%'`);
    expect(delivered.filter((id) => ids.some((r: { message_id: string }) => r.message_id === id))).toHaveLength(24);
    expect(new Set(delivered).size).toBe(delivered.length);
    const statuses = await dataSource.query(`SELECT status, count(*)::int AS n FROM ${OUTBOX} WHERE reminder_id LIKE 'D-%' GROUP BY status`);
    expect(statuses).toEqual([{ status: 'sent', n: 24 }]);
    for (let i = 0; i < 24; i++) expect((await store.readStream(`reminder-D-${i}`)).map((e) => e.type)).toEqual(['ReminderDue', 'ReminderSent']);
  });
});
