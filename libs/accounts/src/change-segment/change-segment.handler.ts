import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccountStreams } from '../account.streams';
import type { OpenedAccount } from '../account/account.state';
import { presentAccount, type AccountView } from '../get-account/account.view';
import { ChangeSegmentCommand } from './change-segment.command';

@CommandHandler(ChangeSegmentCommand)
export class ChangeSegmentHandler implements ICommandHandler<ChangeSegmentCommand> {
  constructor(private readonly streams: AccountStreams) {}

  async execute(c: ChangeSegmentCommand): Promise<AccountView> {
    const outcome = await this.streams.execute(c.accountId, { type: 'ChangeSegment', segment: c.segment, reason: c.reason, actor: c.context.actor }, c.context);
    return presentAccount(outcome.state as OpenedAccount, outcome.revision);
  }
}
