import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DisputeDesk } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';
import { ResolveDisputeCommand } from './resolve-dispute.command';

@CommandHandler(ResolveDisputeCommand)
export class ResolveDisputeHandler implements ICommandHandler<ResolveDisputeCommand> {
  constructor(private readonly desk: DisputeDesk) {}

  execute(command: ResolveDisputeCommand): Promise<DisputeView> {
    return this.desk.resolve(command.disputeId, command.resolution, command.actor);
  }
}
