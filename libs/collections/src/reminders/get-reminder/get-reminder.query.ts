export class GetReminderQuery {
  constructor(readonly reminderId: string) {}
}

export class ListAccountRemindersQuery {
  constructor(readonly accountId: string) {}
}
