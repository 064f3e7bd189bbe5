import { Command } from '@nestjs/cqrs';
import type { Segment } from '@o2c/contracts';
import type { CommandContext } from '@o2c/kernel';
import type { AccountView } from '../get-account/account.view';

export class ChangeSegmentCommand extends Command<AccountView> {
  constructor(
    readonly accountId: string,
    readonly segment: Segment,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
