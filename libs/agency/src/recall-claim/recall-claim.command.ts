import { Command } from '@nestjs/cqrs';
import type { RecallView } from './recall-claim.dto';

/** Recall a claim by hand (reason manual): withdrawn, the agency notified. */
export class RecallClaimCommand extends Command<RecallView> {
  constructor(
    readonly claimId: string,
    readonly actor: string,
  ) {
    super();
  }
}
