import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DisputeDesk } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';
import { OpenDisputeCommand } from './open-dispute.command';

@CommandHandler(OpenDisputeCommand)
export class OpenDisputeHandler implements ICommandHandler<OpenDisputeCommand> {
  constructor(private readonly desk: DisputeDesk) {}

  execute(command: OpenDisputeCommand): Promise<DisputeView> {
    return this.desk.open(command.request, command.actor);
  }
}
