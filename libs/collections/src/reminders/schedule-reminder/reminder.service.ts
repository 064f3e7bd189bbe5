import { Inject, Injectable, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@o2c/event-store';
import { CLOCK, StreamStateCache, streamCacheSize, deterministicId, fold, handleCommand, type Clock, type CommandContext, type CommandOutcome } from '@o2c/kernel';
import { ReminderSignals } from '../outbox/reminder-signals';
import { reminderDecider } from '../reminder/reminder.decider';
import type { ReminderCommand } from '../reminder/reminder.commands';
import { reminderStream, type ReminderEvent } from '../reminder/reminder.events';
import type { ReminderState } from '../reminder/reminder.state';
import type { ReminderPort, ReminderRequest } from '../reminder-port';
import { noticeDigest, renderNotice } from '../templates/render';
import { validateReminderRequest } from './validate-request';

/** The message id of a reminder: the same on every attempt, on every process. */
export const reminderMessageId = (reminderId: string): string => deterministicId(`o2c.collections.reminder-message|${reminderId}`);

/**
 * Decides reminders (ReminderDue) and records their delivery. Delivery
 * itself is asynchronous: the outbox sender and dispatcher pick the
 * ReminderDue up from the store, so a crash after `schedule` loses nothing.
 */
@Injectable()
export class ReminderService implements ReminderPort {
  private readonly cache = new StreamStateCache<ReminderState>(streamCacheSize(10_000));

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly signals?: ReminderSignals,
  ) {}

  async schedule(request: ReminderRequest, context: CommandContext): Promise<void> {
    validateReminderRequest(request);
    const now = this.clock.now();
    const issuedOn = now.toISOString().slice(0, 10);
    const language = request.language ?? 'fr';
    const contentDigest = noticeDigest(renderNotice(request, language, issuedOn));
    // A reminder's stream is new but for a resumed run: appended without reading it first (one round trip a notice, not two).
    const outcome = await handleCommand(
      this.store,
      reminderStream(request.reminderId),
      reminderDecider,
      { type: 'ScheduleReminder', data: { request, language, messageId: reminderMessageId(request.reminderId), contentDigest, issuedOn, at: now.toISOString() } },
      context,
      { clock: this.clock, cache: this.cache, newStreamFirst: true },
    );
    if (outcome.newEvents.length > 0) this.signals?.notify();
  }

  handle(reminderId: string, command: ReminderCommand, context: CommandContext): Promise<CommandOutcome<ReminderState, ReminderEvent>> {
    return handleCommand(this.store, reminderStream(reminderId), reminderDecider, command, context, { clock: this.clock, cache: this.cache });
  }

  /** The reminder as its stream tells it (status `none` when never scheduled). */
  async state(reminderId: string): Promise<ReminderState> {
    const events = await this.store.readStream(reminderStream(reminderId));
    return fold(reminderDecider, events.map((event) => ({ type: event.type, data: event.data }) as ReminderEvent));
  }
}
