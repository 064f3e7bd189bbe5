import type { EventStore, RecordedEvent, Subscription } from '@o2c/event-store';
import type { DataSource } from 'typeorm';
import { REMINDER_CATEGORY, type ReminderDue } from '../reminder/reminder.events';
import { OUTBOX, OUTBOX_CHECKPOINTS, migrateReminders } from './reminder-outbox';

export interface ReminderSenderOptions {
  readonly name?: string;
  readonly batchSize?: number;
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown) => void;
  /** Called after a batch put new rows in the outbox (wakes the dispatcher). */
  readonly onQueued?: () => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Turns each ReminderDue into one outbox row keyed by its stable message id:
 * a catch-up subscription on the `reminder-` category whose checkpoint is
 * written with the rows in one PostgreSQL transaction, under a lock on the
 * checkpoint row. A crash or a redelivery never loses a reminder or queues
 * it twice (the message id is also the primary key).
 */
export class ReminderOutboxSender {
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private checkpoint: bigint = -1n;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly options: ReminderSenderOptions = {},
  ) {}

  private get name(): string {
    return this.options.name ?? 'collections.reminder_outbox';
  }

  async start(): Promise<void> {
    await migrateReminders(this.dataSource);
    this.stopping = false;
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    await this.loop;
    this.loop = undefined;
  }

  /** Resolves once every event up to `position` is in the outbox (tests, read-your-writes). */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (this.checkpoint >= position) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.checkpoint < position) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`reminder outbox did not reach position ${position} within ${timeoutMs} ms (at ${this.checkpoint})`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  private async follow(): Promise<void> {
    while (!this.stopping) {
      try {
        const [row] = await this.dataSource.query(`SELECT position FROM ${OUTBOX_CHECKPOINTS} WHERE name = $1`, [this.name]);
        const from = row?.position == null ? ('start' as const) : BigInt(row.position);
        if (from !== 'start') this.advance(from);
        this.subscription = this.store.subscribeToAll(
          { from, filter: { streamNamePrefixes: [`${REMINDER_CATEGORY}-`], eventTypePrefixes: ['ReminderDue'] }, maxBatchSize: this.options.batchSize ?? 500 },
          (batch) => this.apply(batch),
        );
        await this.subscription.done;
      } catch (error) {
        this.options.onError?.(error);
        if (!this.stopping) await sleep(this.options.retryDelayMs ?? 1000);
      }
    }
  }

  private async apply(batch: readonly RecordedEvent[]): Promise<void> {
    const queued = await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO ${OUTBOX_CHECKPOINTS} (name, position) VALUES ($1, NULL) ON CONFLICT (name) DO NOTHING`, [this.name]);
      const [locked] = await manager.query(`SELECT position FROM ${OUTBOX_CHECKPOINTS} WHERE name = $1 FOR UPDATE`, [this.name]);
      const after = locked?.position == null ? -1n : BigInt(locked.position);
      const fresh = batch.filter((event) => event.position > after && event.type === 'ReminderDue');
      let inserted = 0;
      for (const event of fresh) {
        const due = event.data as ReminderDue['data'];
        const result: unknown[] = await manager.query(
          `INSERT INTO ${OUTBOX} (message_id, reminder_id, account_id, channel, language, request, content_digest, issued_on, due_at, due_position, correlation_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING message_id`,
          [due.messageId, due.reminderId, due.accountId, due.channel, due.language, JSON.stringify(due.request), due.contentDigest, due.issuedOn, due.dueAt, event.position.toString(), event.metadata.correlationId],
        );
        inserted += result.length;
      }
      const last = batch[batch.length - 1].position;
      if (last > after) await manager.query(`UPDATE ${OUTBOX_CHECKPOINTS} SET position = $2 WHERE name = $1`, [this.name, last.toString()]);
      return { inserted, last: last > after ? last : after };
    });
    this.advance(queued.last);
    if (queued.inserted > 0) this.options.onQueued?.();
  }

  private advance(position: bigint): void {
    if (position > this.checkpoint) this.checkpoint = position;
    for (const waiter of [...this.waiters]) waiter();
  }
}
