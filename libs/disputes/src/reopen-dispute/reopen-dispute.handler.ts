import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DisputeDesk } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';
import { ReopenDisputeCommand } from './reopen-dispute.command';

@CommandHandler(ReopenDisputeCommand)
export class ReopenDisputeHandler implements ICommandHandler<ReopenDisputeCommand> {
  constructor(private readonly desk: DisputeDesk) {}

  execute(command: ReopenDisputeCommand): Promise<DisputeView> {
    return this.desk.reopen(command.disputeId, command.reason, command.actor);
  }
}
