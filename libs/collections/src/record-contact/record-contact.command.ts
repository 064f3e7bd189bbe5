import { Command } from '@nestjs/cqrs';
import type { ContactOutcome, DunningChannel } from '@o2c/contracts';
import type { CommandContext } from '@o2c/kernel';

export class RecordContactCommand extends Command<{ accountId: string; outcome: ContactOutcome; at: string }> {
  constructor(
    readonly accountId: string,
    readonly contact: { collectorId: string; channel: DunningChannel | 'phone'; outcome: ContactOutcome; contactId?: string; note?: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}
