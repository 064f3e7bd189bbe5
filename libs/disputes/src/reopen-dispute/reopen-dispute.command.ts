import { Command } from '@nestjs/cqrs';
import type { DisputeView } from '../presentation/dispute.view';

/** Reopen a resolved dispute (restatement): history kept, clock resumed from the SLA time used. */
export class ReopenDisputeCommand extends Command<DisputeView> {
  constructor(
    readonly disputeId: string,
    readonly reason: string,
    readonly actor: string,
  ) {
    super();
  }
}
