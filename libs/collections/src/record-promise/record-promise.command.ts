import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@o2c/kernel';

export class RecordPromiseCommand extends Command<{ accountId: string; promiseId: string; status: 'open' }> {
  constructor(
    readonly accountId: string,
    readonly promise: { promiseId: string; amountMinor: number; currency: string; promisedFor: string; contactId?: string; channel: string; invoiceIds: string[] },
    readonly context: CommandContext,
  ) {
    super();
  }
}
