import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DisputeDesk } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';
import { RecordCustomerAnswerCommand } from './record-customer-answer.command';

@CommandHandler(RecordCustomerAnswerCommand)
export class RecordCustomerAnswerHandler implements ICommandHandler<RecordCustomerAnswerCommand> {
  constructor(private readonly desk: DisputeDesk) {}

  execute(command: RecordCustomerAnswerCommand): Promise<DisputeView> {
    return this.desk.customerAnswered(command.disputeId, command.actor);
  }
}
