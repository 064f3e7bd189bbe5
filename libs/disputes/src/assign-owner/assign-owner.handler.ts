import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DisputeDesk } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';
import { AssignOwnerCommand } from './assign-owner.command';

@CommandHandler(AssignOwnerCommand)
export class AssignOwnerHandler implements ICommandHandler<AssignOwnerCommand> {
  constructor(private readonly desk: DisputeDesk) {}

  execute(command: AssignOwnerCommand): Promise<DisputeView> {
    return this.desk.assignOwner(command.disputeId, command.ownerId, command.actor);
  }
}
