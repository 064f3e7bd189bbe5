import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { GetReminderQuery, ListAccountRemindersQuery } from './get-reminder.query';
import { ReminderQueries, type ReminderView } from './reminder.queries';

@QueryHandler(GetReminderQuery)
export class GetReminderHandler implements IQueryHandler<GetReminderQuery, ReminderView> {
  constructor(private readonly queries: ReminderQueries) {}

  execute(query: GetReminderQuery): Promise<ReminderView> {
    return this.queries.reminder(query.reminderId);
  }
}

@QueryHandler(ListAccountRemindersQuery)
export class ListAccountRemindersHandler implements IQueryHandler<ListAccountRemindersQuery, ReminderView[]> {
  constructor(private readonly queries: ReminderQueries) {}

  execute(query: ListAccountRemindersQuery): Promise<ReminderView[]> {
    return this.queries.ofAccount(query.accountId);
  }
}
