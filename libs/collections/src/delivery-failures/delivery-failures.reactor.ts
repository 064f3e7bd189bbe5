import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '@o2c/event-store';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import type { DataSource } from 'typeorm';
import { CaseStreams } from '../case-store/case.streams';
import { COLLECTIONS_SCHEMA } from '../case-store/collections.tables';
import { REMINDER_PREFIX } from '../translator/collections.translator';

const CHECKPOINT = 'collections.delivery-failures';

/**
 * A reminder that could not be delivered (bounce, bad address: delivery's
 * ReminderDeliveryFailed on `reminder-<id>`) opens a task on the worklist, so a
 * collector fixes the contact. A durable subscription with its own checkpoint;
 * the command is idempotent on the failure event's id, so a replay after a
 * crash opens nothing twice.
 */
@Injectable()
export class DeliveryFailuresReactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CHECKPOINT);
  private subscription?: Subscription;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly cases: CaseStreams,
  ) {}

  onApplicationBootstrap(): void {
    void this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
  }

  async handle(event: RecordedEvent): Promise<void> {
    const d = event.data as { reminderId: string; accountId: string; channel: string; reason: string; permanent?: boolean; detail?: string; failedAt?: string };
    // A transient failure is retried by delivery; only a permanent one needs a person.
    if (d.permanent === false) return;
    await this.cases.execute(
      { type: 'OpenDeliveryFailureTask', accountId: d.accountId, reminderId: d.reminderId, channel: d.channel, reason: `${d.reason}${d.detail ? `: ${d.detail}` : ''}`, on: (d.failedAt ?? event.metadata.occurredAt).slice(0, 10) },
      { causationId: event.id, commandId: `delivery-failed:${event.id}`, correlationId: event.metadata.correlationId, actor: `system:${CHECKPOINT}` },
    );
  }

  private async start(): Promise<void> {
    while (!this.stopped) {
      try {
        // Tables may not exist until the host has migrated.
        const rows: { position: string }[] = await this.dataSource.query(`SELECT position FROM ${COLLECTIONS_SCHEMA}.checkpoints WHERE name = $1`, [CHECKPOINT]);
        const from = rows.length ? BigInt(rows[0].position) : 'start';
        this.subscription = this.store.subscribeToAll({ from, filter: { streamNamePrefixes: [REMINDER_PREFIX], eventTypePrefixes: ['ReminderDeliveryFailed'] } }, async (batch) => {
          for (const event of batch) if (event.type === 'ReminderDeliveryFailed') await this.handle(event);
          const last = batch[batch.length - 1];
          if (last) {
            await this.dataSource.query(
              `INSERT INTO ${COLLECTIONS_SCHEMA}.checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = GREATEST(${COLLECTIONS_SCHEMA}.checkpoints.position, EXCLUDED.position)`,
              [CHECKPOINT, last.position.toString()],
            );
          }
        });
        await this.subscription.done;
        return;
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn(`restarting after: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}
