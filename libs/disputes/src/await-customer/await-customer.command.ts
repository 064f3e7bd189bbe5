import { Command } from '@nestjs/cqrs';
import type { DisputeView } from '../presentation/dispute.view';

/** The case waits on the customer: the SLA clock pauses. */
export class AwaitCustomerCommand extends Command<DisputeView> {
  constructor(
    readonly disputeId: string,
    readonly actor: string,
  ) {
    super();
  }
}
