import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetReminderHandler, ListAccountRemindersHandler } from './get-reminder/get-reminder.handler';
import { GetReminderHttpController } from './get-reminder/get-reminder.http.controller';
import { ReminderQueries } from './get-reminder/reminder.queries';
import { ReminderSignals } from './outbox/reminder-signals';
import { ReminderWorkers } from './outbox/reminder-workers';
import { REMINDER_PORT } from './reminder-port';
import { REMINDERS_OPTIONS, remindersOptionsFromEnv } from './reminders.options';
import { ReminderService } from './schedule-reminder/reminder.service';

/**
 * Reminders actually sent: the ReminderService (also as REMINDER_PORT) that
 * decides a reminder, the outbox workers that send it by e-mail, SMS,
 * voicemail or letter, and GET /collections/reminders/:id and
 * /collections/accounts/:accountId/reminders. Needs EVENT_STORE, CLOCK and
 * READ_MODEL_DATA_SOURCE from the host.
 */
@Module({
  imports: [CqrsModule],
  controllers: [GetReminderHttpController],
  providers: [
    { provide: REMINDERS_OPTIONS, useFactory: () => remindersOptionsFromEnv() },
    ReminderSignals,
    ReminderService,
    { provide: REMINDER_PORT, useExisting: ReminderService },
    ReminderQueries,
    GetReminderHandler,
    ListAccountRemindersHandler,
    ReminderWorkers,
  ],
  exports: [ReminderService, REMINDER_PORT, ReminderQueries, ReminderWorkers],
})
export class RemindersModule {}
