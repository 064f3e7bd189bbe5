import { Command } from '@nestjs/cqrs';
import type { DisputeView } from '../presentation/dispute.view';

/** Hand the dispute to another owner (one of the configured owners). */
export class AssignOwnerCommand extends Command<DisputeView> {
  constructor(
    readonly disputeId: string,
    readonly ownerId: string,
    readonly actor: string,
  ) {
    super();
  }
}
