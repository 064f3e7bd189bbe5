import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DisputeDesk } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';
import { AwaitCustomerCommand } from './await-customer.command';

@CommandHandler(AwaitCustomerCommand)
export class AwaitCustomerHandler implements ICommandHandler<AwaitCustomerCommand> {
  constructor(private readonly desk: DisputeDesk) {}

  execute(command: AwaitCustomerCommand): Promise<DisputeView> {
    return this.desk.awaitCustomer(command.disputeId, command.actor);
  }
}
