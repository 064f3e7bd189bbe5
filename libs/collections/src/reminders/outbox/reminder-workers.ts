import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { CLOCK, type Clock } from '@o2c/kernel';
import { READ_MODEL_DATA_SOURCE } from '@o2c/messaging';
import { HOST_OPTIONS, type ContextHostOptions } from '@o2c/messaging/nest';
import type { DataSource } from 'typeorm';
import { channelsFromOptions } from '../delivery/channels';
import { REMINDERS_OPTIONS, type RemindersOptions } from '../reminders.options';
import { ReminderService } from '../schedule-reminder/reminder.service';
import { ReminderOutboxDispatcher } from './reminder-dispatcher';
import { migrateReminders } from './reminder-outbox';
import { ReminderOutboxSender } from './reminder-sender';
import { ReminderSignals } from './reminder-signals';

/** Runs the outbox sender and dispatcher in this process (unless O2C_REMINDER_WORKERS=0 or the host runs nothing in the background); several processes may run them at once. */
@Injectable()
export class ReminderWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReminderWorkers');
  private sender: ReminderOutboxSender | undefined;
  private dispatcher: ReminderOutboxDispatcher | undefined;
  private unlisten: (() => void) | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REMINDERS_OPTIONS) private readonly options: RemindersOptions,
    private readonly reminders: ReminderService,
    private readonly signals: ReminderSignals,
    @Optional() @Inject(HOST_OPTIONS) private readonly host?: Pick<ContextHostOptions, 'runBackground'>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await migrateReminders(this.dataSource);
    // Like the host's relays and projections: a process told to run nothing in the background sends nothing.
    if (!this.options.workers || this.host?.runBackground === false) return;
    const onError = (error: unknown) => this.logger.warn(error instanceof Error ? error.message : String(error));
    this.dispatcher = new ReminderOutboxDispatcher(this.reminders, this.dataSource, channelsFromOptions(this.options), this.clock, { pollMs: this.options.pollMs, onError });
    this.sender = new ReminderOutboxSender(this.store, this.dataSource, { onError, onQueued: () => this.dispatcher?.nudge() });
    this.unlisten = this.signals.listen(() => this.dispatcher?.nudge());
    await this.sender.start();
    this.dispatcher.start();
  }

  /** Resolves once every reminder decided up to `position` is in the outbox. */
  waitForOutbox(position: bigint, timeoutMs?: number): Promise<void> {
    return this.sender ? this.sender.waitFor(position, timeoutMs) : Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    this.unlisten?.();
    await this.sender?.stop();
    await this.dispatcher?.stop();
  }
}
