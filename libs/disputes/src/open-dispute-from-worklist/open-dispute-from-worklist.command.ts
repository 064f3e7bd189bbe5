import { Command } from '@nestjs/cqrs';
import type { OpenDisputeRequest } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';

/** A collector opens a dispute from a worklist row, on one of the row's account's invoices (origin `worklist`). */
export class OpenDisputeFromWorklistCommand extends Command<DisputeView> {
  constructor(
    readonly accountId: string,
    readonly request: OpenDisputeRequest,
    readonly actor: string,
  ) {
    super();
  }
}
