import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DisputeDesk } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';
import { OpenDisputeFromWorklistCommand } from './open-dispute-from-worklist.command';

@CommandHandler(OpenDisputeFromWorklistCommand)
export class OpenDisputeFromWorklistHandler implements ICommandHandler<OpenDisputeFromWorklistCommand> {
  constructor(private readonly desk: DisputeDesk) {}

  execute(command: OpenDisputeFromWorklistCommand): Promise<DisputeView> {
    return this.desk.open(command.request, command.actor, { origin: 'worklist', accountId: command.accountId });
  }
}
