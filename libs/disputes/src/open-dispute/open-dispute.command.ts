import { Command } from '@nestjs/cqrs';
import type { OpenDisputeRequest } from '../dispute/dispute.desk';
import type { DisputeView } from '../presentation/dispute.view';

/** Open a dispute on an invoice or part of it; the 72-hour clock starts. */
export class OpenDisputeCommand extends Command<DisputeView> {
  constructor(
    readonly request: OpenDisputeRequest,
    readonly actor: string,
  ) {
    super();
  }
}
