import { Command } from '@nestjs/cqrs';
import type { DisputeView } from '../presentation/dispute.view';

/** The customer answered: the SLA clock resumes. */
export class RecordCustomerAnswerCommand extends Command<DisputeView> {
  constructor(
    readonly disputeId: string,
    readonly actor: string,
  ) {
    super();
  }
}
